import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayExport } from '../../../../shared/contract/review-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';

/** The offline HTML replay for learners who missed the class, with one switch for names. */
export function ReplayExportPanel({ sessionId }: { sessionId: SessionId }) {
  const { t } = useTranslation();
  const client = useStudio();
  const [anonymise, setAnonymise] = useState(true);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ReplayExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = (): void => {
    setBusy(true);
    setDone(null);
    setError(null);
    client.invoke('review.exportReplay', { sessionId, anonymise }).then(
      (file) => {
        setDone(file);
        setBusy(false);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
      },
    );
  };

  return (
    <div className="card review-replay" data-testid="review-replay">
      <h2>{t('replay.export.title')}</h2>
      <div className="toolbar">
        <label>
          <input
            type="checkbox"
            checked={anonymise}
            onChange={(e) => setAnonymise(e.target.checked)}
            data-testid="replay-anonymise"
          />{' '}
          {t('replay.export.anonymise')}
        </label>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={start}
          data-testid="replay-export"
        >
          {busy ? t('replay.export.working') : t('replay.export.button')}
        </button>
      </div>
      <p className="muted small">{t('replay.export.hint')}</p>
      {error ? <p className="error">{error}</p> : null}
      {done ? (
        <p data-testid="replay-done">
          {t('replay.export.done', { count: done.chatLines })} <code>{done.path}</code>
        </p>
      ) : null}
    </div>
  );
}
