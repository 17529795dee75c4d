import { z } from 'zod';
import { CurrencyCode, EpochMs } from '../model/domain';
import { CourseId, LearnerId } from '../model/ids';
import { JobId } from './analytics-scalars';

/**
 * High-value learners (issue #15 §5): the learners with the highest predicted 12-month value
 * (BG/NBD × Gamma-Gamma, as analytics.customers predicts it) who do not yet own the next course
 * of a series they are taking (the catalogue's series order), each with the reason in words.
 * `analytics.highValue` runs in the analytics worker like the other analytics methods (a named
 * `jobId` can be followed and cancelled). `followUps.highValueExport` is the list as a file's
 * rows: contacts only of learners who agreed to follow-ups, as the follow-up mail merge.
 * Spread into `studioMethods`.
 */

export const HIGH_VALUE_DEFAULT = 20;
export const HIGH_VALUE_MAX = 500;

const Count = z.number().int().nonnegative();
const Limit = z.number().int().min(1).max(HIGH_VALUE_MAX).default(HIGH_VALUE_DEFAULT);

export const HighValueLearner = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  /** Predicted value over the next 12 months, minor units of `currency` (rounded). */
  value12Months: z.number().int().nonnegative(),
  expectedPurchases12Months: z.number().nonnegative(),
  series: z.string(),
  ownedCourseId: CourseId,
  ownedCourseTitle: z.string(),
  nextCourseId: CourseId,
  nextCourseTitle: z.string(),
  /** Why the learner is on the list, in the caller's language. */
  reason: z.string(),
  consentFollowUp: z.boolean(),
  hasEmail: z.boolean(),
  hasPhone: z.boolean(),
});
export type HighValueLearner = z.infer<typeof HighValueLearner>;

export const HighValueList = z.object({
  computedAt: EpochMs,
  /** The currency of the values; null without paid orders. */
  currency: CurrencyCode.nullable(),
  /** False when the repeat-purchase models could not be fitted: the list is then empty. */
  modelFitted: z.boolean(),
  /** Learners who qualify; `rows` holds the first `limit`. */
  total: Count,
  rows: z.array(HighValueLearner),
});
export type HighValueList = z.infer<typeof HighValueList>;

export const HighValueExportRow = HighValueLearner.extend({
  /** Only for a learner who agreed to follow-ups; null otherwise. */
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type HighValueExportRow = z.infer<typeof HighValueExportRow>;

export const highValueMethods = {
  'analytics.highValue': {
    input: z.object({ limit: Limit, jobId: JobId.optional() }).strict(),
    output: HighValueList.extend({ jobId: JobId }),
  },
  'followUps.highValueExport': {
    input: z.object({ limit: Limit }).strict(),
    output: z.object({
      currency: CurrencyCode.nullable(),
      rows: z.array(HighValueExportRow),
      /** Rows without contacts because the learner did not agree to follow-ups. */
      withoutConsent: Count,
    }),
  },
} as const;
