import type { Db } from './connection';

// Everything the workspace database holds about one learner, for data-subject requests: an export
// of it (`exportLearnerData`) and its deletion (`eraseLearnerData`).
//
// Completeness by construction: both walk the one list below, which names EVERY table of the
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
// that adds a table fails the tests until the table is placed here.

/** A value of a SQLite row as better-sqlite3 returns it for these tables (no BLOBs). */
export type CellValue = string | number | null;
export type Row = Record<string, CellValue>;

interface RowsRule {
  table: string;
  kind: 'rows';
  /** Their rows: an SQL condition over the table's columns and `@learner`. */
  where: string;
  /** Other people's rows that depend on theirs and are deleted with them (not exported). */
  dependants?: string;
  /** A stable order for the export. */
  orderBy: string;
  /** Runs before the rows go, inside the same transaction: keeps derived counters true. */
  beforeDelete?: (db: Db, learnerId: number) => void;
}

interface MentionsRule {
  table: string;
  kind: 'mentions';
  why: string;
  export: (db: Db, learnerId: number) => Row[];
  /** Removes the mentions; returns how many rows changed. */
  scrub: (db: Db, learnerId: number) => number;
}

interface NoneRule {
  table: string;
  kind: 'none';
  why: string;
  /** Columns whose names look personal but are not, with why (checked by assertCoverage). */
  notPersonal?: Record<string, string>;
}

export type TableRule = RowsRule | MentionsRule | NoneRule;

const IDENTITIES = (kind: 'email' | 'phone' | 'device'): string =>
  `SELECT value FROM learner_identities WHERE learner_id = @learner AND kind = '${kind}'`;

/**
 * Their orders: the ones linked to them, and unlinked ones that carry one of their identities (an
 * order imported before the studio knew that address: it is theirs all the same, and an import
 * would link it to them later).
 */
const THEIR_ORDERS = `learner_id = @learner OR (learner_id IS NULL AND (
    buyer_email IN (${IDENTITIES('email')})
    OR buyer_phone IN (${IDENTITIES('phone')})
    OR EXISTS (SELECT 1 FROM learner_identities i
               WHERE i.learner_id = @learner AND i.kind = 'platform'
                 AND i.platform = orders.source AND i.value = orders.buyer_platform_id)))`;

const THEIR_ORDER_IDS = `SELECT id FROM orders WHERE ${THEIR_ORDERS}`;

/** A ban is keyed by their device token, itself personal data: it goes with them. */
const THEIR_BANS = `learner_id = @learner OR device_token IN (${IDENTITIES('device')})`;

// ---- mentions -----------------------------------------------------------------------------------

interface Entrant {
  learnerId: number | null;
  viewerId: string | null;
  name: string;
}

function parseEntrants(json: string): Entrant[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? (value as Entrant[]) : [];
}

/**
 * An entrant whose learner was deleted: no id, no viewer id, no name — but the entry keeps its
 * place in the stored order, so that seed + candidates still replay the draw (audience/lottery.ts).
 */
export const ERASED_ENTRANT: Entrant = { learnerId: null, viewerId: null, name: '' };

const lotteries: MentionsRule = {
  table: 'lotteries',
  kind: 'mentions',
  why: 'a draw stores its candidates and winners (learner id, viewer id, name) for audit',
  export: (db, learnerId) => {
    const rows = db
      .prepare(
        `SELECT l.id, l.session_id, l.title, l.seed, l.drawn_at, l.candidates, l.winners
         FROM lotteries l, json_each(l.candidates) c
         WHERE json_extract(c.value, '$.learnerId') = ? GROUP BY l.id ORDER BY l.id`,
      )
      .all(learnerId) as {
      id: number;
      session_id: number;
      title: string;
      seed: number;
      drawn_at: number;
      candidates: string;
      winners: string;
    }[];
    return rows.map((row) => {
      const entry = parseEntrants(row.candidates).find((c) => c.learnerId === learnerId);
      return {
        id: row.id,
        session_id: row.session_id,
        title: row.title,
        drawn_at: row.drawn_at,
        viewer_id: entry?.viewerId ?? null,
        name: entry?.name ?? null,
        won: parseEntrants(row.winners).some((w) => w.learnerId === learnerId) ? 1 : 0,
      };
    });
  },
  scrub: (db, learnerId) => {
    const rows = db
      .prepare(
        `SELECT DISTINCT l.id, l.candidates, l.winners FROM lotteries l, json_each(l.candidates) c
         WHERE json_extract(c.value, '$.learnerId') = ?`,
      )
      .all(learnerId) as { id: number; candidates: string; winners: string }[];
    const update = db.prepare('UPDATE lotteries SET candidates = ?, winners = ? WHERE id = ?');
    const erase = (list: Entrant[]): Entrant[] =>
      list.map((entry) => (entry.learnerId === learnerId ? { ...ERASED_ENTRANT } : entry));
    for (const row of rows) {
      update.run(
        JSON.stringify(erase(parseEntrants(row.candidates))),
        JSON.stringify(erase(parseEntrants(row.winners))),
        row.id,
      );
    }
    return rows.length;
  },
};

/**
 * Moderation decisions about them: mute and ban name their per-class viewer id, hiding or
 * deleting a message names the message (`m<id>`), lifting a ban names the ban's id.
 */
const MODERATION_ABOUT_THEM = `
  (action IN ('mute', 'ban') AND EXISTS (SELECT 1 FROM live_viewers v
     WHERE v.learner_id = @learner AND v.session_id = moderation_log.session_id
       AND v.public_id = moderation_log.target))
  OR (action IN ('hide_message', 'delete_message') AND target IN
     (SELECT 'm' || id FROM chat_messages WHERE learner_id = @learner))
  OR (action = 'unban' AND target IN (SELECT CAST(id AS TEXT) FROM bans WHERE ${THEIR_BANS}))`;

const moderationLog: MentionsRule = {
  table: 'moderation_log',
  kind: 'mentions',
  why: "the host's moderation trail names the viewer, message or ban it acted on",
  export: (db, learnerId) =>
    db
      .prepare(`SELECT * FROM moderation_log WHERE ${MODERATION_ABOUT_THEM} ORDER BY id`)
      .all({ learner: learnerId }) as Row[],
  // The decision stays in the trail (that the host muted someone at 10:42), without whom and
  // without the reason the host typed (which may name them).
  scrub: (db, learnerId) =>
    db
      .prepare(
        `UPDATE moderation_log SET target = NULL, detail = json_remove(detail, '$.reason')
         WHERE ${MODERATION_ABOUT_THEM}`,
      )
      .run({ learner: learnerId }).changes,
};

interface ImportIssueJson {
  line: number;
  kind: string;
  reason: string;
  orderId?: string;
}

/** Import runs with issues about their orders (same source, the order's id on the platform). */
function importRunsAboutThem(
  db: Db,
  learnerId: number,
): {
  id: number;
  file_name: string | null;
  source: string;
  started_at: number;
  mine: ImportIssueJson[];
  others: ImportIssueJson[];
}[] {
  const orders = db
    .prepare(`SELECT source, external_id FROM orders WHERE ${THEIR_ORDERS}`)
    .all({ learner: learnerId }) as { source: string; external_id: string }[];
  if (orders.length === 0) return [];
  const bySource = new Map<string, Set<string>>();
  for (const o of orders) {
    const set = bySource.get(o.source) ?? new Set<string>();
    set.add(o.external_id);
    bySource.set(o.source, set);
  }
  const runs = db
    .prepare(
      `SELECT id, file_name, source, started_at, errors FROM import_runs
       WHERE source IN (SELECT value FROM json_each(?)) AND json_array_length(errors) > 0
       ORDER BY id`,
    )
    .all(JSON.stringify([...bySource.keys()])) as {
    id: number;
    file_name: string | null;
    source: string;
    started_at: number;
    errors: string;
  }[];
  return runs.flatMap((run) => {
    const ids = bySource.get(run.source);
    const issues = JSON.parse(run.errors) as ImportIssueJson[];
    const mine = issues.filter((i) => i.orderId !== undefined && ids?.has(i.orderId));
    if (mine.length === 0) return [];
    return [{ ...run, mine, others: issues.filter((i) => !mine.includes(i)) }];
  });
}

const importRuns: MentionsRule = {
  table: 'import_runs',
  kind: 'mentions',
  why: "a run's stored issues name the platform order id of the rows they are about",
  export: (db, learnerId) =>
    importRunsAboutThem(db, learnerId).map((run) => ({
      id: run.id,
      file_name: run.file_name,
      source: run.source,
      started_at: run.started_at,
      issues: JSON.stringify(run.mine),
    })),
  // The run's counts are aggregates and stay; only the issue entries about their orders go.
  scrub: (db, learnerId) => {
    const runs = importRunsAboutThem(db, learnerId);
    const update = db.prepare('UPDATE import_runs SET errors = ? WHERE id = ?');
    for (const run of runs) update.run(JSON.stringify(run.others), run.id);
    return runs.length;
  },
};

// ---- the list -----------------------------------------------------------------------------------

/**
 * Every table of the schema, in the order a deletion visits them: mentions first (they are found
 * through rows deleted later), then rows children before parents (a rule's `where` may read
 * tables deleted after it: orders match by identities, bans by device tokens), `learners` last.
 */
export const LEARNER_TABLES: readonly TableRule[] = [
  lotteries,
  moderationLog,
  importRuns,
  {
    table: 'order_refund_links',
    kind: 'rows',
    where: `order_id IN (${THEIR_ORDER_IDS})`,
    orderBy: 'order_id, line_position, source, refund_external_id, refund_line',
  },
  {
    table: 'order_lines',
    kind: 'rows',
    where: `order_id IN (${THEIR_ORDER_IDS})`,
    orderBy: 'id',
  },
  { table: 'orders', kind: 'rows', where: THEIR_ORDERS, orderBy: 'ordered_at, id' },
  {
    table: 'bans',
    kind: 'rows',
    where: THEIR_BANS,
    orderBy: 'id',
  },
  { table: 'offer_clicks', kind: 'rows', where: 'learner_id = @learner', orderBy: 'id' },
  {
    table: 'offer_impressions',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'offer_id',
  },
  { table: 'poll_votes', kind: 'rows', where: 'learner_id = @learner', orderBy: 'run_id' },
  {
    table: 'question_votes',
    kind: 'rows',
    where: 'learner_id = @learner',
    // Others' upvotes on their questions: the questions go, so do the votes on them.
    dependants: 'question_id IN (SELECT id FROM questions WHERE learner_id = @learner)',
    orderBy: 'question_id',
    // Their upvotes on other people's questions stop counting.
    beforeDelete: (db, learnerId) => {
      db.prepare(
        `UPDATE questions SET upvotes = max(0, upvotes - 1)
         WHERE id IN (SELECT question_id FROM question_votes WHERE learner_id = ?)
           AND learner_id IS NOT ?`,
      ).run(learnerId, learnerId);
    },
  },
  {
    table: 'checkin_records',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'checkin_id',
  },
  {
    table: 'reaction_counts',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'session_id, reaction',
  },
  { table: 'mutes', kind: 'rows', where: 'learner_id = @learner', orderBy: 'id' },
  { table: 'chat_messages', kind: 'rows', where: 'learner_id = @learner', orderBy: 'id' },
  { table: 'questions', kind: 'rows', where: 'learner_id = @learner', orderBy: 'id' },
  { table: 'attendance', kind: 'rows', where: 'learner_id = @learner', orderBy: 'id' },
  { table: 'live_viewers', kind: 'rows', where: 'learner_id = @learner', orderBy: 'id' },
  { table: 'events', kind: 'rows', where: 'learner_id = @learner', orderBy: 'at, id' },
  // Contact details they typed into the viewer page (unverified claims): theirs, as claimant.
  { table: 'identity_claims', kind: 'rows', where: 'learner_id = @learner', orderBy: 'id' },
  {
    table: 'learner_identities',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'id',
  },
  { table: 'learners', kind: 'rows', where: 'id = @learner', orderBy: 'id' },

  { table: 'settings', kind: 'none', why: "the workspace's own preferences" },
  { table: 'courses', kind: 'none', why: "the educator's catalogue" },
  { table: 'course_skus', kind: 'none', why: "platforms' product codes of courses" },
  {
    table: 'course_title_aliases',
    kind: 'none',
    why: "platforms' product titles confirmed as catalogue courses",
  },
  {
    table: 'course_series',
    kind: 'none',
    why: "the educator's series of courses",
    notPersonal: { name: "the series' own name" },
  },
  { table: 'sessions', kind: 'none', why: "the educator's classes" },
  { table: 'polls', kind: 'none', why: "the educator's questions; votes are in poll_votes" },
  { table: 'poll_runs', kind: 'none', why: 'when a poll was opened in a class' },
  { table: 'offers', kind: 'none', why: "the educator's offers; clicks are in offer_clicks" },
  { table: 'recordings', kind: 'none', why: 'where the class recordings are on disk' },
  { table: 'checkins', kind: 'none', why: 'when a check-in was opened; records are elsewhere' },
  { table: 'announcements', kind: 'none', why: "the host's announcements to the whole class" },
  {
    table: 'live_settings',
    kind: 'none',
    why: "a class's join code, chat settings and peak viewer count (an aggregate)",
    notPersonal: { peak_viewers: 'a count of viewers, nobody in particular' },
  },
  {
    table: 'import_mappings',
    kind: 'none',
    why: 'saved column mappings of order exports',
    notPersonal: { name: "the mapping's own name" },
  },
  {
    table: 'outputs',
    kind: 'none',
    why: 'RTMP destinations of the broadcast',
    notPersonal: { name: "the destination's own name" },
  },
  {
    table: 'class_schedules',
    kind: 'none',
    why: "a planned class's length, warm-up, calendar sequence and cancellation",
  },
  {
    table: 'review_chapters',
    kind: 'none',
    why: "the educator's chapter titles on a class recording",
  },
  { table: 'review_notes', kind: 'none', why: "the educator's own notes on a class recording" },
  {
    table: 'learner_erasures',
    kind: 'none',
    why: 'when a deletion happened and how many rows it touched, never whose',
  },
];

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
