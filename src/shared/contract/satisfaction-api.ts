import { z } from 'zod';
import { EpochMs } from '../model/domain';
import { CourseId, SessionId } from '../model/ids';

/**
 * The satisfaction survey in the studio API: the host opens and closes it from the Live screen;
 * the reports read its answers as a score with visible weights, a net-promoter figure and the
 * distributions, per class and over a course's classes. Spread into `studioMethods` and
 * `studioEvents` (studio-api.ts).
 */

const RowId = z.number().int().positive();
const Count = z.number().int().nonnegative();
const Weight = z.number().min(0).max(100);

/** S = class·Cclass + teacher·Cteacher + content·Ccontent; stored normalised to sum 1. */
export const SatisfactionWeights = z
  .object({ class: Weight, teacher: Weight, content: Weight })
  .strict()
  .refine((w) => w.class + w.teacher + w.content > 0, 'at least one weight must be above 0');
export type SatisfactionWeights = z.infer<typeof SatisfactionWeights>;

export const LiveSurvey = z.object({
  id: RowId,
  sessionId: SessionId,
  openedAt: EpochMs,
  closedAt: EpochMs.nullable(),
  answers: Count,
});
export type LiveSurvey = z.infer<typeof LiveSurvey>;

const Distribution = z.array(Count);

export const SatisfactionSummary = z.object({
  responses: Count,
  meanScore: z.number().nullable(),
  satisfied: Count,
  meanClass: z.number().nullable(),
  meanTeacher: z.number().nullable(),
  meanContent: z.number().nullable(),
  netPromoter: z.object({
    responses: Count,
    promoters: Count,
    passives: Count,
    detractors: Count,
    nps: z.number().nullable(),
  }),
  classDistribution: Distribution,
  teacherDistribution: Distribution,
  contentDistribution: Distribution,
  recommendDistribution: Distribution,
  scoreDistribution: Distribution,
});
export type SatisfactionSummary = z.infer<typeof SatisfactionSummary>;

export const SessionSatisfaction = z.object({
  sessionId: SessionId,
  /** The weights the scores use (normalised). */
  weights: SatisfactionWeights,
  /** Learners the class had (the survey's reach). */
  attendees: Count,
  summary: SatisfactionSummary,
  /** The latest comments, newest first (at most 50). */
  comments: z.array(z.object({ text: z.string(), score: z.number(), at: EpochMs })),
});
export type SessionSatisfaction = z.infer<typeof SessionSatisfaction>;

export const CourseSatisfaction = z.object({
  courseId: CourseId,
  weights: SatisfactionWeights,
  classes: z.array(
    z.object({
      sessionId: SessionId,
      title: z.string(),
      startedAt: EpochMs,
      summary: SatisfactionSummary,
    }),
  ),
  pooled: SatisfactionSummary,
});
export type CourseSatisfaction = z.infer<typeof CourseSatisfaction>;

const sessionRef = z.object({ sessionId: SessionId }).strict();

export const satisfactionMethods = {
  /** Opens a survey in a class whose room is open (closing the one still open). */
  'survey.open': { input: sessionRef, output: LiveSurvey },
  'survey.close': {
    input: z.object({ sessionId: SessionId, surveyId: RowId }).strict(),
    output: LiveSurvey,
  },
  /**
   * The survey at End: whether ending the class opens the survey for the viewers still there
   * (on by default), answerable for `graceSeconds`; without `atEnd` it only reads.
   */
  'survey.configure': {
    input: z.object({ sessionId: SessionId, atEnd: z.boolean().optional() }).strict(),
    output: z.object({ sessionId: SessionId, atEnd: z.boolean(), graceSeconds: Count }),
  },
  /** The class's latest survey, or null. */
  'survey.state': { input: sessionRef, output: LiveSurvey.nullable() },
  'satisfaction.weights': { input: z.object({}).strict(), output: SatisfactionWeights },
  'satisfaction.setWeights': { input: SatisfactionWeights, output: SatisfactionWeights },
  'report.satisfaction': { input: sessionRef, output: SessionSatisfaction },
  'report.courseSatisfaction': {
    input: z.object({ courseId: CourseId }).strict(),
    output: CourseSatisfaction,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const satisfactionEvents = {
  /** A survey opened, closed, or got answers (coalesced per hub tick). */
  'survey.changed': LiveSurvey,
} as const;
