import type { Db } from '../connection';
import { readJsonColumns } from './json-columns';

// The course dashboard's order reads: the course's sales and buyers in one statement, then only
// its buyers' orders (with their courses) in another. "Paid" is what the customer models count:
// status paid or partially refunded, net of refunds.

export interface CourseSalesRow {
  currency: string;
  orders: number;
  /** The course's lines, net of their refunds. */
  net_minor: number;
}

export interface CourseBuyerOrderRow {
  learner_id: number;
  ordered_at: number;
  net_minor: number;
  /** Distinct course ids of the order's lines, in line order (shared: do not change). */
  courseIds: readonly number[];
}

/**
 * The course's paid lines up to `until` (through order_lines_course, each line's order by its
 * rowid) read once: per currency its orders and net, and its linked buyers with the time of
 * their first purchase of it. Each aggregate of `c` is a JSON array (the per-currency one sorted
 * again by the caller).
 */
export const COURSE_SALES_SQL = `WITH c AS MATERIALIZED (
    SELECT o.id, o.learner_id, o.ordered_at, o.currency, l.amount_minor - l.refunded_minor AS net
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE l.course_id = ? AND o.status IN ('paid', 'partially_refunded') AND o.ordered_at <= ?)
  SELECT
    (SELECT json_group_array(json_array(currency, orders, net_minor)) FROM (
       SELECT currency, count(DISTINCT id) AS orders, sum(net) AS net_minor
       FROM c GROUP BY currency)) AS sales,
    (SELECT json_group_array(json_array(learner_id, since)) FROM (
       SELECT learner_id, min(ordered_at) AS since FROM c WHERE learner_id IS NOT NULL
       GROUP BY learner_id)) AS buyers`;

/**
 * Paid orders of each learner of the JSON array of [learner id, since] bound first from `since`
 * up to `until`, as JSON arrays: one range of orders_paid_learner (migration 0360) per learner,
 * in (learner, time) order. Scanning all orders for a course's buyers (45% of all orders on the
 * benchmark workspace) cost three times as much; orders_learner_at went to the table per order.
 */
export const BUYER_ORDERS_SQL = `SELECT json_group_array(id) AS ids,
    json_group_array(learner_id) AS learners, json_group_array(ordered_at) AS ats,
    json_group_array(net_minor) AS nets
  FROM (SELECT o.id, o.learner_id, o.ordered_at, o.total_minor - o.refunded_minor AS net_minor
        FROM json_each(?) b CROSS JOIN orders o INDEXED BY orders_paid_learner
        WHERE o.learner_id = b.value ->> 0 AND o.ordered_at >= b.value ->> 1
          AND o.ordered_at <= ? AND o.status IN ('paid', 'partially_refunded')
          AND o.learner_id IS NOT NULL)`;

/**
 * The course lines of orders with ids in [?, ?], in line order, as JSON arrays: one sequential
 * read (each order's lines looked up along order_lines_order cost twice as much).
 */
export const ORDER_COURSES_SQL = `SELECT json_group_array(order_id) AS orders,
    json_group_array(course_id) AS courses
  FROM (SELECT order_id, course_id FROM order_lines NOT INDEXED
        WHERE course_id IS NOT NULL AND order_id BETWEEN ? AND ? ORDER BY id)`;

/** A buyer of a course: [learner id, time of their first paid order of it]. */
export type CourseBuyer = readonly [learnerId: number, since: number];

/** Paid orders with a line of the course up to `until`: per currency, and the linked buyers. */
export function courseSalesAndBuyers(
  db: Db,
  courseId: number,
  until: number,
): { rows: CourseSalesRow[]; buyers: CourseBuyer[] } {
  const { sales, buyers } = readJsonColumns(db, COURSE_SALES_SQL, courseId, until) as {
    sales: [string, number, number][];
    buyers: CourseBuyer[];
  };
  const rows = sales.map(([currency, orders, net]): CourseSalesRow => ({
    currency,
    orders,
    net_minor: net,
  }));
  // Most orders first, then by currency code (SQLite's BINARY order: code units, as here).
  rows.sort((p, q) =>
    p.orders !== q.orders ? q.orders - p.orders : p.currency < q.currency ? -1 : 1,
  );
  return { rows, buyers };
}

const NO_COURSES: readonly number[] = Object.freeze([]);

/** Order ids spanning fewer than this many are looked up in a typed array (16 MB at most). */
const DENSE_ORDER_SPAN = 1 << 22;

/** buyerOrders' orders as columns: index k of each is one order, oldest first (then by id). */
export interface BuyerOrderColumns {
  readonly length: number;
  readonly learnerIds: readonly number[];
  readonly ats: readonly number[];
  readonly nets: readonly number[];
  /** Distinct course ids of the order's lines, in line order (shared: do not change). */
  readonly courseIds: readonly (readonly number[])[];
}

/**
 * Every paid order of the given buyers from their `since` up to `until`, oldest first (then by
 * id), with its distinct courses in line order. Orders of one course share one frozen list per
 * course.
 */
export function buyerOrders(
  db: Db,
  buyers: readonly CourseBuyer[],
  until: number,
): CourseBuyerOrderRow[] {
  const c = buyerOrderColumns(db, buyers, until);
  return Array.from({ length: c.length }, (_, k): CourseBuyerOrderRow => ({
    learner_id: c.learnerIds[k] ?? 0,
    ordered_at: c.ats[k] ?? 0,
    net_minor: c.nets[k] ?? 0,
    courseIds: c.courseIds[k] ?? NO_COURSES,
  }));
}

/** buyerOrders as columns (no object per order), read in one transaction. */
export function buyerOrderColumns(
  db: Db,
  buyers: readonly CourseBuyer[],
  until: number,
): BuyerOrderColumns {
  if (buyers.length === 0) {
    return { length: 0, learnerIds: [], ats: [], nets: [], courseIds: [] };
  }
  return db.transaction(() => readBuyerOrders(db, buyers, until))();
}

function readBuyerOrders(db: Db, buyers: readonly CourseBuyer[], until: number): BuyerOrderColumns {
  const {
    ids,
    learners: learnerIds,
    ats,
    nets,
  } = readJsonColumns(db, BUYER_ORDERS_SQL, JSON.stringify(buyers), until) as {
    ids: number[];
    learners: number[];
    ats: number[];
    nets: number[];
  };
  const courseIds = new Array<readonly number[]>(ids.length).fill(NO_COURSES);
  if (ids.length === 0) return { length: 0, learnerIds, ats, nets, courseIds };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const id of ids) {
    if (id < first) first = id;
    if (id > last) last = id;
  }
  addCourses(db, ids, first, last, courseIds);
  // By time, then by id (the rows came by learner).
  const index = Array.from(ids, (_, k) => k);
  index.sort((p, q) => (ats[p] ?? 0) - (ats[q] ?? 0) || (ids[p] ?? 0) - (ids[q] ?? 0));
  const pick = <T>(column: readonly T[]): T[] => index.map((k) => column[k] as T);
  return {
    length: ids.length,
    learnerIds: pick(learnerIds),
    ats: pick(ats),
    nets: pick(nets),
    courseIds: pick(courseIds),
  };
}

/** Sets each order's courses from the lines of orders first..last (ids[k] is out[k]'s id). */
function addCourses(
  db: Db,
  ids: readonly number[],
  first: number,
  last: number,
  out: (readonly number[])[],
): void {
  // An order's place in `out` by its id: a typed array over the span of ids, or a Map.
  const dense = last - first < DENSE_ORDER_SPAN ? new Int32Array(last - first + 1).fill(-1) : null;
  const sparse = new Map<number, number>();
  ids.forEach((id, k) => {
    if (dense) dense[id - first] = k;
    else sparse.set(id, k);
  });
  const { orders: orderIds, courses: courseIds } = readJsonColumns(
    db,
    ORDER_COURSES_SQL,
    first,
    last,
  ) as { orders: number[]; courses: number[] };
  const single = new Map<number, readonly number[]>();
  for (let i = 0; i < orderIds.length; i++) {
    const id = orderIds[i] ?? 0;
    const k = dense ? (dense[id - first] ?? -1) : (sparse.get(id) ?? -1);
    const list = out[k];
    if (list === undefined) continue;
    const course = courseIds[i] ?? 0;
    if (list.length === 0) {
      let shared = single.get(course);
      if (shared === undefined) {
        shared = Object.freeze([course]);
        single.set(course, shared);
      }
      out[k] = shared;
    } else if (!list.includes(course)) {
      // A shared list is copied before it grows; an order's own list grows in place.
      if (Object.isFrozen(list)) out[k] = [...list, course];
      else (list as number[]).push(course);
    }
  }
}
