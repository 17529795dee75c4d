import Database from 'better-sqlite3';
import type { Db } from '../connection';

// Whole-database statements: row counts, the demo generator's bulk-load helpers, compaction.

/** Rows in every table of the workspace, for reports and rows-per-second figures. */
export function countRows(db: Db): Record<string, number> {
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all() as { name: string }[];
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    // Table names come from sqlite_schema itself, never from input.
    const row = db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as {
      n: number;
    };
    counts[name] = row.n;
  }
  return counts;
}

/** Courses, learners, sessions and orders in the workspace together. */
export function coreRowCount(db: Db): number {
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM courses) + (SELECT count(*) FROM learners)
            + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM orders) AS n`,
    )
    .get() as { n: number };
  return row.n;
}

/** Drops the secondary indexes of the tables (for a bulk load) and returns their CREATE statements. */
export function dropSecondaryIndexes(db: Db, tables: readonly string[]): string[] {
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema
       WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))
       ORDER BY name`,
    )
    .all(JSON.stringify(tables)) as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  return indexes.map((index) => index.sql);
}

/** Runs CREATE INDEX statements returned by dropSecondaryIndexes. */
export function recreateIndexes(db: Db, statements: readonly string[]): void {
  for (const sql of statements) db.exec(sql);
}

/** Runs `work` with SQLite's page cache set to `kib` KiB, then restores the previous size. */
export function withCacheSize<T>(db: Db, kib: number, work: () => T): T {
  const previous = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${Math.trunc(kib)}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${Math.trunc(previous)}`);
  }
}

/** Folds the WAL into the database file and empties it. */
export function checkpointTruncate(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Rewrites the file so that no deleted row lingers in free space, then empties the WAL. */
export function vacuumAndCheckpoint(db: Db): void {
  db.exec('VACUUM');
  checkpointTruncate(db);
}

/**
 * Rows in the main tables of a database file opened read-only, and how many tables it has at
 * all; throws if the file is not a SQLite database.
 */
export function inspectDatabaseFile(file: string): { rows: number; tables: Set<string> } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set(
      (
        db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as {
          name: string;
        }[]
      ).map((row) => row.name),
    );
    let rows = 0;
    for (const table of ['courses', 'learners', 'sessions', 'orders']) {
      if (!tables.has(table)) continue;
      rows += (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    }
    return { rows, tables };
  } finally {
    db.close();
  }
}
