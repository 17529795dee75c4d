import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /**
   * `FULL` makes a commit durable against power loss; `NORMAL` (WAL) against a killed process,
   * which is what "nothing acknowledged is lost" needs on a laptop, at several times the speed.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** Path of a better_sqlite3.node built for another runtime (Electron's ABI). */
  nativeBinding?: string;
}

export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the workspace database: WAL, foreign keys, a busy timeout, and all pending migrations in
 * one transaction. The caller owns the returned connection (one writer per database).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (!options.readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
