import { performance } from 'node:perf_hooks';
import type { EventName } from '../../shared/contract';
import { StudioError } from '../../shared/contract/errors';
import { guarded } from '../kernel/guarded';
import type { Logger } from '../kernel/logger';

/** How the studio's analytics warm-up behaves (StudioConfig.analyticsWarmUp). */
export interface WarmUpOptions {
  /** Quiet time after the last trigger before the warm-up starts (default 3 s). */
  debounceMs?: number;
  /** The warm jobs' id prefix (tests: `test-crash…`/`test-spin…` reach the worker's test hooks). */
  jobIdPrefix?: string;
}

export interface WarmUpDeps {
  /** Runs the Workspace view's `analytics.workspace` computation in the worker under this id. */
  run(jobId: string): Promise<unknown>;
  /** The worker's cancel. */
  cancel(jobId: string): void;
  /** Whether the worker has a job queued or running. */
  workerBusy(): boolean;
  /** Whether a class is live (or paused): the live class owns the CPU. */
  live(): boolean;
  logger: Logger;
}

/** The last warm-up's outcome (the benchmark reports `ms`). */
export interface WarmUpRun {
  jobId: string;
  reason: string;
  outcome: 'done' | 'cancelled' | 'failed';
  ms: number;
}

export const WARM_UP_DEBOUNCE_MS = 3_000;

/**
 * Keeps the workspace's customer models warm: after the workspace opens, an import (or its undo),
 * a class's end, the worker computes the Workspace view's overview in the background, so that the
 * view's first call is answered from the worker's caches (customer base and overview, kept while
 * the data are unchanged).
 *
 * Low priority, and honest:
 * - triggers are coalesced: it starts `debounceMs` after the last one;
 * - never while a class is live (a class's start cancels a running one; its end triggers anew),
 *   nor while the worker has any job queued or running (it retries when that job settles);
 * - a user job of another method arriving while it runs cancels it (re-warmed when idle); a user
 *   `analytics.workspace` queues behind it and is answered from the cache it just filled;
 * - a failure or cancel is logged (debug/warn) and never reaches a caller or the event loop.
 */
export class AnalyticsWarmUp {
  readonly #deps: WarmUpDeps;
  readonly #debounceMs: number;
  readonly #prefix: string;
  #timer: NodeJS.Timeout | null = null;
  #running: string | null = null;
  /** A trigger not yet served by a finished warm-up. */
  #wanted = false;
  #reason = '';
  #stopped = false;
  #count = 0;
  #waiters: (() => void)[] = [];
  #last: WarmUpRun | null = null;

  constructor(deps: WarmUpDeps, options: WarmUpOptions = {}) {
    this.#deps = deps;
    this.#debounceMs = options.debounceMs ?? WARM_UP_DEBOUNCE_MS;
    this.#prefix = options.jobIdPrefix ?? 'warm-up-';
  }

  /** The last warm-up that ran, null before the first. */
  get last(): WarmUpRun | null {
    return this.#last;
  }

  /** Whether a warm-up job is running (or queued) in the worker. */
  get running(): boolean {
    return this.#running !== null;
  }

  /** The data changed (or the workspace opened): warm up once things are quiet. */
  trigger(reason: string): void {
    if (this.#stopped) return;
    this.#wanted = true;
    this.#reason = reason;
    // A running warm-up computes the data of before: drop it, the next one follows.
    if (this.#running !== null) this.#deps.cancel(this.#running);
    this.#schedule();
  }

  /** A class went live: stop warming; its end triggers a new warm-up. */
  classStarted(): void {
    if (this.#running === null) return;
    this.#wanted = true;
    this.#deps.cancel(this.#running);
  }

  /** A user job is about to be queued: a running warm-up gives way unless it is the same call. */
  beforeUserJob(method: string): void {
    if (this.#running === null || method === 'analytics.workspace') return;
    this.#wanted = true;
    this.#deps.cancel(this.#running);
  }

  /** A user job settled: a warm-up that waited for the worker may start (after the quiet time). */
  userJobSettled(): void {
    if (this.#wanted && this.#timer === null && this.#running === null) this.#schedule();
  }

  /** Resolves once no warm-up is scheduled or running (one that waits for a class counts as none). */
  whenSettled(): Promise<void> {
    if (this.#quiet()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Stops for good: the timer is cleared, a running warm-up cancelled. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#running !== null) this.#deps.cancel(this.#running);
    this.#notify();
  }

  #quiet(): boolean {
    return this.#timer === null && this.#running === null;
  }

  #notify(): void {
    if (!this.#quiet() && !this.#stopped) return;
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(
      guarded({ logger: this.#deps.logger }, 'analytics warm-up', () => this.#fire()),
      this.#debounceMs,
    );
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = null;
    try {
      if (this.#stopped || !this.#wanted || this.#running !== null) return;
      if (this.#deps.live()) {
        this.#deps.logger.debug({}, 'analytics warm-up skipped: a class is live');
        return;
      }
      if (this.#deps.workerBusy()) return; // userJobSettled() schedules it again
      this.#start();
    } finally {
      this.#notify();
    }
  }

  #start(): void {
    this.#wanted = false;
    const jobId = `${this.#prefix}${String(++this.#count)}`;
    const reason = this.#reason;
    const started = performance.now();
    this.#running = jobId;
    const settle = (outcome: WarmUpRun['outcome'], error?: unknown): void => {
      this.#last = { jobId, reason, outcome, ms: performance.now() - started };
      if (outcome === 'failed') {
        this.#deps.logger.warn({ err: error, jobId, reason }, 'analytics warm-up failed');
      } else {
        this.#deps.logger.debug(
          { jobId, reason, ms: this.#last.ms },
          `analytics warm-up ${outcome}`,
        );
      }
      this.#running = null;
      if (this.#wanted && !this.#stopped) this.#schedule();
      this.#notify();
    };
    this.#deps
      .run(jobId)
      .then(
        () => settle('done'),
        (error: unknown) =>
          settle(
            error instanceof StudioError && error.message.startsWith('cancelled')
              ? 'cancelled'
              : 'failed',
            error,
          ),
      )
      .catch((error: unknown) => {
        this.#deps.logger.error({ err: error }, 'analytics warm-up bookkeeping failed');
      });
  }
}

/** The studio events that trigger a warm-up (or stop one), as a bus listener. */
export function warmUpListener(
  warmUp: AnalyticsWarmUp,
): (event: EventName, payload: unknown) => void {
  return (event, payload) => {
    if (
      event === 'workspace.changed' ||
      event === 'order.imported' ||
      event === 'roster.imported' ||
      event === 'learner.deleted'
    ) {
      warmUp.trigger(event);
    } else if (event === 'session.changed') {
      const status = (payload as { status?: unknown }).status;
      if (status === 'ended' || status === 'interrupted') warmUp.trigger('class ended');
      else if (status === 'live') warmUp.classStarted();
    }
  };
}
