import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import { courseBuyerOrders } from '../../src/main/storage/queries/dashboards';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('courseBuyerOrders (sequential reads)', () => {
  it('gives exactly what the correlated json_group_array subquery per order gave', () => {
    const db = openDatabase(join(tempDir(), 'buyers.db'));
    generateDemoWorkspace(db, { seed: 9, now: NOW, learners: 150, sessions: 3, orders: 500 });
    // An order of two courses (one repeated), a line without a course, one after the end.
    const learner = (db.prepare('SELECT min(id) AS id FROM learners').get() as { id: number }).id;
    const courses = (
      db.prepare('SELECT id FROM courses ORDER BY id').all() as { id: number }[]
    ).map((c) => c.id);
    const [c1 = 0, c2 = 0] = courses;
    const order = (ext: string, at: number, lines: (number | null)[]): void => {
      const id = Number(
        db
          .prepare(
            `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor, refunded_minor, status, imported_at)
             VALUES ('shop', ?, ?, ?, 'CNY', 900, 0, 'paid', ?)`,
          )
          .run(ext, learner, at, NOW).lastInsertRowid,
      );
      for (const c of lines) {
        db.prepare(
          `INSERT INTO order_lines (order_id, course_id, title, amount_minor) VALUES (?, ?, 't', 300)`,
        ).run(id, c);
      }
    };
    order('y1', NOW - 86_400_000, [c2, c1, c2, null]);
    order('y2', NOW + 1, [c1]);
    const reference = (courseId: number): unknown[] =>
      (
        db
          .prepare(
            `WITH buyers AS (
               SELECT DISTINCT o.learner_id FROM order_lines l JOIN orders o ON o.id = l.order_id
               WHERE l.course_id = ? AND o.learner_id IS NOT NULL
                 AND o.status IN ('paid', 'partially_refunded') AND o.ordered_at <= ?
             )
             SELECT o.learner_id, o.ordered_at, o.total_minor - o.refunded_minor AS net_minor,
               (SELECT json_group_array(DISTINCT l.course_id) FROM order_lines l
                 WHERE l.order_id = o.id AND l.course_id IS NOT NULL) AS course_ids
             FROM buyers b JOIN orders o ON o.learner_id = b.learner_id
             WHERE o.status IN ('paid', 'partially_refunded') AND o.ordered_at <= ?
             ORDER BY o.ordered_at, o.id`,
          )
          .all(courseId, NOW, NOW) as { course_ids: string }[]
      ).map(({ course_ids, ...row }) => ({
        ...row,
        courseIds: JSON.parse(course_ids) as number[],
      }));
    let compared = 0;
    for (const courseId of [...courses, 999_999]) {
      const expected = reference(courseId);
      compared += expected.length;
      expect(courseBuyerOrders(db, courseId, NOW)).toEqual(expected);
    }
    expect(compared).toBeGreaterThan(500);
    expect(courseBuyerOrders(db, c1, NOW).find((o) => o.courseIds.length === 2)?.courseIds).toEqual(
      [c2, c1],
    );
    db.close();
  });
});
