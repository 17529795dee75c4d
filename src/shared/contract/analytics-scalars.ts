import { z } from 'zod';
import { CurrencyCode } from '../model/domain';

/** The scalars the analytics contract files share (re-exported by analytics-api.ts where public). */

export const Count = z.number().int().nonnegative();
export const RowId = z.number().int().positive();
/** A finite number (zod 4 numbers are finite). */
export const Num = z.number();
export const Share = z.number().nullable();

/** Any short id the caller makes up for a job, so that it can cancel it before the answer. */
export const JobId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, 'letters, digits, _ . : -');
export type JobId = z.infer<typeof JobId>;

export const Money = z.object({ currency: CurrencyCode, minor: z.number().int() });
export type Money = z.infer<typeof Money>;

/** The interaction kinds the engagement score weighs (session-metrics.ts INTERACTION_KINDS). */
export const ENGAGEMENT_KINDS = [
  'chat',
  'question',
  'upvote',
  'reaction',
  'poll_vote',
  'hand_raise',
  'check_in',
  'offer_click',
] as const;
export const EngagementKind = z.enum(ENGAGEMENT_KINDS);
export type EngagementKind = z.infer<typeof EngagementKind>;
export const EngagementWeights = z.partialRecord(EngagementKind, z.number().min(0).max(100));

/** Largest page of per-viewer or per-learner rows one call returns. */
export const ANALYTICS_PAGE_MAX = 500;
/** Largest CSV text `imports.preview`/`imports.run` accept inline (`text`), in UTF-16 units. */
export const IMPORT_TEXT_MAX_CHARS = 20 * 1024 * 1024;
/** Largest file `bytes` accepted inline. */
export const IMPORT_BYTES_MAX = 50 * 1024 * 1024;
/** Issues (rejected rows, warnings) an import answer lists; the run record keeps up to 1,000. */
export const IMPORT_ISSUES_SHOWN = 200;

export const pageLimit = (fallback: number) =>
  z.number().int().min(1).max(ANALYTICS_PAGE_MAX).default(fallback);
export const pageOffset = z.number().int().nonnegative().default(0);
