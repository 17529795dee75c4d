import { useEffect, useReducer, useState } from 'react';
import {
  AudienceClient,
  type ActionInput,
  type JoinDetails,
  type LinkState,
} from './audience-client';
import { JoinForm } from './components/JoinForm';
import { ChatPanel, OfferCard, PollCard, QuestionsPanel, ReactionBar } from './components/Panels';
import { VideoStage } from './components/VideoStage';
import { LeaderboardCard } from './components/LeaderboardCard';
import { SurveyCard } from './components/SurveyCard';
import { rememberViewerLanguage, useTranslation } from './i18n';
import { initialViewerState, viewerReducer } from './viewer-state';

type Tab = 'chat' | 'questions';

/** `/j/<code>` is the address learners type or scan; the socket is `/ws/<code>`. */
export function joinCodeFromPath(pathname: string): string | null {
  const match = /^\/j\/([A-Za-z0-9]{4,12})\/?$/.exec(pathname);
  return match?.[1] ?? null;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function ViewerApp({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [client, setClient] = useState<AudienceClient | null>(null);
  const [state, dispatch] = useReducer(viewerReducer, initialViewerState);
  const [link, setLink] = useState<LinkState>('connecting');
  const [pending, setPending] = useState(0);
  const [tab, setTab] = useState<Tab>('chat');
  const now = useNow(1000);

  useEffect(() => {
    if (!client) return;
    const offs = [
      client.on('frame', (frame) => dispatch({ type: 'frame', frame })),
      client.on('link', setLink),
      client.on('pending', setPending),
    ];
    // Unsubscribe only: the connection lives as long as the page (StrictMode remounts effects).
    return () => {
      for (const off of offs) off();
    };
  }, [client]);

  const join = (details: Omit<JoinDetails, 'language'>): void => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    setClient(
      AudienceClient.create(`${scheme}://${location.host}/ws/${code}`, { ...details, language }),
    );
  };
  const send = (action: ActionInput): void => {
    client?.send(action);
  };
  const switchLanguage = (next: 'zh-CN' | 'en'): void => {
    rememberViewerLanguage(next);
    void i18n.changeLanguage(next);
  };

  const { session, snapshot, goodbye } = state;
  const phase = session?.phase ?? 'waiting';
  const handRaised = snapshot?.handRaised ?? false;

  return (
    <div className="viewer">
      <header className="bar">
        <div className="title">
          <strong>{session?.title ?? t('title')}</strong>
          {session?.courseTitle ? <span className="muted">{session.courseTitle}</span> : null}
        </div>
        {snapshot ? (
          <span className="pill">{t('viewers', { count: snapshot.viewers })}</span>
        ) : null}
        <select
          aria-label={t('language')}
          value={language}
          onChange={(e) => switchLanguage(e.target.value === 'en' ? 'en' : 'zh-CN')}
        >
          <option value="zh-CN">中文</option>
          <option value="en">EN</option>
        </select>
      </header>

      {!client ? (
        <JoinForm onJoin={join} />
      ) : (
        <>
          {goodbye && goodbye !== 'server-shutdown' ? (
            <div className="banner stop" role="alert">
              {goodbye === 'ended'
                ? t('phase.ended')
                : goodbye === 'not-open'
                  ? t('goodbye.not-open', {
                      time:
                        state.opensAt === null
                          ? '—'
                          : new Intl.DateTimeFormat(language, {
                              dateStyle: 'medium',
                              timeStyle: 'short',
                            }).format(state.opensAt),
                    })
                  : t(`goodbye.${goodbye}`)}
            </div>
          ) : link !== 'open' ? (
            <div className="banner warn" role="status">
              {link === 'reconnecting' ? t('link.reconnecting') : t('link.connecting')}
            </div>
          ) : null}
          {pending > 0 && link !== 'open' ? (
            <div className="banner warn">{t('link.pending', { count: pending })}</div>
          ) : null}

          <VideoStage
            code={code}
            client={client}
            offered={state.viewerId === null ? null : state.webrtc}
            live={phase === 'live'}
            ended={phase === 'ended'}
          >
            {phase === 'live' ? <p>{t('video')}</p> : null}
            {phase === 'waiting' ? (
              <p>{session?.chatOpen ? t('phase.waiting') : t('phase.waitingClosed')}</p>
            ) : null}
            {phase === 'paused' ? <p>{t('phase.paused')}</p> : null}
            {phase === 'ended' ? <p>{t('phase.ended')}</p> : null}
          </VideoStage>

          {snapshot?.announcement ? (
            <div className="card announcement" role="status">
              <div className="eyebrow">{t('announcement')}</div>
              {snapshot.announcement.text}
            </div>
          ) : null}
          {snapshot?.checkin ? (
            <div className="card checkin">
              {snapshot.checkin.done ? (
                t('checkin.done')
              ) : (
                <>
                  <span>{t('checkin.prompt')}</span>
                  <button
                    type="button"
                    className="primary"
                    onClick={() =>
                      snapshot.checkin && send({ type: 'checkin', checkinId: snapshot.checkin.id })
                    }
                    data-testid="checkin"
                  >
                    {t('checkin.button')}
                  </button>
                </>
              )}
            </div>
          ) : null}
          {state.lottery ? (
            <div
              className={state.lottery.youWon ? 'card lottery won' : 'card lottery'}
              data-testid="lottery"
            >
              <div className="eyebrow">{t('lottery.label')}</div>
              <strong>{state.lottery.title}</strong>
              {state.lottery.youWon ? <p>{t('lottery.youWon')}</p> : null}
              <p className="muted">
                {t('lottery.winners', {
                  names: state.lottery.winners.map((w) => w.name).join(', '),
                })}
              </p>
            </div>
          ) : null}
          {snapshot?.offer ? (
            <OfferCard offer={snapshot.offer} now={now} send={send} locale={language} />
          ) : null}
          {snapshot?.survey ? (
            <SurveyCard key={snapshot.survey.id} survey={snapshot.survey} send={send} />
          ) : null}
          {snapshot?.poll ? (
            <PollCard key={snapshot.poll.id} run={snapshot.poll} send={send} />
          ) : null}
          {snapshot?.leaderboard ? (
            <LeaderboardCard
              board={snapshot.leaderboard}
              mine={snapshot.myPoints ?? null}
              viewerId={state.viewerId}
            />
          ) : null}

          {state.notices.map((notice) => (
            <div key={notice.id} className="banner error" role="alert">
              {notice.code &&
              ['RATE_LIMITED', 'SLOW_MODE', 'MUTED', 'BLOCKED_WORD', 'CHAT_CLOSED'].includes(
                notice.code,
              )
                ? t(`errors.${notice.code}`)
                : t('errors.generic', { message: notice.text })}
              <button
                type="button"
                className="link"
                onClick={() => dispatch({ type: 'dismissNotice', id: notice.id })}
              >
                ×
              </button>
            </div>
          ))}

          {snapshot ? (
            <>
              {phase === 'ended' ? null : (
                <div className="actions">
                  <ReactionBar totals={snapshot.reactions} send={send} />
                  <button
                    type="button"
                    className={handRaised ? 'hand raised' : 'hand'}
                    aria-pressed={handRaised}
                    onClick={() => send({ type: 'hand', raised: !handRaised })}
                    data-testid="hand"
                  >
                    ✋ {handRaised ? t('hand.lower') : t('hand.raise')}
                  </button>
                </div>
              )}
              <div className="tabs" role="tablist">
                {(['chat', 'questions'] as const).map((name) => (
                  <button
                    key={name}
                    type="button"
                    role="tab"
                    aria-selected={tab === name}
                    className={tab === name ? 'tab active' : 'tab'}
                    onClick={() => setTab(name)}
                    data-testid={`tab-${name}`}
                  >
                    {t(`tabs.${name}`)}
                  </button>
                ))}
              </div>
              {tab === 'chat' ? (
                <ChatPanel
                  messages={snapshot.chat}
                  open={phase !== 'ended' && (session?.chatOpen ?? false)}
                  send={send}
                />
              ) : (
                <QuestionsPanel questions={snapshot.questions} send={send} />
              )}
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
