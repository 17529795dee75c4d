import { z } from 'zod';
import { EpochMs, WorkspaceName } from '../model/domain';
import { JobId } from './analytics-api';

/**
 * Workspace backups (src/main/backup/README.md): one `.encore-backup` file per backup, taken with
 * SQLite's online backup API (consistent during a live class), optionally with the recording
 * files; a restore always creates a new workspace. Backups of the open workspace are kept in
 * `<data dir>/backups/<workspace>/`; an automatic one is taken daily and the newest `keep`
 * automatic ones are kept. One backup or restore runs at a time; `backup.progress` events carry
 * the caller's `jobId`, which `backup.cancel` takes. Spread into `studioMethods`.
 */

export const BackupSettings = z.object({
  /** Take an automatic backup of the open workspace once a day. */
  daily: z.boolean(),
  /** How many automatic backups to keep per workspace (the oldest go first). */
  keep: z.number().int().min(1).max(100),
});
export type BackupSettings = z.infer<typeof BackupSettings>;

export const BackupInfo = z.object({
  fileName: z.string(),
  /** Where the studio's machine keeps it. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Read from the file's manifest; null when the file is damaged (see `problem`). */
  createdAt: EpochMs.nullable(),
  workspace: z.string().nullable(),
  appVersion: z.string().nullable(),
  schemaVersion: z.number().int().nullable(),
  automatic: z.boolean(),
  includesRecordings: z.boolean(),
  tables: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  /** Why this file cannot be restored, when it cannot. */
  problem: z.string().nullable(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const BackupProgress = z.object({
  jobId: JobId,
  kind: z.enum(['backup', 'restore']),
  phase: z.enum(['snapshot', 'verify', 'write', 'recordings', 'done']),
  /** Share of the current phase done, 0..1. */
  fraction: z.number().min(0).max(1),
});
export type BackupProgress = z.infer<typeof BackupProgress>;

export const RestoreResult = z.object({
  workspace: WorkspaceName,
  tables: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  recordings: z.number().int().nonnegative(),
});
export type RestoreResult = z.infer<typeof RestoreResult>;

export const backupMethods = {
  'workspace.backup': {
    input: z
      .object({ includeRecordings: z.boolean().default(false), jobId: JobId.optional() })
      .strict(),
    output: BackupInfo,
  },
  'workspace.backups': {
    input: z.object({}).strict(),
    output: z.object({ dir: z.string(), backups: z.array(BackupInfo) }),
  },
  'workspace.restore': {
    input: z
      .object({
        /** A path on the studio's machine: a listed backup, or a file copied there. */
        path: z.string().min(1).max(4096),
        jobId: JobId.optional(),
      })
      .strict(),
    output: RestoreResult,
  },
  'backup.cancel': {
    input: z.object({ jobId: JobId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'backup.settings': { input: z.object({}).strict(), output: BackupSettings },
  'backup.updateSettings': { input: BackupSettings.partial().strict(), output: BackupSettings },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const backupEvents = {
  'backup.progress': BackupProgress,
  /** A backup was written (by hand or automatically): lists reload. */
  'backup.created': BackupInfo,
} as const satisfies Record<string, z.ZodType>;
