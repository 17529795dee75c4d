import type { MethodInput } from '../../../../../shared/contract';
import { useStudio } from '../../../api/studio-context';
import { useAnalyticsJob as useJob } from '../use-analytics-job';

export type { JobProgress } from '../use-analytics-job';

/** The dashboard methods that run as cancellable jobs in the core's analytics worker. */
export type JobMethod = 'analytics.course' | 'analytics.workspace';

/**
 * One dashboard job (`analytics.course` or `analytics.workspace`) through the reports' job hook:
 * progress by a job id made up there, a new `key` cancelling the old job, the last answer kept
 * on screen while the next computes. `key` names everything `input` holds.
 */
export function useAnalyticsJob<M extends JobMethod>(
  method: M,
  input: Omit<MethodInput<M>, 'jobId'>,
  key: string,
) {
  const client = useStudio();
  return useJob(`${method}:${key}`, (jobId) =>
    client.invoke(method, { ...input, jobId } as MethodInput<M>),
  );
}
