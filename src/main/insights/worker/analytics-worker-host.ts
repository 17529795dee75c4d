import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StudioError, type ErrorCode } from '../../../shared/contract/errors';
import { guarded } from '../../kernel/guarded';
import type { Logger } from '../../kernel/logger';
import type { FromWorker, JobRequest, ToWorker, WorkerData, WorkerError } from './protocol';

/**
 * Owns the analytics worker thread: queues jobs (one runs at a time — a 2-core laptop also runs
 * the live class), forwards progress, cancels, and survives the worker's death.
 *
 * - Cancel: a queued job is dropped; a running one gets a flag in shared memory, which it reads
 *   at its next checkpoint. If it has not stopped after CANCEL_GRACE_MS (a long step without a
 *   checkpoint), the thread is terminated and a new one starts with the next job.
 * - A crash (an uncaught exception, an out-of-memory exit) rejects the running job with a plain
 *   Error — the router turns it into an INTERNAL envelope — and the next job gets a new thread.
 * - The thread does not keep the process alive while idle (unref), so nothing must close it.
 *
 * Where the worker's code is:
 * - under tsx (tests, the browser host, the CLI) this file is a .ts module: the thread starts
 *   with a small bootstrap that registers tsx (its `tsImport` API) and imports
 *   analytics-worker.ts. (`execArgv: ['--import', 'tsx']` does not reach worker threads on
 *   Node 20.)
 * - in the Electron build this code is bundled into out/main/index.js, and electron-vite builds
 *   analytics-worker.ts as a second main entry beside it (electron.vite.config.ts): the thread
 *   runs out/main/analytics-worker.js.
 */
export class AnalyticsWorker {
  static readonly CANCEL_GRACE_MS = 1_000;

  readonly #options: {
    nativeBinding: string | null;
    testHooks: boolean;
    logger: Logger;
    maxHeapMb: number | null;
  };
  #worker: Worker | null = null;
  #running: Running | null = null;
  #retireAfterRunning = false;
  readonly #queue: Queued[] = [];
  #closed = false;

  private constructor(options: {
    nativeBinding: string | null;
    testHooks: boolean;
    logger: Logger;
    maxHeapMb: number | null;
  }) {
    this.#options = options;
  }

  static create(options: {
    logger: Logger;
    nativeBinding?: string | undefined;
    /** Honour the test-crash and test-spin job ids (tests only; see WorkerData). */
    testHooks?: boolean;
    /**
     * The thread's heap limit: past it the thread dies (its job fails, the next gets a new
     * thread) instead of the process. Default: V8's own.
     */
    maxHeapMb?: number;
  }): AnalyticsWorker {
    return new AnalyticsWorker({
      logger: options.logger,
      nativeBinding: options.nativeBinding ?? null,
      testHooks: options.testHooks ?? false,
      maxHeapMb: options.maxHeapMb ?? null,
    });
  }

  /** The running thread's id, null when there is none (tests watch a retirement with it). */
  get threadId(): number | null {
    return this.#worker?.threadId ?? null;
  }

  /** Whether a job with this id is queued or running. */
  has(jobId: string): boolean {
    return this.#running?.jobId === jobId || this.#queue.some((q) => q.jobId === jobId);
  }

  /** Whether any job is queued or running. */
  get busy(): boolean {
    return this.#running !== null || this.#queue.length > 0;
  }

  run(
    jobId: string,
    request: JobRequest,
    onProgress: (phase: string, done: number, total: number) => void = () => undefined,
  ): Promise<unknown> {
    if (this.#closed)
      return Promise.reject(new StudioError('UNAVAILABLE', 'analytics are shut down'));
    if (this.has(jobId)) {
      return Promise.reject(
        new StudioError('CONFLICT', `a job with id ${jobId} is already running`),
      );
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ jobId, request, onProgress, resolve, reject });
      this.#next();
    });
  }

  /** Cancels a queued or running job; false if there is no such job. */
  cancel(jobId: string): boolean {
    const index = this.#queue.findIndex((q) => q.jobId === jobId);
    if (index >= 0) {
      const [queued] = this.#queue.splice(index, 1);
      queued?.reject(cancelled(jobId));
      return true;
    }
    const running = this.#running;
    if (running?.jobId !== jobId) return false;
    if (running.cancelling) return true;
    running.cancelling = true;
    Atomics.store(running.flag, 0, 1);
    running.graceTimer = setTimeout(
      guarded({ logger: this.#options.logger }, 'analytics cancel grace', () => {
        if (this.#running !== running) return;
        this.#options.logger.warn({ jobId }, 'analytics job ignored its cancel: worker terminated');
        this.#finish(running, () => running.reject(cancelled(jobId)));
        this.#discardWorker();
        this.#next();
      }),
      AnalyticsWorker.CANCEL_GRACE_MS,
    );
    running.graceTimer.unref();
    return true;
  }

  /**
   * Retires the current thread, and with it everything its jobs keep in memory between calls
   * (the customer base, segments, recommendations — names and histories of learners): at once
   * when it is idle, else as soon as its running job settles. The next job starts a new thread.
   * A learner's deletion calls this so that no copy of their data outlives it in a cache.
   */
  retire(): void {
    if (this.#running) this.#retireAfterRunning = true;
    else this.#discardWorker();
  }

  /** Rejects every job and stops the thread. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const queued of this.#queue.splice(0)) {
      queued.reject(new StudioError('UNAVAILABLE', 'analytics are shut down'));
    }
    const running = this.#running;
    if (running) {
      this.#finish(running, () =>
        running.reject(new StudioError('UNAVAILABLE', 'analytics are shut down')),
      );
    }
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }

  #next(): void {
    if (this.#running || this.#closed) return;
    const job = this.#queue.shift();
    if (!job) {
      this.#worker?.unref();
      return;
    }
    let worker: Worker;
    try {
      worker = this.#ensureWorker();
    } catch (error) {
      job.reject(error);
      this.#next();
      return;
    }
    worker.ref();
    const flagBuffer = new SharedArrayBuffer(4);
    this.#running = {
      ...job,
      flag: new Int32Array(flagBuffer),
      cancelling: false,
      graceTimer: null,
    };
    const message: ToWorker = {
      type: 'run',
      jobId: job.jobId,
      request: job.request,
      cancelFlag: flagBuffer,
    };
    worker.postMessage(message);
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const data: WorkerData = {
      nativeBinding: this.#options.nativeBinding,
      testHooks: this.#options.testHooks,
    };
    const spec = workerEntry();
    const worker = new Worker(spec.filename, {
      eval: spec.eval,
      workerData: data,
      ...(this.#options.maxHeapMb === null
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb } }),
      // A worker's stdout would otherwise be piped through the parent; logs go to the parent.
      stdout: false,
      stderr: false,
    });
    // Settling a job starts the next one (a new thread): nothing of it may throw out of here.
    const sink = { logger: this.#options.logger };
    worker.on(
      'message',
      guarded(sink, 'analytics worker message', (message: FromWorker) =>
        this.#onMessage(worker, message),
      ),
    );
    worker.on(
      'error',
      guarded(sink, 'analytics worker error', (error: Error) => this.#onDeath(worker, error)),
    );
    worker.on(
      'exit',
      guarded(sink, 'analytics worker exit', (code: number) =>
        this.#onDeath(worker, new Error(`analytics worker exited with code ${code}`)),
      ),
    );
    this.#worker = worker;
    return worker;
  }

  #onMessage(worker: Worker, message: FromWorker): void {
    const running = this.#running;
    if (worker !== this.#worker || running?.jobId !== message.jobId) return;
    if (message.type === 'progress') {
      if (!running.cancelling) running.onProgress(message.phase, message.done, message.total);
      return;
    }
    this.#finish(running, () => {
      if (message.type === 'result') running.resolve(message.value);
      else running.reject(toError(message.error, running.jobId));
    });
    this.#next();
  }

  #onDeath(worker: Worker, error: Error): void {
    if (worker !== this.#worker) return;
    this.#worker = null;
    const running = this.#running;
    if (running) {
      this.#options.logger.error({ err: error, jobId: running.jobId }, 'analytics worker died');
      this.#finish(running, () =>
        running.reject(
          running.cancelling
            ? cancelled(running.jobId)
            : new Error(`analytics worker died: ${error.message}`),
        ),
      );
    }
    void worker.terminate();
    this.#next();
  }

  #finish(running: Running, settle: () => void): void {
    if (this.#running !== running) return;
    this.#running = null;
    if (running.graceTimer) clearTimeout(running.graceTimer);
    if (this.#retireAfterRunning) {
      this.#retireAfterRunning = false;
      this.#discardWorker();
    }
    settle();
  }

  #discardWorker(): void {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) void worker.terminate();
  }
}

interface Queued {
  jobId: string;
  request: JobRequest;
  onProgress: (phase: string, done: number, total: number) => void;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Running extends Queued {
  flag: Int32Array;
  cancelling: boolean;
  graceTimer: NodeJS.Timeout | null;
}

function cancelled(jobId: string): StudioError {
  return new StudioError('CONFLICT', `cancelled: analytics job ${jobId}`);
}

const ERROR_CODES: readonly ErrorCode[] = [
  'BAD_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'TOO_LARGE',
  'FORBIDDEN',
];

/**
 * A worker error as the router should see it: a StudioError keeps its code, a cancel is a
 * CONFLICT, a RangeError from the models (too few buyers, no repeat purchases) is a CONFLICT with
 * its message; anything else is a plain Error (INTERNAL, logged).
 */
function toError(error: WorkerError, jobId: string): Error {
  if (error.name === 'JobCancelledError') return cancelled(jobId);
  if (error.name === 'StudioError' && ERROR_CODES.includes(error.code as ErrorCode)) {
    return new StudioError(error.code as ErrorCode, error.message);
  }
  if (error.name === 'RangeError') return new StudioError('CONFLICT', error.message);
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}

/** The worker's entry: the .ts file through tsx, or the built analytics-worker.js. */
function workerEntry(): { filename: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const target = new URL('./analytics-worker.ts', here).href;
    const api = tsxApiUrl();
    return {
      eval: true,
      filename: `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}));`,
    };
  }
  return { eval: false, filename: new URL('./analytics-worker.js', here) };
}

/** tsx's ESM API (`tsx/esm/api`, import condition), resolved from this package. */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = manifest.exports?.['./esm/api'];
  const relative =
    typeof entry === 'object' && entry.import?.default
      ? entry.import.default
      : './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(manifestPath), relative)).href;
}
