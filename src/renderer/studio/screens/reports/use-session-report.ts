import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionReport } from '../../../../shared/contract/analytics-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';

export interface ReportProgress {
  phase: string;
  done: number;
  total: number;
}

export type ReportState =
  | { status: 'loading'; data: SessionReport | undefined; progress: ReportProgress | null }
  | { status: 'ready'; data: SessionReport; progress: null }
  | { status: 'error'; data: SessionReport | undefined; message: string; progress: null }
  | { status: 'cancelled'; data: SessionReport | undefined; progress: null };

type Settled =
  | { key: string; kind: 'ready'; data: SessionReport }
  | { key: string; kind: 'error'; message: string }
  | { key: string; kind: 'cancelled' };

let jobCounter = 0;

/**
 * Computes one class's report in the core's analytics worker, following its progress events by
 * a job id made up here. A new session or window cancels the job still running for the old one
 * (and its answer is dropped); the previous report stays on screen while the next computes, so
 * switching the attribution window does not blank the page.
 */
export function useSessionReport(
  sessionId: SessionId,
  attributionWindowDays: number,
): ReportState & { cancel: () => void; retry: () => void } {
  const client = useStudio();
  const [attempt, setAttempt] = useState(0);
  const key = `${sessionId}:${attributionWindowDays}:${attempt}`;
  const [settled, setSettled] = useState<Settled | null>(null);
  const [lastReport, setLastReport] = useState<SessionReport | undefined>(undefined);
  const [progress, setProgress] = useState<(ReportProgress & { key: string }) | null>(null);
  const running = useRef<string | null>(null);

  useEffect(() => {
    jobCounter += 1;
    const jobId = `report-${sessionId}-${Date.now().toString(36)}-${jobCounter}`;
    let current = true;
    let done = false;
    running.current = jobId;
    const off = client.on('analytics.progress', (event) => {
      if (current && event.jobId === jobId) {
        setProgress({ key, phase: event.phase, done: event.done, total: event.total });
      }
    });
    client
      .invoke('report.session', { sessionId, attributionWindowDays, viewerLimit: 10, jobId })
      .then(
        (data) => {
          done = true;
          if (!current) return;
          setSettled({ key, kind: 'ready', data });
          setLastReport(data);
        },
        (error: unknown) => {
          done = true;
          if (!current) return;
          const message = error instanceof Error ? error.message : String(error);
          setSettled(
            message.startsWith('cancelled')
              ? { key, kind: 'cancelled' }
              : { key, kind: 'error', message },
          );
        },
      );
    return () => {
      current = false;
      off();
      if (running.current === jobId) running.current = null;
      // Nobody will read this report any more: free the worker for the next one.
      if (!done) void client.invoke('analytics.cancel', { jobId }).catch(() => undefined);
    };
  }, [client, sessionId, attributionWindowDays, key]);

  const cancel = useCallback(() => {
    const jobId = running.current;
    if (jobId !== null) void client.invoke('analytics.cancel', { jobId }).catch(() => undefined);
  }, [client]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  const controls = { cancel, retry };
  if (settled?.key !== key) {
    const shown = progress?.key === key ? progress : null;
    return {
      status: 'loading',
      data: lastReport,
      progress: shown && { phase: shown.phase, done: shown.done, total: shown.total },
      ...controls,
    };
  }
  if (settled.kind === 'ready')
    return { status: 'ready', data: settled.data, progress: null, ...controls };
  if (settled.kind === 'error') {
    return {
      status: 'error',
      data: lastReport,
      message: settled.message,
      progress: null,
      ...controls,
    };
  }
  return { status: 'cancelled', data: lastReport, progress: null, ...controls };
}
