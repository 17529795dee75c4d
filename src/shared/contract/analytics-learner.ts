import { z } from 'zod';
import { CurrencyCode, EpochMs, Language } from '../model/domain';
import { CourseId, LearnerId, OrderId, SessionId } from '../model/ids';
import { RfmSegmentName } from './rfm-segment';
import { Count, JobId, Num, RowId } from './analytics-scalars';
import { SegmentTrait } from './analytics-customers';

// ---------------------------------------------------------------------------------------------
// analytics.learner, analytics.propensity, analytics.recommendations
// Part of the analytics contract; analytics-api.ts re-exports it.
// ---------------------------------------------------------------------------------------------

/** How the learner relates to the course a reason names: bought it, or attended its classes. */
const ReasonVia = z.enum(['bought', 'attended']);

/** Why a course is recommended (src/main/analytics/recommend.ts); `text` says it in words. */
export const RecommendationReason = z.discriminatedUnion('kind', [
  /** `together` of the `buyers` learners who bought `courseId` also bought it. */
  z.object({
    kind: z.literal('boughtTogether'),
    courseId: CourseId,
    together: Count,
    buyers: Count,
    via: ReasonVia,
  }),
  /** It comes after `courseId` in the series. */
  z.object({ kind: z.literal('series'), courseId: CourseId, series: z.string(), via: ReasonVia }),
  /** It shares the topic tags `tags` with `courseId`. */
  z.object({
    kind: z.literal('similar'),
    courseId: CourseId,
    tags: z.array(z.string()),
    via: ReasonVia,
  }),
  /** The learner attended its classes, clicked its offer or asked questions in its classes. */
  z.object({ kind: z.literal('live'), classes: Count, offerClicks: Count, questions: Count }),
  z.object({ kind: z.literal('neighbours'), neighboursWhoBought: Count, neighbours: Count }),
  z.object({ kind: z.literal('popular'), buyers: Count }),
  /**
   * The learner watched class `sessionId`'s LAN replay past the moment its offer of the course
   * was pushed (`offerAtS` on the replay timeline) and has not bought it (issue #12).
   */
  z.object({
    kind: z.literal('replayOffer'),
    sessionId: SessionId,
    sessionTitle: z.string(),
    offerAtS: Num,
  }),
]);
export type RecommendationReason = z.infer<typeof RecommendationReason>;

export const CourseRecommendation = z.object({
  courseId: CourseId,
  title: z.string(),
  score: Num,
  reason: RecommendationReason,
  /** The reason as a sentence in the caller's language. */
  text: z.string(),
});

export const LearnerProfile = z.object({
  jobId: JobId,
  learner: z.object({
    id: LearnerId,
    displayName: z.string(),
    firstSeenAt: EpochMs,
    hasEmail: z.boolean(),
    hasPhone: z.boolean(),
    /** Enough to recognise their email and phone by, never the whole: `j•••@example.com`. */
    contactHints: z.array(z.object({ kind: z.enum(['email', 'phone']), hint: z.string() })),
    consent: z.object({
      followUp: z.boolean(),
      linkPurchases: z.boolean(),
      updatedAt: EpochMs.nullable(),
    }),
  }),
  attendance: z.array(
    z.object({
      sessionId: SessionId,
      title: z.string(),
      courseId: CourseId.nullable(),
      startedAt: EpochMs,
      watchedMs: Count,
      /** This learner's engagement score in that class (default weights). */
      engagementScore: Num,
      interactions: Count,
    }),
  ),
  questions: z.array(
    z.object({
      id: RowId,
      sessionId: SessionId,
      text: z.string(),
      askedAt: EpochMs,
      status: z.enum(['open', 'answered', 'dismissed']),
    }),
  ),
  purchases: z.array(
    z.object({
      orderId: OrderId,
      source: z.string(),
      orderedAt: EpochMs,
      status: z.enum(['paid', 'partially_refunded', 'refunded', 'cancelled']),
      currency: CurrencyCode,
      totalMinor: Count,
      refundedMinor: Count,
      courses: z.array(z.object({ courseId: CourseId, title: z.string() })),
      /** Every line as sold: the course's title when linked to one, else the line's own. */
      items: z.array(z.object({ title: z.string(), courseId: CourseId.nullable() })),
    }),
  ),
  rfm: z
    .object({
      x: Count,
      tX: Num,
      T: Num,
      zbar: Num,
      monetaryTotalMinor: Count,
      score: z
        .object({ recency: Count, frequency: Count, monetary: Count, code: z.string() })
        .nullable(),
      segment: RfmSegmentName.nullable(),
    })
    .nullable(),
  prediction: z
    .object({
      currency: CurrencyCode,
      probabilityAlive: Num,
      expectedPurchases90Days: Num,
      value90Days: Num,
      value12Months: Num,
    })
    .nullable(),
  segment: z
    .object({
      index: Count,
      /** How many segments the learners were split into. */
      of: Count,
      size: Count,
      share: Num,
      traits: z.array(SegmentTrait),
      /** The traits in words (English phrase table). */
      description: z.string(),
      /** The same in the caller's language. */
      text: z.string(),
    })
    .nullable(),
  recommendations: z.array(CourseRecommendation),
  language: Language,
});
export type LearnerProfile = z.infer<typeof LearnerProfile>;

export const PropensityReport = z.object({
  jobId: JobId,
  courseId: CourseId,
  courseTitle: z.string(),
  learners: Count,
  buyers: Count,
  crossValidation: z.object({
    folds: Count,
    foldAuc: z.array(Num),
    meanAuc: Num,
    pooledAuc: Num,
  }),
  /** Per standard deviation of each feature, strongest link first. */
  oddsRatios: z.array(
    z.object({ feature: z.string(), coefficientPerSd: Num, oddsRatioPerSd: Num, sd: Num }),
  ),
  converged: z.boolean(),
  /** Learners who do not own the course yet, most likely buyers first. */
  top: z.array(z.object({ learnerId: LearnerId, displayName: z.string(), probability: Num })),
});
export type PropensityReport = z.infer<typeof PropensityReport>;

export const FollowUp = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  courseId: CourseId,
  courseTitle: z.string(),
  score: Num,
  reason: RecommendationReason,
  text: z.string(),
  /** Whether the learner agreed to be contacted about courses. */
  consentFollowUp: z.boolean(),
  /** How they can be reached: only for learners who agreed (never the address itself). */
  contact: z.object({ hasEmail: z.boolean(), hasPhone: z.boolean() }).nullable(),
  rfmSegment: RfmSegmentName.nullable(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const FollowUpList = z.object({
  jobId: JobId,
  /** Learners with a recommendation. */
  total: Count,
  offset: Count,
  /** Best first: learners who agreed to follow-up first, then by recommendation score. */
  rows: z.array(FollowUp),
  language: Language,
});
export type FollowUpList = z.infer<typeof FollowUpList>;
