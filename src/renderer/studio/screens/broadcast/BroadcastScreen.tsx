import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../../shared/model/domain';
import type { SessionId } from '../../../../shared/model/ids';
import { formatNumber } from '../../../common/format';
import { HealthCard, megabytes } from './HealthCard';
import { OutputsCard } from './OutputsCard';
import { OverlayCard } from './OverlayCard';
import { PortraitCard } from './PortraitCard';
import { NewSession, ScheduleLater } from './SessionForms';
import { SourcesCard } from './SourcesCard';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { ScreenHeader } from '../../components/ScreenHeader';
import type { BroadcastController } from './broadcast-controller';
import { withSceneLog } from './scene-log';
import { RESOLUTIONS, SCENES, type ResolutionId } from './program';
import './broadcast.css';

/** Sessions Broadcast can take live: the same open rooms the Live screen lists. */
const OPEN = new Set(['scheduled', 'live', 'paused', 'interrupted']);

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = String(Math.floor(s / 3600));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${hh}:${mm}:${String(s % 60).padStart(2, '0')}`;
}

function useController(): BroadcastController {
  return withSceneLog(useStudio());
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function BroadcastScreen({ workspaceKey }: { workspaceKey: string }) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const controller = useController();
  const state = useSyncExternalStore(controller.subscribe, controller.snapshot);
  const previewRef = useRef<HTMLDivElement>(null);
  const [version, setVersion] = useState(0);
  const sessions = useQuery<SessionSummary[]>(
    `broadcast-sessions:${workspaceKey}:${String(version)}`,
    () => client.invoke('library.sessions', {}),
  );
  const locale = i18n.language;
  const live = state.phase === 'live' || state.phase === 'stopping';
  const now = useNow(live);

  // The program canvas belongs to the controller; the screen only shows it.
  useEffect(() => {
    const host = previewRef.current;
    if (!host) return;
    host.appendChild(controller.program.canvas);
    return () => {
      if (controller.program.canvas.parentNode === host)
        host.removeChild(controller.program.canvas);
    };
  }, [controller]);

  const placeholder = t('broadcast.placeholder');
  useEffect(() => {
    void controller.init(placeholder);
  }, [controller, placeholder]);

  // One notion of the current session: the one live now, else the one picked here.
  const open = (sessions.data ?? []).filter((s) => OPEN.has(s.status));
  const running = open.find((s) => s.status === 'live' || s.status === 'paused');
  useEffect(() => {
    if (state.sessionId !== null && open.some((s) => s.id === state.sessionId)) return;
    if (state.phase !== 'idle') return;
    const pick = running ?? open[0];
    if (pick) controller.setSession(pick.id);
    // `open` is derived from `sessions.data`; this runs when the list or the choice changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessions.data, state.sessionId, state.phase, controller]);

  useEffect(() => {
    const off = client.on('session.changed', () => setVersion((v) => v + 1));
    return off;
  }, [client]);

  const session = open.find((s) => s.id === state.sessionId) ?? null;
  const disk = state.health.disk;

  return (
    <section className="screen broadcast">
      <ScreenHeader title={t('broadcast.title')} subtitle={t('broadcast.subtitle')} />
      <div className="broadcast-grid">
        <div className="broadcast-main">
          <div
            className={live ? 'preview live' : 'preview'}
            ref={previewRef}
            data-testid="broadcast-preview"
            style={{
              aspectRatio: `${String(RESOLUTIONS[state.resolution].width)} / ${String(
                RESOLUTIONS[state.resolution].height,
              )}`,
            }}
          />
          <div className="scene-bar" role="group" aria-label={t('broadcast.scene')}>
            {SCENES.map((scene) => (
              <button
                key={scene}
                type="button"
                className={state.scene === scene ? 'scene active' : 'scene'}
                aria-pressed={state.scene === scene}
                onClick={() => controller.setScene(scene)}
                data-testid={`scene-${scene}`}
              >
                {t(`broadcast.scenes.${scene}`)}
              </button>
            ))}
            <label className="resolution">
              {t('broadcast.resolution')}
              <select
                value={state.resolution}
                disabled={state.phase !== 'idle'}
                onChange={(e) => controller.setResolution(e.target.value as ResolutionId)}
                data-testid="broadcast-resolution"
              >
                {(Object.keys(RESOLUTIONS) as ResolutionId[]).map((id) => (
                  <option key={id} value={id}>
                    {t(`broadcast.resolutions.${id}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <OverlayCard controller={controller} />
        </div>

        <aside className="broadcast-side">
          <div className="card live-card" data-testid="broadcast-live-card">
            <div className="live-line">
              <span
                className={live ? 'on-air on' : 'on-air'}
                data-testid="broadcast-state"
                data-phase={state.phase}
              >
                {t(`broadcast.phase.${state.phase}`)}
              </span>
              <span className="elapsed" data-testid="broadcast-elapsed">
                {clock(state.liveSince === null ? 0 : now - state.liveSince)}
              </span>
            </div>
            <label>
              {t('broadcast.session')}
              <select
                value={state.sessionId ?? ''}
                disabled={state.phase !== 'idle'}
                onChange={(e) =>
                  controller.setSession(
                    e.target.value === '' ? null : (Number(e.target.value) as SessionId),
                  )
                }
                data-testid="broadcast-session"
              >
                {open.length === 0 ? <option value="">{t('broadcast.noSession')}</option> : null}
                {open.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title} · {t(`status.${s.status}`)}
                  </option>
                ))}
              </select>
            </label>
            {open.length === 0 ? (
              <NewSession
                onCreated={(id) => {
                  controller.setSession(id);
                  setVersion((v) => v + 1);
                }}
              />
            ) : null}
            {state.phase === 'idle' ? (
              <ScheduleLater
                workspaceKey={workspaceKey}
                onScheduled={() => setVersion((v) => v + 1)}
              />
            ) : null}
            {live ? (
              <button
                type="button"
                className="danger big"
                disabled={state.phase === 'stopping'}
                onClick={() => {
                  if (window.confirm(t('broadcast.confirmEnd'))) void controller.end();
                }}
                data-testid="broadcast-end"
              >
                {state.phase === 'stopping' ? t('broadcast.ending') : t('broadcast.end')}
              </button>
            ) : (
              <button
                type="button"
                className="primary big"
                disabled={session === null || state.phase !== 'idle' || !state.recorderType}
                onClick={() => void controller.goLive()}
                data-testid="broadcast-go-live"
              >
                {state.phase === 'starting' ? t('broadcast.starting') : t('broadcast.goLive')}
              </button>
            )}
            {!state.recorderType ? <p className="error">{t('broadcast.noRecorder')}</p> : null}
            {state.error ? (
              <p className="error" role="alert">
                {state.error}
              </p>
            ) : null}
            {state.recording && state.phase === 'idle' ? (
              <p className="muted" data-testid="broadcast-recording">
                {state.recording.finalising
                  ? t('broadcast.finalising')
                  : t(`broadcast.recordingStatus.${state.recording.status}`)}{' '}
                · {megabytes(state.recording.bytes, locale)}
              </p>
            ) : null}
            {disk?.low ? (
              <p className="banner warning" role="alert" data-testid="broadcast-disk-warning">
                {t('broadcast.diskLow', {
                  minutes: formatNumber(Math.floor(disk.minutesLeft ?? 0), locale),
                })}
              </p>
            ) : null}
            {state.recording?.problem === 'diskFull' ? (
              <p className="banner error" role="alert">
                {t('broadcast.diskFull')}
              </p>
            ) : null}
          </div>

          <HealthCard state={state} feed={controller.portrait} />
          <PortraitCard controller={controller} />
          <OutputsCard />
          <SourcesCard controller={controller} />
        </aside>
      </div>
    </section>
  );
}
