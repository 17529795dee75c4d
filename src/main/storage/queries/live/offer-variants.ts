import type { Db } from '../../connection';
import { stmt } from './statements';

// Offer experiments (variants split by a stored seed) and personal offers ("recommended for
// you"): the hub's writes and reads (migration 0230).

export interface VariantRow {
  idx: number;
  label: string;
  price_minor: number;
  coupon_code: string | null;
  headline: string | null;
  ends_at: number | null;
}

export interface ExperimentRow {
  seed: string;
  variants: VariantRow[];
}

export function insertExperiment(
  db: Db,
  args: {
    offerId: number;
    seed: string;
    variants: readonly {
      label: string;
      priceMinor: number;
      couponCode: string | null;
      headline: string | null;
      endsAt: number | null;
    }[];
  },
): void {
  stmt(db, 'INSERT INTO offer_experiments (offer_id, seed, variants) VALUES (?, ?, ?)').run(
    args.offerId,
    args.seed,
    args.variants.length,
  );
  const insert = stmt(
    db,
    `INSERT INTO offer_variants (offer_id, idx, label, price_minor, coupon_code, headline, ends_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  args.variants.forEach((v, idx) => {
    insert.run(args.offerId, idx, v.label, v.priceMinor, v.couponCode, v.headline, v.endsAt);
  });
}

export function experimentOf(db: Db, offerId: number): ExperimentRow | undefined {
  const head = stmt(db, 'SELECT seed FROM offer_experiments WHERE offer_id = ?').get(offerId) as
    { seed: string } | undefined;
  if (!head) return undefined;
  const variants = stmt(
    db,
    `SELECT idx, label, price_minor, coupon_code, headline, ends_at FROM offer_variants
     WHERE offer_id = ? ORDER BY idx`,
  ).all(offerId) as VariantRow[];
  return { seed: head.seed, variants };
}

/** The variant a learner was shown (the first time counts: the split never changes). */
export function recordExposure(
  db: Db,
  args: { offerId: number; learnerId: number; idx: number; at: number },
): void {
  stmt(
    db,
    `INSERT INTO offer_variant_exposures (offer_id, learner_id, idx, at) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(args.offerId, args.learnerId, args.idx, args.at);
}

export interface PickRow {
  course_id: number;
  title: string;
  price_minor: number;
  currency: string;
  checkout_url: string | null;
  /** JSON: the recommender's reason in words, { "en": ..., "zh-CN": ... }. */
  reason: string;
}

export function insertPersonalOffer(db: Db, offerId: number): void {
  stmt(db, 'INSERT INTO personal_offers (offer_id) VALUES (?)').run(offerId);
}

export function isPersonalOffer(db: Db, offerId: number): boolean {
  return stmt(db, 'SELECT 1 FROM personal_offers WHERE offer_id = ?').get(offerId) !== undefined;
}

export function pickOf(db: Db, offerId: number, learnerId: number): PickRow | undefined {
  return stmt(
    db,
    `SELECT course_id, title, price_minor, currency, checkout_url, reason FROM personal_offer_picks
     WHERE offer_id = ? AND learner_id = ?`,
  ).get(offerId, learnerId) as PickRow | undefined;
}

export function recordPick(
  db: Db,
  args: { offerId: number; learnerId: number; pick: PickRow; at: number },
): void {
  const { pick } = args;
  stmt(
    db,
    `INSERT INTO personal_offer_picks (offer_id, learner_id, course_id, title, price_minor,
       currency, checkout_url, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(
    args.offerId,
    args.learnerId,
    pick.course_id,
    pick.title,
    pick.price_minor,
    pick.currency,
    pick.checkout_url,
    pick.reason,
    args.at,
  );
}
