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
