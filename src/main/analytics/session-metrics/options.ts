// Options of the session metrics and their defaults (weights, caps, buckets, attribution window).
import type { InteractionKind } from './input';

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

export interface DropOffOptions {
  /** How many drop-off minutes to report at most (default 5). */
  readonly count?: number;
  /** A fall must be at least this many viewers (default 1)... */
  readonly minFall?: number;
  /** ...and at least this share of the viewers present when the minute began (default 0.02). */
  readonly minFallShare?: number;
  /** How many buckets before the drop minute its context covers (default 2). */
  readonly lookbackBuckets?: number;
}

export interface SessionMetricsOptions {
  /** Days after an impression in which an order can match the offer by course (default 7). */
  readonly attributionWindowDays?: number;
  /** Overrides of DEFAULT_ENGAGEMENT_WEIGHTS, kind by kind. */
  readonly weights?: Partial<EngagementWeights>;
  /** Overrides of DEFAULT_ENGAGEMENT_CAPS, kind by kind (null removes a cap). */
  readonly caps?: Partial<EngagementCaps>;
  /** Bucket length in ms, 1 s to 1 h (default 60,000: one minute). */
  readonly bucketMs?: number;
  readonly dropOffs?: DropOffOptions;
  /** How many questions the "top upvoted" list keeps (default 5). */
  readonly topQuestions?: number;
}

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;
export const DEFAULT_BUCKET_MS = 60_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MIN_BUCKET_MS = 1_000;
export const MAX_BUCKET_MS = 3_600_000;
/** Keeps per-bucket arrays small whatever a caller passes: a day in one-second buckets is too many. */
export const MAX_BUCKETS = 100_000;
export const MAX_ATTRIBUTION_WINDOW_DAYS = 365;
export const DEFAULT_DROP_OFF_COUNT = 5;
export const DEFAULT_MIN_FALL = 1;
export const DEFAULT_MIN_FALL_SHARE = 0.02;
export const DEFAULT_LOOKBACK_BUCKETS = 2;
export const DEFAULT_TOP_QUESTIONS = 5;
