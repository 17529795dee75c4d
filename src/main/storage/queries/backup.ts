import type { Db } from '../connection';
import { stmt } from './live/statements';

// The few statements a backup and a restore run besides the table digests (table-digest.ts).

/** `PRAGMA integrity_check`'s lines: ['ok'] for a sound database. */
export function integrityCheck(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((row) => row.integrity_check);
}

export function schemaVersionOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Makes a snapshot self-contained in one file (no -wal beside it). */
export function useRollbackJournal(db: Db): void {
  db.pragma('journal_mode = DELETE');
}

export function recordingFiles(db: Db): { id: number; path: string }[] {
  return stmt(db, "SELECT id, path FROM recordings WHERE path != '' ORDER BY id").all() as {
    id: number;
    path: string;
  }[];
}

export function setRecordingPath(db: Db, id: number, path: string): void {
  stmt(db, 'UPDATE recordings SET path = ? WHERE id = ?').run(path, id);
}
