import type { Db } from '../connection';
import type { upsertSurveyAnswer } from './live/satisfaction';
import { stmt } from './live/statements';

// The satisfaction survey offered at the end of a LAN replay (migration 0330): the class's
// survey, and answers stored beside the live ones, marked as from the replay.

/** The class's survey a replay offers: the last one opened in the class, if any. */
export function classSurveyId(db: Db, sessionId: number): number | null {
  const row = stmt(
    db,
    'SELECT id FROM satisfaction_surveys WHERE session_id = ? ORDER BY opened_at DESC, id DESC LIMIT 1',
  ).get(sessionId) as { id: number } | undefined;
  return row?.id ?? null;
}

/** Where the learner answered any survey of the class ('live' or 'replay'), or null. */
export function classSurveyAnswerSource(
  db: Db,
  sessionId: number,
  learnerId: number,
): 'live' | 'replay' | null {
  const row = stmt(
    db,
    `SELECT a.source FROM satisfaction_answers a JOIN satisfaction_surveys s ON s.id = a.survey_id
     WHERE s.session_id = ? AND a.learner_id = ? ORDER BY a.updated_at DESC LIMIT 1`,
  ).get(sessionId, learnerId) as { source: 'live' | 'replay' } | undefined;
  return row?.source ?? null;
}

/** Stores a replay's answer; false (nothing stored) when the learner already answered it. */
export function insertReplaySurveyAnswer(
  db: Db,
  args: Parameters<typeof upsertSurveyAnswer>[1],
): boolean {
  const result = stmt(
    db,
    `INSERT INTO satisfaction_answers (survey_id, learner_id, class_rating, teacher_rating,
       content_rating, recommend, comment, answered_at, updated_at, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'replay')
     ON CONFLICT (survey_id, learner_id) DO NOTHING`,
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
  return result.changes === 1;
}

/** How many of the class's survey answers were given at the end of its replay. */
export function replaySurveyAnswerCount(db: Db, sessionId: number): number {
  return (
    stmt(
      db,
      `SELECT count(DISTINCT a.learner_id) AS n FROM satisfaction_answers a
       JOIN satisfaction_surveys s ON s.id = a.survey_id
       WHERE s.session_id = ? AND a.source = 'replay'`,
    ).get(sessionId) as { n: number }
  ).n;
}
