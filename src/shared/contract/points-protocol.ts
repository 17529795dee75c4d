import { z } from 'zod';

/**
 * Class points on the audience socket (issue #15 §4), spread into audience-protocol.ts's unions.
 * The leaderboard (top 10, with the formula's weights so that learners see how points are earned)
 * goes to the whole class at most about once a second and only when it changed; each viewer's own
 * rank and points go only to that viewer, only when they changed. Imports nothing of
 * audience-protocol (that file imports this one).
 */

const Points = z.number().nonnegative();
const Rank = z.number().int().positive();

/** One interaction kind's weight and cap (null: no cap), as the engagement formula has them. */
export const PointsWeight = z.object({
  kind: z.string(),
  weight: z.number().nonnegative(),
  cap: z.number().int().positive().nullable(),
});
export type PointsWeight = z.infer<typeof PointsWeight>;

export const LeaderPublic = z.object({
  rank: Rank,
  viewerId: z.string(),
  /** The display name the learner chose when joining (as chat shows it); '' when erased. */
  name: z.string(),
  points: Points,
});
export type LeaderPublic = z.infer<typeof LeaderPublic>;

export const LeaderboardPublic = z.object({
  top: z.array(LeaderPublic).max(10),
  weights: z.array(PointsWeight),
});
export type LeaderboardPublic = z.infer<typeof LeaderboardPublic>;

export const MyPointsPublic = z.object({ rank: Rank, points: Points });
export type MyPointsPublic = z.infer<typeof MyPointsPublic>;

/** The class's leaderboard changed; null: points are off. */
export const LeaderboardServerFrame = z.object({
  type: z.literal('leaderboard'),
  board: LeaderboardPublic.nullable(),
});

/** This viewer's own rank and points changed; null: none yet (or points are off). */
export const MyPointsServerFrame = z.object({
  type: z.literal('myPoints'),
  mine: MyPointsPublic.nullable(),
});
