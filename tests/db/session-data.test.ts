import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeSessionMetrics,
  INTERACTION_KINDS,
  type SessionMetrics,
} from '../../src/main/analytics/session-metrics';
import { sessionReport } from '../../src/main/insights/reports';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { StudioError } from '../../src/shared/contract/errors';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  ATTENDANCE_SQL,
  CLICKS_SQL,
  COURSE_HISTORY_SQL,
  EVENT_SLICE_SQL,
  EVENT_SLICE_WITH_PAYLOADS_SQL,
  EVENT_SPAN_SQL,
  IMPRESSIONS_SQL,
  IMPRESSION_SPAN_SQL,
  OFFERS_SQL,
  ORDERS_SQL,
  POLL_RUNS_SQL,
  POLL_VOTES_SQL,
  PRIOR_BUYERS_SQL,
  QUESTIONS_SQL,
  SESSION_SQL,
  loadCourseHistory,
  loadSessionData,
} from '../../src/main/storage/queries/session-data';
import { useTempDirs } from '../helpers/temp-dir';

// Every class of a generated demo workspace, loaded and measured, checked against invariants and
// against SQL written here independently of the loader and the metrics.

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0);
const GENERATION_TIMEOUT_MS = 120_000;
const tempDir = useTempDirs();

let dir = '';
let db: Db;
let sessions: { id: number; course_id: number; started_at: number; ended_at: number }[] = [];
const computed = new Map<number, SessionMetrics>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encore-session-data-'));
  db = openDatabase(join(dir, 'demo.db'));
  // 24 classes over 12 courses: every course has an earlier class to compare with.
  generateDemoWorkspace(db, { seed: 7, now: NOW, sessions: 24 });
  sessions = db
    .prepare('SELECT id, course_id, started_at, ended_at FROM sessions ORDER BY id')
    .all() as typeof sessions;
}, GENERATION_TIMEOUT_MS);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string, ...params: unknown[]): number =>
  (db.prepare(sql).get(...params) as { n: number }).n;

function metricsOf(sessionId: number): SessionMetrics {
  let metrics = computed.get(sessionId);
  if (!metrics) {
    metrics = computeSessionMetrics(loadSessionData(db, sessionId));
    computed.set(sessionId, metrics);
  }
  return metrics;
}

const inUnit = (value: number | null): boolean => value === null || (value >= 0 && value <= 1);

describe('loadSessionData on the demo workspace', () => {
  it('reads every row of a class, events in time order across slices', () => {
    for (const s of sessions) {
      const data = loadSessionData(db, s.id);
      expect(data.session).toEqual({
        id: s.id,
        startedAt: s.started_at,
        endedAt: s.ended_at,
        courseId: s.course_id,
      });
      const events = db
        .prepare(
          `SELECT learner_id AS learnerId, kind, at FROM events WHERE session_id = ? ORDER BY at, id`,
        )
        .all(s.id);
      // Classes run 60–120 minutes: several 10-minute slices, none losing or repeating a row.
      expect(data.events).toEqual(events);
      expect(data.attendance).toHaveLength(
        count('SELECT count(*) AS n FROM attendance WHERE session_id = ?', s.id),
      );
      expect(data.questions).toHaveLength(
        count('SELECT count(*) AS n FROM questions WHERE session_id = ?', s.id),
      );
      expect(data.pollRuns.reduce((n, run) => n + run.votes.length, 0)).toBe(
        count(
          `SELECT count(*) AS n FROM poll_votes v JOIN poll_runs r ON r.id = v.run_id
           WHERE r.session_id = ?`,
          s.id,
        ),
      );
      // Every purchase carrying one of the class's offers is there, whenever it was placed.
      const direct = data.orders.filter((o) => data.offers.some((f) => f.id === o.offerId));
      expect(direct).toHaveLength(
        count(
          `SELECT count(*) AS n FROM orders o JOIN offers f ON f.id = o.offer_id
           WHERE f.session_id = ? AND o.status IN ('paid', 'partially_refunded')`,
          s.id,
        ),
      );
      // Viewers' purchases only from the class's start to 7 days after it (and its impressions).
      const viewers = new Set(data.attendance.map((a) => a.learnerId));
      for (const order of data.orders) {
        if (direct.includes(order)) continue;
        expect(viewers.has(order.learnerId ?? 0)).toBe(true);
        expect(order.orderedAt).toBeGreaterThanOrEqual(s.started_at);
        expect(order.orderedAt).toBeLessThan(s.ended_at + 7 * 86_400_000);
      }
    }
  });

  it('reads payloads only when asked', () => {
    const s = sessions[0];
    if (!s) throw new Error('no session');
    expect(loadSessionData(db, s.id).events[0]).not.toHaveProperty('payload');
    const withPayloads = loadSessionData(db, s.id, { includePayloads: true });
    const payloads = (
      db
        .prepare('SELECT payload FROM events WHERE session_id = ? ORDER BY at, id')
        .pluck()
        .all(s.id) as string[]
    ).map((text) => JSON.parse(text) as unknown);
    expect(withPayloads.events.map((e) => e.payload)).toEqual(payloads);
  });
});

describe('purchases before and through each demo class', () => {
  it('reads who had bought before, and gives the same funnel without the events', () => {
    for (const s of sessions) {
      const data = loadSessionData(db, s.id);
      // Written here independently: viewers with a paid or partly refunded order before the start.
      const before = db
        .prepare(
          `SELECT DISTINCT a.learner_id FROM attendance a
           WHERE a.session_id = ? AND EXISTS (SELECT 1 FROM orders o
             WHERE o.learner_id = a.learner_id AND o.ordered_at < ?
               AND o.status IN ('paid', 'partially_refunded'))
           ORDER BY a.learner_id`,
        )
        .pluck()
        .all(s.id, s.started_at) as number[];
      expect(data.priorBuyers).toEqual(before);
      const m = metricsOf(s.id);
      expect(m.purchases.boughtBeforeIds).toEqual(before);
      expect(m.purchases.boughtBefore).toBe(before.length);
      expect(m.purchases.repeatBuyers).toBe(
        m.purchases.boughtNowIds.filter((id) => before.includes(id)).length,
      );
      expect(m.headline.repurchaseRate).toBe(m.purchases.repurchaseRate);

      const light = loadSessionData(db, s.id, { includeEvents: false });
      expect(light.events).toEqual([]);
      const lightMetrics = computeSessionMetrics(light);
      expect(lightMetrics.offers).toEqual(m.offers);
      expect(lightMetrics.purchases).toEqual(m.purchases);
    }
  });
});

describe('session metrics on the demo workspace', () => {
  it('keep their invariants in every class', () => {
    for (const s of sessions) {
      const m = metricsOf(s.id);
      const a = m.audience;
      expect(a.uniqueViewers).toBe(
        count('SELECT count(DISTINCT learner_id) AS n FROM attendance WHERE session_id = ?', s.id),
      );
      expect(a.peakConcurrency).toBeGreaterThanOrEqual(a.averageConcurrency);
      expect(a.peakConcurrency).toBeLessThanOrEqual(a.uniqueViewers);
      for (const bucket of a.buckets) {
        expect(inUnit(bucket.stayedToNext)).toBe(true);
        expect(inUnit(bucket.shareOfViewers)).toBe(true);
        expect(inUnit(bucket.shareOfArrived)).toBe(true);
        expect(bucket.present).toBeLessThanOrEqual(a.peakConcurrency);
      }
      // The per-minute averages add back up to the total watch time.
      const fromBuckets = a.buckets.reduce(
        (sum, b) => sum + b.averageConcurrency * (b.endAt - b.startAt),
        0,
      );
      expect(fromBuckets / a.totalWatchMs).toBeCloseTo(1, 9);

      const funnel = m.offers.total;
      expect(funnel.audience).toBe(a.uniqueViewers);
      expect(funnel.audience).toBeGreaterThanOrEqual(funnel.reached);
      expect(funnel.reached).toBeGreaterThanOrEqual(funnel.clickers);
      expect(inUnit(funnel.conversionRate)).toBe(true);
      for (const offer of m.offers.offers) {
        expect(offer.audience).toBeGreaterThanOrEqual(offer.reached);
        expect(offer.reached).toBeGreaterThanOrEqual(offer.clickers);
        expect(offer.orders).toBe(offer.directOrders + offer.matchedOrders);
      }
      expect(m.offers.offers.reduce((n, o) => n + o.orders, 0)).toBe(funnel.orders);

      // Every event of the class is in exactly one minute.
      const inClass = count(
        'SELECT count(*) AS n FROM events WHERE session_id = ? AND at BETWEEN ? AND ?',
        s.id,
        s.started_at,
        s.ended_at,
      );
      expect(m.timeline.total.reduce((n, x) => n + x, 0)).toBe(inClass);
      expect(m.timeline.inClass).toBe(inClass);

      expect(m.engagement.viewers).toHaveLength(a.uniqueViewers);
      for (const viewer of m.engagement.viewers) {
        const parts = INTERACTION_KINDS.reduce(
          (x, kind) => x + (viewer.interactions[kind]?.part ?? 0),
          0,
        );
        expect(viewer.watchPart + parts).toBeCloseTo(viewer.score, 9);
        expect(viewer.watchPart).toBeLessThanOrEqual(1);
      }
      for (const run of m.polls) {
        expect(run.eligible).toBeGreaterThanOrEqual(run.voters);
        expect(inUnit(run.participation)).toBe(true);
      }
    }
  });

  it('agree with independent SQL: viewers, watch time, events by kind, Q&A, votes, clicks', () => {
    for (const s of sessions) {
      const m = metricsOf(s.id);
      // The demo never writes two overlapping rows for one viewer (tests/db/demo-generate), so
      // the sum of the clipped rows is the watch time.
      const watch = count(
        `SELECT coalesce(sum(max(0, min(coalesce(left_at, last_seen_at), ?) - max(joined_at, ?))), 0)
           AS n FROM attendance WHERE session_id = ?`,
        s.ended_at,
        s.started_at,
        s.id,
      );
      expect(m.audience.totalWatchMs).toBe(watch);
      expect(m.audience.averageConcurrency).toBeCloseTo(watch / (s.ended_at - s.started_at), 9);

      const byKind = db
        .prepare(
          `SELECT kind, count(*) AS n FROM events WHERE session_id = ? AND at BETWEEN ? AND ?
           GROUP BY kind`,
        )
        .all(s.id, s.started_at, s.ended_at) as { kind: string; n: number }[];
      for (const { kind, n } of byKind) {
        expect(
          m.timeline.series[kind]?.reduce((x, y) => x + y, 0),
          kind,
        ).toBe(n);
      }
      expect(m.headline.interactions).toBe(byKind.reduce((x, k) => x + k.n, 0));

      expect(m.questions.asked).toBe(
        count('SELECT count(*) AS n FROM questions WHERE session_id = ?', s.id),
      );
      expect(m.questions.answered).toBe(
        count(
          `SELECT count(*) AS n FROM questions WHERE session_id = ? AND status = 'answered'`,
          s.id,
        ),
      );
      for (const run of m.polls) {
        expect(run.voters).toBe(
          count('SELECT count(*) AS n FROM poll_votes WHERE run_id = ?', run.runId),
        );
      }
      for (const offer of m.offers.offers) {
        expect(offer.clicks).toBe(
          count('SELECT count(*) AS n FROM offer_clicks WHERE offer_id = ?', offer.offerId),
        );
        expect(offer.reached).toBe(
          count(
            `SELECT count(*) AS n FROM (SELECT learner_id FROM offer_impressions WHERE offer_id = ?
             UNION SELECT learner_id FROM offer_clicks WHERE offer_id = ?)`,
            offer.offerId,
            offer.offerId,
          ),
        );
        expect(offer.directOrders).toBe(
          count(
            `SELECT count(*) AS n FROM orders
             WHERE offer_id = ? AND status IN ('paid', 'partially_refunded')`,
            offer.offerId,
          ),
        );
      }
    }
  });

  it('finds sales: some classes convert, and offer-id orders carry revenue', () => {
    const all = sessions.map((s) => metricsOf(s.id));
    expect(all.some((m) => m.offers.total.orders > 0)).toBe(true);
    expect(all.some((m) => m.offers.total.matchedOrders > 0)).toBe(true);
    expect(all.every((m) => m.offers.total.revenue.every((r) => r.currency === 'CNY'))).toBe(true);
    expect(all.some((m) => m.dropOffs.length > 0)).toBe(true);
  });
});

describe('session report', () => {
  it('compares a class with its course’s earlier classes', () => {
    const later = [...sessions]
      .reverse()
      .find((s) =>
        sessions.some((e) => e.course_id === s.course_id && e.started_at < s.started_at),
      );
    if (!later) throw new Error('no course with two classes');
    const earlier = sessions.filter(
      (e) => e.course_id === later.course_id && e.started_at < later.started_at,
    );
    const history = loadCourseHistory(db, later.course_id, later.started_at);
    expect(history.map((h) => h.id)).toEqual(
      [...earlier].sort((p, q) => q.started_at - p.started_at).map((e) => e.id),
    );
    const report = sessionReport(db, later.id);
    expect(report.metrics.headline).toEqual(metricsOf(later.id).headline);
    expect(report.comparison?.earlierClasses).toBe(earlier.length);
    expect(report.comparison?.previousSessionId).toBe(history[0]?.id);
    const viewers = report.comparison?.metrics.find((x) => x.metric === 'uniqueViewers');
    expect(viewers?.previous).toBe(metricsOf(history[0]?.id ?? 0).audience.uniqueViewers);
    expect(viewers?.rankedAmong).toBe(earlier.length + 1);
  });
});

describe('session data loads use their indexes', () => {
  function plan(sql: string): string {
    const params = Array.from(sql.matchAll(/\?/g), () => 1);
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    return rows.map((row) => row.detail).join('\n');
  }

  const expected: [string, string, RegExp[]][] = [
    ['session', SESSION_SQL, [/SEARCH sessions USING INTEGER PRIMARY KEY/]],
    ['attendance', ATTENDANCE_SQL, [/SEARCH attendance USING INDEX attendance_session/]],
    ['event span', EVENT_SPAN_SQL, [/SEARCH events USING COVERING INDEX events_session_at/]],
    [
      'event slice',
      EVENT_SLICE_SQL,
      [/SEARCH events USING INDEX events_session_at \(session_id=\? AND at>\? AND at<\?\)/],
    ],
    [
      'event slice with payloads',
      EVENT_SLICE_WITH_PAYLOADS_SQL,
      [/SEARCH events USING INDEX events_session_at \(session_id=\? AND at>\? AND at<\?\)/],
    ],
    ['questions', QUESTIONS_SQL, [/SEARCH questions USING INDEX questions_session/]],
    ['poll runs', POLL_RUNS_SQL, [/SEARCH r USING INDEX poll_runs_session/]],
    ['poll votes', POLL_VOTES_SQL, [/SEARCH poll_votes USING PRIMARY KEY \(run_id=\?\)/]],
    ['offers', OFFERS_SQL, [/SEARCH offers USING INDEX offers_session/]],
    [
      'impressions',
      IMPRESSIONS_SQL,
      [/SEARCH offer_impressions USING PRIMARY KEY \(offer_id=\?\)/],
    ],
    [
      'impression span',
      IMPRESSION_SPAN_SQL,
      [/SEARCH offer_impressions USING PRIMARY KEY \(offer_id=\?\)/],
    ],
    ['clicks', CLICKS_SQL, [/SEARCH offer_clicks USING INDEX offer_clicks_offer \(offer_id=\?\)/]],
    [
      'orders',
      ORDERS_SQL,
      [
        /SEARCH orders USING COVERING INDEX orders_learner_at \(learner_id=\? AND ordered_at>\? AND ordered_at<\?\)/,
        /SEARCH orders USING COVERING INDEX orders_offer \(offer_id=\?\)/,
        /SEARCH l USING INDEX order_lines_order \(order_id=\?\)/,
        /SEARCH attendance USING INDEX attendance_session \(session_id=\?\)/,
      ],
    ],
    [
      'prior buyers',
      PRIOR_BUYERS_SQL,
      [
        /SEARCH a USING INDEX attendance_session \(session_id=\?\)/,
        // Either index serves it: orders_paid_learner (migration 0360) holds just the paid orders.
        /SEARCH o EXISTS USING INDEX orders_(?:learner_at|paid_learner) \(learner_id=\? AND ordered_at<\?\)/,
      ],
    ],
    [
      'course history',
      COURSE_HISTORY_SQL,
      [/SEARCH sessions USING INDEX sessions_course \(course_id=\? AND started_at<\?\)/],
    ],
  ];

  it.each(expected)('%s', (_name, sql, patterns) => {
    const detail = plan(sql);
    for (const pattern of patterns) expect(detail).toMatch(pattern);
    // No statement walks a whole table; only the small orders result is sorted.
    expect(detail).not.toMatch(/\bSCAN (?!CONSTANT ROW|\(subquery)/);
    if (!sql.includes('FROM orders o')) expect(detail).not.toMatch(/USE TEMP B-TREE/);
  });
});

describe('loadSessionData refuses what it cannot report', () => {
  function fresh(): { db: Db; sessionId: (status: string, startedAt: number | null) => number } {
    const small = openDatabase(join(tempDir(), 'small.db'));
    return {
      db: small,
      sessionId: (status, startedAt) =>
        Number(
          small
            .prepare(
              `INSERT INTO sessions (title, status, started_at, created_at) VALUES ('c', ?, ?, 1)`,
            )
            .run(status, startedAt).lastInsertRowid,
        ),
    };
  }

  function expectStudioError(run: () => unknown, code: string, message: string): void {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StudioError);
    expect((thrown as StudioError).code).toBe(code);
    expect((thrown as StudioError).message).toBe(message);
  }

  it('an unknown, unstarted or (without now) live class', () => {
    const { db: small, sessionId } = fresh();
    const scheduled = sessionId('scheduled', null);
    const live = sessionId('live', NOW - 60_000);
    expectStudioError(() => loadSessionData(small, 999), 'NOT_FOUND', 'no session with id 999');
    expectStudioError(
      () => loadSessionData(small, scheduled),
      'CONFLICT',
      `session ${scheduled} has not started (status scheduled): there is nothing to report yet`,
    );
    expectStudioError(
      () => loadSessionData(small, live),
      'CONFLICT',
      `session ${live} has not ended (status live): pass options.now to report on it so far`,
    );
    const sofar = sessionReport(small, live, { now: NOW });
    expect(sofar.metrics.durationMs).toBe(60_000);
    expect(sofar.comparison).toBeNull();
    expect(() => loadSessionData(small, 0)).toThrow(
      new RangeError('sessionId must be a whole number, 1 or more (got 0)'),
    );
    small.close();
  });
});
