import { useCallback, useEffect, useRef, useState } from 'react';
import { useStudio } from '../../api/studio-context';

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

export type JobControls = { cancel: () => void; retry: () => void };

type Settled<T> =
  | { key: string; kind: 'ready'; data: T }
  | { key: string; kind: 'error'; message: string }
  | { key: string; kind: 'cancelled' };

let jobCounter = 0;

/**
 * Runs one analytics job in the core's worker, following its progress events by a job id made up
 * here. A new `key` cancels the job still running for the old one (and its answer is dropped);
 * the previous answer stays on screen while the next computes, so changing an option does not
 * blank the page. `run` gets the job id to pass to the method; `key` names everything it depends
 * on.
 */
export function useAnalyticsJob<T>(
  key: string,
  run: (jobId: string) => Promise<T>,
): JobState<T> & JobControls {
  const client = useStudio();
  const [attempt, setAttempt] = useState(0);
  const fullKey = `${key}:${attempt}`;
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [last, setLast] = useState<T | undefined>(undefined);
  const [progress, setProgress] = useState<(JobProgress & { key: string }) | null>(null);
  const running = useRef<string | null>(null);

  useEffect(() => {
    jobCounter += 1;
    const jobId = `job-${Date.now().toString(36)}-${jobCounter}`;
    let current = true;
    let done = false;
    running.current = jobId;
    const off = client.on('analytics.progress', (event) => {
      if (current && event.jobId === jobId) {
        setProgress({ key: fullKey, phase: event.phase, done: event.done, total: event.total });
      }
    });
    run(jobId).then(
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
    // `run` is recreated every render; `fullKey` names what it computes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, fullKey]);

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
