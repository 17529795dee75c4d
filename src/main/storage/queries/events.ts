import type { Db } from '../connection';
import { stmt } from './live/statements';

export interface NewEvent {
  sessionId: number;
  learnerId: number | null;
  kind: string;
  at: number;
  payload: unknown;
  /**
   * Client-generated, unique per viewer in a session (host events: per session): a resend of the
   * same action is recognised, and another viewer's id never is.
   */
  clientId: string;
}

export interface EventRow {
  id: number;
  session_id: number;
  learner_id: number | null;
  kind: string;
  at: number;
  payload: string;
  client_id: string;
}

/**
 * Stores an event once. Returns the row id and whether it was new; a duplicate client id returns
 * the id of the event stored the first time.
 */
export function appendEvent(db: Db, event: NewEvent): { id: number; inserted: boolean } {
  // Every viewer action appends one: prepared once per connection (the audience's hot path).
  const result = stmt(
    db,
    `INSERT INTO events (session_id, learner_id, kind, at, payload, client_id)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id, ifnull(learner_id, 0), client_id) DO NOTHING`,
  ).run(
    event.sessionId,
    event.learnerId,
    event.kind,
    event.at,
    JSON.stringify(event.payload ?? {}),
    event.clientId,
  );
  if (result.changes === 1) return { id: Number(result.lastInsertRowid), inserted: true };
  const existing = stmt(
    db,
    'SELECT id FROM events WHERE session_id = ? AND ifnull(learner_id, 0) = ? AND client_id = ?',
  ).get(event.sessionId, event.learnerId ?? 0, event.clientId) as { id: number };
  return { id: existing.id, inserted: false };
}

/** Events of one session in [fromMs, toMs), in time order: the timeline's hot read. */
export const EVENTS_IN_RANGE_SQL = `SELECT id, session_id, learner_id, kind, at, payload, client_id
  FROM events WHERE session_id = ? AND at >= ? AND at < ? ORDER BY at, id LIMIT ?`;

export function eventsInRange(
  db: Db,
  args: { sessionId: number; fromMs: number; toMs: number; limit?: number },
): EventRow[] {
  return db
    .prepare(EVENTS_IN_RANGE_SQL)
    .all(args.sessionId, args.fromMs, args.toMs, args.limit ?? -1) as EventRow[];
}
