import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { matchCourseTitles, titleSimilarity } from '../../src/main/imports/course-match';
import { importOrders } from '../../src/main/imports/import-orders';
import type { CallContext } from '../../src/main/kernel/router';
import type { MethodArgs } from '../../src/shared/contract/studio-api';
import { createImportWizardHandlers } from '../../src/main/imports/wizard-handlers';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  catalogueTitles,
  courseTitleAliases,
  workspaceTimeZone,
} from '../../src/main/storage/queries/import-wizard';
import { listUnmatchedOrders } from '../../src/main/storage/queries/imports';
import type { CourseId, LearnerId, OrderId } from '../../src/shared/model/ids';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

function open(): Db {
  return openDatabase(join(tempDir(), 'wizard.db'));
}

function wizard(db: Db, importRunning = false) {
  let forgotten = 0;
  const raw = createImportWizardHandlers({
    db: () => db,
    clock: () => T0 + 1_000 * HOUR,
    importRunning: () => importRunning,
    forgetCachedData: () => {
      forgotten++;
    },
  });
  // The handlers with the call context a test transport gives them.
  type Raw = typeof raw;
  type Bound = { [M in keyof Raw]: (input: MethodArgs<M>) => ReturnType<Raw[M]> };
  const ctx: CallContext = { transport: 'test' };
  const handlers = Object.fromEntries(
    Object.entries(raw).map(([name, handler]) => [
      name,
      (input: unknown) => (handler as (i: unknown, c: CallContext) => unknown)(input, ctx),
    ]),
  ) as Bound;
  return { handlers, forgotten: () => forgotten };
}

function seedCatalogue(db: Db): void {
  db.exec(`
    INSERT INTO courses (id, title, price_minor, currency, created_at) VALUES
      (1, 'Python 入门', 19900, 'CNY', ${T0}),
      (2, 'Python 进阶', 29900, 'CNY', ${T0}),
      (3, 'Data Analysis with Pandas', 9900, 'USD', ${T0}),
      (4, 'Old course', 100, 'CNY', ${T0});
    UPDATE courses SET archived_at = ${T0} WHERE id = 4;
  `);
}

const HEADER = [
  'order_id',
  'ordered_at',
  'email',
  'name',
  'course',
  'amount',
  'currency',
  'coupon',
];

/** A handler's answer as a promise, whether it throws or returns. */
async function attempt<T>(call: () => T | Promise<T>): Promise<T> {
  return call();
}

function count(db: Db, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

describe('course title matching', () => {
  it('exact titles (case and spaces aside) link; close ones are offered, never linked', () => {
    const db = open();
    seedCatalogue(db);
    const matches = matchCourseTitles(
      [
        '  python 入门 ',
        'Python 入门（第2期）',
        'Data analysis with pandas!',
        'Knitting',
        'Old course',
      ],
      catalogueTitles(db),
      courseTitleAliases(db),
    );
    expect(matches.map((m) => [m.title, m.courseId, m.via])).toEqual([
      ['  python 入门 ', 1, 'exact'],
      ['Python 入门（第2期）', null, null],
      ['Data analysis with pandas!', null, null],
      ['Knitting', null, null],
      // An archived course still links by its exact title (the importer does), never as a candidate.
      ['Old course', 4, 'exact'],
    ]);
    expect(matches[1]?.candidates[0]).toMatchObject({ courseId: 1 });
    expect(matches[1]?.candidates[0]?.score).toBeGreaterThanOrEqual(0.8);
    expect(matches[2]?.candidates.map((c) => c.courseId)).toEqual([3]);
    expect(matches[3]?.candidates).toEqual([]);
    expect(titleSimilarity('Python 入门', 'Python 进阶')).toBeLessThan(1);
  });

  it('a confirmed close match is remembered and links the lines of this and later imports', async () => {
    const db = open();
    seedCatalogue(db);
    const { handlers } = wizard(db);
    await handlers['imports.confirmCourses']({
      links: [{ title: 'Python 入门（第2期）', courseId: 1 as CourseId }],
    });
    const again = await handlers['imports.courseMatches']({ titles: ['python 入门（第2期）'] });
    expect(again).toEqual([
      { title: 'python 入门（第2期）', courseId: 1, via: 'alias', candidates: [] },
    ]);
    await importOrders(db, {
      source: 'shop',
      fileName: 'x.csv',
      rows: [
        HEADER,
        ['o1', '2024-02-01 10:00', 'a@example.com', 'A', 'Python 入门（第2期）', '199', 'CNY', ''],
      ],
    });
    expect(db.prepare('SELECT course_id FROM order_lines').get()).toEqual({ course_id: 1 });
    await expect(
      attempt(() =>
        handlers['imports.confirmCourses']({ links: [{ title: 'x', courseId: 99 as CourseId }] }),
      ),
    ).rejects.toThrow(/no course 99/);
  });
});

describe('coupon attribution', () => {
  it("an order's coupon names the offer that carried it: the latest pushed before the order", async () => {
    const db = open();
    seedCatalogue(db);
    db.exec(`
      INSERT INTO sessions (id, title, status, created_at) VALUES (1, 'Jan class', 'ended', ${T0}),
        (2, 'Feb class', 'ended', ${T0});
      INSERT INTO offers (id, session_id, course_id, title, price_minor, currency, coupon_code, pushed_at)
      VALUES (10, 1, 1, 'Jan offer', 19900, 'CNY', 'SPRING24', ${T0 + 24 * HOUR}),
             (11, 2, 1, 'Feb offer', 19900, 'CNY', 'spring24', ${T0 + 40 * 24 * HOUR}),
             (12, 2, 2, 'Other', 29900, 'CNY', 'OTHER', ${T0 + 40 * 24 * HOUR});
    `);
    const summary = await importOrders(db, {
      source: 'shop',
      fileName: 'x.csv',
      rows: [
        HEADER,
        ['o1', '2024-01-03 10:00', 'a@example.com', 'A', 'Python 入门', '199', 'CNY', 'spring24'],
        ['o2', '2024-02-12 10:00', 'b@example.com', 'B', 'Python 入门', '199', 'CNY', ' Spring24 '],
        ['o3', '2024-02-12 10:00', 'c@example.com', 'C', 'Python 入门', '199', 'CNY', 'UNKNOWN'],
        ['o4', '2024-01-01 10:00', 'd@example.com', 'D', 'Python 入门', '199', 'CNY', 'SPRING24'],
        ['o5', '2024-02-12 10:00', 'e@example.com', 'E', 'Python 入门', '199', 'CNY', ''],
      ],
    });
    expect(summary.ordersImported).toBe(5);
    const offers = db
      .prepare('SELECT external_id, offer_id FROM orders ORDER BY external_id')
      .all();
    expect(offers).toEqual([
      { external_id: 'o1', offer_id: 10 },
      { external_id: 'o2', offer_id: 11 },
      { external_id: 'o3', offer_id: null },
      // Bought before any offer with that coupon was pushed: not attributed.
      { external_id: 'o4', offer_id: null },
      { external_id: 'o5', offer_id: null },
    ]);
  });
});

describe('undoing an import run', () => {
  it('removes exactly its orders and the learners it created; the same file again changes nothing', async () => {
    const db = open();
    seedCatalogue(db);
    db.exec(`
      INSERT INTO learners (id, display_name, created_at) VALUES (1, 'Ann', ${T0});
      INSERT INTO learner_identities (learner_id, kind, platform, value, created_at)
        VALUES (1, 'email', '', 'ann@example.com', ${T0});
    `);
    const first = await importOrders(db, {
      source: 'shop',
      fileName: 'first.csv',
      rows: [
        HEADER,
        ['a1', '2024-01-05 10:00', 'ann@example.com', 'Ann', 'Python 入门', '199', 'CNY', ''],
      ],
    });
    const rows = [
      HEADER,
      // Ann exists: her order is added to her. New buyers become learners of this run.
      ['b1', '2024-02-01 10:00', 'ann@example.com', 'Ann', 'Python 进阶', '299', 'CNY', ''],
      ['b2', '2024-02-02 10:00', 'new@example.com', 'New', 'Python 入门', '199', 'CNY', ''],
      ['b2', '2024-02-02 10:00', 'new@example.com', 'New', 'Python 进阶', '299', 'CNY', ''],
      ['b3', '2024-02-03 10:00', 'chat@example.com', 'Chatty', 'Python 入门', '199', 'CNY', ''],
      // Already imported by the first run: unchanged, and stays after the undo.
      ['a1', '2024-01-05 10:00', 'ann@example.com', 'Ann', 'Python 入门', '199', 'CNY', ''],
    ];
    const second = await importOrders(db, { source: 'shop', fileName: 'second.csv', rows });
    expect(second).toMatchObject({ ordersImported: 3, ordersUnchanged: 1, learnersCreated: 2 });
    // Chatty has since joined a class: a learner with anything of their own is kept.
    const chatty = (
      db
        .prepare("SELECT learner_id AS id FROM learner_identities WHERE value = 'chat@example.com'")
        .get() as {
        id: number;
      }
    ).id;
    db.exec(`
      INSERT INTO sessions (id, title, status, created_at) VALUES (1, 'Class', 'ended', ${T0});
      INSERT INTO attendance (session_id, learner_id, joined_at, last_seen_at)
        VALUES (1, ${chatty}, ${T0}, ${T0});
    `);
    const learnersBefore = count(db, 'SELECT count(*) AS n FROM learners');
    const ordersBefore = count(db, 'SELECT count(*) AS n FROM orders');
    const lines = count(db, 'SELECT count(*) AS n FROM order_lines');

    const { handlers, forgotten } = wizard(db);
    const undone = await handlers['imports.undo']({ runId: second.runId });
    expect(undone).toEqual({ ordersRemoved: 3, learnersRemoved: 1 });
    expect(forgotten()).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM orders')).toBe(ordersBefore - 3);
    expect(count(db, 'SELECT count(*) AS n FROM order_lines')).toBe(lines - 4);
    expect(count(db, 'SELECT count(*) AS n FROM learners')).toBe(learnersBefore - 1);
    expect(db.prepare('SELECT external_id FROM orders ORDER BY id').all()).toEqual([
      { external_id: 'a1' },
    ]);
    expect(
      db
        .prepare("SELECT count(*) AS n FROM learner_identities WHERE value = 'new@example.com'")
        .get(),
    ).toEqual({ n: 0 });
    expect(db.prepare('SELECT undone_at FROM import_runs WHERE id = ?').get(second.runId)).toEqual({
      undone_at: T0 + 1_000 * HOUR,
    });
    await expect(attempt(() => handlers['imports.undo']({ runId: second.runId }))).rejects.toThrow(
      /already/,
    );
    expect(first.ordersImported).toBe(1);

    // Importing the file again brings its orders back; a third time changes nothing.
    const again = await importOrders(db, { source: 'shop', fileName: 'second.csv', rows });
    expect(again).toMatchObject({ ordersImported: 3, ordersUnchanged: 1 });
    const snapshot = db.prepare('SELECT * FROM orders ORDER BY id').all();
    const third = await importOrders(db, { source: 'shop', fileName: 'second.csv', rows });
    expect(third).toMatchObject({ ordersImported: 0, ordersUpdated: 0, ordersUnchanged: 4 });
    expect(db.prepare('SELECT * FROM orders ORDER BY id').all()).toEqual(
      snapshot.map((row) => ({ ...(row as object), imported_at: expect.any(Number) as number })),
    );
  });

  it('is refused while an import runs, and for a run that does not exist', async () => {
    const db = open();
    await expect(
      attempt(() => wizard(db, true).handlers['imports.undo']({ runId: 1 })),
    ).rejects.toThrow(/an import is running/);
    await expect(attempt(() => wizard(db).handlers['imports.undo']({ runId: 42 }))).rejects.toThrow(
      /no import run/,
    );
  });
});

describe('unmatched orders linked by hand', () => {
  it('to an existing learner or to a new one; a linked order is not linked again', async () => {
    const db = open();
    db.exec(`INSERT INTO learners (id, display_name, created_at) VALUES (7, 'Ann', ${T0});`);
    await importOrders(db, {
      source: 'shop',
      fileName: 'x.csv',
      rows: [
        ['order_id', 'ordered_at', 'amount', 'currency'],
        ['n1', '2024-02-01 10:00', '10', 'USD'],
        ['n2', '2024-02-02 10:00', '12', 'USD'],
      ],
    });
    const page = listUnmatchedOrders(db, { limit: 10, offset: 0 });
    expect(page.total).toBe(2);
    const [latest, earliest] = page.rows;
    const { handlers } = wizard(db);
    expect(
      await handlers['orders.link']({ orderId: latest?.id as OrderId, learnerId: 7 as LearnerId }),
    ).toEqual({ learnerId: 7 });
    const made = await handlers['orders.link']({
      orderId: earliest?.id as OrderId,
      newLearnerName: 'Walk-in buyer',
    });
    expect(
      db.prepare('SELECT display_name FROM learners WHERE id = ?').get(made.learnerId),
    ).toEqual({
      display_name: 'Walk-in buyer',
    });
    expect(listUnmatchedOrders(db, { limit: 10, offset: 0 }).total).toBe(0);
    await expect(
      attempt(() =>
        handlers['orders.link']({ orderId: latest?.id as OrderId, learnerId: 7 as LearnerId }),
      ),
    ).rejects.toThrow(/already linked/);
  });
});

describe('the workspace time zone', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it("times without a zone are read in UTC by default, never in the machine's zone", async () => {
    process.env.TZ = 'Asia/Tokyo';
    const db = open();
    expect(workspaceTimeZone(db)).toBe('UTC');
    await importOrders(db, {
      source: 'shop',
      fileName: 'x.csv',
      rows: [
        ['order_id', 'ordered_at', 'amount', 'currency'],
        ['z1', '2024-02-01 10:00', '10', 'USD'],
      ],
    });
    expect(db.prepare('SELECT ordered_at FROM orders').get()).toEqual({
      ordered_at: Date.UTC(2024, 1, 1, 10),
    });
  });

  it('an IANA zone follows its daylight-saving rules; a mapping zone wins over a preset offset', async () => {
    const db = open();
    await importOrders(db, {
      source: 'shop',
      fileName: 'x.csv',
      options: { timeZone: 'America/New_York' },
      rows: [
        ['order_id', 'ordered_at', 'amount', 'currency'],
        ['w1', '2024-01-15 10:00', '10', 'USD'],
        ['s1', '2024-07-15 10:00', '10', 'USD'],
      ],
    });
    expect(db.prepare('SELECT external_id, ordered_at FROM orders ORDER BY id').all()).toEqual([
      { external_id: 'w1', ordered_at: Date.UTC(2024, 0, 15, 15) },
      { external_id: 's1', ordered_at: Date.UTC(2024, 6, 15, 14) },
    ]);
    await importOrders(db, {
      source: 'xiaoe',
      fileName: 'x.csv',
      preset: 'xiaoe-tech',
      mapping: { timeZone: 'UTC' },
      rows: [
        ['订单号', '支付时间', '实付金额'],
        ['x1', '2024-03-01 10:00', '10'],
      ],
    });
    expect(db.prepare("SELECT ordered_at FROM orders WHERE external_id = 'x1'").get()).toEqual({
      ordered_at: Date.UTC(2024, 2, 1, 10),
    });
  });
});
