import {
  buyerOrders,
  courseSalesAndBuyers,
  type CourseBuyerOrderRow,
  type CourseSalesRow,
} from './course-orders';
import type { Db } from '../connection';

export type { CourseBuyerOrderRow, CourseSalesRow } from './course-orders';

// Reads behind the course dashboard and the workspace overview. "Paid" is what the customer
// models count (worker/customer-base.ts): status paid or partially refunded, net of refunds.

export interface PaidDayRow {
  /** Local calendar day (days since 1970-01-01 at the given offset). */
  day: number;
  currency: string;
  orders: number;
  net_minor: number;
  /** Of `orders`, those not linked to a learner. */
  unlinked: number;
}

/**
 * Paid orders up to `until` summed per local calendar day and currency, linked to a learner or
 * not (revenue counts both). Summing in SQL keeps 500,000 orders to a few hundred rows: reading
 * them one by one costs seconds in the row-by-row step alone. A whole-table read by design. The
 * offset is cast: a JavaScript number is bound as a REAL, which made the division a real one and
 * every order a "day" of its own (470,000 groups instead of 366 on the benchmark workspace).
 */
export function paidOrdersByDay(db: Db, until: number, utcOffsetMinutes: number): PaidDayRow[] {
  return db
    .prepare(
      `SELECT (ordered_at + CAST(? AS INTEGER)) / 86400000 AS day, currency, count(*) AS orders,
         sum(total_minor - refunded_minor) AS net_minor, sum(learner_id IS NULL) AS unlinked
       FROM orders
       WHERE status IN ('paid', 'partially_refunded') AND ordered_at <= ?
       GROUP BY day, currency`,
    )
    .all(utcOffsetMinutes * 60_000, until) as PaidDayRow[];
}

/** Paid orders with a line of the course up to `until`, per currency (order_lines_course). */
export function courseSales(
  db: Db,
  courseId: number,
  until: number,
): { rows: CourseSalesRow[]; buyers: number } {
  const { rows, buyers } = courseSalesAndBuyers(db, courseId, until);
  return { rows, buyers: buyers.length };
}

/**
 * Every paid, linked order up to `until` of the learners who bought the course (any course, any
 * currency), in time order: their purchase history around the course (course-orders.ts).
 */
export function courseBuyerOrders(db: Db, courseId: number, until: number): CourseBuyerOrderRow[] {
  const { buyers } = courseSalesAndBuyers(db, courseId, until);
  return buyerOrders(
    db,
    buyers.map(([learnerId]) => [learnerId, Number.MIN_SAFE_INTEGER] as const),
    until,
  );
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

/** Distinct learners who attended each of the given classes (any attendance row). */
export function classLearners(db: Db, sessionIds: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>(sessionIds.map((id) => [id, []]));
  const statement = db.prepare(
    'SELECT DISTINCT learner_id AS learner FROM attendance WHERE session_id = ? ORDER BY learner_id',
  );
  for (const id of sessionIds) {
    out.set(
      id,
      (statement.all(id) as { learner: number }[]).map((r) => r.learner),
    );
  }
  return out;
}

/**
 * courseDashboardStamp's statement. The order lines' count and sum of courses are read from
 * one covering index (order_lines_course), their sum of orders from another (order_lines_order),
 * instead of one scan of the table: the same numbers, ~30–40 ms instead of ~75–150 ms over
 * 520,000 lines.
 */
export const COURSE_DASHBOARD_STAMP_SQL = `WITH s(id) AS (SELECT value FROM json_each(?)),
         o(id) AS (SELECT id FROM offers WHERE session_id IN s),
         r(id) AS (SELECT id FROM poll_runs WHERE session_id IN s)
       SELECT json_array(
         (SELECT json_array(count(*), group_concat(id || ':' || coalesce(course_id, '') || ':'
            || status || ':' || coalesce(started_at, '') || ':' || coalesce(ended_at, ''), ','))
            FROM sessions WHERE id IN s),
         (SELECT json_array(count(*), max(id), total(answered_at), total(pinned_at), total(hidden),
            total(upvotes), total(status = 'answered'), total(status = 'dismissed'), total(asked_at),
            total(length(text)), total(learner_id))
            FROM questions WHERE session_id IN s),
         (SELECT json_array(count(*), max(r.id), total(r.opened_at), total(r.closed_at),
            total(r.revealed_at), group_concat(p.kind || p.multiple || p.question || p.options
              || coalesce(p.correct, ''), ','))
            FROM poll_runs r JOIN polls p ON p.id = r.poll_id WHERE r.session_id IN s),
         (SELECT json_array(count(*), total(at), total(learner_id), total(length(choices)))
            FROM poll_votes WHERE run_id IN r),
         (SELECT json_array(count(*), group_concat(id || ':' || coalesce(course_id, '') || ':'
            || title || ':' || price_minor || currency || ':' || coalesce(pushed_at, '') || ':'
            || coalesce(ends_at, '') || ':' || coalesce(withdrawn_at, ''), ','))
            FROM offers WHERE session_id IN s),
         (SELECT json_array(count(*), total(at), total(learner_id))
            FROM offer_impressions WHERE offer_id IN o),
         (SELECT json_array(count(*), max(id), total(at), total(learner_id))
            FROM offer_clicks WHERE offer_id IN o),
         (SELECT json_array(count(*), total(course_id), (SELECT total(order_id) FROM order_lines))
            FROM order_lines)
       ) AS stamp`;

/**
 * A summary of everything the course dashboard reads about the given classes beyond the customer
 * base's fingerprint: the sessions' rows, their questions, poll runs (with their polls), votes,
 * offers, impressions and clicks, and the order lines' courses (an alias can relink a line without
 * touching its order). Counts, newest ids and sums, like that fingerprint: a cached dashboard is
 * only reused while every one of them is as it was.
 */
export function courseDashboardStamp(db: Db, sessionIds: readonly number[]): string {
  const row = db.prepare(COURSE_DASHBOARD_STAMP_SQL).get(JSON.stringify(sessionIds)) as {
    stamp: string;
  };
  return row.stamp;
}
