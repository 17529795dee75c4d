import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AudienceInfo, LiveState } from '../../../../shared/contract/live-api';
import type { SessionId } from '../../../../shared/model/ids';
import { formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { ChatColumn } from './ChatColumn';
import { InteractionsColumn } from './InteractionsColumn';
import { SurveyLiveCard } from './SurveyLiveCard';
import { OfferLabCard } from './OfferLabCard';
import { PointsLiveCard } from './PointsLiveCard';
import { QuestionsColumn } from './QuestionsColumn';
import { useLiveState } from './use-live-state';

export type Act = (work: () => Promise<unknown>) => void;

function elapsed(from: number | null, now: number): string {
  if (from === null) return '0:00:00';
  const s = Math.max(0, Math.floor((now - from) / 1000));
  return `${String(Math.floor(s / 3600))}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function LivePanel({ sessionId, onLeave }: { sessionId: SessionId; onLeave: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const { state, error: loadError } = useLiveState(sessionId);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [info, setInfo] = useState<AudienceInfo | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const status = state?.session.status;
  useEffect(() => {
    if (status === undefined || status === 'ended') return;
    client.invoke('audience.info', { sessionId }).then(setInfo, () => setInfo(null));
  }, [client, sessionId, status]);

  const act: Act = (work) => {
    setError(null);
    work().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  if (!state) {
    return (
      <section className="screen">
        <p className="muted">{loadError ?? t('app.connecting')}</p>
      </section>
    );
  }
  const { session } = state;
  const reactions = Object.values(state.reactions).reduce((a, b) => a + b, 0);
  const locale = i18n.language;

  return (
    <section className="screen live-panel">
      <header className="live-header">
        <button type="button" onClick={onLeave} aria-label={t('live.back')}>
          ←
        </button>
        <div className="live-title">
          <h1>{session.title}</h1>
          <span className="muted">{session.courseTitle ?? ''}</span>
        </div>
        <span className={`status status-${session.status}`} data-testid="live-status">
          {t(`status.${session.status}`)}
        </span>
        {session.status === 'live' || session.status === 'paused' ? (
          <span className="elapsed" aria-label={t('live.elapsed')}>
            {elapsed(session.startedAt, now)}
          </span>
        ) : null}
        <span className="spacer" />
        {session.status === 'scheduled' ? (
          <button
            type="button"
            className="primary go-live"
            onClick={() => act(() => client.invoke('session.start', { sessionId }))}
            data-testid="go-live"
          >
            {t('live.goLive')}
          </button>
        ) : null}
        {session.status === 'live' ? (
          <button
            type="button"
            onClick={() => act(() => client.invoke('session.pause', { sessionId }))}
          >
            {t('live.pause')}
          </button>
        ) : null}
        {session.status === 'paused' ? (
          <button
            type="button"
            className="primary"
            onClick={() => act(() => client.invoke('session.resume', { sessionId }))}
          >
            {t('live.resume')}
          </button>
        ) : null}
        {session.status === 'live' || session.status === 'paused' ? (
          <button
            type="button"
            className="danger"
            data-testid="end-session"
            onClick={() => {
              if (window.confirm(t('live.endConfirm')))
                act(() => client.invoke('session.end', { sessionId }));
            }}
          >
            {t('live.end')}
          </button>
        ) : null}
      </header>
      {error ? (
        <div className="banner error" role="alert">
          {t('app.error', { message: error })}
        </div>
      ) : null}

      <div className="live-stats" data-testid="live-stats">
        <Stat
          label={t('live.viewersNow')}
          value={formatNumber(state.viewersNow, locale)}
          testId="viewers-now"
        />
        <Stat label={t('live.viewersPeak')} value={formatNumber(state.viewersPeak, locale)} />
        <Stat
          label={t('live.messagesPerMinute')}
          value={formatNumber(state.messagesPerMinute, locale)}
        />
        <Stat label={t('live.reactions')} value={formatNumber(reactions, locale)} />
        {info ? (
          <div className="join-card" data-testid="join-card">
            {info.qrSvg ? (
              <img
                className="qr"
                alt={t('live.qr')}
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(info.qrSvg)}`}
              />
            ) : null}
            <div>
              <div className="muted">{t('live.joinCode')}</div>
              <div className="join-code" data-testid="join-code">
                {info.joinCode}
              </div>
              {info.urls.slice(0, 2).map((u) => (
                <div key={u.url} className="join-url">
                  {u.url}
                </div>
              ))}
            </div>
          </div>
        ) : null}
      </div>

      <div className="live-grid">
        <ChatColumn state={state} act={act} />
        <QuestionsColumn state={state} act={act} />
        <InteractionsColumn state={state} act={act} now={now} />
      </div>
      <SurveyLiveCard sessionId={session.id} act={act} ended={session.status === 'ended'} />
      <PointsLiveCard sessionId={session.id} act={act} />
      <OfferLabCard state={state} act={act} />
      <ViewersList state={state} />
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat">
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      <div className="muted">{label}</div>
    </div>
  );
}

function ViewersList({ state }: { state: LiveState }) {
  const { t } = useTranslation();
  // The core lists the viewers that matter first (connected, hands raised, longest watching).
  const viewers = state.viewers;
  return (
    <details className="card viewers" open={state.viewerCount <= 50}>
      <summary>
        <h2>{t('live.viewers', { count: state.viewerCount })}</h2>
        {viewers.length < state.viewerCount ? (
          <span className="muted"> {t('live.viewersShown', { count: viewers.length })}</span>
        ) : null}
      </summary>
      <table className="data-table compact">
        <thead>
          <tr>
            <th>{t('live.viewer')}</th>
            <th className="num">{t('live.watched')}</th>
            <th>{t('live.state')}</th>
          </tr>
        </thead>
        <tbody>
          {viewers.map((v) => (
            <tr key={v.viewerId}>
              <td className="strong">
                {v.handRaised ? '✋ ' : ''}
                {v.name}
              </td>
              <td className="num">
                {t('live.minutes', { count: Math.round(v.watchedMs / 60_000) })}
              </td>
              <td>
                {v.banned
                  ? t('live.banned')
                  : v.mutedUntil !== null
                    ? t('live.muted')
                    : v.connected
                      ? t('live.online')
                      : t('live.offline')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
