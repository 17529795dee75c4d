import type { Db } from '../../connection';
import { stmt } from './statements';

// Class points (migration 0310): the per-class switch, and the interaction counts the points are
// computed from (every stored viewer event, per learner and kind).

export function classPointsEnabled(db: Db, sessionId: number): boolean {
  const row = stmt(db, 'SELECT enabled FROM class_points WHERE session_id = ?').get(sessionId) as
    { enabled: number } | undefined;
  return row?.enabled === 1;
}

export function setClassPoints(db: Db, sessionId: number, enabled: boolean, now: number): void {
  stmt(
    db,
    `INSERT INTO class_points (session_id, enabled, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
  ).run(sessionId, enabled ? 1 : 0, now);
}

export interface EventCountRow {
  learner_id: number;
  kind: string;
  count: number;
}

/** How many events of each kind each learner has in a class (host events excluded). */
export function eventCountsOfSession(db: Db, sessionId: number): EventCountRow[] {
  return stmt(
    db,
    `SELECT learner_id, kind, count(*) AS count FROM events
      WHERE session_id = ? AND learner_id IS NOT NULL
      GROUP BY learner_id, kind ORDER BY learner_id, kind`,
  ).all(sessionId) as EventCountRow[];
}

/** Every learner event of a class as (learner, kind), in stored order: what points are computed from. */
export function learnerEventsOfSession(
  db: Db,
  sessionId: number,
): { learner_id: number; kind: string }[] {
  return stmt(
    db,
    'SELECT learner_id, kind FROM events WHERE session_id = ? AND learner_id IS NOT NULL ORDER BY id',
  ).all(sessionId) as { learner_id: number; kind: string }[];
}
