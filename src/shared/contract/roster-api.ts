import { z } from 'zod';
import { LearnerId } from '../model/ids';
import { ImportProblem } from './import-problems';
import { IMPORT_BYTES_MAX, IMPORT_TEXT_MAX_CHARS } from './analytics-api';

/**
 * Learner roster import (Library → Learners → Import roster): a platform's or a class list's
 * learners (name, email, phone, platform id, consent flags) from CSV/XLSX, read by the order
 * import's reader (encodings, caps, physical line numbers). Each row is merged with the learner
 * who holds its normalised email, phone or platform id (in that order), or becomes a new learner.
 * Nothing is overwritten: a contact held by another learner, a second email/phone/platform id for
 * a learner who has one, or consent the learner declined in the studio is a conflict, reported
 * with its line (an email/phone held by another learner also becomes a contact conflict to decide
 * in Library → Learners). Consent withdrawn in the file is honoured. A name is never changed.
 * Re-importing the same file changes nothing. Spread into `studioMethods` and `studioEvents`.
 */

export const ROSTER_FIELDS = [
  'name',
  'email',
  'phone',
  'platformId',
  'consentFollowUp',
  'consentLinkPurchases',
] as const;
export const RosterField = z.enum(ROSTER_FIELDS);
export type RosterField = z.infer<typeof RosterField>;

/** Field → 0-based column of the header row; null: not imported. Missing fields are detected. */
export const RosterMapping = z
  .object(
    Object.fromEntries(
      ROSTER_FIELDS.map((f) => [f, z.number().int().min(0).max(16_383).nullable().optional()]),
    ) as Record<RosterField, z.ZodOptional<z.ZodNullable<z.ZodNumber>>>,
  )
  .strict();
export type RosterMapping = z.infer<typeof RosterMapping>;

/** At most this many bad rows and conflicts are listed in a result (all are counted). */
export const ROSTER_ISSUES_LISTED = 1_000;

const Count = z.number().int().nonnegative();

const rosterFile = {
  fileName: z.string().trim().min(1).max(260),
  text: z.string().min(1).max(IMPORT_TEXT_MAX_CHARS).optional(),
  bytes: z
    .instanceof(Uint8Array)
    .refine((b) => b.byteLength > 0 && b.byteLength <= IMPORT_BYTES_MAX, {
      message: `1 byte to ${String(IMPORT_BYTES_MAX / 1024 / 1024)} MB`,
    })
    .optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
  mapping: RosterMapping.optional(),
  /** Country code added to national phone numbers (`86`); none: national numbers stay digits. */
  defaultCountryCode: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, 'a country code is 1 to 3 digits')
    .optional(),
};
const oneSource = (input: { text?: unknown; bytes?: unknown }): boolean =>
  (input.text === undefined) !== (input.bytes === undefined);
const oneSourceMessage = { message: 'give exactly one of text or bytes', path: ['bytes'] };

export const RosterRowPreview = z.object({
  line: Count,
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  platformId: z.string().nullable(),
  consentFollowUp: z.boolean().nullable(),
  consentLinkPurchases: z.boolean().nullable(),
  /** Why the row cannot be imported; empty when it can. */
  problems: z.array(z.string()),
  /** The same as codes and parameters, said in the studio's language. */
  reasons: z.array(ImportProblem),
});
export type RosterRowPreview = z.infer<typeof RosterRowPreview>;

export const RosterPreview = z.object({
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  headerLine: Count.nullable(),
  /** The header row's cells (cut to 80 characters). */
  header: z.array(z.string()),
  /** The mapping in use: detected from the header, then the caller's choices. */
  columns: z.record(RosterField, z.number().int().nonnegative().nullable()),
  rows: z.array(RosterRowPreview),
  /** Why the file cannot be imported as it is mapped (no identity column), or null. */
  problem: z.string().nullable(),
  problemReason: ImportProblem.nullable(),
});
export type RosterPreview = z.infer<typeof RosterPreview>;

export const RosterConflict = z.object({
  line: Count,
  learnerId: LearnerId,
  displayName: z.string(),
  field: z.enum(['email', 'phone', 'platformId', 'consentFollowUp', 'consentLinkPurchases']),
  /**
   * `held-by-other`: another learner holds the file's value (a contact conflict is opened for
   * email and phone); `different-value`: the learner has another one, kept; `consent-declined`:
   * the learner declined in the studio, the file's consent is not applied.
   */
  problem: z.enum(['held-by-other', 'different-value', 'consent-declined']),
  /** The other learner, for `held-by-other`. */
  other: z.object({ learnerId: LearnerId, displayName: z.string() }).nullable(),
});
export type RosterConflict = z.infer<typeof RosterConflict>;

export const RosterResult = z.object({
  rowsRead: Count,
  created: Count,
  merged: Count,
  unchanged: Count,
  /** Rows with at least one conflict (what they could add without one was added). */
  conflicted: Count,
  bad: Count,
  conflicts: z.array(RosterConflict),
  badRows: z.array(
    z.object({ line: Count, problems: z.array(z.string()), reasons: z.array(ImportProblem) }),
  ),
});
export type RosterResult = z.infer<typeof RosterResult>;

export const rosterMethods = {
  'roster.preview': {
    input: z
      .object({ ...rosterFile, rows: z.number().int().min(1).max(100).default(10) })
      .strict()
      .refine(oneSource, oneSourceMessage),
    output: RosterPreview,
  },
  'roster.import': {
    input: z
      .object({
        ...rosterFile,
        /** Which platform the platform ids belong to (learner_identities.platform). */
        platform: z.string().trim().min(1).max(40).optional(),
      })
      .strict()
      .refine(oneSource, oneSourceMessage),
    output: RosterResult,
  },
} as const;

export const rosterEvents = {
  'roster.imported': z.object({ created: Count, merged: Count, conflicted: Count }),
} as const;
