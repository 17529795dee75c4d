import { StudioError } from '../../shared/contract';
import {
  type SatisfactionWeights,
  type CourseSatisfaction,
  type SessionSatisfaction,
} from '../../shared/contract/satisfaction-api';
import type { satisfactionMethods } from '../../shared/contract/satisfaction-api';
import type { SessionId } from '../../shared/model/ids';
import {
  courseSatisfaction,
  normaliseWeights,
  satisfactionScore,
  summariseSatisfaction,
  type SurveyResponse,
} from '../analytics/satisfaction';
import type { Clock } from '../kernel/clock';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { courseExists } from '../storage/queries/library';
import { getSession } from '../storage/queries/live/sessions';
import {
  courseClassesStarted,
  courseSatisfactionAnswers,
  sessionAttendeeCount,
  sessionSatisfactionAnswers,
  type SatisfactionAnswer,
} from '../storage/queries/satisfaction';
import { putSetting } from '../storage/queries/settings';
import { WEIGHTS_SETTING, readSatisfactionWeights } from './satisfaction-weights';

type ReportMethod =
  | 'satisfaction.weights'
  | 'satisfaction.setWeights'
  | 'report.satisfaction'
  | 'report.courseSatisfaction';
export type SatisfactionReportHandlers = {
  [M in ReportMethod & keyof typeof satisfactionMethods]: Handler<M>;
};

const COMMENTS_SHOWN = 50;

export function toResponse(a: SatisfactionAnswer): SurveyResponse {
  return {
    learnerId: a.learner_id,
    classRating: a.class_rating,
    teacherRating: a.teacher_rating,
    contentRating: a.content_rating,
    recommend: a.recommend,
  };
}

/** The weights and the satisfaction reports of one class and of a course's classes. */
export function createSatisfactionReportHandlers(deps: {
  db: () => Db;
  clock: Clock;
}): SatisfactionReportHandlers {
  return {
    'satisfaction.weights': () => readSatisfactionWeights(deps.db()),
    'satisfaction.setWeights': (input) => {
      let weights: SatisfactionWeights;
      try {
        weights = normaliseWeights(input);
      } catch (error) {
        throw new StudioError('BAD_INPUT', (error as Error).message);
      }
      putSetting(deps.db(), { key: WEIGHTS_SETTING, value: weights, at: deps.clock() });
      return weights;
    },
    'report.satisfaction': ({ sessionId }): SessionSatisfaction => {
      const db = deps.db();
      if (!getSession(db, sessionId))
        throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
      const weights = readSatisfactionWeights(db);
      const answers = sessionSatisfactionAnswers(db, sessionId);
      return {
        sessionId,
        weights,
        attendees: sessionAttendeeCount(db, sessionId),
        summary: summariseSatisfaction(answers.map(toResponse), weights),
        comments: answers
          .filter((a) => a.comment !== null)
          .reverse()
          .slice(0, COMMENTS_SHOWN)
          .map((a) => ({
            text: a.comment ?? '',
            score: satisfactionScore(toResponse(a), weights),
            at: a.updated_at,
          })),
      };
    },
    'report.courseSatisfaction': ({ courseId }): CourseSatisfaction => {
      const db = deps.db();
      if (!courseExists(db, courseId))
        throw new StudioError('NOT_FOUND', `no course ${String(courseId)}`);
      const weights = readSatisfactionWeights(db);
      const bySession = new Map<number, SurveyResponse[]>();
      for (const a of courseSatisfactionAnswers(db, courseId)) {
        const list = bySession.get(a.session_id) ?? [];
        list.push(toResponse(a));
        bySession.set(a.session_id, list);
      }
      const classes = courseClassesStarted(db, courseId);
      const titles = new Map(classes.map((c) => [c.id, c.title]));
      const result = courseSatisfaction(
        classes.map((c) => ({
          sessionId: c.id,
          startedAt: c.started_at,
          responses: bySession.get(c.id) ?? [],
        })),
        weights,
      );
      return {
        courseId,
        weights,
        classes: result.classes.map((c) => ({
          sessionId: c.sessionId as SessionId,
          title: titles.get(c.sessionId) ?? '',
          startedAt: c.startedAt,
          summary: c.summary,
        })),
        pooled: result.pooled,
      };
    },
  };
}
