import type { Db } from '../../connection';
import { stmt } from './statements';

// Reactions (aggregated per viewer), check-ins, announcements and lotteries.

export function addReactions(
  db: Db,
  args: { sessionId: number; learnerId: number; reaction: string; count: number; at: number },
): void {
  stmt(
    db,
    `INSERT INTO reaction_counts (session_id, learner_id, reaction, count, last_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (session_id, learner_id, reaction)
     DO UPDATE SET count = count + excluded.count, last_at = max(last_at, excluded.last_at)`,
  ).run(args.sessionId, args.learnerId, args.reaction, args.count, args.at);
}

export function reactionTotals(db: Db, sessionId: number): { reaction: string; count: number }[] {
  return stmt(
    db,
    'SELECT reaction, sum(count) AS count FROM reaction_counts WHERE session_id = ? GROUP BY reaction',
  ).all(sessionId) as { reaction: string; count: number }[];
}

export interface CheckinRow {
  id: number;
  session_id: number;
  opened_at: number;
  closes_at: number | null;
  closed_at: number | null;
  count: number;
}

const CHECKIN_SQL = `SELECT c.id, c.session_id, c.opened_at, c.closes_at, c.closed_at,
    (SELECT count(*) FROM checkin_records r WHERE r.checkin_id = c.id) AS count FROM checkins c`;

export function openCheckin(
  db: Db,
  args: { sessionId: number; at: number; closesAt: number | null },
): number {
  return Number(
    stmt(db, 'INSERT INTO checkins (session_id, opened_at, closes_at) VALUES (?, ?, ?)').run(
      args.sessionId,
      args.at,
      args.closesAt,
    ).lastInsertRowid,
  );
}

export function closeCheckin(db: Db, checkinId: number, at: number): void {
  stmt(db, 'UPDATE checkins SET closed_at = coalesce(closed_at, ?) WHERE id = ?').run(
    at,
    checkinId,
  );
}

export function getCheckin(db: Db, checkinId: number): CheckinRow | undefined {
  return stmt(db, `${CHECKIN_SQL} WHERE c.id = ?`).get(checkinId) as CheckinRow | undefined;
}

export function checkinsOfSession(db: Db, sessionId: number): CheckinRow[] {
  return stmt(db, `${CHECKIN_SQL} WHERE c.session_id = ? ORDER BY c.opened_at, c.id`).all(
    sessionId,
  ) as CheckinRow[];
}

export function recordCheckin(
  db: Db,
  args: { checkinId: number; learnerId: number; eventId: number; at: number },
): boolean {
  return (
    stmt(
      db,
      `INSERT INTO checkin_records (checkin_id, learner_id, event_id, at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ).run(args.checkinId, args.learnerId, args.eventId, args.at).changes === 1
  );
}

export function checkedInLearners(db: Db, checkinId: number): Set<number> {
  return new Set(
    (
      stmt(db, 'SELECT learner_id FROM checkin_records WHERE checkin_id = ?').all(checkinId) as {
        learner_id: number;
      }[]
    ).map((r) => r.learner_id),
  );
}

export function learnersCheckedIn(db: Db, sessionId: number, checkinId: number | null): number[] {
  return (
    stmt(
      db,
      `SELECT DISTINCT r.learner_id FROM checkin_records r JOIN checkins c ON c.id = r.checkin_id
       WHERE c.session_id = ? AND (? IS NULL OR c.id = ?) ORDER BY r.learner_id`,
    ).all(sessionId, checkinId, checkinId) as { learner_id: number }[]
  ).map((r) => r.learner_id);
}

export function insertAnnouncement(
  db: Db,
  args: { sessionId: number; text: string; at: number },
): number {
  return Number(
    stmt(db, 'INSERT INTO announcements (session_id, text, at) VALUES (?, ?, ?)').run(
      args.sessionId,
      args.text,
      args.at,
    ).lastInsertRowid,
  );
}

export function announcementsOfSession(
  db: Db,
  sessionId: number,
): { id: number; text: string; at: number }[] {
  return stmt(
    db,
    'SELECT id, text, at FROM announcements WHERE session_id = ? ORDER BY at, id',
  ).all(sessionId) as { id: number; text: string; at: number }[];
}

export interface LotteryRow {
  id: number;
  session_id: number;
  title: string;
  rule: string;
  seed: number;
  candidates: string;
  winners: string;
  drawn_at: number;
}

export function insertLottery(
  db: Db,
  args: {
    sessionId: number;
    title: string;
    rule: unknown;
    seed: number;
    candidates: unknown[];
    winners: unknown[];
    at: number;
  },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO lotteries (session_id, title, rule, seed, candidates, winners, drawn_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      args.sessionId,
      args.title,
      JSON.stringify(args.rule),
      args.seed,
      JSON.stringify(args.candidates),
      JSON.stringify(args.winners),
      args.at,
    ).lastInsertRowid,
  );
}

export function lotteriesOfSession(db: Db, sessionId: number): LotteryRow[] {
  return stmt(db, 'SELECT * FROM lotteries WHERE session_id = ? ORDER BY drawn_at, id').all(
    sessionId,
  ) as LotteryRow[];
}

/** Learners with attendance in the session and their watched ms (open intervals up to `now`). */
export function attendees(
  db: Db,
  sessionId: number,
  now: number,
): { learner_id: number; ms: number }[] {
  return stmt(
    db,
    `SELECT learner_id, sum(coalesce(left_at, max(last_seen_at, ?)) - joined_at) AS ms
     FROM attendance WHERE session_id = ? GROUP BY learner_id ORDER BY learner_id`,
  ).all(now, sessionId) as { learner_id: number; ms: number }[];
}
