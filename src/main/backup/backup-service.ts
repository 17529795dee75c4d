import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StudioError } from '../../shared/contract';
import type {
  BackupInfo,
  BackupProgress,
  BackupSettings,
  RestoreResult,
} from '../../shared/contract/backup-api';
import type { Clock } from '../kernel/clock';
import { guarded } from '../kernel/guarded';
import type { HealthMonitor } from '../kernel/health';
import type { Logger } from '../kernel/logger';
import { databaseFile, workspaceDir, type Workspace } from '../storage/workspace';
import { LATEST_SCHEMA_VERSION } from '../storage/migrations';
import {
  integrityCheck,
  recordingFiles,
  schemaVersionOf,
  setRecordingPath,
  useRollbackJournal,
} from '../storage/queries/backup';
import { type TableDigest } from '../storage/queries/table-digest';
import { openAsIs } from '../storage/snapshot';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupWriter,
  extractEntry,
  type BackupManifest,
} from './backup-file';
import { asBadInput, describe, digestAll, readBackupManifest } from './backup-inspect';
import {
  parseFileName,
  safeRecordingName,
  uniqueFileName,
  uniqueWorkspaceName,
} from './backup-naming';

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { daily: true, keep: 7 };

/** An automatic backup is due when the newest one of the workspace is older than this. */
export const DAILY_BACKUP_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** How often the timer looks whether one is due (a laptop asleep at the due time catches up). */
export const BACKUP_CHECK_INTERVAL_MS = 15 * 60 * 1000;

/** The first look after the studio starts, once the class it may resume is settled. */
const FIRST_CHECK_DELAY_MS = 60 * 1000;

/** Pages copied per step of SQLite's online backup (1 MiB at 4 KiB pages): short holds of the loop. */
const PAGES_PER_STEP = 256;

export function backupsDir(dataDir: string, workspace: string): string {
  return join(dataDir, 'backups', workspace);
}

interface Job {
  id: string;
  controller: AbortController;
}

export interface BackupServiceDeps {
  dataDir: string;
  workspace: () => Workspace;
  clock: Clock;
  logger: Logger;
  health: HealthMonitor;
  appVersion: string;
  settings: () => BackupSettings;
  emitProgress: (progress: BackupProgress) => void;
  emitCreated: (info: BackupInfo) => void;
  nativeBinding?: string | undefined;
}

/**
 * Owns the workspace backups: one job (backup or restore) at a time, the daily timer and the
 * rotation. See README.md beside this file for the format and the guarantees.
 */
export class BackupService {
  readonly #deps: BackupServiceDeps;
  #job: Job | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  private constructor(deps: BackupServiceDeps) {
    this.#deps = deps;
  }

  static create(deps: BackupServiceDeps): BackupService {
    return new BackupService(deps);
  }

  /** Whether a backup or a restore is running (a workspace switch waits for it). */
  running(): boolean {
    return this.#job !== null;
  }

  cancel(jobId: string): boolean {
    if (this.#job?.id !== jobId) return false;
    this.#job.controller.abort();
    return true;
  }

  /** Starts the daily timer: a first look soon after start, then every BACKUP_CHECK_INTERVAL_MS. */
  start(): void {
    if (this.#timer || this.#closed) return;
    const check = guarded(this.#deps, 'daily backup check', () => {
      if (this.#closed) return;
      void this.runDailyIfDue();
    });
    this.#timer = setTimeout(() => {
      check();
      if (this.#closed) return;
      this.#timer = setInterval(check, BACKUP_CHECK_INTERVAL_MS);
      this.#timer.unref();
    }, FIRST_CHECK_DELAY_MS);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#job?.controller.abort();
  }

  /**
   * Takes the automatic backup when one is due: daily backups on, no job running, and the
   * newest automatic backup of the open workspace older than a day. Never throws: a failure is
   * logged and reported to the studio's health. Says what it did.
   */
  async runDailyIfDue(): Promise<'created' | 'notDue' | 'off' | 'busy' | 'failed'> {
    try {
      if (!this.#deps.settings().daily) return 'off';
      if (this.#job) return 'busy';
      const name = this.#deps.workspace().name;
      const newest = (await this.#listFiles(name)).find((file) => file.automatic);
      if (newest && this.#deps.clock() - newest.createdAt < DAILY_BACKUP_INTERVAL_MS) {
        return 'notDue';
      }
      await this.backup({ includeRecordings: false, automatic: true });
      return 'created';
    } catch (error) {
      if (error instanceof StudioError && error.code === 'CONFLICT') return 'busy';
      try {
        this.#deps.logger.error({ err: error }, 'automatic backup failed');
        this.#deps.health.writeFailed(error);
      } catch {
        // A failing logger must not escape the timer.
      }
      return 'failed';
    }
  }

  async backup(options: {
    includeRecordings: boolean;
    automatic?: boolean;
    jobId?: string;
  }): Promise<BackupInfo> {
    const job = this.#begin(options.jobId);
    const { signal } = job.controller;
    const workspace = this.#deps.workspace();
    const automatic = options.automatic ?? false;
    const dir = backupsDir(this.#deps.dataDir, workspace.name);
    const progress = (phase: BackupProgress['phase'], fraction: number): void =>
      this.#deps.emitProgress({ jobId: job.id, kind: 'backup', phase, fraction });
    const snapshotFile = join(dir, `.snapshot-${randomBytes(6).toString('hex')}.db`);
    let partial: string | null = null;
    let writer: BackupWriter | null = null;
    try {
      await mkdir(dir, { recursive: true });
      // SQLite's online backup API, in steps between which the studio keeps serving the class.
      // Writes through this same connection between steps are copied into the snapshot as they
      // commit (SQLite updates the destination); a write through another connection restarts the
      // copy. Either way the file is the database as of the last step: each transaction all in
      // or all out.
      await workspace.db.backup(snapshotFile, {
        progress: ({ totalPages, remainingPages }) => {
          signal.throwIfAborted();
          progress('snapshot', totalPages === 0 ? 0 : 1 - remainingPages / totalPages);
          return PAGES_PER_STEP;
        },
      });
      // Emitted in the same turn as the last step (no write can land in between): a listener
      // sees the live database exactly as the snapshot holds it.
      progress('snapshot', 1);
      signal.throwIfAborted();
      const createdAt = this.#deps.clock();
      const snapshot = await this.#inspectSnapshot(
        snapshotFile,
        workspace.dir,
        options.includeRecordings,
        signal,
        (fraction) => progress('verify', fraction),
      );
      const fileName = uniqueFileName(dir, workspace.name, createdAt, automatic);
      partial = join(dir, `.${fileName}.partial`);
      writer = await BackupWriter.create(partial);
      const snapshotBytes = (await stat(snapshotFile)).size;
      const total =
        snapshotBytes + snapshot.recordings.reduce((sum, recording) => sum + recording.size, 0);
      let written = 0;
      const onBytes = (bytes: number): void => {
        written += bytes;
        progress('write', total === 0 ? 1 : written / total);
      };
      await writer.add(
        { kind: 'database', name: 'encore.db', source: snapshotFile, size: snapshotBytes },
        { signal, onBytes },
      );
      for (const recording of snapshot.recordings) {
        await writer.add({ kind: 'recording', ...recording }, { signal, onBytes });
      }
      await writer.finish({
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        appVersion: this.#deps.appVersion,
        schemaVersion: snapshot.schemaVersion,
        createdAt,
        workspace: workspace.name,
        workspaceDir: workspace.dir,
        automatic,
        includesRecordings: options.includeRecordings,
        tables: snapshot.tables,
      });
      writer = null;
      const finalPath = join(dir, fileName);
      await rename(partial, finalPath);
      partial = null;
      if (automatic) await this.rotate(workspace.name, this.#deps.settings().keep);
      const info = await describe(finalPath);
      progress('done', 1);
      this.#deps.emitCreated(info);
      this.#deps.logger.info({ file: finalPath, automatic }, 'workspace backed up');
      return info;
    } catch (error) {
      if (signal.aborted) throw new StudioError('CONFLICT', 'cancelled: the backup was stopped');
      throw error;
    } finally {
      await writer?.abandon();
      if (partial) await rm(partial, { force: true });
      for (const suffix of ['', '-journal', '-wal', '-shm']) {
        await rm(`${snapshotFile}${suffix}`, { force: true });
      }
      this.#end(job);
    }
  }

  /** Deletes the oldest automatic backups of `workspace` beyond `keep`; returns what it deleted. */
  async rotate(workspace: string, keep: number): Promise<string[]> {
    const automatic = (await this.#listFiles(workspace)).filter((file) => file.automatic);
    const removed: string[] = [];
    for (const file of automatic.slice(keep)) {
      await rm(file.path, { force: true });
      removed.push(file.path);
    }
    return removed;
  }

  /** The open workspace's backups, newest first, each read from its own manifest. */
  async list(): Promise<{ dir: string; backups: BackupInfo[] }> {
    const name = this.#deps.workspace().name;
    const files = await this.#listFiles(name);
    const backups = await Promise.all(files.map((file) => describe(file.path)));
    return { dir: backupsDir(this.#deps.dataDir, name), backups };
  }

  /**
   * Restores a backup into a NEW workspace named after its source and date, never over an
   * existing one. Everything is checked before the workspace appears (the manifest, every
   * entry's checksum, `integrity_check`, every table's rows and digest); on any failure nothing
   * is left behind.
   */
  async restore(options: { path: string; jobId?: string }): Promise<RestoreResult> {
    if (!isAbsolute(options.path)) {
      throw new StudioError('BAD_INPUT', 'give the backup file as an absolute path');
    }
    const job = this.#begin(options.jobId);
    const { signal } = job.controller;
    const progress = (phase: BackupProgress['phase'], fraction: number): void =>
      this.#deps.emitProgress({ jobId: job.id, kind: 'restore', phase, fraction });
    const workspacesRoot = dirname(workspaceDir(this.#deps.dataDir, 'default'));
    const temp = join(workspacesRoot, `.restore-${randomBytes(6).toString('hex')}`);
    let tempExists = false;
    try {
      const manifest = await readBackupManifest(options.path);
      if (manifest.schemaVersion > LATEST_SCHEMA_VERSION) {
        throw new StudioError(
          'BAD_INPUT',
          `this backup was made by a newer Encore Studio (app ${manifest.appVersion}, database schema ${String(manifest.schemaVersion)}; this version knows up to ${String(LATEST_SCHEMA_VERSION)}). Update the app to restore it.`,
        );
      }
      const recordings = manifest.entries.filter((entry) => entry.kind === 'recording');
      for (const entry of recordings) {
        if (!safeRecordingName(entry.name)) {
          throw new StudioError('BAD_INPUT', `this backup is damaged: bad file name ${entry.name}`);
        }
      }
      await mkdir(temp, { recursive: true });
      tempExists = true;
      const total = manifest.entries.reduce((sum, entry) => sum + entry.size, 0);
      let copied = 0;
      const onBytes = (bytes: number): void => {
        copied += bytes;
        progress('write', total === 0 ? 1 : copied / total);
      };
      for (const entry of manifest.entries) {
        const dest =
          entry.kind === 'database' ? databaseFile(temp) : join(temp, ...entry.name.split('/'));
        await mkdir(dirname(dest), { recursive: true });
        await extractEntry(options.path, entry, dest, { signal, onBytes }).catch(asBadInput);
      }
      const name = uniqueWorkspaceName(this.#deps.dataDir, manifest.workspace, manifest.createdAt);
      const finalDir = workspaceDir(this.#deps.dataDir, name);
      const checked = await this.#verifyRestored(
        databaseFile(temp),
        manifest,
        finalDir,
        signal,
        (fraction) => progress('verify', fraction),
      );
      if (existsSync(finalDir)) {
        throw new StudioError('CONFLICT', `a workspace named ${name} appeared meanwhile`);
      }
      await rename(temp, finalDir);
      tempExists = false;
      progress('done', 1);
      this.#deps.logger.info({ file: options.path, workspace: name }, 'backup restored');
      return { workspace: name, ...checked, recordings: recordings.length };
    } catch (error) {
      if (signal.aborted) throw new StudioError('CONFLICT', 'cancelled: the restore was stopped');
      throw error;
    } finally {
      if (tempExists) await rm(temp, { recursive: true, force: true });
      this.#end(job);
    }
  }

  #begin(jobId: string | undefined): Job {
    if (this.#job) {
      throw new StudioError('CONFLICT', 'a backup or restore is already running: wait for it');
    }
    const job = {
      id: jobId ?? `backup-${randomBytes(4).toString('hex')}`,
      controller: new AbortController(),
    };
    this.#job = job;
    return job;
  }

  #end(job: Job): void {
    if (this.#job === job) this.#job = null;
  }

  async #listFiles(
    workspace: string,
  ): Promise<{ path: string; createdAt: number; automatic: boolean }[]> {
    const dir = backupsDir(this.#deps.dataDir, workspace);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    const files: { path: string; createdAt: number; automatic: boolean }[] = [];
    for (const name of names) {
      const parsed = parseFileName(name);
      if (parsed) files.push({ path: join(dir, name), ...parsed });
    }
    return files.sort((a, b) => b.createdAt - a.createdAt || b.path.localeCompare(a.path));
  }

  /** Makes the snapshot one self-contained file and reads what the manifest says about it. */
  async #inspectSnapshot(
    file: string,
    workspaceDirectory: string,
    includeRecordings: boolean,
    signal: AbortSignal,
    onFraction: (fraction: number) => void,
  ): Promise<{
    schemaVersion: number;
    tables: TableDigest[];
    recordings: { name: string; source: string; size: number }[];
  }> {
    const db = openAsIs(file, this.#nativeOptions());
    try {
      useRollbackJournal(db);
      const schemaVersion = schemaVersionOf(db);
      const tables = await digestAll(db, signal, onFraction);
      const recordings: { name: string; source: string; size: number }[] = [];
      if (includeRecordings) {
        const seen = new Set<string>();
        for (const row of recordingFiles(db)) {
          const inside = relative(workspaceDirectory, resolve(row.path));
          if (inside.startsWith('..') || isAbsolute(inside)) continue;
          const name = inside.split(sep).join('/');
          if (!safeRecordingName(name) || seen.has(name)) continue;
          const size = await stat(row.path).then(
            (s) => (s.isFile() ? s.size : null),
            () => null,
          );
          if (size === null) continue;
          seen.add(name);
          recordings.push({ name, source: row.path, size });
        }
      }
      return { schemaVersion, tables, recordings };
    } finally {
      db.close();
    }
  }

  async #verifyRestored(
    file: string,
    manifest: BackupManifest,
    finalDir: string,
    signal: AbortSignal,
    onFraction: (fraction: number) => void,
  ): Promise<{ tables: number; rows: number }> {
    const db = openAsIs(file, this.#nativeOptions());
    try {
      const problems = integrityCheck(db);
      if (problems.length !== 1 || problems[0] !== 'ok') {
        throw new StudioError(
          'BAD_INPUT',
          `this backup is damaged: its database fails SQLite's integrity check (${problems.slice(0, 3).join('; ')})`,
        );
      }
      if (schemaVersionOf(db) !== manifest.schemaVersion) {
        throw new StudioError('BAD_INPUT', 'this backup is damaged: its schema version differs');
      }
      const tables = await digestAll(db, signal, onFraction);
      const expected = new Map(manifest.tables.map((table) => [table.name, table]));
      if (tables.length !== expected.size) {
        throw new StudioError('BAD_INPUT', 'this backup is damaged: its tables differ');
      }
      for (const table of tables) {
        const want = expected.get(table.name);
        if (!want || want.rows !== table.rows || want.sha256 !== table.sha256) {
          throw new StudioError(
            'BAD_INPUT',
            `this backup is damaged: table ${table.name} does not match its checksum`,
          );
        }
      }
      // The recordings brought along now live in the new workspace: point their rows there.
      if (manifest.includesRecordings) {
        const brought = new Set(
          manifest.entries.filter((e) => e.kind === 'recording').map((e) => e.name),
        );
        db.transaction(() => {
          for (const row of recordingFiles(db)) {
            const inside = relative(manifest.workspaceDir, row.path).split(sep).join('/');
            if (brought.has(inside))
              setRecordingPath(db, row.id, join(finalDir, ...inside.split('/')));
          }
        })();
      }
      return { tables: tables.length, rows: tables.reduce((sum, t) => sum + t.rows, 0) };
    } finally {
      db.close();
    }
  }

  #nativeOptions(): { nativeBinding?: string } {
    return this.#deps.nativeBinding ? { nativeBinding: this.#deps.nativeBinding } : {};
  }
}
