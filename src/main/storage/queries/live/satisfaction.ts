import type { Db } from '../../connection';
import { stmt } from './statements';

// The satisfaction survey as the live class writes it (the hub's feature module).

export interface SurveyRow {
  id: number;
  session_id: number;
  opened_at: number;
  closed_at: number | null;
}

export interface SurveyAnswerRow {
  survey_id: number;
  learner_id: number;
  class_rating: number;
  teacher_rating: number;
  content_rating: number;
  recommend: number;
  comment: string | null;
  answered_at: number;
  updated_at: number;
}

const SURVEY_SQL = 'SELECT id, session_id, opened_at, closed_at FROM satisfaction_surveys';

export function openSurvey(db: Db, args: { sessionId: number; at: number }): number {
  return Number(
    stmt(db, 'INSERT INTO satisfaction_surveys (session_id, opened_at) VALUES (?, ?)').run(
      args.sessionId,
      args.at,
    ).lastInsertRowid,
  );
}

export function closeSurvey(db: Db, surveyId: number, at: number): void {
  stmt(db, 'UPDATE satisfaction_surveys SET closed_at = coalesce(closed_at, ?) WHERE id = ?').run(
    at,
    surveyId,
  );
}

/**
 * Surveys of ended classes still open (the studio stopped during a survey at End's grace period):
 * closed when that grace period would have ended, or now if that is sooner. Returns how many.
 */
export function closeSurveysOfEndedClasses(db: Db, graceMs: number, now: number): number {
  return stmt(
    db,
    `UPDATE satisfaction_surveys
        SET closed_at = max(opened_at, min(?, (SELECT s.ended_at FROM sessions s
                                                WHERE s.id = session_id) + ?))
      WHERE closed_at IS NULL
        AND session_id IN (SELECT id FROM sessions WHERE status = 'ended' AND ended_at IS NOT NULL)`,
  ).run(now, graceMs).changes;
}

export function getSurvey(db: Db, surveyId: number): SurveyRow | undefined {
  return stmt(db, `${SURVEY_SQL} WHERE id = ?`).get(surveyId) as SurveyRow | undefined;
}

export function surveysOfSession(db: Db, sessionId: number): SurveyRow[] {
  return stmt(db, `${SURVEY_SQL} WHERE session_id = ? ORDER BY opened_at, id`).all(
    sessionId,
  ) as SurveyRow[];
}

/** One answer per learner and survey; answering again while it is open replaces the answer. */
export function upsertSurveyAnswer(
  db: Db,
  args: {
    surveyId: number;
    learnerId: number;
    classRating: number;
    teacherRating: number;
    contentRating: number;
    recommend: number;
    comment: string | null;
    at: number;
  },
): void {
  stmt(
    db,
    `INSERT INTO satisfaction_answers (survey_id, learner_id, class_rating, teacher_rating,
       content_rating, recommend, comment, answered_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (survey_id, learner_id) DO UPDATE SET class_rating = excluded.class_rating,
       teacher_rating = excluded.teacher_rating, content_rating = excluded.content_rating,
       recommend = excluded.recommend, comment = excluded.comment, updated_at = excluded.updated_at`,
  ).run(
    args.surveyId,
    args.learnerId,
    args.classRating,
    args.teacherRating,
    args.contentRating,
    args.recommend,
    args.comment,
    args.at,
    args.at,
  );
}

export function answersOfSurvey(db: Db, surveyId: number): SurveyAnswerRow[] {
  return stmt(
    db,
    `SELECT survey_id, learner_id, class_rating, teacher_rating, content_rating, recommend,
       comment, answered_at, updated_at
     FROM satisfaction_answers WHERE survey_id = ? ORDER BY learner_id`,
  ).all(surveyId) as SurveyAnswerRow[];
}
