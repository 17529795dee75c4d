/**
 * Where a live MSE player holds its playhead: as close to the newest media as the stream's
 * cadence allows. Media comes a fragment (or chunk) at a time, so just after an append the
 * playhead must stay about one cadence plus a margin behind the newest media, or it runs dry
 * before the next one arrives. Further behind than that it plays faster until it is there (a jump
 * would show); far behind, not in the buffer, or told to by the server, it seeks.
 * Pure: src/renderer/viewer/stream-player.ts and the latency bench's bare pipeline use it.
 */

export interface LiveEdgeInput {
  /** Seconds between the newest buffered media and the playhead. */
  lag: number;
  /** Seconds between media messages (moving average). */
  cadence: number;
  /** Whether the playhead is inside the newest buffered range. */
  inBuffered: boolean;
  /** The server skipped this viewer forward: resume at the newest keyframe. */
  jump: boolean;
}

export interface LiveEdgeAction {
  /** Seek to this many seconds behind the newest media, or stay. */
  seekTo: number | null;
  /** Playback rate from now on. */
  rate: number;
}

/** Kept behind the newest media besides one cadence's length. */
export const SAFETY_S = 0.1;
/** The cadence counted is at least this (a burst of messages is not a faster stream). */
const MIN_CADENCE_S = 0.05;
/** And at most this (a pause is not the cadence either). */
const MAX_CADENCE_S = 1;
/**
 * Further than this past the target, seek rather than speed up. A viewer that cannot keep up
 * (a loaded phone or machine: bench/latency.ts saw the playhead at 0.94-0.98 of real time while
 * playing at 1.1-1.25) never catches up by speed alone; its lag grew to this before, and the
 * bench's breakdown showed it as most of the HTTP stream's delay (~0.6 s of ~1 s at load 6-8).
 */
const SEEK_PAST_TARGET_S = 0.5;
/** A little past the target: play a little faster. */
const NUDGE_PAST_TARGET_S = 0.05;
const CATCH_UP_RATE = 1.1;
/** Well past the target: faster still (sound stays pitch-corrected). */
const FAR_PAST_TARGET_S = 0.4;
const FAST_CATCH_UP_RATE = 1.25;

/** Seconds the playhead aims to be behind the newest media for a stream of this cadence. */
export function liveEdgeTarget(cadence: number): number {
  const safe = Number.isFinite(cadence) ? cadence : MAX_CADENCE_S;
  return Math.min(MAX_CADENCE_S, Math.max(MIN_CADENCE_S, safe)) + SAFETY_S;
}

export function liveEdgeAction(input: LiveEdgeInput): LiveEdgeAction {
  const target = liveEdgeTarget(input.cadence);
  if (input.jump || !input.inBuffered || input.lag > target + SEEK_PAST_TARGET_S)
    return { seekTo: target, rate: 1 };
  const past = input.lag - target;
  const rate =
    past > FAR_PAST_TARGET_S ? FAST_CATCH_UP_RATE : past > NUDGE_PAST_TARGET_S ? CATCH_UP_RATE : 1;
  return { seekTo: null, rate };
}
