import type { Db } from '../../connection';
import { stmt } from './statements';

export interface LiveSessionRow {
  id: number;
  title: string;
  course_id: number | null;
  course_title: string | null;
  status: string;
  scheduled_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  join_code: string | null;
}

const SESSION_SQL = `SELECT s.id, s.title, s.course_id, c.title AS course_title, s.status,
    s.scheduled_at, s.started_at, s.ended_at, ls.join_code
  FROM sessions s LEFT JOIN courses c ON c.id = s.course_id
  LEFT JOIN live_settings ls ON ls.session_id = s.id`;

export function createSession(
  db: Db,
  args: { courseId: number | null; title: string; scheduledAt: number | null; now: number },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO sessions (course_id, title, status, scheduled_at, created_at)
       VALUES (?, ?, 'scheduled', ?, ?)`,
    ).run(args.courseId, args.title, args.scheduledAt, args.now).lastInsertRowid,
  );
}

export function getSession(db: Db, sessionId: number): LiveSessionRow | undefined {
  return stmt(db, `${SESSION_SQL} WHERE s.id = ?`).get(sessionId) as LiveSessionRow | undefined;
}

export function sessionByJoinCode(db: Db, code: string): LiveSessionRow | undefined {
  return stmt(db, `${SESSION_SQL} WHERE ls.join_code = ?`).get(code) as LiveSessionRow | undefined;
}

export function sessionsWithStatus(db: Db, statuses: readonly string[]): LiveSessionRow[] {
  return stmt(
    db,
    `${SESSION_SQL} WHERE s.status IN (SELECT value FROM json_each(?)) ORDER BY s.id`,
  ).all(JSON.stringify(statuses)) as LiveSessionRow[];
}

export function setSessionStatus(
  db: Db,
  sessionId: number,
  status: string,
  times: { startedAt?: number; endedAt?: number } = {},
): void {
  stmt(
    db,
    `UPDATE sessions SET status = ?, started_at = coalesce(started_at, ?),
       ended_at = coalesce(?, ended_at) WHERE id = ?`,
  ).run(status, times.startedAt ?? null, times.endedAt ?? null, sessionId);
}

export interface LiveSettingsRow {
  session_id: number;
  join_code: string;
  chat_open: number;
  slow_mode_seconds: number;
  blocked_words: string;
  peak_viewers: number;
  updated_at: number;
  /** 1: ending the class opens the satisfaction survey for the viewers still there. */
  survey_at_end: number;
}

/** Whether any session's audience is live or paused. */
export function hasActiveSession(db: Db): boolean {
  return (
    stmt(db, `SELECT 1 FROM sessions WHERE status IN ('live', 'paused') LIMIT 1`).get() !==
    undefined
  );
}

export function getLiveSettings(db: Db, sessionId: number): LiveSettingsRow | undefined {
  return stmt(db, 'SELECT * FROM live_settings WHERE session_id = ?').get(sessionId) as
    LiveSettingsRow | undefined;
}

export function joinCodeTaken(db: Db, code: string): boolean {
  return stmt(db, 'SELECT 1 FROM live_settings WHERE join_code = ?').get(code) !== undefined;
}

export function insertLiveSettings(
  db: Db,
  args: { sessionId: number; joinCode: string; now: number },
): void {
  stmt(
    db,
    `INSERT INTO live_settings (session_id, join_code, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO NOTHING`,
  ).run(args.sessionId, args.joinCode, args.now);
}

export function updateChatSettings(
  db: Db,
  args: {
    sessionId: number;
    open: boolean;
    slowModeSeconds: number;
    blockedWords: string[];
    now: number;
  },
): void {
  stmt(
    db,
    `UPDATE live_settings SET chat_open = ?, slow_mode_seconds = ?, blocked_words = ?,
       updated_at = ? WHERE session_id = ?`,
  ).run(
    args.open ? 1 : 0,
    args.slowModeSeconds,
    JSON.stringify(args.blockedWords),
    args.now,
    args.sessionId,
  );
}

export function setSurveyAtEnd(db: Db, sessionId: number, on: boolean, now: number): void {
  stmt(db, 'UPDATE live_settings SET survey_at_end = ?, updated_at = ? WHERE session_id = ?').run(
    on ? 1 : 0,
    now,
    sessionId,
  );
}

export function raisePeakViewers(db: Db, sessionId: number, viewers: number): void {
  stmt(db, 'UPDATE live_settings SET peak_viewers = max(peak_viewers, ?) WHERE session_id = ?').run(
    viewers,
    sessionId,
  );
}

/**
 * The event this viewer's client id already produced in this session, if any (duplicate
 * detection): ids are only unique per device, so another viewer's id never counts.
 */
export function eventIdByClientId(
  db: Db,
  args: { sessionId: number; learnerId: number; clientId: string },
): number | undefined {
  const row = stmt(
    db,
    'SELECT id FROM events WHERE session_id = ? AND ifnull(learner_id, 0) = ? AND client_id = ?',
  ).get(args.sessionId, args.learnerId, args.clientId) as { id: number } | undefined;
  return row?.id;
}

/** Open classes the learner took part in (joined, was present, or acted). */
export function openClassesOf(
  db: Db,
  learnerId: number,
  openHubs: readonly number[],
): { id: number; title: string }[] {
  return db
    .prepare(
      `SELECT s.id, s.title FROM sessions s
       WHERE (s.status IN ('live', 'paused') OR s.id IN (SELECT value FROM json_each(@hubs)))
         AND (EXISTS (SELECT 1 FROM live_viewers v WHERE v.session_id = s.id AND v.learner_id = @learner)
           OR EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.learner_id = @learner)
           OR EXISTS (SELECT 1 FROM events e WHERE e.learner_id = @learner AND e.session_id = s.id))
       ORDER BY s.id`,
    )
    .all({ hubs: JSON.stringify(openHubs), learner: learnerId }) as { id: number; title: string }[];
}
