import type { HealthMonitor } from './health';
import type { Logger } from './logger';

/** Where a background failure goes: the log, and the studio's health when it is about storage. */
export interface GuardSink {
  logger: Logger;
  health?: HealthMonitor | undefined;
}

/**
 * The process-wide rule for timer and listener callbacks: nothing they throw reaches the event
 * loop (where it would end the studio in the middle of a class). `guarded` wraps a callback so
 * that an error is logged, reported to the studio's health (a full disk shows as a banner), and
 * swallowed; the wrapper returns whether the callback finished, so that a caller can keep the
 * work for a retry. Whether a failed write is retried or dropped is decided, and said, at each
 * call site.
 */
export function guarded<A extends unknown[]>(
  sink: GuardSink,
  what: string,
  callback: (...args: A) => void,
): (...args: A) => boolean {
  return (...args) => {
    try {
      callback(...args);
      return true;
    } catch (error) {
      try {
        sink.logger.error({ err: error }, `${what} failed`);
        sink.health?.writeFailed(error);
      } catch {
        // A failing logger must not undo the guard.
      }
      return false;
    }
  };
}
