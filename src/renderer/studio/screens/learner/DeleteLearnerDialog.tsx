import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnerId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { downloadLearnerData } from './learner-export';

/**
 * Confirms a learner's deletion: says what goes (orders included), offers the export first, and
 * enables the button only once the educator has typed the learner's name (the core checks it
 * again). A modal <dialog>: focus stays inside, Escape cancels, focus returns to the opener.
 */
export function DeleteLearnerDialog({
  learnerId,
  name,
  onCancel,
  onDeleted,
}: {
  learnerId: LearnerId;
  name: string;
  onCancel: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState<'export' | 'delete' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const titleId = useId();
  const inputId = useId();
  const matches = typed.trim() === name.trim();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const exportFirst = async (): Promise<void> => {
    setBusy('export');
    setError(null);
    try {
      setExported(await downloadLearnerData(client, learnerId));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (!matches || busy) return;
    setBusy('delete');
    setError(null);
    try {
      await client.invoke('learner.delete', { learnerId, confirmName: typed });
      onDeleted();
    } catch (e) {
      setError(t('learner.delete.failed', { message: e instanceof Error ? e.message : String(e) }));
      setBusy(null);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (busy !== 'delete') onCancel();
      }}
      data-testid="delete-learner-dialog"
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id={titleId}>{t('learner.delete.title', { name })}</h2>
        <p>{t('learner.delete.body')}</p>
        <ul>
          <li>{t('learner.delete.orders')}</li>
          <li>{t('learner.delete.bans')}</li>
        </ul>
        <div className="notice export-first">
          <span>{t('learner.delete.exportFirst')}</span>
          <button
            type="button"
            onClick={() => void exportFirst()}
            disabled={busy !== null}
            data-testid="delete-export-first"
          >
            {busy === 'export' ? t('learner.actions.exporting') : t('learner.actions.export')}
          </button>
          {exported ? (
            <span role="status" className="muted">
              {t('learner.actions.exported', { file: exported })}
            </span>
          ) : null}
        </div>
        <label htmlFor={inputId} className="confirm-label">
          {t('learner.delete.typeName', { name })}
        </label>
        <input
          id={inputId}
          type="text"
          value={typed}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setTyped(event.target.value)}
          aria-invalid={typed !== '' && !matches}
          data-testid="delete-confirm-name"
        />
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel} disabled={busy === 'delete'}>
            {t('learner.delete.cancel')}
          </button>
          <button
            type="submit"
            className="danger solid"
            disabled={!matches || busy !== null}
            data-testid="delete-confirm"
          >
            {busy === 'delete' ? t('learner.delete.deleting') : t('learner.delete.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
