import type { Db } from './connection';

// Every table of the schema and how it relates to a learner (the rules that learner-data.ts walks to
// export and erase one learner's data, and checks against the live schema). A migration that adds
// a table places it in LEARNER_TABLES below.

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
  tickets?: number;
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
      list.map((entry) =>
        entry.learnerId !== learnerId
          ? entry
          : entry.tickets === undefined
            ? { ...ERASED_ENTRANT }
            : { ...ERASED_ENTRANT, tickets: entry.tickets },
      );
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
  {
    table: 'offer_variant_exposures',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'offer_id',
  },
  {
    table: 'personal_offer_picks',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'offer_id',
  },
  { table: 'poll_votes', kind: 'rows', where: 'learner_id = @learner', orderBy: 'run_id' },
  {
    table: 'satisfaction_answers',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'survey_id',
  },
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
  {
    table: 'replay_watch_spans',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'session_id, start_ms',
  },
  {
    table: 'replay_watchers',
    kind: 'rows',
    where: 'learner_id = @learner',
    orderBy: 'session_id',
  },
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
  {
    table: 'satisfaction_surveys',
    kind: 'none',
    why: 'when a satisfaction survey was opened in a class; answers are elsewhere',
  },
  { table: 'offers', kind: 'none', why: "the educator's offers; clicks are in offer_clicks" },
  {
    table: 'offer_experiments',
    kind: 'none',
    why: "an offer's experiment seed; who saw which variant is in offer_variant_exposures",
  },
  { table: 'offer_variants', kind: 'none', why: "the educator's variants of an offer" },
  {
    table: 'personal_offers',
    kind: 'none',
    why: 'which offers were personal; who saw which course is in personal_offer_picks',
  },
  {
    table: 'class_points',
    kind: 'none',
    why: "a class's points switch; the points are computed from events",
  },
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
    table: 'scene_changes',
    kind: 'none',
    why: 'the scenes the educator switched to during a class, and when',
  },
  {
    table: 'lan_replays',
    kind: 'none',
    why: "the educator's switch that serves a class's replay on the join link",
  },
  {
    table: 'learner_erasures',
    kind: 'none',
    why: 'when a deletion happened and how many rows it touched, never whose',
  },
];
