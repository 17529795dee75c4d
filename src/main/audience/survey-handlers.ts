import { StudioError } from '../../shared/contract';
import type { satisfactionMethods } from '../../shared/contract/satisfaction-api';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { answersOfSurvey, surveysOfSession } from '../storage/queries/live/satisfaction';
import { getSession } from '../storage/queries/live/sessions';
import type { AudienceServer } from './audience-server';
import type { AudienceHub } from './audience-hub';
import { toLiveSurvey } from './hub/features/satisfaction';

type SurveyMethod = 'survey.open' | 'survey.close' | 'survey.state';
export type SurveyHandlers = { [M in SurveyMethod & keyof typeof satisfactionMethods]: Handler<M> };

/** The host opens and closes the class's satisfaction survey from the Live screen. */
export function createSurveyHandlers(deps: {
  db: () => Db;
  audience: () => AudienceServer;
}): SurveyHandlers {
  /** The hub of a class whose room is open (as live-handlers' hubOf). */
  const hubOf = (sessionId: number): AudienceHub => {
    const row = getSession(deps.db(), sessionId);
    if (!row) throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
    if (row.status === 'ended' || row.status === 'interrupted')
      throw new StudioError('CONFLICT', 'the session has ended');
    return deps.audience().openHub(sessionId);
  };
  return {
    'survey.open': ({ sessionId }) => hubOf(sessionId).satisfaction.openSurvey(),
    'survey.close': ({ sessionId, surveyId }) =>
      hubOf(sessionId).satisfaction.closeSurvey(surveyId),
    'survey.state': ({ sessionId }) => {
      const db = deps.db();
      if (!getSession(db, sessionId))
        throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
      const last = surveysOfSession(db, sessionId).at(-1);
      return last ? toLiveSurvey(last, answersOfSurvey(db, last.id).length) : null;
    },
  };
}
