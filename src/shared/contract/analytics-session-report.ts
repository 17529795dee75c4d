import { z } from 'zod';
import { CurrencyCode, EpochMs } from '../model/domain';
import { CourseId, LearnerId, SessionId } from '../model/ids';
import { Count, EngagementKind, JobId, Money, Num, RowId, Share } from './analytics-scalars';

// ---------------------------------------------------------------------------------------------
// report.session
// Part of the analytics contract; analytics-api.ts re-exports it.
// ---------------------------------------------------------------------------------------------

const Contribution = z.object({
  count: Count,
  counted: Count,
  weight: Num,
  points: Num,
  part: Num,
});

export const ViewerScore = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  score: Num,
  watchedMs: Count,
  watchPart: Num,
  interactionPart: Num,
  /** Only the kinds the viewer used. */
  interactions: z.partialRecord(EngagementKind, Contribution),
});
export type ViewerScore = z.infer<typeof ViewerScore>;

const Moment = z.object({
  at: EpochMs,
  kind: z.string(),
  subjectId: RowId,
  title: z.string(),
});

const MinuteRow = z.object({
  index: Count,
  startAt: EpochMs,
  endAt: EpochMs,
  present: Count,
  averageConcurrency: Num,
  joined: Count,
  left: Count,
  stayedToNext: Share,
  shareOfViewers: Share,
  shareOfArrived: Share,
});

const FunnelCounts = z.object({
  audience: Count,
  reached: Count,
  clicks: Count,
  clickers: Count,
  orders: Count,
  directOrders: Count,
  matchedOrders: Count,
  buyers: Count,
  revenue: z.array(Money),
  clickRate: Share,
  conversionRate: Share,
});

const MetricComparison = z.object({
  metric: z.string(),
  better: z.enum(['higher', 'lower']),
  value: Num.nullable(),
  previous: Num.nullable(),
  changeFromPrevious: Num.nullable(),
  earlierMean: Num.nullable(),
  changeFromMean: Num.nullable(),
  relativeChangeFromMean: Num.nullable(),
  rank: Count.nullable(),
  rankedAmong: Count,
});

/** The headline numbers one class is compared on (session-metrics.ts SessionHeadline). */
export const SessionHeadline = z.looseObject({
  sessionId: SessionId,
  startedAt: EpochMs,
  durationMs: Count,
  uniqueViewers: Count,
  peakConcurrency: Count,
  averageConcurrency: Num,
  averageWatchMs: Num.nullable(),
  medianWatchMs: Num.nullable(),
  averageWatchShare: Share,
  interactions: Count,
  interactionsPerViewer: Num.nullable(),
  averageEngagement: Num.nullable(),
  questions: Count,
  answeredShare: Share,
  pollParticipation: Share,
  quizCorrectShare: Share,
  offerReached: Count,
  offerClickRate: Share,
  offerBuyers: Count,
  offerConversionRate: Share,
  attributedOrders: Count,
  revenue: z.array(Money),
  /** Of the viewers who had bought before the class, the share who bought through it. */
  repurchaseRate: Share,
});

export const SessionReport = z.object({
  jobId: JobId,
  session: z.object({
    id: SessionId,
    title: z.string(),
    courseId: CourseId.nullable(),
    courseTitle: z.string().nullable(),
    startedAt: EpochMs,
    endedAt: EpochMs,
    durationMs: Count,
    /** Length of one bucket of the per-minute series. */
    bucketMs: RowId,
  }),
  headline: SessionHeadline,
  audience: z.object({
    uniqueViewers: Count,
    peakConcurrency: Count,
    peakAt: EpochMs.nullable(),
    averageConcurrency: Num,
    totalWatchMs: Count,
    averageWatchMs: Num.nullable(),
    medianWatchMs: Num.nullable(),
    averageWatchShare: Share,
    /** Concurrency and retention per minute. */
    perMinute: z.array(MinuteRow),
  }),
  /** The minutes where concurrency fell most, with what happened just before. */
  dropOffs: z.array(
    z.looseObject({
      bucket: Count,
      startAt: EpochMs,
      endAt: EpochMs,
      before: Count,
      after: Count,
      fall: Count,
      fallShare: Num,
      moments: z.array(Moment),
      interactions: z.record(z.string(), Count),
      questionsAnswered: Count,
    }),
  ),
  engagement: z.object({
    formula: z.object({
      terms: z.array(z.object({ term: z.string(), weight: Num, cap: Count.nullable() })),
      denominator: z.literal('session_minutes'),
      /** The formula in words (English). */
      text: z.string(),
    }),
    averageScore: Num.nullable(),
    medianScore: Num.nullable(),
    /** Viewers per score band, lowest band first (bands of equal width from 0). */
    distribution: z.array(z.object({ from: Num, to: Num, viewers: Count })),
    /** The highest scores. */
    topContributors: z.array(ViewerScore),
    /** Viewers with no scored interaction at all: how many, and the longest watchers of them. */
    silentViewers: z.object({ count: Count, longestWatching: z.array(ViewerScore) }),
    /** Every viewer, highest score first: the page asked for. */
    viewers: z.object({ total: Count, offset: Count, rows: z.array(ViewerScore) }),
  }),
  timeline: z.object({
    bucketMs: RowId,
    kinds: z.array(z.string()),
    series: z.record(z.string(), z.array(Count)),
    total: z.array(Count),
    inClass: Count,
    beforeClass: Count,
    afterClass: Count,
    fromNonViewers: Count,
  }),
  polls: z.array(
    z.looseObject({
      runId: RowId,
      pollId: RowId,
      kind: z.enum(['poll', 'quiz']),
      question: z.string(),
      eligible: Count,
      voters: Count,
      participation: Share,
      medianResponseMs: Num.nullable(),
      options: z.array(
        z.object({
          index: Count,
          text: z.string(),
          votes: Count,
          share: Share,
          correct: z.boolean().nullable(),
        }),
      ),
      quiz: z
        .object({ correctVoters: Count, correctShare: Share, averageScore: Num.nullable() })
        .nullable(),
    }),
  ),
  questions: z.looseObject({
    asked: Count,
    answered: Count,
    dismissed: Count,
    open: Count,
    pinned: Count,
    hidden: Count,
    answeredShare: Share,
    medianTimeToAnswerMs: Num.nullable(),
    topUpvoted: z.array(z.looseObject({ id: RowId, text: z.string(), upvotes: Count })),
    /** At most 50, most upvoted first. */
    unanswered: z.array(z.looseObject({ id: RowId, text: z.string(), upvotes: Count })),
  }),
  funnel: z.object({
    attributionWindowDays: Num,
    total: FunnelCounts,
    offers: z.array(
      FunnelCounts.extend({
        offerId: RowId,
        title: z.string(),
        courseId: CourseId.nullable(),
        pushedAt: EpochMs,
        priceMinor: Count,
        currency: CurrencyCode,
      }),
    ),
    courseBuyers: z.object({ buyers: Count, orders: Count, revenue: z.array(Money) }).nullable(),
  }),
  /**
   * What the viewers bought (session-metrics.ts AttendeePurchases): before the class (a paid
   * order placed before it started) and through it (an order attributed to one of its offers, or
   * for its course within the attribution window); the rates are shares of those groups.
   */
  purchases: z.object({
    attendees: Count,
    boughtBefore: Count.nullable(),
    boughtNow: Count,
    repeatBuyers: Count.nullable(),
    newBuyers: Count.nullable(),
    repurchaseRate: Share,
    firstPurchaseRate: Share,
  }),
  /**
   * Against the same course's earlier classes (`scope: 'course'`), or, when the course has none,
   * the workspace's earlier classes of any course (`scope: 'workspace'`).
   */
  comparison: z.object({
    scope: z.enum(['course', 'workspace']),
    earlierClasses: Count,
    previousSessionId: SessionId.nullable(),
    metrics: z.array(MetricComparison),
  }),
});
export type SessionReport = z.infer<typeof SessionReport>;
