import { z } from 'zod';
import { SurveyComment } from '../../shared/contract/satisfaction-protocol';
import type { Db } from '../storage/connection';
import { replayWatcher } from '../storage/queries/lan-replay';
import { learnerByDevice } from '../storage/queries/live/viewers';
import {
  classSurveyAnswerSource,
  classSurveyId,
  insertReplaySurveyAnswer,
} from '../storage/queries/replay-survey';

// The class's satisfaction survey offered at the end of its LAN replay (issue #12, #15 §1):
// POST /j/<code>/replay/survey with the learner's device token and the same answer a live viewer
// sends. Stored with the live answers, marked as from the replay; one answer per learner — one
// who answered in the class, or already at the end of the replay, is refused with a clear reason.
// Only a learner whose replay watching was reported may answer (the device is known from it).

/** A comment of 500 characters may take four bytes each, plus the ratings and the token. */
export const REPLAY_SURVEY_MAX_BYTES = 4_096;

const Rating = z.number().int('must be a whole number').min(1).max(5);

const ReplaySurveyBody = z
  .object({
    deviceToken: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'expected 16–128 letters or digits'),
    surveyId: z.string().regex(/^s\d{1,15}$/, 'expected the survey id the replay gave'),
    classRating: Rating,
    teacherRating: Rating,
    contentRating: Rating,
    recommend: z.number().int('must be a whole number').min(0).max(10),
    comment: SurveyComment.nullable().optional(),
  })
  .strict();

export type ReplaySurveyCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'NOT_WATCHED' | 'ALREADY_ANSWERED';

export type ReplaySurveyResult =
  | { status: 200; body: { ok: true } }
  | {
      status: 400 | 404 | 409;
      body: { ok: false; error: { code: ReplaySurveyCode; message: string } };
    };

const refuse = (
  status: 400 | 404 | 409,
  code: ReplaySurveyCode,
  message: string,
): ReplaySurveyResult => ({ status, body: { ok: false, error: { code, message } } });

/** The survey id a replay offers for the class (`s<id>`), or null when it had none. */
export function replaySurveyOffer(db: Db, sessionId: number): string | null {
  const id = classSurveyId(db, sessionId);
  return id === null ? null : `s${String(id)}`;
}

/** Checks and stores one learner's answer to the class's survey given after its replay. */
export function acceptReplaySurvey(
  db: Db,
  sessionId: number,
  text: string,
  now: number,
): ReplaySurveyResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(400, 'BAD_REQUEST', 'an answer is a JSON object');
  }
  const parsed = ReplaySurveyBody.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    return refuse(400, 'BAD_REQUEST', `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`);
  }
  const answer = parsed.data;
  const surveyId = classSurveyId(db, sessionId);
  if (surveyId === null || answer.surveyId !== `s${String(surveyId)}`) {
    return refuse(404, 'NOT_FOUND', 'this class has no such survey');
  }
  const learnerId = learnerByDevice(db, answer.deviceToken);
  if (learnerId === undefined || !replayWatcher(db, sessionId, learnerId)) {
    return refuse(409, 'NOT_WATCHED', 'the survey is for learners who watched the replay');
  }
  return db.transaction((): ReplaySurveyResult => {
    const before = classSurveyAnswerSource(db, sessionId, learnerId);
    const stored =
      before === null &&
      insertReplaySurveyAnswer(db, {
        surveyId,
        learnerId,
        classRating: answer.classRating,
        teacherRating: answer.teacherRating,
        contentRating: answer.contentRating,
        recommend: answer.recommend,
        comment: answer.comment ?? null,
        at: now,
      });
    if (stored) return { status: 200, body: { ok: true } };
    return refuse(
      409,
      'ALREADY_ANSWERED',
      before === 'live'
        ? 'you already answered this survey in the class'
        : 'you already answered this survey after the replay',
    );
  })();
}
