import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import { paidOrders } from '../../src/main/storage/queries/paid-orders';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('paidOrders (two sequential reads)', () => {
  it('gives exactly what the correlated json_group_array subquery per order gave', () => {
    const db = openDatabase(join(tempDir(), 'orders.db'));
    generateDemoWorkspace(db, { seed: 7, now: NOW, learners: 120, sessions: 3, orders: 400 });
    // Lines out of course order, a repeated course, a line without a course, an order of no
    // learner, a refunded order and one after the end.
    const learner = (db.prepare('SELECT min(id) AS id FROM learners').get() as { id: number }).id;
    const courses = (
      db.prepare('SELECT id FROM courses ORDER BY id').all() as { id: number }[]
    ).map((c) => c.id);
    const order = db.prepare(
      `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor, refunded_minor, status, imported_at)
       VALUES ('shop', ?, ?, ?, 'CNY', 900, ?, ?, ?)`,
    );
    const line = db.prepare(
      `INSERT INTO order_lines (order_id, course_id, title, amount_minor) VALUES (?, ?, 't', 300)`,
    );
    const add = (
      ext: string,
      who: number | null,
      at: number,
      status: string,
      lines: (number | null)[],
    ): number => {
      const id = Number(
        order.run(ext, who, at, status === 'partially_refunded' ? 100 : 0, status, NOW)
          .lastInsertRowid,
      );
      for (const c of lines) line.run(id, c);
      return id;
    };
    const [c1 = 0, c2 = 0, c3 = 0] = courses.slice(-3);
    const mixed = add('x1', learner, NOW - 86_400_000, 'paid', [c3, c1, c3, null, c2]);
    add('x2', learner, NOW - 86_400_000, 'partially_refunded', [c2, c2]);
    add('x3', null, NOW - 3_600_000, 'paid', [c1]);
    add('x4', learner, NOW - 3_600_000, 'refunded', [c1]);
    add('x5', learner, NOW + 1, 'paid', [c1]);
    add('x6', learner, NOW - 2 * 86_400_000, 'paid', []);

    const reference = (): unknown[] =>
      (
        db
          .prepare(
            `SELECT o.id, o.learner_id, o.ordered_at, o.currency, o.total_minor - o.refunded_minor AS net_minor,
             (SELECT json_group_array(DISTINCT l.course_id) FROM order_lines l
               WHERE l.order_id = o.id AND l.course_id IS NOT NULL) AS course_ids
           FROM orders o
           WHERE o.status IN ('paid', 'partially_refunded') AND o.learner_id IS NOT NULL
             AND o.ordered_at <= ?
           ORDER BY o.ordered_at, o.id`,
          )
          .all(NOW) as { course_ids: string }[]
      ).map(({ course_ids, ...row }) => ({
        ...row,
        courseIds: JSON.parse(course_ids) as number[],
      }));

    const rows = paidOrders(db, NOW);
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.find((r) => r.id === mixed)?.courseIds).toEqual([c3, c1, c2]);
    expect(rows).toEqual(reference());

    // An order id too large for the array of course lists (a Map holds them all then).
    db.prepare(
      `INSERT INTO orders (id, source, external_id, learner_id, ordered_at, currency, total_minor, refunded_minor, status, imported_at)
       VALUES (3000000, 'shop', 'big', ?, ?, 'CNY', 900, 0, 'paid', ?)`,
    ).run(learner, NOW - 7_200_000, NOW);
    for (const c of [c2, c1, c2]) line.run(3_000_000, c);
    const again = paidOrders(db, NOW);
    expect(again.find((r) => r.id === 3_000_000)?.courseIds).toEqual([c2, c1]);
    expect(again.find((r) => r.id === mixed)?.courseIds).toEqual([c3, c1, c2]);
    expect(again).toEqual(reference());
    db.close();
  });
});
