/** One frame the viewer probe (bench/latency/probe.ts) read the clock from. */
export interface ProbeSample {
  delayMs: number;
  bufferedAheadMs: number;
  /** Wall-clock ms the frame was composed minus its media time in ms: maps media time to the clock. */
  mediaOffsetMs: number;
  /** The video's playback rate at this frame (the live-edge policy's catch-up). */
  rate: number;
  /**
   * When the newest buffered media grew since the previous frame (an append): how old its end
   * was then, in ms since it was composed; null on other frames.
   */
  appendAgeMs: number | null;
  /** Wall-clock ms the frame is shown, and its media time in ms: how fast the playhead moves. */
  shownAtMs: number;
  mediaTimeMs: number;
  /** `waiting` events (the player ran dry) since sampling began. */
  waits: number;
  /** Whether the video plays with sound (muted is a lighter pipeline in Chromium). */
  muted: boolean;
}
