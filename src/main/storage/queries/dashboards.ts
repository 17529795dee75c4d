import type { Db } from '../connection';

// Reads behind the course dashboard and the workspace overview. "Paid" is what the customer
// models count (worker/customer-base.ts): status paid or partially refunded, net of refunds.

export interface PaidOrderRow {
  ordered_at: number;
  currency: string;
  net_minor: number;
  /** 1 when the order is linked to a learner. */
  linked: number;
}

/**
 * Every paid order up to `until`, linked to a learner or not (revenue counts both), in time
 * order. A whole-table read by design: it feeds a per-month sum of everything.
 */
export function paidOrders(db: Db, until: number): Iterable<PaidOrderRow> {
  return db
    .prepare(
      `SELECT ordered_at, currency, total_minor - refunded_minor AS net_minor,
         learner_id IS NOT NULL AS linked
       FROM orders
       WHERE status IN ('paid', 'partially_refunded') AND ordered_at <= ?
       ORDER BY ordered_at, id`,
    )
    .iterate(until) as Iterable<PaidOrderRow>;
}

export interface CourseSalesRow {
  currency: string;
  orders: number;
  /** The course's lines, net of their refunds. */
  net_minor: number;
}

/** Paid orders with a line of the course up to `until`, per currency (order_lines_course). */
export function courseSales(
  db: Db,
  courseId: number,
  until: number,
): { rows: CourseSalesRow[]; buyers: number } {
  const rows = db
    .prepare(
      `SELECT o.currency, count(DISTINCT o.id) AS orders,
         sum(l.amount_minor - l.refunded_minor) AS net_minor
       FROM order_lines l JOIN orders o ON o.id = l.order_id
       WHERE l.course_id = ? AND o.status IN ('paid', 'partially_refunded') AND o.ordered_at <= ?
       GROUP BY o.currency
       ORDER BY count(DISTINCT o.id) DESC, o.currency`,
    )
    .all(courseId, until) as CourseSalesRow[];
  const { buyers } = db
    .prepare(
      `SELECT count(DISTINCT o.learner_id) AS buyers
       FROM order_lines l JOIN orders o ON o.id = l.order_id
       WHERE l.course_id = ? AND o.status IN ('paid', 'partially_refunded') AND o.ordered_at <= ?`,
    )
    .get(courseId, until) as { buyers: number };
  return { rows, buyers };
}

export interface CourseBuyerOrderRow {
  learner_id: number;
  ordered_at: number;
  net_minor: number;
  /** JSON array of the course ids on the order's lines. */
  course_ids: string;
}

/**
 * Every paid, linked order up to `until` of the learners who bought the course (any course, any
 * currency), in time order: their purchase history around the course.
 */
export function courseBuyerOrders(db: Db, courseId: number, until: number): CourseBuyerOrderRow[] {
  return db
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
    .all(courseId, until, until) as CourseBuyerOrderRow[];
}

/** Ended classes of the course that started before `beforeMs`: what loadCourseHistory lists. */
export function countEndedClasses(db: Db, courseId: number, beforeMs: number): number {
  return (
    db
      .prepare(
        'SELECT count(*) AS n FROM sessions WHERE course_id = ? AND started_at < ? AND ended_at IS NOT NULL',
      )
      .get(courseId, beforeMs) as { n: number }
  ).n;
}

export function courseInfo(
  db: Db,
  courseId: number,
): { id: number; title: string; series: string | null } | undefined {
  return db.prepare('SELECT id, title, series FROM courses WHERE id = ?').get(courseId) as
    { id: number; title: string; series: string | null } | undefined;
}
