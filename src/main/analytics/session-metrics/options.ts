// Options of the session metrics and their defaults (weights, caps, buckets, attribution window).
// The weights and caps are shared with the studio and the viewer page (class points show them).
import type { EngagementCaps, EngagementWeights } from '../../../shared/model/engagement-formula';

export {
  DEFAULT_ENGAGEMENT_CAPS,
  DEFAULT_ENGAGEMENT_WEIGHTS,
  type EngagementCaps,
  type EngagementWeights,
} from '../../../shared/model/engagement-formula';

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
