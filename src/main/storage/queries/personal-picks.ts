import type { Db } from '../connection';

// What a personal offer ("recommended for you") reads to pick each viewer's next course: paid
// course purchases, the catalogue (with what an offer needs), and each learner's consent to link
// purchases (only those who gave it get a personal pick).

export interface CoursePurchaseRow {
  learner_id: number;
  course_id: number;
  at: number;
  /** The order's net amount split evenly over its courses. */
  share_minor: number;
}

export function paidCoursePurchases(db: Db): CoursePurchaseRow[] {
  return db
    .prepare(
      `SELECT o.learner_id, l.course_id, o.ordered_at AS at,
         (o.total_minor - o.refunded_minor) / (SELECT count(DISTINCT l2.course_id)
           FROM order_lines l2 WHERE l2.order_id = o.id AND l2.course_id IS NOT NULL) AS share_minor
       FROM orders o JOIN order_lines l ON l.order_id = o.id
       WHERE o.learner_id IS NOT NULL AND l.course_id IS NOT NULL
         AND o.status IN ('paid', 'partially_refunded')
       GROUP BY o.id, l.course_id ORDER BY o.ordered_at, o.id`,
    )
    .all() as CoursePurchaseRow[];
}

export interface PickCourseRow {
  id: number;
  title: string;
  price_minor: number;
  currency: string;
  checkout_url: string | null;
  archived: number;
}

export function pickCourses(db: Db): PickCourseRow[] {
  return db
    .prepare(
      `SELECT id, title, price_minor, currency, checkout_url, archived_at IS NOT NULL AS archived
       FROM courses ORDER BY id`,
    )
    .all() as PickCourseRow[];
}

export function consentsToLinkPurchases(db: Db, learnerId: number): boolean {
  const row = db
    .prepare('SELECT consent_link_purchases AS c FROM learners WHERE id = ?')
    .get(learnerId) as { c: number } | undefined;
  return row?.c === 1;
}

export function learnerIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM learners ORDER BY id').all() as { id: number }[]).map(
    (r) => r.id,
  );
}
