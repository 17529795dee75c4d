/**
 * Session metrics: what happened in one live class, computed from its attendance, interaction
 * events, Q&A, poll and quiz runs, offers and the orders that followed. Every metric below has its
 * definition written next to it, in words, so that the report can show how it was computed.
 *
 * Conventions used throughout:
 * - Times are whole epoch milliseconds (UTC). The class runs over [startedAt, endedAt).
 * - A *viewer* is a learner with at least one attendance row in this class.
 * - A viewer's *presence* is the union of their attendance intervals. An interval runs from
 *   `joinedAt` to `leftAt`, or, when the row was never closed (a crash), to `lastSeenAt` (the
 *   last heartbeat: the latest moment we know they were there). Intervals are clipped to the
 *   class; overlapping or touching intervals of one viewer (reconnects) count once. Presence is
 *   half-open: a viewer who leaves at t is not present at t.
 * - The class is cut into *buckets* of `bucketMs` (one minute by default): bucket i covers
 *   [startedAt + i·bucketMs, startedAt + (i+1)·bucketMs), the last one ending at endedAt.
 *   "Minute m" below means bucket m.
 * - An *in-class event* is one with startedAt ≤ at ≤ endedAt (the last instant belongs to the
 *   last bucket). Events before or after the class are counted apart and score nothing.
 *
 * Pure: no I/O, no Node built-ins.
 */

export {
  INTERACTION_KINDS,
  type AttendanceInterval,
  type InteractionKind,
  type OfferClick,
  type OfferImpression,
  type PollVote,
  type QuestionStatus,
  type SessionData,
  type SessionEvent,
  type SessionInfo,
  type SessionOffer,
  type SessionOrder,
  type SessionPollRun,
  type SessionQuestion,
} from './input';
export {
  DAY_MS,
  DEFAULT_ATTRIBUTION_WINDOW_DAYS,
  DEFAULT_BUCKET_MS,
  DEFAULT_ENGAGEMENT_CAPS,
  DEFAULT_ENGAGEMENT_WEIGHTS,
  MAX_BUCKETS,
  MINUTE_MS,
  type DropOffOptions,
  type EngagementCaps,
  type EngagementWeights,
  type SessionMetricsOptions,
} from './options';
export {
  type AttendeePurchases,
  type AudienceBucket,
  type AudienceMetrics,
  type DropOff,
  type EngagementFormula,
  type EngagementMetrics,
  type FormulaTerm,
  type FunnelCounts,
  type InteractionTimeline,
  type KindContribution,
  type LearnerQuizScore,
  type Moment,
  type MomentKind,
  type Money,
  type OfferFunnel,
  type OfferFunnelRow,
  type PollOptionResult,
  type PollRunResult,
  type QuestionStats,
  type QuestionSummary,
  type QuizAnswer,
  type QuizResult,
  type SessionHeadline,
  type SessionMetrics,
  type ViewerEngagement,
} from './results';
export { assertSessionData } from './validate';
export { describeEngagementFormula } from './formula';
export { computeSessionMetrics } from './compute';
export {
  computeSessionHeadline,
  type LearnerKindCount,
  type LearnerKindCountColumns,
} from './headline';
export { computeSessionPurchases, type SessionPurchases } from './purchases-only';
export {
  COMPARED_METRICS,
  compareWithEarlier,
  type HistoryComparison,
  type MetricComparison,
} from './compare';
