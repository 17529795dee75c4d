import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionHeadline } from '../../src/main/analytics/session-metrics';
import { generateDemoWorkspace, type DemoOptions } from '../../src/main/demo/generate-demo';
import { sessionMetrics } from '../../src/main/insights/reports';
import { classHeadline } from '../../src/main/insights/worker/class-headline';
import { courseDashboardJob } from '../../src/main/insights/worker/dashboard-jobs';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { LEARNER_KIND_COUNTS_SQL } from '../../src/main/storage/queries/class-headline';
import { appendEvent } from '../../src/main/storage/queries/events';
import type { CourseId } from '../../src/shared/model/ids';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 11, 7, 4);

function workspace(options: DemoOptions, adjust?: (writer: Db) => void): Db {
  const file = join(tempDir(), 'encore.db');
  const writer = openDatabase(file);
  generateDemoWorkspace(writer, options);
  adjust?.(writer);
  writer.close();
  return openDatabase(file, { readonly: true });
}

function startedClasses(db: Db): number[] {
  return (
    db
      .prepare('SELECT id FROM sessions WHERE started_at IS NOT NULL ORDER BY started_at, id')
      .all() as { id: number }[]
  ).map((r) => r.id);
}

/** The headline from the counts, field by field against the one from every event. */
function expectSameHeadline(db: Db, sessionId: number): SessionHeadline {
  const full = sessionMetrics(db, sessionId, { now: NOW }).headline;
  const fast = classHeadline(db, sessionId, NOW);
  expect(Object.keys(fast).sort()).toEqual(Object.keys(full).sort());
  for (const key of Object.keys(full) as (keyof SessionHeadline)[]) {
    expect(fast[key], `class ${sessionId}: ${key}`).toStrictEqual(full[key]);
  }
  return full;
}

describe('a class headline from event counts (the course dashboard)', () => {
  it('is the full session metrics headline for every class of the demo workspace', () => {
    const db = workspace({ seed: 20_261_207, now: NOW });
    const classes = startedClasses(db);
    expect(classes.length).toBeGreaterThanOrEqual(10);
    let interactions = 0;
    for (const id of classes) interactions += expectSameHeadline(db, id).interactions;
    expect(interactions).toBeGreaterThan(0);

    // The dashboard shows exactly these headlines for its course's classes.
    const course = db
      .prepare(
        `SELECT course_id AS id FROM sessions WHERE course_id IS NOT NULL AND ended_at IS NOT NULL
         GROUP BY course_id ORDER BY count(*) DESC, course_id LIMIT 1`,
      )
      .get() as { id: number };
    const dashboard = courseDashboardJob(
      db,
      { courseId: course.id as CourseId },
      inProcessContext(NOW),
    );
    expect(dashboard.classes.length).toBeGreaterThan(0);
    for (const shown of dashboard.classes) {
      const { title, ...headline } = shown;
      expect(title.length).toBeGreaterThan(0);
      expect(headline).toStrictEqual(sessionMetrics(db, shown.sessionId, { now: NOW }).headline);
    }
    db.close();
  });

  it('counts as the events do at the edges: class bounds, non-viewers, no learner, other kinds, caps', () => {
    let edge = { sessionId: 0, viewer: 0, stranger: 0 };
    const db = workspace(
      {
        seed: 7,
        now: NOW,
        learners: 400,
        sessions: 2,
        viewersPerSession: 120,
        eventsPerSession: 30_000,
        orders: 600,
      },
      (writer) => {
        const session = writer
          .prepare(
            `SELECT id, started_at AS startedAt, ended_at AS endedAt FROM sessions
             WHERE ended_at IS NOT NULL ORDER BY started_at DESC LIMIT 1`,
          )
          .get() as { id: number; startedAt: number; endedAt: number };
        const viewer = (
          writer
            .prepare('SELECT learner_id AS id FROM attendance WHERE session_id = ? LIMIT 1')
            .get(session.id) as { id: number }
        ).id;
        const stranger = (
          writer
            .prepare(
              'SELECT id FROM learners WHERE id NOT IN (SELECT learner_id FROM attendance WHERE session_id = ?) LIMIT 1',
            )
            .get(session.id) as { id: number }
        ).id;
        edge = { sessionId: session.id, viewer, stranger };
        let n = 0;
        const add = (learnerId: number | null, kind: string, at: number): void => {
          appendEvent(writer, {
            sessionId: session.id,
            learnerId,
            kind,
            at,
            payload: {},
            clientId: `edge-${n++}`,
          });
        };
        for (const at of [
          session.startedAt - 1,
          session.startedAt,
          session.endedAt,
          session.endedAt + 1,
        ]) {
          add(viewer, 'question', at);
          add(stranger, 'chat', at);
          add(null, 'chat', at);
          add(viewer, 'custom_kind', at);
        }
        // Far past every cap.
        for (let i = 0; i < 500; i++) add(viewer, 'reaction', session.startedAt + 1000 + i);
        for (let i = 0; i < 200; i++) add(viewer, 'hand_raise', session.startedAt + 2000 + i);
      },
    );
    for (const id of startedClasses(db)) expectSameHeadline(db, id);
    const edgeHeadline = expectSameHeadline(db, edge.sessionId);
    const withoutEdges = edgeHeadline.interactions - 2 - 500 - 200;
    expect(withoutEdges).toBeGreaterThan(0);
    db.close();
  });

  it('refuses events alongside counts, and bad counts, with a clear error', async () => {
    const { computeSessionHeadline } = await import('../../src/main/analytics/session-metrics');
    const data = {
      session: { id: 1, startedAt: 1_000, endedAt: 61_000, courseId: null },
      attendance: [{ learnerId: 5, joinedAt: 1_000, leftAt: 61_000, lastSeenAt: 61_000 }],
      events: [],
      questions: [],
      pollRuns: [],
      offers: [],
      orders: [],
    };
    expect(computeSessionHeadline(data, [{ learnerId: 5, kind: 'chat', count: 3 }])).toMatchObject({
      interactions: 3,
      uniqueViewers: 1,
    });
    expect(() =>
      computeSessionHeadline({ ...data, events: [{ learnerId: 5, kind: 'chat', at: 2_000 }] }, []),
    ).toThrow(/events must be empty/);
    expect(() => computeSessionHeadline(data, [{ learnerId: 5, kind: 'chat', count: 0 }])).toThrow(
      /count must be a whole number/,
    );
    expect(() => computeSessionHeadline(data, [{ learnerId: 5, kind: '', count: 1 }])).toThrow(
      /kind must be a non-empty string/,
    );
    // The same counts as columns (what the storage reads): the same headline, the same checks.
    const columns = {
      learnerIds: [5, 5, 6],
      kinds: ['chat', 'reaction', 'chat'],
      counts: [3, 2, 4],
    };
    expect(computeSessionHeadline(data, columns)).toEqual(
      computeSessionHeadline(data, [
        { learnerId: 5, kind: 'chat', count: 3 },
        { learnerId: 5, kind: 'reaction', count: 2 },
        { learnerId: 6, kind: 'chat', count: 4 },
      ]),
    );
    expect(computeSessionHeadline(data, columns)).toMatchObject({ interactions: 5 });
    expect(() =>
      computeSessionHeadline(data, { learnerIds: [5], kinds: ['chat'], counts: [0] }),
    ).toThrow(/counts\[0\]\.count must be a whole number/);
    expect(() =>
      computeSessionHeadline(data, { learnerIds: [5, 6], kinds: ['chat'], counts: [1, 1] }),
    ).toThrow(/columns learnerIds, kinds, counts of one length/);
  });

  it('counts along events_session_learner_kind, without a sort or a row lookup', () => {
    const db = workspace({ seed: 11, now: NOW, learners: 60, sessions: 1, orders: 50 });
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${LEARNER_KIND_COUNTS_SQL}`).all(1, 0, NOW) as {
      detail: string;
    }[];
    const detail = rows.map((r) => r.detail).join('\n');
    expect(detail).toMatch(/SEARCH events USING COVERING INDEX events_session_learner_kind/);
    expect(detail).not.toMatch(/TEMP B-TREE|SCAN events/);
    db.close();
  });
});
