import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../../shared/model/domain';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime, formatNumber } from '../../../common/format';
import { ScheduleForm } from '../schedule/ScheduleForm';
import { HealthCard, megabytes } from './HealthCard';
import { OutputsCard } from './OutputsCard';
import { PortraitCard } from './PortraitCard';
import { SourcePicker } from './SourcePicker';
import { desktopSourceCapture } from './capture';
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

/** Schedules a class for another day from here (the Library's Classes tab lists them). */
function ScheduleLater({
  workspaceKey,
  onScheduled,
}: {
  workspaceKey: string;
  onScheduled: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (!open) {
    return (
      <>
        <button type="button" onClick={() => setOpen(true)} data-testid="broadcast-schedule">
          {t('schedule.openShort')}
        </button>
        {done ? (
          <p className="muted" role="status" data-testid="broadcast-scheduled">
            {done}
          </p>
        ) : null}
      </>
    );
  }
  return (
    <ScheduleForm
      workspaceKey={workspaceKey}
      onDone={(scheduled) => {
        setOpen(false);
        setDone(
          t('schedule.scheduled', {
            title: scheduled.title,
            time: formatDateTime(scheduled.startsAt, i18n.language),
          }),
        );
        onScheduled();
      }}
      onCancel={() => setOpen(false)}
    />
  );
}

function NewSession({ onCreated }: { onCreated: (id: SessionId) => void }) {
  const { t } = useTranslation();
  const client = useStudio();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        client.invoke('session.create', { title: title.trim() }).then(
          (created) => onCreated(created.id),
          (e: unknown) => setError(String(e)),
        );
      }}
    >
      <input
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        placeholder={t('broadcast.newSession')}
        maxLength={200}
        required
        data-testid="broadcast-new-title"
      />
      <button type="submit" disabled={title.trim() === ''} data-testid="broadcast-create">
        {t('live.create')}
      </button>
      {error ? <p className="error">{error}</p> : null}
    </form>
  );
}

function LevelMeter({ controller, muted }: { controller: BroadcastController; muted: boolean }) {
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let frame = 0;
    const draw = (): void => {
      const level = controller.program.micLevel();
      if (bar.current) bar.current.style.transform = `scaleX(${String(level)})`;
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [controller]);
  return (
    <div className={muted ? 'meter muted' : 'meter'} aria-hidden="true">
      <div className="meter-fill" ref={bar} />
    </div>
  );
}

function SourcesCard({ controller }: { controller: BroadcastController }) {
  const { t } = useTranslation();
  const client = useStudio();
  const state = useSyncExternalStore(controller.subscribe, controller.snapshot);
  // The desktop app lists screens and windows itself (Electron has no picker of its own).
  const [desktop, setDesktop] = useState(false);
  const [picking, setPicking] = useState(false);
  useEffect(() => {
    let current = true;
    client.invoke('app.info', {}).then(
      (info) => {
        if (current) setDesktop(info.host === 'electron');
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client]);
  return (
    <div className="card sources">
      <h2>{t('broadcast.sources')}</h2>
      <label>
        {t('broadcast.camera')}
        <select
          value={state.cameraId ?? ''}
          onChange={(e) => void controller.selectCamera(e.target.value || null)}
          data-testid="broadcast-camera"
        >
          {state.cameras.length === 0 ? <option value="">{t('broadcast.none')}</option> : null}
          {state.cameras.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {state.cameraError ? (
        <p className="muted">{t('broadcast.cameraError', { message: state.cameraError })}</p>
      ) : null}
      <label>
        {t('broadcast.microphone')}
        <select
          value={state.microphoneId ?? ''}
          onChange={(e) => void controller.selectMicrophone(e.target.value || null)}
          data-testid="broadcast-microphone"
        >
          {state.microphones.length === 0 ? <option value="">{t('broadcast.none')}</option> : null}
          {state.microphones.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {state.microphoneError ? (
        <p className="muted">{t('broadcast.micError', { message: state.microphoneError })}</p>
      ) : null}
      <div className="audio-row">
        <LevelMeter controller={controller} muted={state.muted} />
        <button
          type="button"
          aria-pressed={state.muted}
          className={state.muted ? 'danger' : ''}
          onClick={() => controller.setMuted(!state.muted)}
          data-testid="broadcast-mute"
        >
          {state.muted ? t('broadcast.unmute') : t('broadcast.mute')}
        </button>
      </div>
      <label className="slider">
        {t('broadcast.micGain')}
        <input
          type="range"
          min={0}
          max={2}
          step={0.05}
          value={state.micGain}
          onChange={(e) => controller.setMicGain(Number(e.target.value))}
        />
      </label>
      <div className="screen-row">
        {state.screenActive ? (
          <button type="button" onClick={() => controller.stopScreen()}>
            {t('broadcast.stopScreen')}
          </button>
        ) : (
          <button
            type="button"
            onClick={() => {
              if (desktop) setPicking(true);
              else void controller.shareScreen();
            }}
            data-testid="broadcast-share-screen"
          >
            {t('broadcast.shareScreen')}
          </button>
        )}
        {picking ? (
          <SourcePicker
            onCancel={() => setPicking(false)}
            onPick={(source) => {
              setPicking(false);
              void controller.shareScreen(desktopSourceCapture(source.id));
            }}
          />
        ) : null}
        {state.screenHasAudio ? (
          <label className="slider">
            {t('broadcast.displayGain')}
            <input
              type="range"
              min={0}
              max={2}
              step={0.05}
              value={state.displayGain}
              onChange={(e) => controller.setDisplayGain(Number(e.target.value))}
            />
          </label>
        ) : null}
      </div>
      {state.screenError ? (
        <p className="muted">{t('broadcast.screenError', { message: state.screenError })}</p>
      ) : null}
    </div>
  );
}

function OverlayCard({ controller }: { controller: BroadcastController }) {
  const { t } = useTranslation();
  const state = useSyncExternalStore(controller.subscribe, controller.snapshot);
  const { overlay } = state;
  return (
    <div className="card overlay-card">
      <label className="check">
        <input
          type="checkbox"
          checked={overlay.visible}
          onChange={(e) => controller.setOverlay({ ...overlay, visible: e.target.checked })}
          data-testid="overlay-visible"
        />
        {t('broadcast.lowerThird')}
      </label>
      <input
        value={overlay.title}
        placeholder={t('broadcast.overlayTitle')}
        maxLength={80}
        onChange={(e) => controller.setOverlay({ ...overlay, title: e.target.value })}
        data-testid="overlay-title"
      />
      <input
        value={overlay.subtitle}
        placeholder={t('broadcast.overlaySubtitle')}
        maxLength={120}
        onChange={(e) => controller.setOverlay({ ...overlay, subtitle: e.target.value })}
        data-testid="overlay-subtitle"
      />
      <fieldset className="live-cards">
        <legend>{t('broadcast.cardsHeading')}</legend>
        {(['question', 'offer', 'poll'] as const).map((kind) => (
          <label className="check" key={kind}>
            <input
              type="checkbox"
              checked={state.liveCards[kind]}
              onChange={(e) =>
                controller.setLiveCards({ ...state.liveCards, [kind]: e.target.checked })
              }
              data-testid={`live-card-${kind}`}
            />
            {t(`broadcast.cardsKind.${kind}`)}
          </label>
        ))}
        <p className="muted" data-testid="live-cards-shown">
          {t('broadcast.cardsShown', { count: state.liveCardsShown })}
        </p>
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={state.timecode}
          onChange={(e) => controller.setTimecode(e.target.checked)}
          data-testid="overlay-timecode"
        />
        {t('broadcast.timecode')}
      </label>
    </div>
  );
}
