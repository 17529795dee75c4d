import { z } from 'zod';
import { LearnerId, SessionId } from '../model/ids';
import { PointsWeight } from './points-protocol';

/**
 * Class points in the studio API (issue #15 §4): the host switches them on or off per class from
 * the Live screen (stored: a restart keeps it) and sees the leaderboard. Spread into
 * `studioMethods` and `studioEvents` (studio-api.ts).
 */

export const ClassLeader = z.object({
  rank: z.number().int().positive(),
  learnerId: LearnerId,
  viewerId: z.string(),
  name: z.string(),
  points: z.number().nonnegative(),
});
export type ClassLeader = z.infer<typeof ClassLeader>;

export const ClassPoints = z.object({
  sessionId: SessionId,
  enabled: z.boolean(),
  weights: z.array(PointsWeight),
  /** The top 10 (competition ranks: equal points share a rank). */
  top: z.array(ClassLeader),
  /** Learners with any points. */
  scored: z.number().int().nonnegative(),
});
export type ClassPoints = z.infer<typeof ClassPoints>;

const sessionRef = z.object({ sessionId: SessionId }).strict();

export const pointsMethods = {
  'points.set': {
    input: z.object({ sessionId: SessionId, enabled: z.boolean() }).strict(),
    output: ClassPoints,
  },
  'points.state': { input: sessionRef, output: ClassPoints },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const pointsEvents = {
  /** The switch or the leaderboard changed (at most about once a second). */
  'points.changed': ClassPoints,
} as const;
