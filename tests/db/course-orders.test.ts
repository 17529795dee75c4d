import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  BUYER_ORDERS_SQL,
  COURSE_SALES_SQL,
  ORDER_COURSES_SQL,
  buyerOrders,
  courseSalesAndBuyers,
  type CourseBuyerOrderRow,
} from '../../src/main/storage/queries/course-orders';
import { forEachPaidOrder } from '../../src/main/storage/queries/paid-orders';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);
const DAY = 86_400_000;

/** The course's sales and buyers as the two statements before course-orders.ts read them. */
function referenceSales(db: Db, courseId: number, until: number): unknown {
  const rows = db
    .prepare(
      `SELECT o.currency, count(DISTINCT o.id) AS orders,
         sum(l.amount_minor - l.refunded_minor) AS net_minor
       FROM order_lines l JOIN orders o ON o.id = l.order_id
       WHERE l.course_id = ? AND o.status IN ('paid', 'partially_refunded') AND o.ordered_at <= ?
       GROUP BY o.currency
       ORDER BY count(DISTINCT o.id) DESC, o.currency`,
    )
    .all(courseId, until);
  const buyers = (
    db
      .prepare(
        `SELECT DISTINCT o.learner_id FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.course_id = ? AND o.learner_id IS NOT NULL
           AND o.status IN ('paid', 'partially_refunded') AND o.ordered_at <= ?`,
      )
      .raw(true)
      .all(courseId, until) as [number][]
  ).map(([id]) => id);
  return { rows, buyers };
}

/** The buyers' orders as the dashboard read them before: every paid order, kept by buyer. */
function referenceOrders(db: Db, buyerIds: readonly number[], until: number): unknown {
  const buyers = new Set(buyerIds);
  const out: CourseBuyerOrderRow[] = [];
  forEachPaidOrder(db, until, (_id, learnerId, at, _currency, net, courseIds) => {
    if (buyers.has(learnerId)) {
      out.push({ learner_id: learnerId, ordered_at: at, net_minor: net, courseIds });
    }
  });
  return out;
}

/** referenceOrders, each buyer's from their first order of the course (purchasesFromCourse's). */
function referenceFromFirst(
  db: Db,
  courseId: number,
  buyerIds: readonly number[],
  until: number,
): unknown {
  const all = referenceOrders(db, buyerIds, until) as CourseBuyerOrderRow[];
  const first = new Map<number, number>();
  for (const o of all) {
    if (!o.courseIds.includes(courseId)) continue;
    first.set(o.learner_id, Math.min(first.get(o.learner_id) ?? o.ordered_at, o.ordered_at));
  }
  return all.filter((o) => o.ordered_at >= (first.get(o.learner_id) ?? Number.POSITIVE_INFINITY));
}

describe('course-orders (the course dashboard reads only its buyers orders)', () => {
  it('gives what the whole-table read gave, edge cases included', () => {
    const db = openDatabase(join(tempDir(), 'course-orders.db'));
    generateDemoWorkspace(db, { seed: 14, now: NOW, learners: 200, sessions: 3, orders: 800 });
    const learners = (db.prepare('SELECT id FROM learners ORDER BY id').all() as { id: number }[])
      .map((l) => l.id)
      .slice(0, 6);
    const courses = (
      db.prepare('SELECT id FROM courses ORDER BY id').all() as { id: number }[]
    ).map((c) => c.id);
    const [c1 = 0, c2 = 0, c3 = 0] = courses;
    const [l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0] = learners;
    let n = 0;
    const line = (orderId: number, courseId: number | null, amount = 300, refunded = 0): void => {
      db.prepare(
        `INSERT INTO order_lines (order_id, course_id, title, amount_minor, refunded_minor)
         VALUES (?, ?, 't', ?, ?)`,
      ).run(orderId, courseId, amount, refunded);
    };
    const order = (
      learner: number | null,
      at: number,
      lines: (number | null)[],
      o: { status?: string; currency?: string; total?: number; refunded?: number } = {},
    ): number => {
      const id = Number(
        db
          .prepare(
            `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor,
               refunded_minor, status, imported_at)
             VALUES ('edge', ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            `e${n++}`,
            learner,
            at,
            o.currency ?? 'CNY',
            o.total ?? 900,
            o.refunded ?? 0,
            o.status ?? 'paid',
            NOW,
          ).lastInsertRowid,
      );
      for (const c of lines) line(id, c, 300, o.refunded === undefined ? 0 : 100);
      return id;
    };
    // Multi-course orders (a course twice, a line without a course), refunded and partly
    // refunded ones, unlinked ones, orders after the end, other currencies, an order placed
    // earlier than the ones before it (ids out of time order), an order without any line, and a
    // line added to an old order after newer ones (lines out of order id order).
    const early = order(l1, NOW - 300 * DAY, [c1]);
    order(l1, NOW - 10 * DAY, [c2, c1, c2, null]);
    order(l2, NOW - 5 * DAY, [c1], { status: 'refunded', refunded: 900 });
    order(l2, NOW - 4 * DAY, [c1, c3], { status: 'partially_refunded', refunded: 200 });
    order(null, NOW - 3 * DAY, [c1], { currency: 'USD' });
    order(l3, NOW - 2 * DAY, [c1], { currency: 'USD' });
    order(l3, NOW - 400 * DAY, [c3, c2]);
    order(l4, NOW + DAY, [c1]);
    order(l4, NOW - DAY, [c2], { status: 'cancelled' });
    order(l5, NOW - 7 * DAY, [], { currency: 'EUR' });
    order(l5, NOW - 6 * DAY, [c1, null], { currency: 'EUR' });
    order(l5, NOW, [null]);
    line(early, c3);
    line(early, c1);

    let compared = 0;
    let multi = 0;
    for (const courseId of [...courses, 999_999]) {
      for (const until of [NOW, NOW - 6 * DAY, NOW + 2 * DAY]) {
        const sales = courseSalesAndBuyers(db, courseId, until);
        const expected = referenceSales(db, courseId, until) as { buyers: number[] };
        const buyerIds = sales.buyers.map(([id]) => id);
        expect({ rows: sales.rows, buyers: [...buyerIds].sort((p, q) => p - q) }).toEqual({
          ...expected,
          buyers: [...expected.buyers].sort((p, q) => p - q),
        });
        // Every order of the buyers, and each buyer's from their first purchase of the course.
        const all = buyerOrders(
          db,
          buyerIds.map((id) => [id, Number.MIN_SAFE_INTEGER] as const),
          until,
        );
        expect(all).toEqual(referenceOrders(db, buyerIds, until));
        const orders = buyerOrders(db, sales.buyers, until);
        expect(orders).toEqual(referenceFromFirst(db, courseId, buyerIds, until));
        compared += orders.length;
        multi += orders.filter((o) => o.courseIds.length > 1).length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(multi).toBeGreaterThan(3);
    const c1Sales = courseSalesAndBuyers(db, c1, NOW).rows.map((r) => r.currency);
    expect(c1Sales).toEqual(expect.arrayContaining(['CNY', 'USD', 'EUR']));
    const l1Orders = buyerOrders(db, [[l1, 0]], NOW).filter((o) => o.net_minor === 900);
    expect(l1Orders.map((o) => o.courseIds)).toContainEqual([c1, c3]);
    expect(l1Orders.map((o) => o.courseIds)).toContainEqual([c2, c1]);
    expect(buyerOrders(db, [], NOW)).toEqual([]);
    db.close();
  });

  it('reads each buyer’s orders as one range of orders_paid_learner, the lines in one scan', () => {
    const db = openDatabase(join(tempDir(), 'plans.db'));
    generateDemoWorkspace(db, { seed: 3, now: NOW, learners: 50, sessions: 1, orders: 100 });
    db.exec('ANALYZE');
    const plan = (sql: string, params: unknown[]): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    const orders = plan(BUYER_ORDERS_SQL, ['[[1,0],[2,0]]', NOW]);
    expect(orders).toMatch(
      /SEARCH o USING INDEX orders_paid_learner \(learner_id=\? AND ordered_at>\? AND ordered_at<\?\)/,
    );
    expect(orders).not.toMatch(/USE TEMP B-TREE|SCAN o\b/);
    const lines = plan(ORDER_COURSES_SQL, [1, 100]);
    expect(lines).toMatch(/SCAN order_lines\b/);
    expect(lines).not.toMatch(/USE TEMP B-TREE/);
    expect(plan(COURSE_SALES_SQL, [1, NOW])).toMatch(
      /SEARCH l USING INDEX order_lines_course \(course_id=\?\)/,
    );
    db.close();
  });
});
