import type { BucketSpec } from '../../kernel/token-bucket';

/**
 * The hub's timings and limits. Presence: a viewer's attendance interval opens on join, its
 * `last_seen_at` is written at most every `heartbeatWriteMs`, and it closes `presenceGraceMs`
 * after the last socket went away.
 */
export interface HubTuning {
  presenceGraceMs: number;
  outboundWindowMs: number;
  /** Reactions, viewer counts and studio events (`live.updated` ...) go out at this cadence. */
  tickMs: number;
  heartbeatWriteMs: number;
  /** A socket that sends nothing (not even a ping) for this long is dropped. */
  idleTimeoutMs: number;
  /** A socket that has not joined this long after it opened is dropped (pages join at once). */
  joinTimeoutMs: number;
  /** With the survey at End, how long the ended class's survey stays answerable. */
  surveyGraceMs: number;
  /** Every frame a connection sends, valid or not. */
  connectionBucket: BucketSpec;
  /** A viewer's actions other than reactions, across all their connections. */
  actionBucket: BucketSpec;
  reactionBucket: BucketSpec;
  /** A viewer's WebRTC signalling requests (each may open sockets in a mediasoup worker). */
  rtcBucket: BucketSpec;
}

export const DEFAULT_HUB_TUNING: HubTuning = {
  presenceGraceMs: 60_000,
  // Measured (npm run bench:audience, 500 viewers, 50 chat/s, 500 reactions/s, paired runs):
  // 50 ms beats 30 ms on delivery p99 and p50 — fewer, larger writes per socket.
  outboundWindowMs: 50,
  tickMs: 250,
  heartbeatWriteMs: 15_000,
  idleTimeoutMs: 45_000,
  joinTimeoutMs: 10_000,
  surveyGraceMs: 180_000,
  connectionBucket: { ratePerSecond: 40, burst: 80 },
  actionBucket: { ratePerSecond: 10, burst: 20 },
  reactionBucket: { ratePerSecond: 20, burst: 40 },
  rtcBucket: { ratePerSecond: 5, burst: 15 },
};
