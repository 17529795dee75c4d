import type { Db } from '../connection';
import { stmt } from './live/statements';

// What the reports read of the satisfaction survey, and the workspace's weights. A learner who
// answered more than one survey in the same class counts once, with their latest answer.

export interface SatisfactionAnswer {
  session_id: number;
  learner_id: number;
  class_rating: number;
  teacher_rating: number;
  content_rating: number;
  recommend: number;
  comment: string | null;
  updated_at: number;
}

const LATEST_PER_CLASS = `
  SELECT s.session_id, a.learner_id, a.class_rating, a.teacher_rating, a.content_rating,
    a.recommend, a.comment, a.updated_at
  FROM satisfaction_answers a JOIN satisfaction_surveys s ON s.id = a.survey_id
  WHERE NOT EXISTS (
    SELECT 1 FROM satisfaction_answers b JOIN satisfaction_surveys t ON t.id = b.survey_id
    WHERE t.session_id = s.session_id AND b.learner_id = a.learner_id
      AND (b.updated_at > a.updated_at OR (b.updated_at = a.updated_at AND b.survey_id > a.survey_id))
  )`;

/** One class's answers (latest per learner), oldest first. */
export function sessionSatisfactionAnswers(db: Db, sessionId: number): SatisfactionAnswer[] {
  return stmt(
    db,
    `SELECT * FROM (${LATEST_PER_CLASS}) WHERE session_id = ? ORDER BY updated_at, learner_id`,
  ).all(sessionId) as SatisfactionAnswer[];
}

export interface CourseClassRow {
  id: number;
  title: string;
  started_at: number;
}

/** A course's classes that took place (started), oldest first. */
export function courseClassesStarted(db: Db, courseId: number): CourseClassRow[] {
  return stmt(
    db,
    `SELECT id, title, started_at FROM sessions
     WHERE course_id = ? AND started_at IS NOT NULL ORDER BY started_at, id`,
  ).all(courseId) as CourseClassRow[];
}

/** The answers to every class of a course (latest per learner and class). */
export function courseSatisfactionAnswers(db: Db, courseId: number): SatisfactionAnswer[] {
  return stmt(
    db,
    `SELECT x.* FROM (${LATEST_PER_CLASS}) x JOIN sessions c ON c.id = x.session_id
     WHERE c.course_id = ? ORDER BY x.session_id, x.learner_id`,
  ).all(courseId) as SatisfactionAnswer[];
}

export interface AnsweredClassRow extends SatisfactionAnswer {
  /** When the class began (its start, or its schedule when it never started). */
  class_at: number;
}

/** Every answer of the workspace with when its class began: the findings' input. */
export function allSatisfactionAnswers(db: Db): AnsweredClassRow[] {
  return stmt(
    db,
    `SELECT x.*, coalesce(c.started_at, c.scheduled_at, x.updated_at) AS class_at
     FROM (${LATEST_PER_CLASS}) x JOIN sessions c ON c.id = x.session_id
     ORDER BY x.learner_id, class_at`,
  ).all() as AnsweredClassRow[];
}

/** Distinct learners who attended a class. */
export function sessionAttendeeCount(db: Db, sessionId: number): number {
  return (
    stmt(db, 'SELECT count(DISTINCT learner_id) AS n FROM attendance WHERE session_id = ?').get(
      sessionId,
    ) as { n: number }
  ).n;
}
