import type { Db } from '../connection';
import { LEARNER_TABLES } from '../learner-data';
import { stmt } from './live/statements';

// What the import wizard reads and writes beside the importer itself: undoing a run, course
// titles confirmed as catalogue courses, the catalogue's titles to match against, and linking
// an unmatched order by hand. See src/main/imports/README.md ("The wizard").

const WORKSPACE_TIME_ZONE_KEY = 'timeZone';

/** The workspace's IANA time zone (settings table), 'UTC' until one is chosen. */
export function workspaceTimeZone(db: Db): string {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(WORKSPACE_TIME_ZONE_KEY) as
    { value: string } | undefined;
  if (row === undefined) return 'UTC';
  const value = JSON.parse(row.value) as unknown;
  return typeof value === 'string' && value !== '' ? value : 'UTC';
}

export function setWorkspaceTimeZone(db: Db, timeZone: string, at: number): void {
  stmt(
    db,
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(WORKSPACE_TIME_ZONE_KEY, JSON.stringify(timeZone), at);
}

// ---- courses ------------------------------------------------------------------------------------

export interface CatalogueTitle {
  id: number;
  title: string;
  archived: boolean;
}

/** Every course's title; archived ones last (an exact title still links to them, as before). */
export function catalogueTitles(db: Db): CatalogueTitle[] {
  return (
    stmt(
      db,
      'SELECT id, title, archived_at IS NOT NULL AS archived FROM courses ORDER BY archived, id',
    ).all() as { id: number; title: string; archived: number }[]
  ).map((row) => ({ id: row.id, title: row.title, archived: row.archived === 1 }));
}

/** Title key (trimmed, lower-cased, as the importer folds titles) → confirmed course. */
export function courseTitleAliases(db: Db): Map<string, number> {
  const map = new Map<string, number>();
  for (const row of stmt(db, 'SELECT title_key, course_id FROM course_title_aliases').all() as {
    title_key: string;
    course_id: number;
  }[]) {
    map.set(row.title_key, row.course_id);
  }
  return map;
}

export function titleKey(title: string): string {
  return title.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function saveCourseTitleAlias(
  db: Db,
  args: { title: string; courseId: number; at: number },
): void {
  stmt(
    db,
    `INSERT INTO course_title_aliases (title_key, course_id, created_at) VALUES (?, ?, ?)
     ON CONFLICT (title_key) DO UPDATE SET course_id = excluded.course_id`,
  ).run(titleKey(args.title), args.courseId, args.at);
}

export function courseExists(db: Db, courseId: number): boolean {
  return stmt(db, 'SELECT 1 FROM courses WHERE id = ?').get(courseId) !== undefined;
}

// ---- undo ---------------------------------------------------------------------------------------

export interface UndoRunRow {
  id: number;
  status: string;
  undone_at: number | null;
  file_name: string | null;
  errors: string;
}

export function importRunForUndo(db: Db, runId: number): UndoRunRow | undefined {
  return stmt(
    db,
    'SELECT id, status, undone_at, file_name, errors FROM import_runs WHERE id = ?',
  ).get(runId) as UndoRunRow | undefined;
}

// A learner the run created goes with it only when nothing else of theirs is left: the rules of
// learner-data.ts name every table that can hold a learner's rows, so a table added later is
// checked too. Their identities and the learner row itself are what the import made.
const KEPT_WITH_LEARNER = new Set(['learners', 'learner_identities']);
const HOLDS_SQL = LEARNER_TABLES.flatMap((rule) =>
  rule.kind === 'rows' && !KEPT_WITH_LEARNER.has(rule.table)
    ? [`SELECT 1 FROM ${rule.table} WHERE ${rule.where}`]
    : [],
)
  .map((sql) => `EXISTS (${sql})`)
  .join(' OR ');

function learnerHoldsData(db: Db, learnerId: number): boolean {
  const row = stmt(db, `SELECT (${HOLDS_SQL}) AS holds`).get({ learner: learnerId }) as {
    holds: number;
  };
  return row.holds === 1;
}

/**
 * Removes what one import run created: its orders (lines and refund links go with them) and the
 * learners it created that hold nothing else. Orders that existed before the run (updated or
 * unchanged by it) stay. Runs inside the caller's transaction.
 */
export function undoImportRun(
  db: Db,
  runId: number,
  at: number,
): { ordersRemoved: number; learnersRemoved: number } {
  const learners = (
    stmt(db, 'SELECT id FROM learners WHERE import_run_id = ? ORDER BY id').all(runId) as {
      id: number;
    }[]
  ).map((row) => row.id);
  const ordersRemoved = stmt(db, 'DELETE FROM orders WHERE import_run_id = ?').run(runId).changes;
  let learnersRemoved = 0;
  for (const learnerId of learners) {
    if (learnerHoldsData(db, learnerId)) continue;
    stmt(db, 'DELETE FROM learner_identities WHERE learner_id = ?').run(learnerId);
    learnersRemoved += stmt(db, 'DELETE FROM learners WHERE id = ?').run(learnerId).changes;
  }
  stmt(db, 'UPDATE import_runs SET undone_at = ? WHERE id = ?').run(at, runId);
  return { ordersRemoved, learnersRemoved };
}

// ---- linking by hand ----------------------------------------------------------------------------

export function orderLearner(db: Db, orderId: number): { learner_id: number | null } | undefined {
  return stmt(db, 'SELECT learner_id FROM orders WHERE id = ?').get(orderId) as
    { learner_id: number | null } | undefined;
}

export function learnerExistsById(db: Db, learnerId: number): boolean {
  return stmt(db, 'SELECT 1 FROM learners WHERE id = ?').get(learnerId) !== undefined;
}

export function insertLearnerByHand(db: Db, displayName: string, at: number): number {
  return Number(
    stmt(db, 'INSERT INTO learners (display_name, created_at) VALUES (?, ?)').run(displayName, at)
      .lastInsertRowid,
  );
}
