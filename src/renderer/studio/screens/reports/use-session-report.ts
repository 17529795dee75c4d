import type { SessionCustomers, SessionReport } from '../../../../shared/contract/analytics-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { useAnalyticsJob, type JobControls, type JobState } from './use-analytics-job';

export type { JobProgress as ReportProgress } from './use-analytics-job';

/** How many attendees the report's attendee table lists (highest predicted value first). */
export const ATTENDEES_SHOWN = 50;
/** How many rows of the attendees' follow-up list the report shows (the CSV has them all). */
export const FOLLOW_UPS_SHOWN = 15;

/**
 * One class's report (`report.session`), recomputed when the class or the attribution window
 * changes; the previous report stays on screen while the next computes.
 */
export function useSessionReport(
  sessionId: SessionId,
  attributionWindowDays: number,
): JobState<SessionReport> & JobControls {
  const client = useStudio();
  return useAnalyticsJob(`report:${sessionId}:${attributionWindowDays}`, (jobId) =>
    client.invoke('report.session', { sessionId, attributionWindowDays, viewerLimit: 10, jobId }),
  );
}

/**
 * The customer sections of the same report (`report.sessionCustomers`): asked for with the same
 * window, and again when the UI language changes (its sentences are written in the caller's
 * language). Both jobs queue in the one analytics worker in the order asked, so the class's own
 * report, asked for first, is never held up by the customer models.
 */
export function useSessionCustomers(
  sessionId: SessionId,
  attributionWindowDays: number,
  language: string,
): JobState<SessionCustomers> & JobControls {
  const client = useStudio();
  return useAnalyticsJob(`customers:${sessionId}:${attributionWindowDays}:${language}`, (jobId) =>
    client.invoke('report.sessionCustomers', {
      sessionId,
      attributionWindowDays,
      attendeeLimit: ATTENDEES_SHOWN,
      followUpLimit: FOLLOW_UPS_SHOWN,
      jobId,
    }),
  );
}
