import {
  compareWithEarlier,
  computeSessionMetrics,
  DEFAULT_ATTRIBUTION_WINDOW_DAYS,
  type HistoryComparison,
  type SessionHeadline,
  type SessionMetrics,
  type SessionMetricsOptions,
} from '../analytics/session-metrics';
import type { Db } from '../storage/connection';
import { loadCourseHistory, loadSessionData } from '../storage/queries/session-data';

// Loads and computes reports for the studio API: the only place that joins the storage queries
// to the pure analytics, so that both stay testable on their own.

export interface SessionReportOptions extends SessionMetricsOptions {
  /** For a class still live: the end of the period reported on. */
  now?: number;
  /** How many of the course's earlier classes to compare with, most recent first (default 10). */
  historyLimit?: number;
  /** Read the class's events (default true); without them only the funnel and purchases hold. */
  includeEvents?: boolean;
}

export interface SessionReport {
  metrics: SessionMetrics;
  /** Null when the class belongs to no course. */
  comparison: HistoryComparison | null;
}

const DEFAULT_HISTORY_LIMIT = 10;

/** One class's metrics, as the report shows them. */
export function sessionMetrics(
  db: Db,
  sessionId: number,
  options: SessionReportOptions = {},
): SessionMetrics {
  const data = loadSessionData(db, sessionId, {
    attributionWindowDays: options.attributionWindowDays ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.includeEvents === undefined ? {} : { includeEvents: options.includeEvents }),
  });
  return computeSessionMetrics(data, options);
}

/**
 * The headline numbers of the course's ended classes that started before `beforeMs`, most recent
 * first, computed with the same options as the class they are compared with.
 */
export function courseHistoryHeadlines(
  db: Db,
  courseId: number,
  beforeMs: number,
  options: SessionReportOptions = {},
): SessionHeadline[] {
  const limit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  return loadCourseHistory(db, courseId, beforeMs, { limit }).map(
    (session) => sessionMetrics(db, session.id, options).headline,
  );
}

/** A class's metrics and their comparison with the same course's earlier classes. */
export function sessionReport(
  db: Db,
  sessionId: number,
  options: SessionReportOptions = {},
): SessionReport {
  const metrics = sessionMetrics(db, sessionId, options);
  if (metrics.courseId === null) return { metrics, comparison: null };
  const earlier = courseHistoryHeadlines(db, metrics.courseId, metrics.startedAt, options);
  return { metrics, comparison: compareWithEarlier(metrics.headline, earlier) };
}
