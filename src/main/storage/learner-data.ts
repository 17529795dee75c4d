import type { Db } from './connection';
import { LEARNER_TABLES, type Row, type TableRule } from './learner-data-tables';

// Everything the workspace database holds about one learner, for data-subject requests: an export
// of it (`exportLearnerData`) and its deletion (`eraseLearnerData`).
//
// Completeness by construction: both walk the one list of learner-data-tables.ts, which names EVERY table of the
// schema and says how it relates to a learner:
// - 'rows': rows that are theirs (a `where` over `@learner`), exported whole and deleted; plus,
//   optionally, `dependants`: other people's rows that hang off theirs (an upvote on their
//   question) and go with them, never exported (they are someone else's);
// - 'mentions': shared records that name them inside a value (a lottery's candidate list, the
//   moderation log, an import run's issue list): their part is exported, and scrubbed out on
//   deletion so that the record itself stays;
// - 'none': tables that hold nothing about any learner, each with the reason.
// `assertCoverage` compares the list with the live schema (sqlite_schema, pragma table_info and
// foreign_key_list) and refuses to export or delete when a table is missing from it, a table that
// references learners is not 'rows', or a 'none' table has a column that looks personal; the db
// test `learner-data-coverage` runs the same check on a freshly migrated database, so a migration
// that adds a table fails the tests until the table is placed there.

export { ERASED_ENTRANT, LEARNER_TABLES } from './learner-data-tables';
export type { CellValue, Row, TableRule } from './learner-data-tables';

/** Column names that suggest a person; a 'none' table may have them only with a reason. */
const PERSONAL_COLUMN = /learner|viewer|buyer|email|phone|device|name|candidate|winner|target/i;

export class CoverageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`learner data rules do not cover the schema: ${problems.join('; ')}`);
    this.name = 'CoverageError';
  }
}

/** Every problem with LEARNER_TABLES against the live schema; empty when it covers it. */
export function coverageProblems(db: Db, rules: readonly TableRule[] = LEARNER_TABLES): string[] {
  const problems: string[] = [];
  const tables = (
    db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  const byTable = new Map<string, TableRule>();
  for (const rule of rules) {
    if (byTable.has(rule.table)) problems.push(`${rule.table} is listed twice`);
    byTable.set(rule.table, rule);
    if (!tables.includes(rule.table))
      problems.push(`${rule.table} is listed but not in the schema`);
  }
  for (const table of tables) {
    const rule = byTable.get(table);
    if (!rule) {
      problems.push(`${table} is not listed`);
      continue;
    }
    const columns = (
      db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]
    ).map((c) => c.name);
    const keys = db
      .prepare('SELECT "table" AS parent, "from" AS col FROM pragma_foreign_key_list(?)')
      .all(table) as { parent: string; col: string }[];
    const toLearners = keys.filter((k) => k.parent === 'learners').map((k) => k.col);
    const learnerColumns = columns.filter((c) => c === 'learner_id');
    for (const col of new Set([...toLearners, ...learnerColumns])) {
      if (rule.kind !== 'rows') {
        problems.push(`${table}.${col} references learners but the table is '${rule.kind}'`);
      } else if (!new RegExp(`\\b${col}\\b`).test(rule.where)) {
        problems.push(`${table}: its rule does not select by ${col}`);
      }
    }
    // A row that references a row a deletion removes must not outlive it pointing at nothing
    // (nor make the DELETE fail): its key cascades, or its own rule selects by that key.
    const selected = rule.kind === 'rows' ? `${rule.where} ${rule.dependants ?? ''}` : '';
    for (const key of db
      .prepare('SELECT "table" AS parent, "from" AS col, on_delete FROM pragma_foreign_key_list(?)')
      .all(table) as { parent: string; col: string; on_delete: string }[]) {
      if (key.parent === 'learners' || byTable.get(key.parent)?.kind !== 'rows') continue;
      if (key.on_delete === 'CASCADE' || key.on_delete === 'SET NULL') continue;
      if (!new RegExp(`\\b${key.col}\\b`).test(selected)) {
        problems.push(`${table}.${key.col} points at ${key.parent} rows that a deletion removes`);
      }
    }
    if (rule.kind === 'none') {
      for (const col of columns) {
        if (PERSONAL_COLUMN.test(col) && rule.notPersonal?.[col] === undefined) {
          problems.push(`${table}.${col} looks personal but the table is 'none'`);
        }
      }
    }
  }
  return problems;
}

export function assertCoverage(db: Db): void {
  const problems = coverageProblems(db);
  if (problems.length > 0) throw new CoverageError(problems);
}

// ---- export -------------------------------------------------------------------------------------

export const LEARNER_EXPORT_FORMAT = 'encore-studio/learner-data';
/** Bumped whenever the document's shape changes (not when a table gains a column). */
export const LEARNER_EXPORT_VERSION = 1;

export interface LearnerDataExport {
  format: typeof LEARNER_EXPORT_FORMAT;
  formatVersion: typeof LEARNER_EXPORT_VERSION;
  /** The database schema the rows were read from (PRAGMA user_version). */
  schemaVersion: number;
  exportedAt: number;
  learner: { id: number; displayName: string };
  /** Every 'rows' table, as stored (column names as in the database), even when empty. */
  tables: Record<string, Row[]>;
  /** Shared records that mention them: their part only. */
  mentions: Record<string, Row[]>;
}

export function learnerExists(db: Db, learnerId: number): { display_name: string } | undefined {
  return db.prepare('SELECT display_name FROM learners WHERE id = ?').get(learnerId) as
    { display_name: string } | undefined;
}

/** Everything the database holds about the learner, read in one consistent snapshot. */
export function exportLearnerData(
  db: Db,
  learnerId: number,
  now: number,
): LearnerDataExport | null {
  assertCoverage(db);
  return db.transaction(() => {
    const learner = learnerExists(db, learnerId);
    if (!learner) return null;
    const tables: Record<string, Row[]> = {};
    const mentions: Record<string, Row[]> = {};
    for (const rule of LEARNER_TABLES) {
      if (rule.kind === 'rows') {
        tables[rule.table] = db
          .prepare(`SELECT * FROM ${rule.table} WHERE ${rule.where} ORDER BY ${rule.orderBy}`)
          .all({ learner: learnerId }) as Row[];
      } else if (rule.kind === 'mentions') {
        mentions[rule.table] = rule.export(db, learnerId);
      }
    }
    const document: LearnerDataExport = {
      format: LEARNER_EXPORT_FORMAT,
      formatVersion: LEARNER_EXPORT_VERSION,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      exportedAt: now,
      learner: { id: learnerId, displayName: learner.display_name },
      tables,
      mentions,
    };
    return document;
  })();
}

// ---- deletion -----------------------------------------------------------------------------------

export interface ErasureSummary {
  erasureId: number;
  erasedAt: number;
  /** Rows deleted per table (theirs and their dependants). */
  deleted: Record<string, number>;
  /** Rows of shared records their mentions were removed from, per table. */
  scrubbed: Record<string, number>;
}

/**
 * Deletes the learner and everything derived from them, in one IMMEDIATE transaction on the
 * caller's (the studio's one) writable connection, and records a tombstone without their id.
 * Returns null when there is no such learner. With `secure_delete` on for the deletion, SQLite
 * overwrites the freed content instead of leaving it in free pages of the file.
 */
export function eraseLearnerData(db: Db, learnerId: number, now: number): ErasureSummary | null {
  assertCoverage(db);
  const secure = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    return db
      .transaction((): ErasureSummary | null => {
        if (!learnerExists(db, learnerId)) return null;
        const deleted: Record<string, number> = {};
        const scrubbed: Record<string, number> = {};
        const params = { learner: learnerId };
        for (const rule of LEARNER_TABLES) {
          if (rule.kind === 'mentions') {
            scrubbed[rule.table] = rule.scrub(db, learnerId);
          } else if (rule.kind === 'rows') {
            rule.beforeDelete?.(db, learnerId);
            const condition = rule.dependants
              ? `(${rule.where}) OR (${rule.dependants})`
              : rule.where;
            deleted[rule.table] = db
              .prepare(`DELETE FROM ${rule.table} WHERE ${condition}`)
              .run(params).changes;
          }
        }
        const erasureId = Number(
          db
            .prepare('INSERT INTO learner_erasures (erased_at, deleted, scrubbed) VALUES (?, ?, ?)')
            .run(now, JSON.stringify(deleted), JSON.stringify(scrubbed)).lastInsertRowid,
        );
        return { erasureId, erasedAt: now, deleted, scrubbed };
      })
      .immediate();
  } finally {
    db.pragma(`secure_delete = ${secure === 1 ? 'ON' : 'OFF'}`);
  }
}

/** The classes a learner took part in (any event of theirs), e.g. to find reports naming them. */
export function sessionsAttendedBy(db: Db, learnerId: number): number[] {
  return db
    .prepare<{ learnerId: number }, { session_id: number }>(
      `SELECT session_id FROM attendance WHERE learner_id = @learnerId
       UNION SELECT session_id FROM events WHERE learner_id = @learnerId
       ORDER BY session_id`,
    )
    .all({ learnerId })
    .map((row) => row.session_id);
}
