import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../../../shared/contract';
import { useStudio } from '../../../api/studio-context';

/** The dashboard methods that run as cancellable jobs in the core's analytics worker. */
export type JobMethod = 'analytics.course' | 'analytics.workspace';

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
}

export type JobState<T> =
  | { status: 'loading'; data: T | undefined; progress: JobProgress | null }
  | { status: 'ready'; data: T; progress: null }
  | { status: 'error'; data: T | undefined; message: string; progress: null }
  | { status: 'cancelled'; data: T | undefined; progress: null };

type Settled<T> =
  | { key: string; kind: 'ready'; data: T }
  | { key: string; kind: 'error'; message: string }
  | { key: string; kind: 'cancelled' };

let jobCounter = 0;

/**
 * Runs one dashboard job, following its progress events by a job id made up here. `key` names
 * what is computed: a new key cancels the job still running for the old one (its answer is
 * dropped), and so does leaving the view. The last answer stays on screen while the next computes.
 */
export function useAnalyticsJob<M extends JobMethod>(
  method: M,
  input: Omit<MethodInput<M>, 'jobId'>,
  key: string,
): JobState<MethodOutput<M>> & { cancel: () => void; retry: () => void } {
  const client = useStudio();
  const [attempt, setAttempt] = useState(0);
  const fullKey = `${key}#${attempt}`;
  const [settled, setSettled] = useState<Settled<MethodOutput<M>> | null>(null);
  const [last, setLast] = useState<MethodOutput<M> | undefined>(undefined);
  const [progress, setProgress] = useState<(JobProgress & { key: string }) | null>(null);
  const running = useRef<string | null>(null);
  // The input as text: the effect depends on what is asked, not on a new object each render.
  const body = JSON.stringify(input);

  useEffect(() => {
    jobCounter += 1;
    const jobId = `${method.replace('.', '-')}-${Date.now().toString(36)}-${jobCounter}`;
    let current = true;
    let done = false;
    running.current = jobId;
    const off = client.on('analytics.progress', (event) => {
      if (current && event.jobId === jobId) {
        setProgress({ key: fullKey, phase: event.phase, done: event.done, total: event.total });
      }
    });
    const asked = JSON.parse(body) as Omit<MethodInput<M>, 'jobId'>;
    client.invoke(method, { ...asked, jobId } as MethodInput<M>).then(
      (data) => {
        done = true;
        if (!current) return;
        setSettled({ key: fullKey, kind: 'ready', data });
        setLast(data);
      },
      (error: unknown) => {
        done = true;
        if (!current) return;
        const message = error instanceof Error ? error.message : String(error);
        setSettled(
          message.startsWith('cancelled')
            ? { key: fullKey, kind: 'cancelled' }
            : { key: fullKey, kind: 'error', message },
        );
      },
    );
    return () => {
      current = false;
      off();
      if (running.current === jobId) running.current = null;
      // Nobody will read this answer any more: free the worker for the next job.
      if (!done) void client.invoke('analytics.cancel', { jobId }).catch(() => undefined);
    };
  }, [client, method, fullKey, body]);

  const cancel = useCallback(() => {
    const jobId = running.current;
    if (jobId !== null) void client.invoke('analytics.cancel', { jobId }).catch(() => undefined);
  }, [client]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const controls = { cancel, retry };

  if (settled?.key !== fullKey) {
    const shown = progress?.key === fullKey ? progress : null;
    return {
      status: 'loading',
      data: last,
      progress: shown && { phase: shown.phase, done: shown.done, total: shown.total },
      ...controls,
    };
  }
  if (settled.kind === 'ready')
    return { status: 'ready', data: settled.data, progress: null, ...controls };
  if (settled.kind === 'error') {
    return { status: 'error', data: last, message: settled.message, progress: null, ...controls };
  }
  return { status: 'cancelled', data: last, progress: null, ...controls };
}
