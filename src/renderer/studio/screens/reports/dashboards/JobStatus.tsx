import { useTranslation } from 'react-i18next';
import { JobStatusBar } from '../JobStatusBar';
import type { JobControls, JobState } from '../use-analytics-job';

/**
 * A dashboard job's state from `useAnalyticsJob`: progress with a cancel button while it
 * computes; the error or cancel with a retry.
 */
export function JobStatus({ job }: { job: JobState<unknown> & JobControls }) {
  const { t } = useTranslation();
  const message = job.status === 'error' ? job.message : null;
  return (
    <JobStatusBar
      status={job.status}
      hasData={job.data !== undefined}
      progress={job.progress}
      onCancel={job.cancel}
      onRetry={job.retry}
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
