import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../common/format';
import type { Progress } from './import-wizard-types';

// The wizard's run step: the progress of the import while it reads and writes.

export function RunStep({ progress }: { progress: Progress | null }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <div role="status" data-testid="import-progress">
      <p>{t('importWizard.running')}</p>
      {progress ? (
        <>
          <progress
            max={progress.total ?? 1}
            value={progress.phase === 'write' ? progress.rowsWritten : undefined}
          />
          <p className="muted">
            {progress.phase === 'write'
              ? t('importWizard.progressWrite', {
                  done: formatNumber(progress.rowsWritten, locale),
                  total: formatNumber(progress.total ?? 0, locale),
                })
              : t('importWizard.progressRead', {
                  rows: formatNumber(progress.rowsRead, locale),
                })}
          </p>
        </>
      ) : null}
    </div>
  );
}
