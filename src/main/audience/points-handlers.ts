import { StudioError } from '../../shared/contract';
import type { pointsMethods } from '../../shared/contract/points-api';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { setClassPoints } from '../storage/queries/live/points';
import { getSession } from '../storage/queries/live/sessions';
import type { AudienceServer } from './audience-server';
import { storedClassPoints } from './hub/features/points';

export type PointsHandlers = { [M in keyof typeof pointsMethods]: Handler<M> };

/**
 * The host's per-class points switch (issue #15 §4) and the leaderboard. A class whose room is
 * open hears the switch at once through its hub; any other class just stores it (it applies when
 * the room opens).
 */
export function createPointsHandlers(deps: {
  db: () => Db;
  audience: () => AudienceServer;
  clock: () => number;
}): PointsHandlers {
  const known = (sessionId: number): Db => {
    const db = deps.db();
    if (!getSession(db, sessionId))
      throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
    return db;
  };
  return {
    'points.set': ({ sessionId, enabled }) => {
      const db = known(sessionId);
      const hub = deps.audience().hub(sessionId);
      if (hub) return hub.points.setEnabled(enabled);
      setClassPoints(db, sessionId, enabled, deps.clock());
      return storedClassPoints(db, sessionId);
    },
    'points.state': ({ sessionId }) => {
      const db = known(sessionId);
      const hub = deps.audience().hub(sessionId);
      return hub ? hub.points.state() : storedClassPoints(db, sessionId);
    },
  };
}
