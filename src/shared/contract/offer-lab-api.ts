import { z } from 'zod';
import { CurrencyCode, EpochMs } from '../model/domain';
import { CourseId, SessionId } from '../model/ids';
import { Money } from './analytics-api';
import { LiveOffer } from './live-api';

// Offer experiments (A/B: an offer with 2–4 variants, viewers split by a stored seed) and personal
// offers ("recommended for you": each viewer's own next course), issue #15.

export const OfferVariantInput = z
  .object({
    label: z.string().trim().min(1).max(40),
    /** Default: the course's price. */
    priceMinor: z.number().int().nonnegative().optional(),
    /** Default: none (each variant says its own coupon). */
    couponCode: z.string().trim().min(1).max(40).optional(),
    /** The variant's wording, shown above the course title. */
    headline: z.string().trim().min(1).max(120).optional(),
    /** Timing: when this variant's offer ends (default: the offer's end, if any). */
    endsAt: EpochMs.optional(),
  })
  .strict();
export type OfferVariantInput = z.infer<typeof OfferVariantInput>;

/** One rate of one variant against the first (the control), with its test. */
export const VariantComparison = z.object({
  /** The variant compared with variant 0. */
  idx: z.number().int().positive(),
  metric: z.enum(['click', 'purchase']),
  /**
   * apart: p < 0.05; notYet: not yet (moreViewers: roughly how many more viewers it takes at the
   * observed rates for 80% power, null when no difference was seen at all); noData: a variant
   * reached nobody.
   */
  verdict: z.enum(['apart', 'notYet', 'noData']),
  rateA: z.number().nullable(),
  rateB: z.number().nullable(),
  difference: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  pValue: z.number().nullable(),
  moreViewers: z.number().int().nonnegative().nullable(),
});
export type VariantComparison = z.infer<typeof VariantComparison>;

export const VariantFunnel = z.object({
  idx: z.number().int().nonnegative(),
  label: z.string(),
  priceMinor: z.number().int().nonnegative(),
  couponCode: z.string().nullable(),
  headline: z.string().nullable(),
  endsAt: EpochMs.nullable(),
  /** Learners shown this variant. */
  reached: z.number().int().nonnegative(),
  clicks: z.number().int().nonnegative(),
  clickers: z.number().int().nonnegative(),
  orders: z.number().int().nonnegative(),
  buyers: z.number().int().nonnegative(),
  revenue: z.array(Money),
});
export type VariantFunnel = z.infer<typeof VariantFunnel>;

export const OfferExperimentReport = z.object({
  offerId: z.number().int().positive(),
  title: z.string(),
  currency: CurrencyCode,
  pushedAt: EpochMs,
  seed: z.string(),
  variants: z.array(VariantFunnel),
  comparisons: z.array(VariantComparison),
});
export type OfferExperimentReport = z.infer<typeof OfferExperimentReport>;

/** A personal offer's funnel per course shown (the general offer is the row with general: true). */
export const PersonalCourseFunnel = z.object({
  courseId: z.number().int().positive().nullable(),
  title: z.string(),
  general: z.boolean(),
  reached: z.number().int().nonnegative(),
  clicks: z.number().int().nonnegative(),
  clickers: z.number().int().nonnegative(),
  orders: z.number().int().nonnegative(),
  buyers: z.number().int().nonnegative(),
  revenue: z.array(Money),
});
export type PersonalCourseFunnel = z.infer<typeof PersonalCourseFunnel>;

export const PersonalOfferReport = z.object({
  offerId: z.number().int().positive(),
  pushedAt: EpochMs,
  courses: z.array(PersonalCourseFunnel),
});
export type PersonalOfferReport = z.infer<typeof PersonalOfferReport>;

/** A class's offer experiments and personal offers (report.offerLab; also in exported reports). */
export const OfferLabReport = z.object({
  attributionWindowDays: z.number().int().positive(),
  experiments: z.array(OfferExperimentReport),
  personal: z.array(PersonalOfferReport),
});
export type OfferLabReport = z.infer<typeof OfferLabReport>;

export const offerLabMethods = {
  'offer.pushExperiment': {
    input: z
      .object({
        sessionId: SessionId,
        courseId: CourseId,
        checkoutUrl: z.url().max(2_000).optional(),
        endsAt: EpochMs.optional(),
        stock: z.number().int().nonnegative().optional(),
        /** The split's seed (default: a new random one); stored with the offer. */
        seed: z.string().trim().min(1).max(64).optional(),
        variants: z.array(OfferVariantInput).min(2).max(4),
      })
      .strict(),
    output: LiveOffer,
  },
  'offer.pushPersonal': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: LiveOffer,
  },
  'report.offerLab': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: OfferLabReport,
  },
} as const;
