import { StudioError } from '../../shared/contract';
import type { satisfactionMethods } from '../../shared/contract/satisfaction-api';
import type { Clock } from '../kernel/clock';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { answersOfSurvey, surveysOfSession } from '../storage/queries/live/satisfaction';
import { getLiveSettings, getSession, setSurveyAtEnd } from '../storage/queries/live/sessions';
import type { AudienceServer } from './audience-server';
import type { AudienceHub } from './audience-hub';
import { toLiveSurvey } from './hub/features/satisfaction';
import { DEFAULT_HUB_TUNING } from './hub/tuning';

type SurveyMethod = 'survey.open' | 'survey.close' | 'survey.state' | 'survey.configure';
export type SurveyHandlers = { [M in SurveyMethod & keyof typeof satisfactionMethods]: Handler<M> };

/**
 * The host opens and closes the class's satisfaction survey from the Live screen, and chooses
 * whether ending the class opens it (the survey at End: the ended class's room stays open for
 * its survey during a grace period; closing the survey then closes the room).
 */
export function createSurveyHandlers(deps: {
  db: () => Db;
  audience: () => AudienceServer;
  clock: Clock;
  surveyGraceMs?: number;
}): SurveyHandlers {
  const sessionRow = (sessionId: number) => {
    const row = getSession(deps.db(), sessionId);
    if (!row) throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
    return row;
  };
  /** The hub of a class whose room is open (as live-handlers' hubOf). */
  const hubOf = (sessionId: number): AudienceHub => {
    const row = sessionRow(sessionId);
    if (row.status === 'ended' || row.status === 'interrupted')
      throw new StudioError('CONFLICT', 'the session has ended');
    return deps.audience().openHub(sessionId);
  };
  const graceSeconds = Math.round((deps.surveyGraceMs ?? DEFAULT_HUB_TUNING.surveyGraceMs) / 1000);
  return {
    'survey.open': ({ sessionId }) => hubOf(sessionId).satisfaction.openSurvey(),
    'survey.close': ({ sessionId, surveyId }) => {
      const row = sessionRow(sessionId);
      // An ended class's room still open: the survey at End's grace period; closing the survey
      // ends it.
      const grace = row.status === 'ended' ? deps.audience().hub(sessionId) : undefined;
      if (!grace) return hubOf(sessionId).satisfaction.closeSurvey(surveyId);
      const closed = grace.satisfaction.closeSurvey(surveyId);
      deps.audience().closeHub(sessionId, 'ended');
      return closed;
    },
    'survey.state': ({ sessionId }) => {
      const db = deps.db();
      sessionRow(sessionId);
      const last = surveysOfSession(db, sessionId).at(-1);
      return last ? toLiveSurvey(last, answersOfSurvey(db, last.id).length) : null;
    },
    'survey.configure': ({ sessionId, atEnd }) => {
      const db = deps.db();
      sessionRow(sessionId);
      deps.audience().ensureJoinCode(sessionId);
      if (atEnd !== undefined) setSurveyAtEnd(db, sessionId, atEnd, deps.clock());
      return {
        sessionId,
        atEnd: getLiveSettings(db, sessionId)?.survey_at_end === 1,
        graceSeconds,
      };
    },
  };
}
