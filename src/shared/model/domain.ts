import { z } from 'zod';
import { CourseId, LearnerId, SessionId } from './ids';

/** Milliseconds since the Unix epoch, UTC. */
export const EpochMs = z.number().int().nonnegative();
/** ISO 4217 code, upper case. Money is always integer minor units plus this code. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter ISO 4217 code');

export const SessionStatus = z.enum(['scheduled', 'live', 'paused', 'ended', 'interrupted']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const Language = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof Language>;

/**
 * A workspace's folder name: 'default' (yours), 'demo', or one a restore created
 * ('default-20260301', 'default-20260301-2'). Lower-case letters, digits and dashes only, so that
 * it is safe as a path segment on every platform.
 */
export const WorkspaceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes (at most 64)');
export type WorkspaceName = z.infer<typeof WorkspaceName>;

export const CourseLevel = z.enum(['beginner', 'intermediate', 'advanced']);
export type CourseLevel = z.infer<typeof CourseLevel>;

export const CourseSummary = z.object({
  id: CourseId,
  title: z.string(),
  series: z.string().nullable(),
  seriesId: z.number().int().positive().nullable(),
  /** The course's place in its series (1-based), null when standalone. */
  seriesPosition: z.number().int().nullable(),
  priceMinor: z.number().int().nonnegative(),
  /** The "was" price shown beside the price, in the same currency. */
  listPriceMinor: z.number().int().nonnegative().nullable(),
  currency: CurrencyCode,
  checkoutUrl: z.string().nullable(),
  couponCodes: z.array(z.string()),
  tags: z.array(z.string()),
  level: CourseLevel.nullable(),
  description: z.string().nullable(),
  /** Changes whenever the cover does (a cache key); null without a cover. */
  coverKey: z.string().nullable(),
  archivedAt: EpochMs.nullable(),
  sessionCount: z.number().int().nonnegative(),
  buyerCount: z.number().int().nonnegative(),
});
export type CourseSummary = z.infer<typeof CourseSummary>;

/** What the studio shows of a learner: never raw contact details, only whether they exist. */
export const LearnerSummary = z.object({
  id: LearnerId,
  displayName: z.string(),
  firstSeenAt: EpochMs,
  hasEmail: z.boolean(),
  hasPhone: z.boolean(),
  consentFollowUp: z.boolean(),
  sessionsAttended: z.number().int().nonnegative(),
  orderCount: z.number().int().nonnegative(),
  /** Net spend (refunds subtracted) per currency; amounts in different currencies never add up. */
  spent: z.array(z.object({ currency: CurrencyCode, minor: z.number().int() })),
  lastOrderAt: EpochMs.nullable(),
});
export type LearnerSummary = z.infer<typeof LearnerSummary>;

export const SessionSummary = z.object({
  id: SessionId,
  title: z.string(),
  courseId: CourseId.nullable(),
  courseTitle: z.string().nullable(),
  status: SessionStatus,
  scheduledAt: EpochMs.nullable(),
  startedAt: EpochMs.nullable(),
  endedAt: EpochMs.nullable(),
  viewerCount: z.number().int().nonnegative(),
  eventCount: z.number().int().nonnegative(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;
