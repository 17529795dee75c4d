export interface BackoffOptions {
  /** Wait before the first retry. */
  initialMs: number;
  /** The wait doubles per failed attempt up to this. */
  maxMs: number;
  /** Live this long and the next failure starts again from `initialMs`. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 1_000,
  maxMs: 30_000,
  stableMs: 60_000,
};

/** Wait before retry number `attempt` (1-based): 1 s, 2 s, 4 s, … capped at 30 s. */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError('attempt must be 1 or more');
  // 2^30 already exceeds any sane cap; stops the power from overflowing to Infinity.
  const factor = 2 ** Math.min(attempt - 1, 30);
  return Math.min(options.maxMs, options.initialMs * factor);
}

/**
 * The attempt number after a failure: a connection that stayed live for `stableMs` earns a fresh
 * start; otherwise the count goes on.
 */
export function nextAttempt(
  previousAttempts: number,
  liveForMs: number | null,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const base = liveForMs !== null && liveForMs >= options.stableMs ? 0 : previousAttempts;
  return base + 1;
}
