// The engagement formula's interaction kinds, weights and caps (issue #15 §4): the session
// report's engagement score and a class's points use the same numbers, and the host and the
// learners see them. Shared (pure data and one sum) so that the core, the studio and the viewer
// page agree; src/main/analytics/session-metrics re-exports them.

/** The interactions a viewer can make; each has a weight in the engagement score. */
export const INTERACTION_KINDS = [
  'chat',
  'question',
  'upvote',
  'reaction',
  'poll_vote',
  'hand_raise',
  'check_in',
  'offer_click',
] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

/** Points per interaction in the engagement score (a watched minute is worth 1). */
export type EngagementWeights = Readonly<Record<InteractionKind, number>>;
/** Per kind, how many interactions at most earn points (null: no cap). */
export type EngagementCaps = Readonly<Record<InteractionKind, number | null>>;

export const DEFAULT_ENGAGEMENT_WEIGHTS: EngagementWeights = {
  chat: 1,
  question: 3,
  upvote: 0.5,
  reaction: 0.1,
  poll_vote: 2,
  hand_raise: 1,
  check_in: 1,
  offer_click: 2,
};

/** Reactions are one tap each: only the first 30 count (3 points), so a drummer cannot top the class. */
export const DEFAULT_ENGAGEMENT_CAPS: EngagementCaps = {
  chat: null,
  question: null,
  upvote: null,
  reaction: 30,
  poll_vote: null,
  hand_raise: null,
  check_in: null,
  offer_click: null,
};

const KINDS = new Set<string>(INTERACTION_KINDS);

/** Whether an event kind earns points. */
export function isInteractionKind(kind: string): kind is InteractionKind {
  return KINDS.has(kind);
}

/**
 * One learner's points from their interaction counts: Σ weight(kind) × min(count, cap), rounded
 * to tenths (a reaction is worth 0.1) so that sums compare exactly.
 */
export function pointsOfCounts(counts: ReadonlyMap<InteractionKind, number>): number {
  let points = 0;
  for (const [kind, n] of counts) {
    const cap = DEFAULT_ENGAGEMENT_CAPS[kind];
    points += DEFAULT_ENGAGEMENT_WEIGHTS[kind] * (cap === null ? n : Math.min(n, cap));
  }
  return Math.round(points * 10) / 10;
}
