import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

// SQLite copies the write-ahead log back into the database file (a checkpoint) from inside the
// commit that crosses `wal_autocheckpoint` pages: on the studio's one writer connection that is
// the event loop, and a live class's commit then stalls every viewer's delivery for the copy and
// its fsync (measured: a window's commit p99 0.25 ms → 12 ms, max 34 ms, at 2,300 rows/s). Here
// the copy runs on a thread of its own with its own connection — PASSIVE checkpoints, which never
// wait for or block the writer — and the writer's automatic checkpoints are off while it works.
// If the thread cannot start or dies, the writer checkpoints itself again, as SQLite does by
// default: the log never grows without bound.

/** SQLite's default: the writer checkpoints once the log holds this many pages. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

/** What one checkpoint reported (PRAGMA wal_checkpoint's row). */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface WalCheckpointerOptions {
  /** How often the thread checkpoints (ms). */
  intervalMs?: number;
  /** better-sqlite3's native binding for this runtime (Electron's ABI), as openDatabase takes. */
  nativeBinding?: string;
  /** Told when the thread failed and the writer checkpoints itself again. */
  onFallback?: (error: Error) => void;
  /** Every checkpoint's result (tests, diagnostics). */
  onCheckpoint?: (result: CheckpointResult) => void;
}

/** The thread: plain CommonJS, so that it runs the same under tsx, in Node and in Electron. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('busy_timeout = 0');
const done = new Int32Array(workerData.done);
let closed = false;
const close = () => {
  if (closed) return;
  closed = true;
  clearInterval(timer);
  try { db.close(); } finally { Atomics.store(done, 0, 1); Atomics.notify(done, 0); }
};
const timer = setInterval(() => {
  try {
    const row = db.pragma('wal_checkpoint(PASSIVE)')[0];
    parentPort.postMessage({ type: 'checkpoint', busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    close();
    parentPort.postMessage({ type: 'failed', message: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') { close(); parentPort.close(); }
});
parentPort.postMessage({ type: 'ready' });
`;

/** How long `stop` waits for the thread to close its connection. */
const STOP_WAIT_MS = 2_000;

/**
 * Checkpoints `file`'s write-ahead log on a thread of its own while `db` (the writer) commits.
 * `stop()` returns once the thread's connection is closed (the file can then be removed).
 */
export class WalCheckpointer {
  readonly #db: Db;
  readonly #options: WalCheckpointerOptions;
  readonly #done = new Int32Array(new SharedArrayBuffer(4));
  #worker: Worker | null = null;
  #offloaded = false;
  #stopped = false;

  constructor(db: Db, file: string, options: WalCheckpointerOptions = {}) {
    this.#db = db;
    this.#options = options;
    if (file === ':memory:' || db.memory || db.readonly) return;
    try {
      const worker = new Worker(THREAD, {
        eval: true,
        workerData: {
          module: createRequire(import.meta.url).resolve('better-sqlite3'),
          file,
          nativeBinding: options.nativeBinding ?? null,
          intervalMs: options.intervalMs ?? 1_000,
          done: this.#done.buffer,
        },
        stdout: false,
        stderr: false,
      });
      this.#worker = worker;
      worker.unref();
      worker.on('message', (message: { type: string } & Partial<CheckpointResult>) => {
        this.#onMessage(message);
      });
      worker.on('error', (error) => this.#fallback(error));
      worker.on('exit', (code) => {
        if (!this.#stopped) this.#fallback(new Error(`checkpoint thread exited (${String(code)})`));
      });
    } catch (error) {
      this.#fallback(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Whether the thread does the checkpoints now (the writer's automatic ones are off). */
  get offloaded(): boolean {
    return this.#offloaded;
  }

  /** Stops the thread, waits (bounded) until its connection is closed, and restores the writer's checkpoints. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#restore();
    const worker = this.#worker;
    this.#worker = null;
    if (!worker) return;
    worker.postMessage('stop');
    // The thread closes its connection between two checkpoints: a short, bounded wait.
    Atomics.wait(this.#done, 0, 0, STOP_WAIT_MS);
    void worker.terminate();
  }

  #onMessage(message: { type: string } & Partial<CheckpointResult>): void {
    try {
      if (this.#stopped) return;
      if (message.type === 'ready') {
        if (this.#db.open) this.#db.pragma('wal_autocheckpoint = 0');
        this.#offloaded = true;
      } else if (message.type === 'checkpoint') {
        this.#options.onCheckpoint?.({
          busy: message.busy ?? 0,
          log: message.log ?? 0,
          checkpointed: message.checkpointed ?? 0,
        });
      } else if (message.type === 'failed') {
        this.#fallback(
          new Error(`checkpoint failed: ${String((message as { message?: string }).message)}`),
        );
      }
    } catch (error) {
      this.#fallback(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #fallback(error: Error): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#restore();
    const worker = this.#worker;
    this.#worker = null;
    if (worker) void worker.terminate();
    try {
      this.#options.onFallback?.(error);
    } catch {
      // A listener's failure must not reach the event loop; the writer checkpoints itself again.
    }
  }

  #restore(): void {
    if (!this.#offloaded) return;
    this.#offloaded = false;
    try {
      if (this.#db.open)
        this.#db.pragma(`wal_autocheckpoint = ${String(DEFAULT_AUTOCHECKPOINT_PAGES)}`);
    } catch {
      // A closed or failing connection checkpoints on its next open; nothing more to do here.
    }
  }
}
