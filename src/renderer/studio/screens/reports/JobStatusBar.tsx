import type { JobProgress } from './use-analytics-job';

/** The words a status bar shows, already translated (each screen has its own). */
export interface JobStatusText {
  computing: string;
  updating: string;
  /** The progress bar's accessible name. */
  busyLabel: string;
  cancel: string;
  retry: string;
  cancelled: string;
  failed: string;
  /** The line under the bar for one step, e.g. "Models: 3 of 5". */
  progress: (progress: JobProgress) => string;
}

/**
 * An analytics job's status (use-analytics-job.ts): progress with a cancel button while it
 * computes, the failure or cancellation with a retry after, nothing once it is ready. Shared by
 * the class report and the dashboards.
 */
export function JobStatusBar({
  status,
  hasData,
  progress,
  text,
  onCancel,
  onRetry,
  testIds,
}: {
  status: 'loading' | 'ready' | 'error' | 'cancelled';
  hasData: boolean;
  progress: JobProgress | null;
  text: JobStatusText;
  onCancel: () => void;
  onRetry: () => void;
  testIds: { progress: string; error: string; cancel?: string };
}) {
  if (status === 'ready') return null;
  if (status === 'loading') {
    return (
      <div className="report-progress" role="status" data-testid={testIds.progress}>
        <span>{hasData ? text.updating : text.computing}</span>
        <progress
          max={progress && progress.total > 0 ? progress.total : undefined}
          value={progress && progress.total > 0 ? progress.done : undefined}
          aria-label={text.busyLabel}
        />
        {progress && progress.phase !== '' ? (
          <span className="muted">{text.progress(progress)}</span>
        ) : null}
        <button
          type="button"
          onClick={onCancel}
          {...(testIds.cancel ? { 'data-testid': testIds.cancel } : {})}
        >
          {text.cancel}
        </button>
      </div>
    );
  }
  return (
    <div className="report-progress error" role="alert" data-testid={testIds.error}>
      <span>{status === 'cancelled' ? text.cancelled : text.failed}</span>
      <button type="button" onClick={onRetry}>
        {text.retry}
      </button>
    </div>
  );
}
