import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { StudioError } from '../../shared/contract';
import type { BackupInfo } from '../../shared/contract/backup-api';
import { LATEST_SCHEMA_VERSION } from '../storage/migrations';
import { digestTable, listTables, type TableDigest } from '../storage/queries/table-digest';
import { type openAsIs } from '../storage/snapshot';
import { BackupFileError, readManifest, type BackupManifest } from './backup-file';
import { parseFileName } from './backup-naming';

// Reading a backup file's manifest and a workspace's table digests for the backup service.

/** Rows digested between two turns of the event loop. */
export const DIGEST_ROWS_PER_TURN = 5_000;

export async function digestAll(
  db: ReturnType<typeof openAsIs>,
  signal: AbortSignal,
  onFraction: (fraction: number) => void,
): Promise<TableDigest[]> {
  const tables = listTables(db);
  const out: TableDigest[] = [];
  const pause = async (): Promise<void> => {
    await new Promise<void>((done) => setImmediate(done));
    signal.throwIfAborted();
  };
  for (const [index, table] of tables.entries()) {
    out.push(await digestTable(db, table, { yieldEvery: DIGEST_ROWS_PER_TURN, pause }));
    onFraction((index + 1) / tables.length);
  }
  return out;
}

export async function readBackupManifest(path: string): Promise<BackupManifest> {
  try {
    return (await readManifest(path)).manifest;
  } catch (error) {
    return asBadInput(error);
  }
}

export function asBadInput(error: unknown): never {
  if (error instanceof BackupFileError) throw new StudioError('BAD_INPUT', error.message);
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
    throw new StudioError('NOT_FOUND', 'there is no backup file at that path');
  }
  throw error;
}

/** What the list shows about one file; a damaged file is listed with its problem. */
export async function describe(path: string): Promise<BackupInfo> {
  const fileName = path.split(sep).pop() ?? path;
  const parsed = parseFileName(fileName);
  try {
    const { manifest, bytes } = await readManifest(path);
    return {
      fileName,
      path,
      bytes,
      createdAt: manifest.createdAt,
      workspace: manifest.workspace,
      appVersion: manifest.appVersion,
      schemaVersion: manifest.schemaVersion,
      automatic: manifest.automatic,
      includesRecordings: manifest.includesRecordings,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((sum, table) => sum + table.rows, 0),
      problem:
        manifest.schemaVersion > LATEST_SCHEMA_VERSION
          ? 'made by a newer Encore Studio: update the app to restore it'
          : null,
    };
  } catch (error) {
    const bytes = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    return {
      fileName,
      path,
      bytes,
      createdAt: parsed?.createdAt ?? null,
      workspace: null,
      appVersion: null,
      schemaVersion: null,
      automatic: parsed?.automatic ?? false,
      includesRecordings: false,
      tables: 0,
      rows: 0,
      problem: error instanceof Error ? error.message : String(error),
    };
  }
}
