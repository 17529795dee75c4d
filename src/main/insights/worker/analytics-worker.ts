import { parentPort, workerData } from 'node:worker_threads';
import { StudioError } from '../../../shared/contract/errors';
import { JobCancelledError, type JobContext } from './job-context';
import type { FromWorker, ToWorker, WorkerData, WorkerError } from './protocol';
import { runJob } from './run-job';

// The analytics worker thread's entry (AnalyticsWorker starts it): runs one job at a time on a
// read-only connection and answers with progress messages and one result or error. A report job
// is synchronous, so a cancel cannot arrive as a message while it runs: it arrives as a flag in
// shared memory that the job reads at its checkpoints. Import jobs stream a file and return a
// promise; they read the same flag.

const port = parentPort;
if (!port) throw new Error('analytics-worker.ts must run in a worker thread');
const data = workerData as WorkerData;

function describe(error: unknown): WorkerError {
  if (error instanceof StudioError) {
    return { name: 'StudioError', code: error.code, message: error.message };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

port.on('message', (message: ToWorker) => {
  const { jobId, request } = message;
  const flag = new Int32Array(message.cancelFlag);
  const post = (m: FromWorker): void => port.postMessage(m);
  const ctx: JobContext = {
    now: request.now,
    language: request.language,
    progress: (phase, done, total) => post({ type: 'progress', jobId, phase, done, total }),
    checkpoint: () => {
      if (Atomics.load(flag, 0) === 1) throw new JobCancelledError();
    },
  };
  if (data.testHooks && jobId.startsWith('test-crash')) {
    // An uncaught exception outside any job's try: what a native crash or a bug looks like.
    setImmediate(() => {
      throw new Error('analytics worker test crash');
    });
    return;
  }
  try {
    if (data.testHooks && jobId.startsWith('test-spin')) {
      // Works until cancelled, reporting progress and checking the flag.
      for (let round = 0; ; round++) {
        ctx.checkpoint();
        const until = Date.now() + 5;
        while (Date.now() < until) {
          // busy
        }
        ctx.progress('spin', round, round + 1);
      }
    }
    const value = runJob(request, ctx, { nativeBinding: data.nativeBinding });
    if (value instanceof Promise) {
      value.then(
        (settled: unknown) => {
          try {
            post({ type: 'result', jobId, value: settled });
          } catch (error) {
            post({ type: 'error', jobId, error: describe(error) });
          }
        },
        (error: unknown) => post({ type: 'error', jobId, error: describe(error) }),
      );
      return;
    }
    post({ type: 'result', jobId, value });
  } catch (error) {
    post({ type: 'error', jobId, error: describe(error) });
  }
});
