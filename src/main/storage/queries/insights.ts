import { StudioError } from '../../../shared/contract/errors';
import type { Db } from '../connection';
import { grown, trimmed } from './growing-columns';
import { stmt } from './live/statements';

// What the analytics worker reads for the customer sections, the learner view and the class
// findings (src/main/insights/worker/). Each function is one statement; the worker turns the
// rows into the analytics' own shapes.

/**
 * Counts and newest ids of every table the customer base reads (its cache fingerprint). Each
 * table is scanned once for all its figures (one subquery per figure scanned orders twice, plus
 * an index: 0.1 s of 0.17 s on the benchmark workspace). The orders are the exception: their
 * figures come from indexes (migration 0370) without reading the table: the count from a scan of
 * a one-column index, the newest import time from the last entry of orders_imported_at, the
 * refunded sum from the refunded orders only (orders_refunded). refunded_minor is never
 * negative, so that sum is the sum over every order: 0 when none is refunded, NULL when there
 * are no orders, as before.
 */
export const CUSTOMER_BASE_FINGERPRINT_SQL = `SELECT l.l, (SELECT max(id) FROM learners) AS lm, l.lc,
       o.o, (SELECT max(imported_at) FROM orders) AS om,
       CASE WHEN o.o > 0 THEN
         coalesce((SELECT sum(refunded_minor) FROM orders WHERE refunded_minor > 0), 0)
       END AS orf,
       a.a, a.am, (SELECT max(id) FROM events) AS e, c.c, c.cu, c.ca,
       (SELECT count(*) FROM learner_identities) AS i,
       (SELECT count(*) FROM learner_erasures) AS x
     FROM (SELECT count(*) AS l, max(consent_updated_at) AS lc FROM learners) l,
       (SELECT count(*) AS o FROM orders) o,
       (SELECT count(*) AS a, max(last_seen_at) AS am FROM attendance) a,
       (SELECT count(*) AS c, max(updated_at) AS cu, count(archived_at) AS ca FROM courses) c`;

export function customerBaseFingerprint(db: Db): Record<string, number | null> {
  return stmt(db, CUSTOMER_BASE_FINGERPRINT_SQL).get() as Record<string, number | null>;
}

/**
 * Changes as this connection can tell them apart, in O(1): `data_version` moves whenever another
 * connection (or process) commits to the file, `total_changes()` whenever this one writes. Only
 * comparable between two calls on the same connection.
 */
export function connectionChangeStamp(db: Db): string {
  const dataVersion = db.pragma('data_version', { simple: true }) as number;
  const { changes } = stmt(db, 'SELECT total_changes() AS changes').get() as { changes: number };
  return `${dataVersion}:${changes}`;
}

export interface LearnerInfoRow {
  id: number;
  display_name: string;
  created_at: number;
  consent_follow_up: number;
  consent_link_purchases: number;
  consent_updated_at: number | null;
  has_email: number;
  has_phone: number;
}

/** Bits of LearnerInfoColumns.flags. */
export const LEARNER_FOLLOW_UP = 1;
export const LEARNER_LINK_PURCHASES = 2;
export const LEARNER_EMAIL = 4;
export const LEARNER_PHONE = 8;

/** Every learner as columns (index i of each is one learner, by id). */
export interface LearnerInfoColumns {
  length: number;
  ids: Float64Array;
  names: string[];
  createdAt: Float64Array;
  /** NaN: the consents were never changed (NULL). */
  consentUpdatedAt: Float64Array;
  /** LEARNER_FOLLOW_UP | LEARNER_LINK_PURCHASES | LEARNER_EMAIL | LEARNER_PHONE. */
  flags: Uint8Array;
}

/** Rows per slice of the learner reads below. */
const LEARNER_CHUNK = 65_536;

/** Learner ids below this many have their contact bits in a byte table (4 MB at most). */
const DENSE_LEARNER_IDS = 1 << 22;

/**
 * Every learner with their consents and whether an email / a phone is on file, by id. Two
 * sequential reads (the identities, then the learners) instead of two EXISTS lookups per learner
 * in the identities' index (250,000 on the benchmark workspace), each in slices of JSON arrays
 * (one row per slice, not one row object per learner).
 */
export function learnerInfoColumns(db: Db, chunk = LEARNER_CHUNK): LearnerInfoColumns {
  // Contact bits by learner id: a byte per id up to the largest (a rowid lookup) when the ids are
  // not too sparse for it, a Map for the rest (224,000 identities on the benchmark workspace).
  const { largest } = stmt(db, 'SELECT max(id) AS largest FROM learners').get() as {
    largest: number | null;
  };
  const dense = new Uint8Array(largest !== null && largest < DENSE_LEARNER_IDS ? largest + 1 : 0);
  const sparse = new Map<number, number>();
  const contactsOf = (id: number): number =>
    id >= 0 && id < dense.length ? (dense[id] ?? 0) : (sparse.get(id) ?? 0);
  const identities = stmt(
    db,
    `SELECT json_group_array(learner_id * 2 + (kind = 'email')) AS codes, max(id) AS last
     FROM (SELECT id, learner_id, kind FROM learner_identities NOT INDEXED
           WHERE id > ? AND kind IN ('email', 'phone') ORDER BY id LIMIT ?)`,
  );
  for (let after = 0; ;) {
    const row = identities.get(after, chunk) as { codes: string; last: number | null };
    if (row.last === null) break;
    for (const code of JSON.parse(row.codes) as number[]) {
      const id = Math.floor(code / 2);
      const bit = code % 2 === 1 ? LEARNER_EMAIL : LEARNER_PHONE;
      if (id >= 0 && id < dense.length) dense[id] = (dense[id] ?? 0) | bit;
      else sparse.set(id, (sparse.get(id) ?? 0) | bit);
    }
    after = row.last;
  }
  const learners = stmt(
    db,
    `SELECT json_group_array(id) AS ids, json_group_array(display_name) AS names,
       json_group_array(created_at) AS created,
       json_group_array(consent_follow_up + 2 * consent_link_purchases) AS consents,
       json_group_array(consent_updated_at) AS updated
     FROM (SELECT id, display_name, created_at, consent_follow_up, consent_link_purchases,
             consent_updated_at FROM learners WHERE id > ? ORDER BY id LIMIT ?)`,
  );
  // Typed columns that double as they fill: no number array per column, then copied.
  let ids = new Float64Array(0);
  let created = new Float64Array(0);
  let updated = new Float64Array(0);
  let flags = new Uint8Array(0);
  const names: string[] = [];
  let length = 0;
  for (let after = 0; ;) {
    const row = learners.get(after, chunk) as Record<
      'ids' | 'names' | 'created' | 'consents' | 'updated',
      string
    >;
    const slice = JSON.parse(row.ids) as number[];
    if (slice.length === 0) break;
    const consents = JSON.parse(row.consents) as number[];
    const sliceNames = JSON.parse(row.names) as string[];
    const sliceCreated = JSON.parse(row.created) as number[];
    const sliceUpdated = JSON.parse(row.updated) as (number | null)[];
    const size = length + slice.length;
    ids = grown(ids, length, size);
    created = grown(created, length, size);
    updated = grown(updated, length, size);
    flags = grown(flags, length, size);
    for (let i = 0; i < slice.length; i++) {
      const id = slice[i] ?? 0;
      const at = length + i;
      ids[at] = id;
      flags[at] = (consents[i] ?? 0) | contactsOf(id);
      created[at] = sliceCreated[i] ?? 0;
      updated[at] = sliceUpdated[i] ?? Number.NaN;
      names.push(sliceNames[i] ?? '');
    }
    length = size;
    after = slice[slice.length - 1] ?? after;
  }
  return {
    length,
    ids: trimmed(ids, length),
    names,
    createdAt: trimmed(created, length),
    consentUpdatedAt: trimmed(updated, length),
    flags: trimmed(flags, length),
  };
}

/** learnerInfoColumns as one row per learner. */
export function* iterateLearnerInfo(db: Db, chunk?: number): Iterable<LearnerInfoRow> {
  const c = learnerInfoColumns(db, chunk);
  for (let i = 0; i < c.length; i++) {
    const flags = c.flags[i] ?? 0;
    const updated = c.consentUpdatedAt[i] ?? Number.NaN;
    yield {
      id: c.ids[i] ?? 0,
      display_name: c.names[i] ?? '',
      created_at: c.createdAt[i] ?? 0,
      consent_follow_up: flags & LEARNER_FOLLOW_UP ? 1 : 0,
      consent_link_purchases: flags & LEARNER_LINK_PURCHASES ? 1 : 0,
      consent_updated_at: Number.isNaN(updated) ? null : updated,
      has_email: flags & LEARNER_EMAIL ? 1 : 0,
      has_phone: flags & LEARNER_PHONE ? 1 : 0,
    };
  }
}

export function courseTitles(db: Db): { id: number; title: string }[] {
  return stmt(db, 'SELECT id, title FROM courses').all() as { id: number; title: string }[];
}

export interface WatchedClassRow {
  learner_id: number;
  started_at: number;
  ended_at: number;
  watched_ms: number;
}

/** Time watched per (learner, started class); a class still open counts up to `end`. */
export function iterateWatchedPerLearnerClass(db: Db, end: number): Iterable<WatchedClassRow> {
  return stmt(
    db,
    `SELECT a.learner_id, s.started_at, coalesce(s.ended_at, ?) AS ended_at,
       sum(max(0, min(coalesce(a.left_at, a.last_seen_at), coalesce(s.ended_at, ?))
         - max(a.joined_at, s.started_at))) AS watched_ms
     FROM attendance a JOIN sessions s ON s.id = a.session_id
     WHERE s.started_at IS NOT NULL
     GROUP BY a.learner_id, a.session_id`,
  ).iterate(end, end) as Iterable<WatchedClassRow>;
}

/**
 * Interactions per (learner, kind), counted by SQLite while it walks the covering index
 * events_learner_kind (migration 0340) in (learner, kind) order: no table row is read, no sort is
 * needed and one row comes out per learner and kind (30,000 for 1,000,000 events on the
 * benchmark workspace). Reading every event into JavaScript to count there made 1,000,000 rows.
 */
export const INTERACTION_COUNTS_SQL = `SELECT learner_id, kind, count(*) AS n
  FROM events INDEXED BY events_learner_kind
  WHERE learner_id IS NOT NULL AND kind IN ('chat', 'question', 'poll_vote', 'reaction', 'offer_click')
  GROUP BY learner_id, kind`;

/** Interactions per (learner, kind) over the whole workspace, in (learner, kind) order. */
export function iterateInteractionCounts(
  db: Db,
): Iterable<{ learner_id: number; kind: string; n: number }> {
  return stmt(db, INTERACTION_COUNTS_SQL).iterate() as Iterable<{
    learner_id: number;
    kind: string;
    n: number;
  }>;
}

export function learnerNames(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = stmt(
    db,
    'SELECT id, display_name FROM learners WHERE id IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(ids)) as { id: number; display_name: string }[];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Ended classes that started before `before`, newest first, leaving out `exceptId`. */
export function earlierEndedSessionIds(
  db: Db,
  before: number,
  exceptId: number,
  limit: number,
): number[] {
  return (
    stmt(
      db,
      `SELECT id FROM sessions WHERE started_at < ? AND ended_at IS NOT NULL AND id <> ?
       ORDER BY started_at DESC, id DESC LIMIT ?`,
    ).all(before, exceptId, limit) as { id: number }[]
  ).map((r) => r.id);
}

export interface LearnerAttendanceRow {
  session_id: number;
  joined_at: number;
  left_at: number | null;
  last_seen_at: number;
  title: string;
  course_id: number | null;
  started_at: number;
  ended_at: number | null;
}

/** A learner's presence intervals in started classes, with each class's times. */
export function learnerAttendance(db: Db, learnerId: number): LearnerAttendanceRow[] {
  return stmt(
    db,
    `SELECT a.session_id, a.joined_at, a.left_at, a.last_seen_at, s.title, s.course_id,
       s.started_at, s.ended_at
     FROM attendance a JOIN sessions s ON s.id = a.session_id
     WHERE a.learner_id = ? AND s.started_at IS NOT NULL ORDER BY s.started_at, a.joined_at`,
  ).all(learnerId) as LearnerAttendanceRow[];
}

export function learnerEvents(
  db: Db,
  learnerId: number,
): { session_id: number; kind: string; at: number }[] {
  return stmt(
    db,
    'SELECT session_id, kind, at FROM events WHERE learner_id = ? ORDER BY at, id',
  ).all(learnerId) as { session_id: number; kind: string; at: number }[];
}

export interface LearnerQuestionRow {
  id: number;
  session_id: number;
  text: string;
  asked_at: number;
  status: 'open' | 'answered' | 'dismissed';
}

/** A learner's questions that were not hidden by moderation. */
export function learnerQuestions(db: Db, learnerId: number): LearnerQuestionRow[] {
  return stmt(
    db,
    `SELECT id, session_id, text, asked_at, status FROM questions
     WHERE learner_id = ? AND hidden = 0 ORDER BY asked_at, id`,
  ).all(learnerId) as LearnerQuestionRow[];
}

export interface LearnerOrderRow {
  id: number;
  source: string;
  ordered_at: number;
  status: 'paid' | 'partially_refunded' | 'refunded' | 'cancelled';
  currency: string;
  total_minor: number;
  refunded_minor: number;
  /** JSON array of { courseId, title } for the lines matched to catalogue courses. */
  courses: string;
  /** JSON array of { title, courseId } for every line. */
  items: string;
}

/** A learner's orders with their lines, oldest first. */
export function learnerOrders(db: Db, learnerId: number): LearnerOrderRow[] {
  return stmt(
    db,
    `SELECT o.id, o.source, o.ordered_at, o.status, o.currency, o.total_minor, o.refunded_minor,
       (SELECT json_group_array(json_object('courseId', l.course_id, 'title', c.title))
          FROM order_lines l JOIN courses c ON c.id = l.course_id WHERE l.order_id = o.id) AS courses,
       (SELECT json_group_array(json_object('title', coalesce(c.title, l.title), 'courseId', c.id))
          FROM (SELECT * FROM order_lines WHERE order_id = o.id ORDER BY id) l
          LEFT JOIN courses c ON c.id = l.course_id) AS items
     FROM orders o WHERE o.learner_id = ? ORDER BY o.ordered_at, o.id`,
  ).all(learnerId) as LearnerOrderRow[];
}

/** A learner's email addresses and phone numbers, as stored (callers mask them). */
export function learnerContacts(
  db: Db,
  learnerId: number,
): { kind: 'email' | 'phone'; value: string }[] {
  return stmt(
    db,
    `SELECT kind, value FROM learner_identities
     WHERE learner_id = ? AND kind IN ('email', 'phone') ORDER BY kind, id`,
  ).all(learnerId) as { kind: 'email' | 'phone'; value: string }[];
}

/** The distinct learners who attended a class, ascending. */
export function sessionAttendees(db: Db, sessionId: number): number[] {
  const session = stmt(db, 'SELECT id FROM sessions WHERE id = ?').get(sessionId);
  if (session === undefined) throw new StudioError('NOT_FOUND', `no session with id ${sessionId}`);
  return (
    stmt(
      db,
      'SELECT DISTINCT learner_id FROM attendance WHERE session_id = ? ORDER BY learner_id',
    ).all(sessionId) as { learner_id: number }[]
  ).map((r) => r.learner_id);
}

export function courseSeriesName(db: Db, courseId: number): string | null {
  const row = stmt(db, 'SELECT series FROM courses WHERE id = ?').get(courseId) as
    { series: string | null } | undefined;
  return row?.series ?? null;
}

/** The course after `courseId` in its series, if any. */
export function nextCourseInSeries(
  db: Db,
  courseId: number,
): { id: number; title: string; series: string } | undefined {
  return stmt(
    db,
    `SELECT n.id, n.title, n.series FROM courses c
     JOIN courses n ON n.series = c.series AND n.series_position > c.series_position
     WHERE c.id = ? ORDER BY n.series_position, n.id LIMIT 1`,
  ).get(courseId) as { id: number; title: string; series: string } | undefined;
}

export interface ClassWindowRow {
  id: number;
  started_at: number;
  ended_at: number;
}

/** One class's start and end (`now` while it is still open). */
export function classWindow(db: Db, sessionId: number, now: number): ClassWindowRow[] {
  return stmt(
    db,
    'SELECT id, started_at, coalesce(ended_at, ?) AS ended_at FROM sessions WHERE id = ?',
  ).all(now, sessionId) as ClassWindowRow[];
}

/** The course's started classes up to `until`, in order, each with its end (`now` if open). */
export function courseClassWindows(
  db: Db,
  courseId: number,
  until: number,
  now: number,
): ClassWindowRow[] {
  return stmt(
    db,
    `SELECT id, started_at, coalesce(ended_at, ?) AS ended_at FROM sessions
     WHERE course_id = ? AND started_at IS NOT NULL AND started_at <= ?
     ORDER BY started_at, id`,
  ).all(now, courseId, until) as ClassWindowRow[];
}

/** Time each learner watched of one class between `start` and `end`. */
export function watchedInClass(
  db: Db,
  sessionId: number,
  start: number,
  end: number,
): { learner_id: number; watched_ms: number }[] {
  return stmt(
    db,
    `SELECT learner_id, sum(max(0, min(coalesce(left_at, last_seen_at), ?) - max(joined_at, ?)))
       AS watched_ms
     FROM attendance WHERE session_id = ? GROUP BY learner_id`,
  ).all(end, start, sessionId) as { learner_id: number; watched_ms: number }[];
}

/**
 * Interactions of the given kinds per (learner, kind) in one class, by learner then kind.
 *
 * Counted by SQLite while walking the class's stretch of events_session_learner_kind (migration
 * 0350), which holds learner and kind in group order: no table row is read and nothing sorted.
 * On the benchmark class (1,000,000 events, 811,000 of these kinds) ~0.14 s, where reading every
 * event's code into JavaScript in slices of ids and counting there took ~0.4 s.
 */
export const INTERACTIONS_IN_CLASS_SQL = (kinds: number): string =>
  `SELECT learner_id, kind, count(*) AS n FROM events
   WHERE session_id = ? AND learner_id IS NOT NULL AND kind IN (${Array.from({ length: kinds }, () => '?').join(', ')})
   GROUP BY learner_id, kind ORDER BY learner_id, kind`;

export function interactionsInClass(
  db: Db,
  sessionId: number,
  kinds: readonly string[],
): { learner_id: number; kind: string; n: number }[] {
  if (kinds.length === 0) return [];
  return stmt(db, INTERACTIONS_IN_CLASS_SQL(kinds.length)).all(sessionId, ...kinds) as {
    learner_id: number;
    kind: string;
    n: number;
  }[];
}
