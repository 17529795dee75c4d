import { useTranslation } from 'react-i18next';
import type { JobProgress } from './use-analytics-job';

/** Progress with a cancel button while a dashboard computes; the error or cancel with a retry. */
export function JobStatus({
  status,
  hasData,
  progress,
  message,
  onCancel,
  onRetry,
}: {
  status: 'loading' | 'ready' | 'error' | 'cancelled';
  hasData: boolean;
  progress: JobProgress | null;
  message: string | null;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (status === 'ready') return null;
  if (status === 'loading') {
    const phase = progress ? t(`dash.phases.${progress.phase}`, progress.phase) : null;
    return (
      <div className="report-progress" role="status" data-testid="dash-progress">
        <span>{hasData ? t('dash.updating') : t('dash.computing')}</span>
        <progress
          max={progress && progress.total > 0 ? progress.total : undefined}
          value={progress && progress.total > 0 ? progress.done : undefined}
          aria-label={t('dash.computing')}
        />
        {progress && phase ? (
          <span className="muted">
            {t('dash.progress', { phase, done: progress.done, total: progress.total })}
          </span>
        ) : null}
        <button type="button" onClick={onCancel} data-testid="dash-cancel">
          {t('dash.cancel')}
        </button>
      </div>
    );
  }
  return (
    <div className="report-progress error" role="alert" data-testid="dash-error">
      <span>{status === 'cancelled' ? t('dash.cancelled') : t('dash.failed', { message })}</span>
      <button type="button" onClick={onRetry}>
        {t('dash.retry')}
      </button>
    </div>
  );
}
