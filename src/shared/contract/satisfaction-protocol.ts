import { z } from 'zod';
import { SURVEY_COMMENT_MAX_CHARS } from './audience-constants';

/**
 * The end-of-class satisfaction survey's frames on the audience socket (spread into
 * audience-protocol.ts's unions). This file imports nothing of audience-protocol (that file
 * imports this one), so the id and text rules it needs are restated here; a unit test checks
 * that the comment is cleaned exactly like a chat message.
 */

export { SURVEY_COMMENT_MAX_CHARS };

const SurveyId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected an id of letters, digits, - or _');
const ActionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected an id of letters, digits, - or _');

// The same characters audience-protocol.ts removes from chat: control characters (except the
// newline), zero-width and bidirectional overrides.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;

/** An optional comment: cleaned like chat; blank means none. */
export const SurveyComment = z
  .string()
  .max(
    SURVEY_COMMENT_MAX_CHARS * 4,
    `must be at most ${String(SURVEY_COMMENT_MAX_CHARS)} characters`,
  )
  .transform((s) => s.replace(CONTROL, '').trim())
  .pipe(
    z
      .string()
      .max(
        SURVEY_COMMENT_MAX_CHARS,
        `must be at most ${String(SURVEY_COMMENT_MAX_CHARS)} characters`,
      ),
  )
  .transform((s) => (s.length === 0 ? null : s));

const Rating = z.number().int('must be a whole number').min(1).max(5);
const Recommend = z.number().int('must be a whole number').min(0).max(10);

/** A viewer's answer (sent again to change it, until the survey closes). */
export const SurveyAnswerFrame = z
  .object({
    type: z.literal('survey'),
    id: ActionId,
    surveyId: SurveyId,
    classRating: Rating,
    teacherRating: Rating,
    contentRating: Rating,
    recommend: Recommend,
    comment: SurveyComment.nullable().optional(),
  })
  .strict();
export type SurveyAnswerFrame = z.infer<typeof SurveyAnswerFrame>;

export const SurveyAnswerPublic = z.object({
  classRating: z.number().int(),
  teacherRating: z.number().int(),
  contentRating: z.number().int(),
  recommend: z.number().int(),
  comment: z.string().nullable(),
});
export type SurveyAnswerPublic = z.infer<typeof SurveyAnswerPublic>;

export const SurveyPublic = z.object({
  id: SurveyId,
  state: z.enum(['open', 'closed']),
  /** The receiving viewer's answer, if any. */
  mine: SurveyAnswerPublic.nullable(),
});
export type SurveyPublic = z.infer<typeof SurveyPublic>;

/** The class's survey changed (opened, closed, or this viewer's answer stored); null: none. */
export const SurveyServerFrame = z.object({
  type: z.literal('survey'),
  survey: SurveyPublic.nullable(),
});
export type SurveyServerFrame = z.infer<typeof SurveyServerFrame>;
