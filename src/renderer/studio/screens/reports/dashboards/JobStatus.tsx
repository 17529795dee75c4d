import { useTranslation } from 'react-i18next';
import { JobStatusBar } from '../JobStatusBar';
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
  return (
    <JobStatusBar
      status={status}
      hasData={hasData}
      progress={progress}
      onCancel={onCancel}
      onRetry={onRetry}
      testIds={{ progress: 'dash-progress', error: 'dash-error', cancel: 'dash-cancel' }}
      text={{
        computing: t('dash.computing'),
        updating: t('dash.updating'),
        busyLabel: t('dash.computing'),
        cancel: t('dash.cancel'),
        retry: t('dash.retry'),
        cancelled: t('dash.cancelled'),
        failed: t('dash.failed', { message }),
        progress: (p) =>
          t('dash.progress', {
            phase: t(`dash.phases.${p.phase}`, p.phase),
            done: p.done,
            total: p.total,
          }),
      }}
    />
  );
}
