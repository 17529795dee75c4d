// When the HTTP stream's low-latency feed runs (http-feed.ts applies this once a second). Plain
// logic, no DOM: tests/unit/media/http-feed-policy.test.ts.
import { BUSY_DROPS_PER_SECOND } from './portrait-fps';

/** With no viewer to take it for this long, the feed stops (a reload comes back within it). */
export const IDLE_STOP_MS = 15_000;
/** Seconds in a row of missed program frames, with the feed on, before it is paused. */
export const BUSY_SECONDS_TO_PAUSE = 3;
/** A feed paused because the machine could not keep up waits this long before trying again. */
export const BUSY_PAUSE_MS = 60_000;
/** After a failure (the core refused a chunk, the recorder stopped), wait this long. */
export const RETRY_AFTER_MS = 10_000;

export interface FeedInputs {
  now: number;
  running: boolean;
  /** HTTP viewers who would take the feed (`broadcast.health`). */
  feedViewers: number;
  /** Frame slots the landscape program missed over the last second. */
  droppedPerSecond: number;
}

export interface FeedMemory {
  idleSince: number | null;
  busySeconds: number;
  /** No start before this time (a pause or a failure). */
  notBefore: number;
}

export const FRESH_FEED_MEMORY: FeedMemory = { idleSince: null, busySeconds: 0, notBefore: 0 };

export type FeedStep =
  | { action: 'start' | 'stay'; memory: FeedMemory }
  | { action: 'stop'; reason: 'idle' | 'busy'; memory: FeedMemory };

/**
 * One second of the feed's life. It costs a second video encoder, so it runs only while someone
 * takes it, and gives way to the recorded program: when the program misses frames with it on, it
 * is paused (the viewers go back to the recording's stream) and tried again a minute later.
 */
export function nextFeedStep(inputs: FeedInputs, memory: FeedMemory): FeedStep {
  const { now, running, feedViewers, droppedPerSecond } = inputs;
  if (!running) {
    const start = feedViewers > 0 && now >= memory.notBefore;
    return {
      action: start ? 'start' : 'stay',
      memory: { ...memory, idleSince: null, busySeconds: 0 },
    };
  }
  const busySeconds = droppedPerSecond >= BUSY_DROPS_PER_SECOND ? memory.busySeconds + 1 : 0;
  if (busySeconds >= BUSY_SECONDS_TO_PAUSE) {
    return {
      action: 'stop',
      reason: 'busy',
      memory: { idleSince: null, busySeconds: 0, notBefore: now + BUSY_PAUSE_MS },
    };
  }
  const idleSince = feedViewers > 0 ? null : (memory.idleSince ?? now);
  if (idleSince !== null && now - idleSince >= IDLE_STOP_MS) {
    return {
      action: 'stop',
      reason: 'idle',
      memory: { ...memory, idleSince: null, busySeconds: 0 },
    };
  }
  return { action: 'stay', memory: { ...memory, idleSince, busySeconds } };
}
