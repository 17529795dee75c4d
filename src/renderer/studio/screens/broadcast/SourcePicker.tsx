import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DesktopSource } from '../../../../shared/contract/capture-api';
import { useStudio } from '../../api/studio-context';

/**
 * The desktop app's screen and window picker (Electron has none of its own): the shell's
 * desktopCapturer sources with their thumbnails, screens first. A modal <dialog>: Escape
 * cancels, focus returns to the opener. Choosing one hands its id to `onPick`.
 */
export function SourcePicker({
  onPick,
  onCancel,
}: {
  onPick: (source: DesktopSource) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [sources, setSources] = useState<DesktopSource[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    let current = true;
    client.invoke('capture.sources', {}).then(
      (list) => {
        if (current) setSources(list);
      },
      (e: unknown) => {
        if (current) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      current = false;
    };
  }, [client]);

  const group = (kind: DesktopSource['kind']) => (sources ?? []).filter((s) => s.kind === kind);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog source-picker"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      data-testid="source-picker"
    >
      <h2 id={titleId}>{t('broadcast.picker.title')}</h2>
      {sources === null && error === null ? (
        <p className="muted">{t('broadcast.picker.loading')}</p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {t('broadcast.picker.failed', { message: error })}
        </p>
      ) : null}
      {sources !== null && sources.length === 0 ? (
        <p className="muted">{t('broadcast.picker.none')}</p>
      ) : null}
      {(['screen', 'window'] as const).map((kind) =>
        group(kind).length === 0 ? null : (
          <section key={kind}>
            <h3>{t(`broadcast.picker.${kind}s`)}</h3>
            <ul className="source-grid">
              {group(kind).map((source) => (
                <li key={source.id}>
                  <button
                    type="button"
                    className="source-tile"
                    onClick={() => onPick(source)}
                    data-testid={`source-${source.id}`}
                  >
                    {source.thumbnail ? (
                      <img src={source.thumbnail} alt="" />
                    ) : (
                      <span className="source-blank" aria-hidden="true" />
                    )}
                    <span className="source-name">{source.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
      <div className="output-actions">
        <button type="button" onClick={onCancel} data-testid="source-picker-cancel">
          {t('outputs.cancel')}
        </button>
      </div>
    </dialog>
  );
}
