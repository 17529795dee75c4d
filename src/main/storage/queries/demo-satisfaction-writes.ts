import type { Db } from '../connection';

/** The demo generator's survey INSERTs (ids given explicitly, like demo-writes.ts). */
export function prepareSurveyStatements(db: Db) {
  return {
    survey: db.prepare(
      `INSERT INTO satisfaction_surveys (id, session_id, opened_at, closed_at) VALUES (?, ?, ?, ?)`,
    ),
    answer: db.prepare(
      `INSERT INTO satisfaction_answers (survey_id, learner_id, class_rating, teacher_rating,
         content_rating, recommend, comment, answered_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
export type SurveyStatements = ReturnType<typeof prepareSurveyStatements>;
