import { useEffect, useState } from 'react';
import type { LearnerProfile } from '../../../../shared/contract/analytics-api';
import type { Language } from '../../../../shared/model/domain';
import type { LearnerId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';

export type ProfileState =
  | { status: 'loading'; data: LearnerProfile | undefined; progress: number | null }
  | { status: 'ready'; data: LearnerProfile }
  | { status: 'error'; data: LearnerProfile | undefined; code: string | null; message: string };

type Settled =
  | { key: string; kind: 'ready'; data: LearnerProfile }
  | { key: string; kind: 'error'; code: string | null; message: string };

let jobCounter = 0;
/** Asking again for the UI's language more often than this means the core will not switch. */
const LANGUAGE_RETRIES = 2;

/**
 * One learner's profile, computed by the core's analytics worker (the first call of a session
 * fits the customer models over everyone: seconds on a large workspace, hence the progress). A
 * job nobody will read any more (the view closed, another learner opened) is cancelled. Its
 * sentences come in the core's language: when that is not yet the UI's (the setting is on its
 * way), it is fetched again.
 */
export function useLearnerProfile(learnerId: LearnerId, language: Language): ProfileState {
  const client = useStudio();
  const [attempt, setAttempt] = useState(0);
  const key = `${learnerId}:${language}:${attempt}`;
  const [settled, setSettled] = useState<Settled | null>(null);
  const [last, setLast] = useState<LearnerProfile | undefined>(undefined);
  const [progress, setProgress] = useState<{ key: string; share: number } | null>(null);

  useEffect(() => {
    jobCounter += 1;
    const jobId = `learner-${learnerId}-${Date.now().toString(36)}-${jobCounter}`;
    let current = true;
    let done = false;
    const off = client.on('analytics.progress', (event) => {
      if (current && event.jobId === jobId && event.total > 0) {
        setProgress({ key, share: event.done / event.total });
      }
    });
    client.invoke('analytics.learner', { learnerId, jobId }).then(
      (data) => {
        done = true;
        if (!current) return;
        setLast(data);
        if (data.language !== language && attempt < LANGUAGE_RETRIES) {
          setAttempt((a) => a + 1);
          return;
        }
        setSettled({ key, kind: 'ready', data });
      },
      (error: unknown) => {
        done = true;
        if (!current) return;
        const code =
          typeof error === 'object' && error !== null && 'code' in error
            ? String(error.code)
            : null;
        const message = error instanceof Error ? error.message : String(error);
        setSettled({ key, kind: 'error', code, message });
      },
    );
    return () => {
      current = false;
      off();
      if (!done) void client.invoke('analytics.cancel', { jobId }).catch(() => undefined);
    };
  }, [client, learnerId, language, attempt, key]);

  if (settled?.key !== key) {
    return {
      status: 'loading',
      data: last,
      progress: progress?.key === key ? progress.share : null,
    };
  }
  if (settled.kind === 'ready') return { status: 'ready', data: settled.data };
  return { status: 'error', data: last, code: settled.code, message: settled.message };
}
