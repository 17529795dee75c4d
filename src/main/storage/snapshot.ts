import Database from 'better-sqlite3';
import type { Db } from './connection';

/**
 * Opens a database file as it is: no migrations, no journal-mode change. For a backup's snapshot
 * and a restore's extracted copy, which must be checked exactly as written before anything else
 * touches them. The caller owns (and closes) the connection.
 */
export function openAsIs(file: string, options: { nativeBinding?: string } = {}): Db {
  return new Database(file, {
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
}
