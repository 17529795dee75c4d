import { z } from 'zod';
import { CurrencyCode, EpochMs, Language } from '../model/domain';
import { CourseId, LearnerId, SessionId } from '../model/ids';
import { RfmSegmentCounts } from './rfm-segment';
import { Count, JobId, Num, RowId, Share } from './analytics-scalars';
import { Insight, SegmentFitSample, SegmentTrait } from './analytics-customers';
import { FollowUp } from './analytics-learner';

// ---------------------------------------------------------------------------------------------
// report.sessionCustomers
// ---------------------------------------------------------------------------------------------
// (One part of the analytics contract; analytics-api.ts re-exports it.)
//
// The customer sections of a class's report (repurchase and predicted value, segments and
// follow-ups, findings), apart from report.session: they need the workspace's customer models
// (RFM, BG/NBD, Gamma-Gamma, k-means, nearest learners, propensity), which take tens of seconds
// on a workspace of 100,000 learners the first time (then they are reused while the data are
// unchanged), and the class's own report must not wait for them.

/** One attendee of a class: purchases around it, predicted value, next course, segment. */
export const AttendeeValue = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  /** Paid orders placed before the class started (any currency). */
  ordersBefore: Count,
  /** An order attributed to the class (SessionReport.purchases). */
  boughtNow: z.boolean(),
  /**
   * BG/NBD and Gamma-Gamma from today; null for an attendee who never bought in the models'
   * currency (the models describe customers from their first purchase) or without both fits.
   */
  probabilityAlive: Num.nullable(),
  /** Expected repeat purchase days within `horizonDays`. */
  expectedPurchases: Num.nullable(),
  /** Predicted value within `horizonDays` and within 365 days, minor units of `currency`. */
  value: Num.nullable(),
  value12Months: Num.nullable(),
  /** Probability of buying the next course (`nextCourse`); null when they own it or with no model. */
  nextCourseProbability: Num.nullable(),
  ownsNextCourse: z.boolean(),
  /** Index of their segment (`segments`), null when not segmented. */
  segment: Count.nullable(),
});
export type AttendeeValue = z.infer<typeof AttendeeValue>;

/** Attendees by purchase history: bought before and now, before only, now only, neither. */
export const PURCHASE_GROUPS = ['repeat', 'earlier', 'new', 'none'] as const;

export const SessionCustomers = z.object({
  jobId: JobId,
  sessionId: SessionId,
  /** "Today" for the models: predictions run from here. */
  computedAt: EpochMs,
  /** Money figures are in this currency (the one most orders use); null with no orders. */
  currency: CurrencyCode.nullable(),
  /** Why a part is missing or partial. */
  notes: z.array(z.string()),
  attributionWindowDays: Num,
  attendees: Count,
  values: z
    .object({
      horizonDays: RowId,
      /** Attendees the models predict for (those who bought in `currency`). */
      withPrediction: Count,
      /** Sums and means over those attendees. */
      totalValue: Num,
      totalValue12Months: Num,
      meanValue: Num.nullable(),
      meanValue12Months: Num.nullable(),
      meanExpectedPurchases: Num.nullable(),
      meanProbabilityAlive: Num.nullable(),
      groups: z.array(
        z.object({
          group: z.enum(PURCHASE_GROUPS),
          attendees: Count,
          withPrediction: Count,
          meanValue: Num.nullable(),
          meanValue12Months: Num.nullable(),
        }),
      ),
    })
    .nullable(),
  /** The course whose purchase propensity is shown, and why it was chosen. */
  nextCourse: z
    .object({
      courseId: CourseId,
      title: z.string(),
      /**
       * `recommended`: the course most often first in the attendees' recommendations (the class's
       * own course left out); `follow-on`: the next course in the class's course series, when no
       * attendee had a recommendation.
       */
      basis: z.enum(['recommended', 'follow-on']),
      /** Attendees whose first recommendation (besides the class's course) it is. */
      recommendedFirst: Count,
      /** The series it belongs to (for `follow-on`, the one the class's course is in). */
      series: z.string().nullable(),
      owners: Count,
      candidates: Count,
      model: z
        .object({
          learners: Count,
          buyers: Count,
          meanAuc: Num,
          converged: z.boolean(),
          /** Strongest links first (at most 3). */
          oddsRatios: z.array(z.object({ feature: z.string(), oddsRatioPerSd: Num })),
        })
        .nullable(),
      /** Over the candidates (attendees who do not own it). */
      meanProbability: Num.nullable(),
      /** Candidates with a probability of 50% or more. */
      likely: Count,
    })
    .nullable(),
  /** Highest 12-month value first (attendees without a prediction last): the page asked for. */
  attendeeTable: z.object({ total: Count, offset: Count, rows: z.array(AttendeeValue) }),
  segments: z
    .object({
      k: Count,
      /** Learners segmented in the workspace, and attendees among them. */
      learners: Count,
      attendees: Count,
      fitSample: SegmentFitSample.nullable(),
      segments: z.array(
        z.object({
          index: Count,
          size: Count,
          share: Num,
          attendees: Count,
          attendeeShare: Share,
          traits: z.array(SegmentTrait),
          /** The traits in words, English phrase table. */
          description: z.string(),
          /** The same in the caller's language. */
          text: z.string(),
        }),
      ),
    })
    .nullable(),
  rfmSegments: RfmSegmentCounts.nullable(),
  /** The follow-up list restricted to the attendees (as `analytics.recommendations`). */
  followUp: z.object({ total: Count, offset: Count, rows: z.array(FollowUp) }),
  /**
   * Findings (insights.ts) among the learners who attended this course's classes up to this one
   * (`scope: 'course'`), or this class alone when it has no course (`scope: 'class'`).
   */
  insights: z.object({
    scope: z.enum(['course', 'class']),
    classes: Count,
    learners: Count,
    minSupport: Count,
    maxPValue: Num,
    findings: z.array(Insight),
  }),
  language: Language,
});
export type SessionCustomers = z.infer<typeof SessionCustomers>;
