import type { Db } from '../connection';
import { stmt } from './live/statements';

// Replays for learners on the LAN (migration 0270): the per-class switch, and each learner's
// watched spans of the class's timeline, kept merged (disjoint, in order).

export interface WatchSpan {
  startMs: number;
  endMs: number;
}

export function lanReplayEnabled(db: Db, sessionId: number): boolean {
  const row = stmt(db, 'SELECT enabled FROM lan_replays WHERE session_id = ?').get(sessionId) as
    { enabled: number } | undefined;
  return row?.enabled === 1;
}

export function setLanReplay(db: Db, sessionId: number, enabled: boolean, now: number): void {
  stmt(
    db,
    `INSERT INTO lan_replays (session_id, enabled, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
  ).run(sessionId, enabled ? 1 : 0, now);
}

export interface ReplayWatcherRow {
  session_id: number;
  learner_id: number;
  first_at: number;
  last_at: number;
  last_seq: number;
  heartbeats: number;
}

export function replayWatcher(
  db: Db,
  sessionId: number,
  learnerId: number,
): ReplayWatcherRow | undefined {
  return stmt(db, 'SELECT * FROM replay_watchers WHERE session_id = ? AND learner_id = ?').get(
    sessionId,
    learnerId,
  ) as ReplayWatcherRow | undefined;
}

export function watchedSpans(db: Db, sessionId: number, learnerId: number): WatchSpan[] {
  return stmt(
    db,
    `SELECT start_ms AS startMs, end_ms AS endMs FROM replay_watch_spans
     WHERE session_id = ? AND learner_id = ? ORDER BY start_ms`,
  ).all(sessionId, learnerId) as WatchSpan[];
}

/** Every class whose replay the learner watched, latest first. */
export function learnerReplayWatches(db: Db, learnerId: number): ReplayWatcherRow[] {
  return stmt(
    db,
    'SELECT * FROM replay_watchers WHERE learner_id = ? ORDER BY last_at DESC, session_id DESC',
  ).all(learnerId) as ReplayWatcherRow[];
}

/** Everyone who watched the class's replay, with their merged spans. */
export function classReplayWatches(
  db: Db,
  sessionId: number,
): (ReplayWatcherRow & { spans: WatchSpan[] })[] {
  const rows = stmt(
    db,
    'SELECT * FROM replay_watchers WHERE session_id = ? ORDER BY learner_id',
  ).all(sessionId) as ReplayWatcherRow[];
  return rows.map((row) => ({ ...row, spans: watchedSpans(db, sessionId, row.learner_id) }));
}

/**
 * Stores one heartbeat: the watcher row (sequence, counts) and the learner's merged spans,
 * replaced as a whole. The caller runs it in a transaction and passes spans already merged
 * with the stored ones.
 */
export function storeReplayHeartbeat(
  db: Db,
  args: { sessionId: number; learnerId: number; seq: number; now: number; merged: WatchSpan[] },
): void {
  stmt(
    db,
    `INSERT INTO replay_watchers (session_id, learner_id, first_at, last_at, last_seq, heartbeats)
     VALUES (@sessionId, @learnerId, @now, @now, @seq, 1)
     ON CONFLICT (session_id, learner_id) DO UPDATE SET
       last_at = excluded.last_at, last_seq = excluded.last_seq, heartbeats = heartbeats + 1`,
  ).run({ sessionId: args.sessionId, learnerId: args.learnerId, now: args.now, seq: args.seq });
  stmt(db, 'DELETE FROM replay_watch_spans WHERE session_id = ? AND learner_id = ?').run(
    args.sessionId,
    args.learnerId,
  );
  const insert = stmt(
    db,
    'INSERT INTO replay_watch_spans (session_id, learner_id, start_ms, end_ms) VALUES (?, ?, ?, ?)',
  );
  for (const span of args.merged)
    insert.run(args.sessionId, args.learnerId, span.startMs, span.endMs);
}

/** A learner whose replay watching covered the moment an offer was pushed, who did not buy. */
export interface ReplayOfferMiss {
  learnerId: number;
  sessionId: number;
  sessionTitle: string;
  courseId: number;
  offerTitle: string;
  /** Where the offer was pushed, in ms of the class's replay timeline. */
  offerAtMs: number;
  /** When the learner last reported watching. */
  lastWatchedAt: number;
}

/**
 * Learners whose watched spans of a class's replay cover the moment an offer of a course was
 * pushed in that class, and who have no paid order of that course (none after the offer, and none
 * before: a course they own is not one to follow up with). The replay timeline starts at the
 * first recording part that holds bytes, else at the class's start (review/timeline-layout.ts).
 * Latest watching first; one row per learner, class and course.
 */
export function replayOfferMisses(db: Db, sessionId?: number): ReplayOfferMiss[] {
  return stmt(
    db,
    `WITH origins AS (
       SELECT s.id AS session_id, s.title AS title,
              COALESCE((SELECT MIN(r.started_at) FROM recordings r
                        WHERE r.session_id = s.id AND r.bytes > 0), s.started_at) AS origin_at
       FROM sessions s WHERE s.started_at IS NOT NULL AND (@sessionId IS NULL OR s.id = @sessionId)
     ),
     pushed AS (
       SELECT o.session_id, o.course_id, MIN(o.pushed_at - g.origin_at) AS at_ms,
              MIN(o.title) AS title, g.title AS session_title
       FROM offers o JOIN origins g ON g.session_id = o.session_id
       WHERE o.course_id IS NOT NULL
       GROUP BY o.session_id, o.course_id
     )
     SELECT w.learner_id AS learnerId, p.session_id AS sessionId, p.session_title AS sessionTitle,
            p.course_id AS courseId, p.title AS offerTitle, p.at_ms AS offerAtMs,
            w.last_at AS lastWatchedAt
     FROM pushed p
     JOIN replay_watchers w ON w.session_id = p.session_id
     WHERE EXISTS (SELECT 1 FROM replay_watch_spans sp
                   WHERE sp.session_id = w.session_id AND sp.learner_id = w.learner_id
                     AND sp.start_ms <= p.at_ms AND sp.end_ms > p.at_ms)
       AND NOT EXISTS (SELECT 1 FROM orders od JOIN order_lines ol ON ol.order_id = od.id
                       WHERE od.learner_id = w.learner_id AND ol.course_id = p.course_id
                         AND od.status IN ('paid', 'partially_refunded'))
     ORDER BY w.last_at DESC, w.learner_id, p.session_id, p.course_id`,
  ).all({ sessionId: sessionId ?? null }) as ReplayOfferMiss[];
}

export interface LiveAttendanceRow {
  learnerId: number;
  displayName: string;
  joinedAt: number;
  /** When the connection ended, or was last seen. */
  leftAt: number;
}

/** The class's live attendance rows with the learners' names (the replay section's "live"). */
export function liveAttendance(db: Db, sessionId: number): LiveAttendanceRow[] {
  return stmt(
    db,
    `SELECT a.learner_id AS learnerId, l.display_name AS displayName, a.joined_at AS joinedAt,
            COALESCE(a.left_at, a.last_seen_at) AS leftAt
     FROM attendance a JOIN learners l ON l.id = a.learner_id
     WHERE a.session_id = ? ORDER BY a.learner_id, a.joined_at`,
  ).all(sessionId) as LiveAttendanceRow[];
}

/** Display names of the given learners. */
export function learnerNames(db: Db, learnerIds: readonly number[]): Map<number, string> {
  const one = stmt(db, 'SELECT display_name AS name FROM learners WHERE id = ?');
  const names = new Map<number, string>();
  for (const id of learnerIds) {
    const row = one.get(id) as { name: string } | undefined;
    if (row) names.set(id, row.name);
  }
  return names;
}
