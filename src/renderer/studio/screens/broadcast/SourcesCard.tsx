import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../api/studio-context';
import type { BroadcastController } from './broadcast-controller';
import { desktopSourceCapture } from './capture';
import { SourcePicker } from './SourcePicker';

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

/** Camera, microphone (with its level and gain) and the shared screen. */
export function SourcesCard({ controller }: { controller: BroadcastController }) {
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
