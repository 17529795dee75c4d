import type { Db } from '../connection';
import { stmt } from './live/statements';

// The workspace's paid orders as the customer models and the dashboards read them: sequential
// reads in slices of JSON arrays (no row object per order), each order's course ids from one pass.

/** A paid order as forEachPaidOrder hands it over (positional: no row object per order). */
export type PaidOrderVisitor = (
  id: number,
  learnerId: number,
  orderedAt: number,
  currency: string,
  netMinor: number,
  courseIds: readonly number[],
) => void;

const NO_COURSES: readonly number[] = Object.freeze([]);

/** Rows per slice of the order reads below: a few MB of JSON text at a time. */
const PAID_ORDER_CHUNK = 65_536;

/** Order ids below this many are looked up in an array by id (16 MB of slots at most). */
const DENSE_ORDER_IDS = 1 << 21;

/**
 * Distinct course ids of every order's lines, in line order, from one sequential read (in slices
 * of JSON arrays, like the orders), as a lookup by order id (an empty list for an order without
 * a course). Most orders have one course: those share one frozen one-item list per course instead
 * of an array each (500,000 orders would otherwise be 500,000 small arrays). The lists are kept
 * in an array by order id up to the largest (a rowid lookup) when the ids are not too large for
 * it, in a Map otherwise: a Map of 240,000 orders cost as much as the read.
 */
export function courseIdsByOrder(db: Db): (orderId: number) => readonly number[] {
  const { largest } = stmt(db, 'SELECT max(id) AS largest FROM orders').get() as {
    largest: number | null;
  };
  const dense = new Array<readonly number[] | undefined>(
    largest !== null && largest < DENSE_ORDER_IDS ? largest + 1 : 0,
  );
  const sparse = new Map<number, readonly number[]>();
  const inDense = (id: number): boolean => id >= 0 && id < dense.length && Number.isInteger(id);
  const single = new Map<number, readonly number[]>();
  const slice = stmt(
    db,
    `SELECT json_group_array(id) AS ids, json_group_array(order_id) AS orders,
       json_group_array(course_id) AS courses
     FROM (SELECT id, order_id, course_id FROM order_lines
           WHERE id > ? AND course_id IS NOT NULL ORDER BY id LIMIT ?)`,
  );
  let after = 0;
  for (;;) {
    const row = slice.get(after, PAID_ORDER_CHUNK) as {
      ids: string;
      orders: string;
      courses: string;
    };
    const ids = JSON.parse(row.ids) as number[];
    if (ids.length === 0) break;
    const orderIds = JSON.parse(row.orders) as number[];
    const courseIds = JSON.parse(row.courses) as number[];
    for (let i = 0; i < ids.length; i++) {
      const orderId = orderIds[i] ?? 0;
      const courseId = courseIds[i] ?? 0;
      const list = inDense(orderId) ? dense[orderId] : sparse.get(orderId);
      let next: readonly number[] | null = null;
      if (list === undefined) {
        let shared = single.get(courseId);
        if (shared === undefined) {
          shared = Object.freeze([courseId]);
          single.set(courseId, shared);
        }
        next = shared;
      } else if (!list.includes(courseId)) {
        // A shared list is copied before it grows; an order's own list grows in place.
        if (Object.isFrozen(list)) next = [...list, courseId];
        else (list as number[]).push(courseId);
      }
      if (next !== null) {
        if (inDense(orderId)) dense[orderId] = next;
        else sparse.set(orderId, next);
      }
    }
    after = ids[ids.length - 1] ?? after;
    if (ids.length < PAID_ORDER_CHUNK) break;
  }
  return (id) => (inDense(id) ? dense[id] : sparse.get(id)) ?? NO_COURSES;
}

/** One slice of forEachPaidOrderSlice: index i of each column is one order, oldest first. */
export interface PaidOrderSlice {
  readonly length: number;
  readonly ids: readonly number[];
  readonly learners: readonly number[];
  readonly ats: readonly number[];
  readonly currencies: readonly string[];
  readonly nets: readonly number[];
  /** The order's distinct courses in line order (shared and frozen: read, never change). */
  readonly coursesOf: (orderId: number) => readonly number[];
}

/**
 * forEachPaidOrder's orders a slice at a time, as the parsed columns: a caller that copies them
 * into columns of its own pays no call per order.
 */
export function forEachPaidOrderSlice(
  db: Db,
  end: number,
  visit: (slice: PaidOrderSlice) => void,
  chunk = PAID_ORDER_CHUNK,
): void {
  const coursesOf = courseIdsByOrder(db);
  const slice = stmt(db, PAID_ORDER_SLICE_SQL);
  // Keyset paging on (ordered_at, id), the order of orders_at (whose entries end with the id).
  let afterAt = Number.MIN_SAFE_INTEGER;
  let afterId = 0;
  for (;;) {
    const row = slice.get(end, afterAt, afterId, chunk) as {
      ids: string;
      learners: string;
      ats: string;
      currencies: string;
      nets: string;
    };
    const ids = JSON.parse(row.ids) as number[];
    if (ids.length === 0) return;
    const ats = JSON.parse(row.ats) as number[];
    visit({
      length: ids.length,
      ids,
      learners: JSON.parse(row.learners) as number[],
      ats,
      currencies: JSON.parse(row.currencies) as string[],
      nets: JSON.parse(row.nets) as number[],
      coursesOf,
    });
    afterAt = ats[ids.length - 1] ?? afterAt;
    afterId = ids[ids.length - 1] ?? afterId;
    if (ids.length < chunk) return;
  }
}

/**
 * Visits the paid (or partly refunded) orders of known learners up to `end`, oldest first (then
 * by id), with their distinct courses in line order. Two reads (every order line in id order,
 * then the orders along orders_at, in slices of `chunk`) joined here, each order handed over as
 * plain values: a
 * correlated subquery per order walked the lines' index with one random lookup per order, and a
 * row object per order (then another one per caller) was most of the time on 500,000 orders.
 * The course lists are shared and frozen: read them, never change them.
 */
export function forEachPaidOrder(
  db: Db,
  end: number,
  visit: PaidOrderVisitor,
  chunk = PAID_ORDER_CHUNK,
): void {
  forEachPaidOrderSlice(
    db,
    end,
    (s) => {
      for (let i = 0; i < s.length; i++) {
        const id = s.ids[i] ?? 0;
        visit(
          id,
          s.learners[i] ?? 0,
          s.ats[i] ?? 0,
          s.currencies[i] ?? '',
          s.nets[i] ?? 0,
          s.coursesOf(id),
        );
      }
    },
    chunk,
  );
}

/**
 * One slice of the paid orders, each column as one JSON array built at C speed (better-sqlite3
 * pays per row and per column: one row per slice instead of one per order). The subquery's LIMIT
 * keeps it a co-routine, so the arrays follow its ORDER BY.
 */
const PAID_ORDER_SLICE_SQL = `SELECT json_group_array(id) AS ids, json_group_array(learner_id) AS learners,
    json_group_array(ordered_at) AS ats, json_group_array(currency) AS currencies,
    json_group_array(net_minor) AS nets
  FROM (SELECT o.id, o.learner_id, o.ordered_at, o.currency,
          o.total_minor - o.refunded_minor AS net_minor
        FROM orders o
        WHERE o.status IN ('paid', 'partially_refunded') AND o.learner_id IS NOT NULL
          AND o.ordered_at <= ? AND (o.ordered_at, o.id) > (?, ?)
        ORDER BY o.ordered_at, o.id LIMIT ?)`;

export interface PaidOrderRow {
  id: number;
  learner_id: number;
  ordered_at: number;
  currency: string;
  net_minor: number;
  /** Distinct course ids of the order's lines, in line order (shared: do not change). */
  courseIds: readonly number[];
}

/** forEachPaidOrder's orders as rows. */
export function paidOrders(db: Db, end: number): PaidOrderRow[] {
  const out: PaidOrderRow[] = [];
  forEachPaidOrder(db, end, (id, learnerId, at, currency, net, courseIds) => {
    out.push({ id, learner_id: learnerId, ordered_at: at, currency, net_minor: net, courseIds });
  });
  return out;
}

/** Display names of the given learners. */

/** Paid orders of one local day and currency not linked to a learner (see unlinkedPaidOrdersByDay). */
export interface UnlinkedDayRow {
  /** Local calendar day (days since 1970-01-01 at the given offset, SQL's truncating division). */
  day: number;
  currency: string;
  orders: number;
  net_minor: number;
}

/**
 * The paid (or partly refunded) orders up to `until` that are linked to no learner, summed per
 * local day and currency as dashboards.ts's paidOrdersByDay sums all of them: the rest of the
 * revenue when the linked ones are already read as columns. A range of orders_learner_at.
 */
export function unlinkedPaidOrdersByDay(
  db: Db,
  until: number,
  utcOffsetMinutes: number,
): UnlinkedDayRow[] {
  return stmt(db, UNLINKED_PAID_BY_DAY_SQL).all(
    utcOffsetMinutes * 60_000,
    until,
  ) as UnlinkedDayRow[];
}

export const UNLINKED_PAID_BY_DAY_SQL = `SELECT (ordered_at + CAST(? AS INTEGER)) / 86400000 AS day,
    currency, count(*) AS orders, sum(total_minor - refunded_minor) AS net_minor
  FROM orders
  WHERE learner_id IS NULL AND status IN ('paid', 'partially_refunded') AND ordered_at <= ?
  GROUP BY day, currency`;
