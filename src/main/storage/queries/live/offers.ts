import type { Db } from '../../connection';
import { stmt } from './statements';

export interface OfferRow {
  id: number;
  session_id: number;
  course_id: number | null;
  title: string;
  price_minor: number;
  list_price_minor: number | null;
  currency: string;
  coupon_code: string | null;
  checkout_url: string | null;
  stock: number | null;
  pushed_at: number;
  ends_at: number | null;
  withdrawn_at: number | null;
  impressions: number;
  clicks: number;
}

const OFFER_SQL = `SELECT o.id, o.session_id, o.course_id, o.title, o.price_minor,
    c.price_minor AS list_price_minor, o.currency, o.coupon_code, o.checkout_url, o.stock,
    o.pushed_at, o.ends_at, o.withdrawn_at,
    (SELECT count(*) FROM offer_impressions i WHERE i.offer_id = o.id) AS impressions,
    (SELECT count(*) FROM offer_clicks k WHERE k.offer_id = o.id) AS clicks
  FROM offers o LEFT JOIN courses c ON c.id = o.course_id`;

export interface CourseForOfferRow {
  id: number;
  title: string;
  price_minor: number;
  currency: string;
  checkout_url: string | null;
  /** JSON array: the course's default coupon codes, the first one offered by default. */
  coupon_codes: string;
  archived_at: number | null;
}

export function courseForOffer(db: Db, courseId: number): CourseForOfferRow | undefined {
  return stmt(
    db,
    `SELECT id, title, price_minor, currency, checkout_url, coupon_codes, archived_at
     FROM courses WHERE id = ?`,
  ).get(courseId) as CourseForOfferRow | undefined;
}

export function insertOffer(
  db: Db,
  args: {
    sessionId: number;
    courseId: number;
    title: string;
    priceMinor: number;
    currency: string;
    couponCode: string | null;
    checkoutUrl: string | null;
    stock: number | null;
    endsAt: number | null;
    at: number;
  },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO offers (session_id, course_id, title, price_minor, currency, coupon_code,
         checkout_url, stock, pushed_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      args.sessionId,
      args.courseId,
      args.title,
      args.priceMinor,
      args.currency,
      args.couponCode,
      args.checkoutUrl,
      args.stock,
      args.at,
      args.endsAt,
    ).lastInsertRowid,
  );
}

export function getOffer(db: Db, offerId: number): OfferRow | undefined {
  return stmt(db, `${OFFER_SQL} WHERE o.id = ?`).get(offerId) as OfferRow | undefined;
}

export function offersOfSession(db: Db, sessionId: number): OfferRow[] {
  return stmt(db, `${OFFER_SQL} WHERE o.session_id = ? ORDER BY o.pushed_at, o.id`).all(
    sessionId,
  ) as OfferRow[];
}

/** Only one offer is on screen at a time: pushing one withdraws the others. */
export function withdrawOffers(
  db: Db,
  args: { sessionId: number; at: number; exceptId?: number },
): number[] {
  const ids = (
    stmt(db, 'SELECT id FROM offers WHERE session_id = ? AND withdrawn_at IS NULL AND id != ?').all(
      args.sessionId,
      args.exceptId ?? 0,
    ) as { id: number }[]
  ).map((r) => r.id);
  for (const offerId of ids) withdrawOffer(db, { offerId, at: args.at });
  return ids;
}

export function withdrawOffer(db: Db, args: { offerId: number; at: number }): void {
  stmt(db, 'UPDATE offers SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL').run(
    args.at,
    args.offerId,
  );
}

export function recordImpression(
  db: Db,
  args: { offerId: number; learnerId: number; at: number },
): void {
  stmt(
    db,
    `INSERT INTO offer_impressions (offer_id, learner_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(args.offerId, args.learnerId, args.at);
}

export function recordClick(
  db: Db,
  args: { offerId: number; learnerId: number; at: number },
): void {
  stmt(db, 'INSERT INTO offer_clicks (offer_id, learner_id, at) VALUES (?, ?, ?)').run(
    args.offerId,
    args.learnerId,
    args.at,
  );
}
