import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { BroadcastController } from './broadcast-controller';
import { PORTRAIT_LAYOUTS, type PortraitLayout } from './portrait';
import { SCENES } from './program';

/** The portrait canvas: on or off, its layout per scene, and a small preview of it. */
export function PortraitCard({ controller }: { controller: BroadcastController }) {
  const { t } = useTranslation();
  const feed = controller.portrait;
  const state = useSyncExternalStore(feed.subscribe, feed.snapshot);
  const phase = useSyncExternalStore(controller.subscribe, () => controller.snapshot().phase);
  const previewRef = useRef<HTMLDivElement>(null);

  // The portrait canvas belongs to the program; the card only shows it.
  useEffect(() => {
    const host = previewRef.current;
    const canvas = controller.program.portraitCanvas;
    if (!host || !state.enabled) return;
    host.appendChild(canvas);
    return () => {
      if (canvas.parentNode === host) host.removeChild(canvas);
    };
  }, [controller, state.enabled]);

  return (
    <div className="card portrait-card" data-testid="portrait-card">
      <h2>{t('canvas.title')}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={state.enabled}
          disabled={phase !== 'idle'}
          onChange={(e) => feed.setEnabled(e.target.checked)}
          data-testid="portrait-enabled"
        />
        {t('canvas.enable')}
      </label>
      <p className="muted">{phase === 'idle' ? t('canvas.hint') : t('canvas.offWhileLive')}</p>
      {state.enabled ? (
        <label className="check" title={t('canvasRecord.recordHint')}>
          <input
            type="checkbox"
            checked={state.record}
            disabled={phase !== 'idle'}
            onChange={(e) => feed.setRecord(e.target.checked)}
            data-testid="portrait-record"
          />
          {t('canvasRecord.record')}
        </label>
      ) : null}
      {state.recording ? (
        <p className="muted" data-testid="portrait-recording" data-status={state.recording.status}>
          {state.recording.finalising
            ? t('canvasRecord.finalising')
            : t(`canvasRecord.recordStatus.${state.recording.status}`)}
        </p>
      ) : null}
      {state.enabled ? (
        <div className="portrait-body">
          <div className="portrait-preview" ref={previewRef} data-testid="portrait-preview" />
          <div className="portrait-layouts">
            {SCENES.map((scene) => (
              <label key={scene}>
                {t('canvas.layoutFor', { scene: t(`broadcast.scenes.${scene}`) })}
                <select
                  value={state.layouts[scene]}
                  onChange={(e) => feed.setLayout(scene, e.target.value as PortraitLayout)}
                  data-testid={`portrait-layout-${scene}`}
                >
                  {PORTRAIT_LAYOUTS.map((layout) => (
                    <option key={layout} value={layout}>
                      {t(`canvas.layouts.${layout}`)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        </div>
      ) : null}
      {state.streaming ? (
        <p className="muted" data-testid="portrait-streaming">
          {t('canvas.outputs', { count: state.outputs })}
        </p>
      ) : null}
      {state.error ? (
        <p className="error" role="alert" data-testid="portrait-error">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
