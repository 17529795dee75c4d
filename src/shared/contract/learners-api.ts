import { z } from 'zod';
import { EpochMs } from '../model/domain';
import { LearnerId } from '../model/ids';

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
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const learnerEvents = {
  /** A learner was deleted: lists, reports and open views of them must refresh. */
  'learner.deleted': z.object({ learnerId: LearnerId, deletedAt: EpochMs }),
} as const satisfies Record<string, z.ZodType>;
