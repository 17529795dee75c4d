import type { Db } from '../../connection';
import { stmt } from './statements';

/** A class planned ahead of time: its session and its plan (migration 0190). */
export interface ScheduledClassRow {
  id: number;
  title: string;
  course_id: number | null;
  course_title: string | null;
  status: string;
  scheduled_at: number;
  planned_minutes: number;
  warmup_minutes: number;
  sequence: number;
  cancelled_at: number | null;
  join_code: string | null;
  created_at: number;
  updated_at: number;
}

const SCHEDULED_SQL = `SELECT s.id, s.title, s.course_id, c.title AS course_title, s.status,
    s.scheduled_at, cs.planned_minutes, cs.warmup_minutes, cs.sequence, cs.cancelled_at,
    ls.join_code, cs.created_at, cs.updated_at
  FROM class_schedules cs JOIN sessions s ON s.id = cs.session_id
  LEFT JOIN courses c ON c.id = s.course_id
  LEFT JOIN live_settings ls ON ls.session_id = s.id`;

export function insertSchedule(
  db: Db,
  args: { sessionId: number; plannedMinutes: number; warmupMinutes: number; now: number },
): void {
  stmt(
    db,
    `INSERT INTO class_schedules (session_id, planned_minutes, warmup_minutes, created_at,
       updated_at) VALUES (?, ?, ?, ?, ?)`,
  ).run(args.sessionId, args.plannedMinutes, args.warmupMinutes, args.now, args.now);
}

export function getScheduledClass(db: Db, sessionId: number): ScheduledClassRow | undefined {
  return stmt(db, `${SCHEDULED_SQL} WHERE cs.session_id = ?`).get(sessionId) as
    ScheduledClassRow | undefined;
}

/**
 * Planned classes not yet over: not started (or still running) and ending after `now`, soonest
 * first; cancelled ones too when asked (a calendar file must still say CANCELLED).
 */
export function upcomingClasses(
  db: Db,
  args: { now: number; courseId: number | null; includeCancelled: boolean },
): ScheduledClassRow[] {
  return stmt(
    db,
    `${SCHEDULED_SQL}
     WHERE s.status IN ('scheduled', 'live', 'paused')
       AND s.scheduled_at + cs.planned_minutes * 60000 > ?
       AND (? IS NULL OR s.course_id = ?)
       AND (? = 1 OR cs.cancelled_at IS NULL)
     ORDER BY s.scheduled_at, s.id`,
  ).all(
    args.now,
    args.courseId,
    args.courseId,
    args.includeCancelled ? 1 : 0,
  ) as ScheduledClassRow[];
}

/** Moves or edits a planned class; the calendar SEQUENCE goes up by one. */
export function updateSchedule(
  db: Db,
  args: {
    sessionId: number;
    title: string;
    courseId: number | null;
    scheduledAt: number;
    plannedMinutes: number;
    warmupMinutes: number;
    now: number;
  },
): void {
  db.transaction(() => {
    stmt(db, 'UPDATE sessions SET title = ?, course_id = ?, scheduled_at = ? WHERE id = ?').run(
      args.title,
      args.courseId,
      args.scheduledAt,
      args.sessionId,
    );
    stmt(
      db,
      `UPDATE class_schedules SET planned_minutes = ?, warmup_minutes = ?,
         sequence = sequence + 1, updated_at = ? WHERE session_id = ?`,
    ).run(args.plannedMinutes, args.warmupMinutes, args.now, args.sessionId);
  })();
}

export function cancelSchedule(db: Db, args: { sessionId: number; now: number }): void {
  stmt(
    db,
    `UPDATE class_schedules SET cancelled_at = ?, sequence = sequence + 1, updated_at = ?
     WHERE session_id = ? AND cancelled_at IS NULL`,
  ).run(args.now, args.now, args.sessionId);
}

/** The warm-up window of a session's plan, if it has one (the audience server's gate). */
export interface ScheduleGateRow {
  status: string;
  scheduled_at: number | null;
  warmup_minutes: number;
  cancelled_at: number | null;
}

export function scheduleGate(db: Db, sessionId: number): ScheduleGateRow | undefined {
  return stmt(
    db,
    `SELECT s.status, s.scheduled_at, cs.warmup_minutes, cs.cancelled_at
     FROM class_schedules cs JOIN sessions s ON s.id = cs.session_id WHERE cs.session_id = ?`,
  ).get(sessionId) as ScheduleGateRow | undefined;
}

export function courseTitle(db: Db, courseId: number): string | undefined {
  return (
    stmt(db, 'SELECT title FROM courses WHERE id = ?').get(courseId) as
      { title: string } | undefined
  )?.title;
}
