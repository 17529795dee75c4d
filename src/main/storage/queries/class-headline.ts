import type { LearnerKindCountColumns, SessionData } from '../../analytics/session-metrics';
import type { Db } from '../connection';
import { readJsonColumns } from './json-columns';
import { loadSessionData, type LoadSessionDataOptions } from './session-data';

// What a class's headline reads (computeSessionHeadline): everything loadSessionData reads but
// the events, and instead each learner's count of in-class events per kind, counted by SQLite
// along events_session_learner_kind (migration 0350) without a row per event.

/**
 * Each learner's events per kind with startedAt ≤ at ≤ endedAt (countEvents' "in class"), in
 * (learner, kind) order. Events without a learner are never a viewer's and are not counted.
 */
export const LEARNER_KIND_COUNTS_SQL = `SELECT learner_id, kind, count(*) AS n FROM events
  WHERE session_id = ? AND learner_id IS NOT NULL AND at >= ? AND at <= ?
  GROUP BY learner_id, kind`;

/**
 * LEARNER_KIND_COUNTS_SQL's rows as three JSON arrays (index i of each is one row): one row out
 * of better-sqlite3 instead of one per (learner, kind), 52,000 on the benchmark class.
 */
export const LEARNER_KIND_COUNT_COLUMNS_SQL = `SELECT json_group_array(learner_id) AS learners,
    json_group_array(kind) AS kinds, json_group_array(n) AS counts
  FROM (${LEARNER_KIND_COUNTS_SQL})`;

export interface ClassHeadlineData {
  /** As loadSessionData with `includeEvents: false` (its events are empty). */
  readonly data: SessionData;
  /** As columns: no object per (learner, kind). */
  readonly counts: LearnerKindCountColumns;
}

/**
 * One class's headline input, read in one transaction (the counts match the attendance).
 * @throws as loadSessionData
 */
export function loadClassHeadlineData(
  db: Db,
  sessionId: number,
  options: Omit<LoadSessionDataOptions, 'includeEvents' | 'includePayloads'> = {},
): ClassHeadlineData {
  return db.transaction((): ClassHeadlineData => {
    const data = loadSessionData(db, sessionId, { ...options, includeEvents: false });
    const { startedAt, endedAt } = data.session;
    const { learners, kinds, counts } = readJsonColumns(
      db,
      LEARNER_KIND_COUNT_COLUMNS_SQL,
      sessionId,
      startedAt,
      endedAt,
    ) as { learners: number[]; kinds: string[]; counts: number[] };
    return { data, counts: { learnerIds: learners, kinds, counts } };
  })();
}
