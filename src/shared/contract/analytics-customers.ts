import { z } from 'zod';
import { CurrencyCode, EpochMs, Language } from '../model/domain';
import { CourseId, LearnerId } from '../model/ids';
import { Count, JobId, Num, RowId, Share } from './analytics-scalars';

// ---------------------------------------------------------------------------------------------
// analytics.customers
// Part of the analytics contract; analytics-api.ts re-exports it.
// ---------------------------------------------------------------------------------------------

const Stat = z.object({ mean: Num, median: Num, min: Num, max: Num });

const RepurchaseRate = z.object({ eligible: Count, repurchased: Count, rate: Share });

export const Insight = z.object({
  id: z.string(),
  template: z.enum(['higher-rate', 'only-with', 'lower-rate']),
  behaviour: z.string(),
  outcome: z.string(),
  numbers: z.object({
    rateWith: Num,
    rateWithout: Num,
    ratio: Num.nullable(),
    differencePoints: Num,
    z: Num,
    pValue: Num,
  }),
  support: z.object({ with: Count, withOutcome: Count, without: Count, withoutOutcome: Count }),
  /** The finding as a sentence in the caller's language. */
  text: z.string(),
});

/**
 * Segments fitted on a sample of `size` of the `of` learners (the rest placed in the nearest
 * segment): the mean silhouette of the fitting sample and of a second, disjoint sample states the
 * error of doing so. null where the report has it: fitted on every learner.
 */
export const SegmentFitSample = z.object({
  size: Count,
  of: Count,
  silhouette: Num,
  heldOutSize: Count,
  heldOutSilhouette: Num.nullable(),
});

export const SegmentTrait = z.object({
  feature: z.string(),
  direction: z.enum(['high', 'low']),
  z: Num,
});

export const SegmentSummary = z.object({
  index: Count,
  size: Count,
  share: Num,
  centroid: z.record(z.string(), Num),
  traits: z.array(SegmentTrait),
  /** The traits in words (English phrase table). */
  description: z.string(),
});

export const LearnerValue = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  /** Repeat purchase days, recency and age in weeks (rfm.ts). */
  x: Count,
  tX: Num,
  T: Num,
  probabilityAlive: Num,
  /** Expected repeat purchase days within `horizonDays`. */
  expectedPurchases: Num,
  /** Predicted value within `horizonDays` and within 365 days, minor units of `currency`. */
  value: Num,
  value12Months: Num,
});

export const CustomersReport = z.object({
  jobId: JobId,
  computedAt: EpochMs,
  /** Money figures are in this currency (the one most orders use); null with no orders. */
  currency: CurrencyCode.nullable(),
  /** Why a part is missing or partial ("no repeat purchases yet", "12 orders in USD left out"). */
  notes: z.array(z.string()),
  rfm: z.object({
    customers: Count,
    calibrationEnd: EpochMs,
    timeUnitDays: RowId,
    x: Stat.nullable(),
    tX: Stat.nullable(),
    T: Stat.nullable(),
    /** Mean repeat spend in major units, over repeat customers. */
    zbar: Stat.nullable(),
    monetaryTotalMinor: Stat.nullable(),
    /** How many customers have each RFM score code ('555'…), most common first. */
    scoreCodes: z.array(z.object({ code: z.string(), customers: Count })),
  }),
  bgnbd: z
    .object({
      params: z.object({ r: Num, alpha: Num, a: Num, b: Num }),
      logLikelihood: Num,
      customers: Count,
      converged: z.boolean(),
    })
    .nullable(),
  gammaGamma: z
    .object({
      params: z.object({ p: Num, q: Num, gamma: Num }),
      logLikelihood: Num,
      customers: Count,
      converged: z.boolean(),
    })
    .nullable(),
  predictions: z
    .object({
      horizonDays: RowId,
      customers: Count,
      /** Sum of the predicted values over every customer. */
      totalValue: Num,
      totalValue12Months: Num,
      /** Highest 12-month value first. */
      top: z.array(LearnerValue),
    })
    .nullable(),
  repurchase: z
    .object({
      endDay: z.string(),
      buyers: Count,
      windows: z.array(
        z.object({
          windowDays: RowId,
          overall: RepurchaseRate,
          byFirstCourse: z.array(RepurchaseRate.extend({ courseId: CourseId, title: z.string() })),
          byFirstMonth: z.array(RepurchaseRate.extend({ month: z.string() })),
          tooRecent: Count,
        }),
      ),
      timeToSecondPurchase: z.looseObject({
        buyers: Count,
        repeatBuyers: Count,
        medianDays: Num.nullable(),
        meanDays: Num.nullable(),
      }),
    })
    .nullable(),
  cohorts: z
    .object({
      endDay: z.string(),
      endMonthComplete: z.boolean(),
      months: Count,
      cohorts: z.array(
        z.object({
          cohort: z.string(),
          size: Count,
          buyers: z.array(Count.nullable()),
          share: z.array(Share),
          revenueMinor: z.array(z.number().int().nullable()),
          revenuePerMemberMinor: z.array(Num.nullable()),
        }),
      ),
    })
    .nullable(),
  segments: z
    .object({
      learners: Count,
      k: Count,
      silhouetteByK: z.array(z.object({ k: Count, silhouette: Num.nullable() })),
      fitSample: SegmentFitSample.nullable(),
      segments: z.array(SegmentSummary),
    })
    .nullable(),
  insights: z.array(Insight),
  language: Language,
});
export type CustomersReport = z.infer<typeof CustomersReport>;
