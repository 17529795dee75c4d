import type { Db } from '../connection';

// What the offer experiments' and personal offers' report reads (migration 0230). Attribution
// follows the class report's offer funnel where it can: an order counts for the variant (or
// course) a learner was shown if it carries the offer's id, or, without an offer id, if it was
// placed by that learner for the offer's (or picked) course within the window after the learner
// was shown it. Refunded and cancelled orders are not purchases; orders not linked to a learner
// cannot be placed in a variant.

const PAID = `o.status IN ('paid', 'partially_refunded')`;

export interface ExperimentOfferRow {
  offer_id: number;
  title: string;
  currency: string;
  pushed_at: number;
  course_id: number | null;
  seed: string;
}

export function experimentOffersOfSession(db: Db, sessionId: number): ExperimentOfferRow[] {
  return db
    .prepare(
      `SELECT o.id AS offer_id, o.title, o.currency, o.pushed_at, o.course_id, e.seed
       FROM offers o JOIN offer_experiments e ON e.offer_id = o.id
       WHERE o.session_id = ? ORDER BY o.pushed_at, o.id`,
    )
    .all(sessionId) as ExperimentOfferRow[];
}

/** Per variant index: learners shown it, clicks and clickers. */
export function variantReachAndClicks(
  db: Db,
  offerId: number,
): { idx: number; reached: number; clicks: number; clickers: number }[] {
  return db
    .prepare(
      `SELECT e.idx, count(DISTINCT e.learner_id) AS reached, count(k.id) AS clicks,
         count(DISTINCT k.learner_id) AS clickers
       FROM offer_variant_exposures e
       LEFT JOIN offer_clicks k ON k.offer_id = e.offer_id AND k.learner_id = e.learner_id
       WHERE e.offer_id = ? GROUP BY e.idx ORDER BY e.idx`,
    )
    .all(offerId) as { idx: number; reached: number; clicks: number; clickers: number }[];
}

export interface ShownOrderRow {
  /** The variant index (experiments) or the picked course (personal offers, null: general). */
  arm: number | null;
  order_id: number;
  learner_id: number;
  currency: string;
  net_minor: number;
}

/** The orders attributed to each variant of an experiment offer. */
export function variantOrders(
  db: Db,
  args: { offerId: number; courseId: number | null; windowMs: number },
): ShownOrderRow[] {
  return db
    .prepare(
      `SELECT e.idx AS arm, o.id AS order_id, o.learner_id, o.currency,
         o.total_minor - o.refunded_minor AS net_minor
       FROM offer_variant_exposures e JOIN orders o ON o.learner_id = e.learner_id
       WHERE e.offer_id = @offer AND ${PAID} AND (o.offer_id = e.offer_id OR (
         o.offer_id IS NULL AND o.ordered_at >= e.at AND o.ordered_at < e.at + @window
         AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.course_id = @course)))
       ORDER BY o.id`,
    )
    .all({ offer: args.offerId, window: args.windowMs, course: args.courseId }) as ShownOrderRow[];
}

export interface PersonalOfferRow {
  offer_id: number;
  pushed_at: number;
}

export function personalOffersOfSession(db: Db, sessionId: number): PersonalOfferRow[] {
  return db
    .prepare(
      `SELECT o.id AS offer_id, o.pushed_at FROM offers o
       JOIN personal_offers p ON p.offer_id = o.id
       WHERE o.session_id = ? ORDER BY o.pushed_at, o.id`,
    )
    .all(sessionId) as PersonalOfferRow[];
}

/**
 * Per course shown by a personal offer (course_id null: the general offer, shown to viewers
 * without a pick): learners reached, clicks and clickers.
 */
export function personalReachAndClicks(
  db: Db,
  offerId: number,
): {
  course_id: number | null;
  title: string;
  reached: number;
  clicks: number;
  clickers: number;
}[] {
  return db
    .prepare(
      `SELECT p.course_id, coalesce(p.title, o.title) AS title,
         count(DISTINCT i.learner_id) AS reached, count(k.id) AS clicks,
         count(DISTINCT k.learner_id) AS clickers
       FROM offer_impressions i JOIN offers o ON o.id = i.offer_id
       LEFT JOIN personal_offer_picks p ON p.offer_id = i.offer_id AND p.learner_id = i.learner_id
       LEFT JOIN offer_clicks k ON k.offer_id = i.offer_id AND k.learner_id = i.learner_id
       WHERE i.offer_id = ? GROUP BY p.course_id ORDER BY p.course_id IS NULL, reached DESC`,
    )
    .all(offerId) as {
    course_id: number | null;
    title: string;
    reached: number;
    clicks: number;
    clickers: number;
  }[];
}

/** The orders attributed to each course a personal offer showed (arm: the picked course). */
export function personalOrders(
  db: Db,
  args: { offerId: number; windowMs: number },
): ShownOrderRow[] {
  return db
    .prepare(
      `SELECT p.course_id AS arm, o.id AS order_id, o.learner_id, o.currency,
         o.total_minor - o.refunded_minor AS net_minor
       FROM offer_impressions i JOIN offers f ON f.id = i.offer_id
       LEFT JOIN personal_offer_picks p ON p.offer_id = i.offer_id AND p.learner_id = i.learner_id
       JOIN orders o ON o.learner_id = i.learner_id
       WHERE i.offer_id = @offer AND ${PAID} AND (o.offer_id = i.offer_id OR (
         o.offer_id IS NULL AND o.ordered_at >= i.at AND o.ordered_at < i.at + @window
         AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id
           AND l.course_id = coalesce(p.course_id, f.course_id))))
       ORDER BY o.id`,
    )
    .all({ offer: args.offerId, window: args.windowMs }) as ShownOrderRow[];
}
