import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { recommendationsJob, sessionReportJob } from '../../src/main/insights/worker/jobs';
import { sessionCustomersJob } from '../../src/main/insights/worker/session-customers';
import { appendEvent } from '../../src/main/storage/queries/events';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { StudioError } from '../../src/shared/contract/errors';
import type { SessionId } from '../../src/shared/model/ids';
import { useTempDirs } from '../helpers/temp-dir';

// The customer sections of a class's report on a small workspace built by hand, where every
// answer can be worked out on paper (the comments give the sums).

const MIN = 60_000;
const DAY = 86_400_000;
/** The class: 2026-03-02 11:00 UTC for an hour. */
const T0 = Date.UTC(2026, 2, 2, 11);
const END = T0 + 60 * MIN;
const NOW = T0 + 40 * DAY;
const tempDir = useTempDirs();

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function workspace(file: string): Db {
  const db = openDatabase(file);
  const course = db.prepare(
    `INSERT INTO courses (id, title, series, series_position, price_minor, currency, created_at)
     VALUES (?, ?, ?, ?, 10000, 'CNY', 0)`,
  );
  course.run(1, 'Course A', 'Series S', 1);
  course.run(2, 'Course B', 'Series S', 2);
  course.run(3, 'Course C', null, null);
  return db;
}

function addLearners(db: Db, ids: readonly number[]): void {
  const learner = db.prepare(
    `INSERT INTO learners (id, display_name, created_at, consent_follow_up) VALUES (?, ?, 0, ?)`,
  );
  const email = db.prepare(
    `INSERT INTO learner_identities (learner_id, kind, value, created_at) VALUES (?, 'email', ?, 0)`,
  );
  for (const id of ids) {
    learner.run(id, `Learner ${id}`, id % 2);
    email.run(id, `learner${id}@example.com`);
  }
}

function addClass(db: Db, id: number, courseId: number, attendees: readonly number[]): void {
  db.prepare(
    `INSERT INTO sessions (id, course_id, title, status, started_at, ended_at, created_at)
     VALUES (?, ?, ?, 'ended', ?, ?, 0)`,
  ).run(id, courseId, `Class ${id}`, T0, END);
  const attend = db.prepare(
    `INSERT INTO attendance (session_id, learner_id, joined_at, left_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  for (const learner of attendees) attend.run(id, learner, T0, END, END);
}

let orderCount = 0;
function addOrder(
  db: Db,
  learnerId: number,
  at: number,
  courseId: number,
  status: 'paid' | 'partially_refunded' | 'refunded' | 'cancelled' = 'paid',
): void {
  orderCount += 1;
  const refunded =
    status === 'paid' || status === 'cancelled' ? 0 : status === 'refunded' ? 10000 : 2000;
  const orderId = Number(
    db
      .prepare(
        `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor,
           refunded_minor, status, imported_at)
         VALUES ('shop', ?, ?, ?, 'CNY', 10000, ?, ?, 0)`,
      )
      .run(`o${orderCount}`, learnerId, at, refunded, status).lastInsertRowid,
  );
  db.prepare(
    `INSERT INTO order_lines (order_id, course_id, title, amount_minor) VALUES (?, ?, 'line', 10000)`,
  ).run(orderId, courseId);
}

describe('report.sessionCustomers on a hand-built class', () => {
  // Learners 1–60 attend class 1 (course A) for the whole hour; learners 61 and 62 do not.
  // - Before the class: 1–10 and 40–44 paid for course C (learner 1 twice); 13 paid and was
  //   partly refunded; 11 was refunded in full and 12 cancelled (neither is a purchase); 61 and
  //   62 paid.
  // - Learners 1–30 asked a question in the class.
  // - Through the class: 1–20, 31 and 32 bought course A two days after it (inside the 7-day
  //   window); 33 bought it 20 days after (outside the window, inside 30 days); 61 bought it too
  //   but did not attend.
  const file = (): string => join(tempDir(), 'hand.db');
  let db: Db;
  let path = '';
  const ctx = inProcessContext(NOW, 'en');

  beforeAll(() => {
    path = file();
    db = workspace(path);
    addLearners(db, range(1, 62));
    addClass(db, 1, 1, range(1, 60));
    for (const id of [...range(1, 10), ...range(40, 44), 61, 62]) {
      addOrder(db, id, T0 - 10 * DAY, 3);
    }
    addOrder(db, 1, T0 - 20 * DAY, 3);
    addOrder(db, 13, T0 - 10 * DAY, 3, 'partially_refunded');
    addOrder(db, 11, T0 - 10 * DAY, 3, 'refunded');
    addOrder(db, 12, T0 - 10 * DAY, 3, 'cancelled');
    for (const id of range(1, 30)) {
      appendEvent(db, {
        sessionId: 1,
        learnerId: id,
        kind: 'question',
        at: T0 + 10 * MIN,
        payload: { text: 'why?' },
        clientId: `q${id}`,
      });
    }
    for (const id of [...range(1, 20), 31, 32, 61]) addOrder(db, id, END + 2 * DAY, 1);
    addOrder(db, 33, T0 + 20 * DAY, 1);
  });

  const run = (
    extra: Partial<Parameters<typeof sessionCustomersJob>[2]> = {},
    language: 'en' | 'zh-CN' = 'en',
  ) =>
    sessionCustomersJob(
      db,
      path,
      {
        sessionId: 1 as SessionId,
        attendeeLimit: 500,
        attendeeOffset: 0,
        followUpLimit: 500,
        followUpOffset: 0,
        ...extra,
      },
      inProcessContext(NOW, language),
    );

  it('counts who had bought before and who bought through the class in the report', () => {
    const report = sessionReportJob(
      db,
      { sessionId: 1 as SessionId, viewerLimit: 10, viewerOffset: 0 },
      ctx,
    );
    // Before: 1–10, 13, 40–44 = 16. Now: 1–20, 31, 32 = 22. Both: 1–10 and 13 = 11.
    expect(report.purchases).toEqual({
      attendees: 60,
      boughtBefore: 16,
      boughtNow: 22,
      repeatBuyers: 11,
      newBuyers: 11,
      repurchaseRate: 11 / 16,
      firstPurchaseRate: 11 / 44,
    });
    expect(report.headline.repurchaseRate).toBe(11 / 16);
    // Thirty days instead of seven take learner 33 in: a new buyer.
    const wider = sessionReportJob(
      db,
      { sessionId: 1 as SessionId, viewerLimit: 10, viewerOffset: 0, attributionWindowDays: 30 },
      ctx,
    );
    expect(wider.purchases).toMatchObject({ boughtNow: 23, repeatBuyers: 11, newBuyers: 12 });
  });

  it('lists exactly the attendees with earlier paid orders as having bought before', () => {
    const customers = run();
    expect(customers.attendees).toBe(60);
    const rows = customers.attendeeTable.rows;
    expect(rows).toHaveLength(60);
    expect(customers.attendeeTable.total).toBe(60);
    const before = rows.filter((r) => r.ordersBefore > 0).map((r) => r.learnerId);
    expect(before.sort((p, q) => p - q)).toEqual([...range(1, 10), 13, ...range(40, 44)]);
    expect(rows.find((r) => r.learnerId === 1)?.ordersBefore).toBe(2);
    expect(rows.filter((r) => r.ordersBefore > 1).map((r) => r.learnerId)).toEqual([1]);
    const now = rows.filter((r) => r.boughtNow).map((r) => r.learnerId);
    expect(now.sort((p, q) => p - q)).toEqual([...range(1, 20), 31, 32]);
    expect(rows.some((r) => r.learnerId > 60)).toBe(false);
  });

  it('predicts values only for attendees who have bought, highest first', () => {
    const customers = run();
    const rows = customers.attendeeTable.rows;
    const buyers = new Set([...range(1, 20), 31, 32, 33, ...range(40, 44)]);
    for (const row of rows) {
      expect(row.value12Months === null, `learner ${row.learnerId}`).toBe(
        !buyers.has(row.learnerId),
      );
    }
    const values = rows.flatMap((r) => (r.value12Months === null ? [] : [r.value12Months]));
    expect(values).toEqual([...values].sort((p, q) => q - p));
    // Attendees without a prediction come after every predicted one.
    expect(rows.slice(values.length).every((r) => r.value12Months === null)).toBe(true);
    expect(customers.values?.withPrediction).toBe(buyers.size);
    expect(customers.values?.groups).toEqual([
      expect.objectContaining({ group: 'repeat', attendees: 11, withPrediction: 11 }),
      expect.objectContaining({ group: 'earlier', attendees: 5, withPrediction: 5 }),
      expect.objectContaining({ group: 'new', attendees: 11, withPrediction: 11 }),
      expect.objectContaining({
        group: 'none',
        attendees: 33,
        withPrediction: 1,
      }),
    ]);
  });

  it('offers the course most recommended besides the class’s own, with its propensity', () => {
    const { nextCourse, attendeeTable } = run();
    // Only courses A (the class's) and C were ever bought: C is everybody's first other course.
    // 16 attendees own C (1–10, 13, 40–44); the other 44 each have it recommended.
    expect(nextCourse).toMatchObject({
      courseId: 3,
      title: 'Course C',
      basis: 'recommended',
      recommendedFirst: 44,
      series: null,
      owners: 16,
      candidates: 44,
    });
    const owners = attendeeTable.rows.filter((r) => r.ownsNextCourse).map((r) => r.learnerId);
    expect(owners.sort((p, q) => p - q)).toEqual([...range(1, 10), 13, ...range(40, 44)]);
    for (const row of attendeeTable.rows) {
      if (row.ownsNextCourse) expect(row.nextCourseProbability).toBeNull();
    }
  });

  it('restricts the follow-up list to the attendees, the same as analytics.recommendations', () => {
    const customers = run();
    const list = recommendationsJob(
      db,
      path,
      { limit: 500, offset: 0, sessionId: 1 as SessionId },
      ctx,
    );
    expect(customers.followUp.rows).toEqual(list.rows);
    expect(customers.followUp.total).toBe(list.total);
    expect(list.rows.every((r) => r.learnerId <= 60)).toBe(true);
    // The workspace list has learners 61 and 62 as well (61 owns both courses anybody bought,
    // and is offered the next course in the series from the catalogue).
    const all = recommendationsJob(db, path, { limit: 500, offset: 0 }, ctx);
    expect(all.rows.map((r) => r.learnerId).filter((id) => id > 60)).toEqual([61, 62]);
    expect(all.rows.find((r) => r.learnerId === 61)?.reason.kind).toBe('series');
    // Consent first; contact flags only for those who agreed (odd ids here).
    const firstRefusal = list.rows.findIndex((r) => !r.consentFollowUp);
    expect(list.rows.slice(firstRefusal).every((r) => !r.consentFollowUp)).toBe(true);
    for (const row of list.rows) {
      expect(row.consentFollowUp).toBe(row.learnerId % 2 === 1);
      expect(row.contact).toEqual(row.consentFollowUp ? { hasEmail: true, hasPhone: false } : null);
    }
    expect(JSON.stringify(customers)).not.toContain('@example.com');
  });

  it('places the attendees in the workspace’s segments', () => {
    const { segments, attendeeTable } = run();
    expect(segments).not.toBeNull();
    const counted = segments?.segments.reduce((n, s) => n + s.attendees, 0);
    expect(counted).toBe(60);
    expect(segments?.attendees).toBe(60);
    for (const s of segments?.segments ?? []) {
      expect(attendeeTable.rows.filter((r) => r.segment === s.index)).toHaveLength(s.attendees);
      expect(s.attendeeShare).toBe(s.attendees / 60);
    }
  });

  it('finds that the askers bought more, with the exact support', () => {
    const { insights } = run();
    expect(insights).toMatchObject({ scope: 'course', classes: 1, learners: 60, minSupport: 20 });
    // Askers are 1–30: 20 bought course A within 30 days (1–20), 11 bought on more than one day
    // (1–10, 13). Of the others, 31–33 bought course A (33 on day 20), none bought twice.
    expect(insights.findings.map((f) => [f.id, f.template, f.support])).toEqual([
      [
        'askedQuestion→boughtAfterClass',
        'higher-rate',
        { with: 30, withOutcome: 20, without: 30, withoutOutcome: 3 },
      ],
      [
        'askedQuestion→boughtClassCourse',
        'higher-rate',
        { with: 30, withOutcome: 20, without: 30, withoutOutcome: 3 },
      ],
      [
        'askedQuestion→repeatBuyer',
        'only-with',
        { with: 30, withOutcome: 11, without: 30, withoutOutcome: 0 },
      ],
    ]);
    expect(insights.findings[1]?.text).toBe(
      'Learners who asked a question bought “Course A” at 6.7× the rate of those who did not (67% vs 10%).',
    );
    expect(insights.findings[1]?.numbers.pValue).toBeLessThan(0.05);
  });

  it('writes segments and findings in the caller’s language', () => {
    const zh = run({}, 'zh-CN');
    expect(zh.language).toBe('zh-CN');
    expect(zh.insights.findings[1]?.text).toBe(
      '提过问题的学员购买了《Course A》的比例是其他学员的 6.7 倍（67% 对 10%）。',
    );
    for (const s of zh.segments?.segments ?? []) expect(s.text).toMatch(/学员$/);
    expect(zh.followUp.rows[0]?.text).toMatch(/学员/);
  });

  it('pages the attendees and the follow-ups as slices of the same lists', () => {
    const whole = run();
    const page = run({ attendeeOffset: 10, attendeeLimit: 7, followUpOffset: 5, followUpLimit: 3 });
    expect(page.attendeeTable).toEqual({
      total: 60,
      offset: 10,
      rows: whole.attendeeTable.rows.slice(10, 17),
    });
    expect(page.followUp).toEqual({
      total: whole.followUp.total,
      offset: 5,
      rows: whole.followUp.rows.slice(5, 8),
    });
  });

  it('refuses a class that does not exist or has not started', () => {
    db.prepare(
      `INSERT INTO sessions (id, course_id, title, status, created_at) VALUES (2, 1, 'Later', 'scheduled', 0)`,
    ).run();
    for (const [sessionId, code] of [
      [99, 'NOT_FOUND'],
      [2, 'CONFLICT'],
    ] as const) {
      let thrown: unknown;
      try {
        run({ sessionId: sessionId as SessionId });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StudioError);
      expect((thrown as StudioError).code).toBe(code);
    }
    expect(() =>
      recommendationsJob(db, path, { limit: 5, offset: 0, sessionId: 99 as SessionId }, ctx),
    ).toThrow('no session with id 99');
  });
});

describe('report.sessionCustomers when nobody has another course to be offered', () => {
  it('offers the next course in the series from the catalogue, with no propensity model', () => {
    // Course A's class; learners 1–5 attend, 1 and 2 bought A after it. Nothing else was ever
    // bought, so nothing is bought together with A: the recommender's catalogue part offers B,
    // next in A's series, to everybody (the buyers of A, and the attendees of A's class).
    const path = join(tempDir(), 'follow-on.db');
    const db = workspace(path);
    addLearners(db, range(1, 5));
    addClass(db, 1, 1, range(1, 5));
    addOrder(db, 1, END + DAY, 1);
    addOrder(db, 2, END + DAY, 1);
    const customers = sessionCustomersJob(
      db,
      path,
      {
        sessionId: 1 as SessionId,
        attendeeLimit: 50,
        attendeeOffset: 0,
        followUpLimit: 50,
        followUpOffset: 0,
      },
      inProcessContext(NOW, 'en'),
    );
    expect(customers.nextCourse).toMatchObject({
      courseId: 2,
      title: 'Course B',
      basis: 'recommended',
      recommendedFirst: 5,
      series: 'Series S',
      owners: 0,
      candidates: 5,
      model: null,
      meanProbability: null,
      likely: 0,
    });
    expect(
      customers.notes.some((n) => n.startsWith('purchase propensity not fitted for Course B')),
    ).toBe(true);
    // Five learners: too few to test any finding (each group needs 20).
    expect(customers.insights.findings).toEqual([]);
    db.close();
  });
});
