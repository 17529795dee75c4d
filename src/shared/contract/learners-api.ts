import { z } from 'zod';
import { EpochMs } from '../model/domain';
import { LearnerId, SessionId } from '../model/ids';

/**
 * Data-subject requests about one learner. Spread into `studioMethods` and `studioEvents`
 * (studio-api.ts).
 *
 * - `learner.export`: everything the workspace database holds about the learner, as a JSON
 *   document (storage/learner-data.ts): every row of every table that is theirs — the learner
 *   row, their identities INCLUDING email and phone (it is their own data, for them), presence,
 *   events, chat, questions, votes, answers, reactions, check-ins, clicks, bans, orders with their
 *   lines — and their part of shared records (lottery entries, moderation decisions about them,
 *   import issues about their orders). The only method that returns contact details.
 * - `learner.delete`: removes all of it in one transaction, so that they vanish from every report,
 *   and keeps a tombstone without their id. The caller repeats the learner's display name
 *   (`confirmName`), as the studio's confirmation dialog makes the educator type it. Refused
 *   (CONFLICT) while they are in a class that is still open or while an order import runs.
 * - `learner.conflicts`: contact details typed into the viewer page are unverified claims (never
 *   identities that link orders): the open claims the educator must decide on — someone else
 *   holds the address or number (from an import, or a claim the educator confirmed), or another
 *   learner claims it too. Contact details are masked (`j•••@example.com`, `•••1234`).
 * - `learner.resolveConflict`: `same-person` merges the claimant into the learner who holds the
 *   value (their attendance, activity, devices and claims move; refused with CONFLICT while
 *   either is in an open class or an import runs), or, when nobody holds it, gives the value to
 *   the claimant; `not-same-person` rejects the claim (typing it again reopens nothing).
 */

const Count = z.number().int().nonnegative();
/** A stored value: SQLite text, integer or real, or NULL (these tables hold no BLOBs). */
export const StoredValue = z.union([z.string(), z.number(), z.null()]);
export const StoredRow = z.record(z.string(), StoredValue);
export type StoredRow = z.infer<typeof StoredRow>;

export const LearnerDataExport = z.object({
  format: z.literal('encore-studio/learner-data'),
  /** The document's own version (its shape), not the database's. */
  formatVersion: z.literal(1),
  /** The database schema the rows come from (PRAGMA user_version). */
  schemaVersion: Count,
  exportedAt: EpochMs,
  learner: z.object({ id: LearnerId, displayName: z.string() }),
  /** Table name → their rows, as stored (column names as in the database); every table listed. */
  tables: z.record(z.string(), z.array(StoredRow)),
  /** Shared records that mention them (lotteries, moderation_log, import_runs): their part. */
  mentions: z.record(z.string(), z.array(StoredRow)),
});
export type LearnerDataExport = z.infer<typeof LearnerDataExport>;

export const LearnerDeletion = z.object({
  learnerId: LearnerId,
  erasureId: z.number().int().positive(),
  deletedAt: EpochMs,
  /** Table name → rows deleted (theirs, and others' rows that hung off theirs). */
  deleted: z.record(z.string(), Count),
  /** Table name → shared records their mentions were removed from. */
  scrubbed: z.record(z.string(), Count),
  /**
   * Whether the database file was rewritten (VACUUM) so that no remnant of the rows stays in its
   * unused space: not while a class is open (it would hold up the audience's writes); then the
   * next deletion made with no class open does it.
   */
  fileCompacted: z.boolean(),
  /**
   * Exported report files (the workspace's exports folder) of classes they attended, which name
   * them: removed with the rest.
   */
  exportsRemoved: z.array(z.string()),
});
export type LearnerDeletion = z.infer<typeof LearnerDeletion>;

export const ContactConflict = z.object({
  claimId: z.number().int().positive(),
  kind: z.enum(['email', 'phone']),
  /** Masked: `j•••@example.com`, `•••1234`. */
  hint: z.string(),
  claimedAt: EpochMs,
  claimant: z.object({ learnerId: LearnerId, displayName: z.string() }),
  /** The class whose viewer page it was typed into. */
  session: z.object({ id: SessionId, title: z.string() }).nullable(),
  /** The learner who holds the value as an identity, if anyone. */
  holder: z
    .object({
      learnerId: LearnerId,
      displayName: z.string(),
      since: EpochMs,
      orders: Count,
    })
    .nullable(),
  /** Other learners with an open claim on the same value. */
  rivalClaims: Count,
});
export type ContactConflict = z.infer<typeof ContactConflict>;

export const ConflictResolution = z.enum(['same-person', 'not-same-person']);
export type ConflictResolution = z.infer<typeof ConflictResolution>;

export const learnerMethods = {
  'learner.export': {
    input: z.object({ learnerId: LearnerId }).strict(),
    output: LearnerDataExport,
  },
  'learner.delete': {
    input: z
      .object({
        learnerId: LearnerId,
        /** The learner's display name, as typed by the educator to confirm. */
        confirmName: z.string().max(200),
      })
      .strict(),
    output: LearnerDeletion,
  },
  'learner.conflicts': {
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().nonnegative().default(0),
      })
      .strict(),
    output: z.object({ total: Count, conflicts: z.array(ContactConflict) }),
  },
  'learner.resolveConflict': {
    input: z
      .object({ claimId: z.number().int().positive(), resolution: ConflictResolution })
      .strict(),
    output: z.object({
      claimId: z.number().int().positive(),
      status: z.enum(['merged', 'rejected']),
      /** Who holds the value now (merged), or the claimant (rejected). */
      learnerId: LearnerId,
      /** The learner merged away (gone), when a merge happened. */
      mergedLearnerId: LearnerId.nullable(),
    }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const learnerEvents = {
  /** A learner was deleted: lists, reports and open views of them must refresh. */
  'learner.deleted': z.object({ learnerId: LearnerId, deletedAt: EpochMs }),
  /** A contact conflict was resolved (a merge removes `mergedLearnerId`): lists must refresh. */
  'learner.conflictResolved': z.object({
    claimId: z.number().int().positive(),
    learnerId: LearnerId,
    mergedLearnerId: LearnerId.nullable(),
  }),
} as const satisfies Record<string, z.ZodType>;
