import type {
  OfferExperimentReport,
  PersonalOfferReport,
} from '../../shared/contract/offer-lab-api';
import { compareVariants } from '../analytics/experiments/variant-report';
import { MoneyTotals } from '../analytics/session-metrics/common';
import type { Db } from '../storage/connection';
import { experimentOf } from '../storage/queries/live/offer-variants';
import {
  experimentOffersOfSession,
  personalOffersOfSession,
  personalOrders,
  personalReachAndClicks,
  variantOrders,
  variantReachAndClicks,
  type ShownOrderRow,
} from '../storage/queries/offer-lab-report';

/** Orders per arm: count, distinct buyers and net revenue per currency. */
function ordersByArm(
  rows: readonly ShownOrderRow[],
): Map<number | null, { orders: number; buyers: Set<number>; revenue: MoneyTotals }> {
  const byArm = new Map<
    number | null,
    { orders: number; buyers: Set<number>; revenue: MoneyTotals; seen: Set<number> }
  >();
  for (const row of rows) {
    let arm = byArm.get(row.arm);
    if (!arm) {
      arm = { orders: 0, buyers: new Set(), revenue: new MoneyTotals(), seen: new Set() };
      byArm.set(row.arm, arm);
    }
    if (arm.seen.has(row.order_id)) continue;
    arm.seen.add(row.order_id);
    arm.orders++;
    arm.buyers.add(row.learner_id);
    arm.revenue.add(row.currency, row.net_minor);
  }
  return byArm;
}

/** Every experiment offer of the class: each variant's funnel and the comparisons. */
export function experimentReports(
  db: Db,
  sessionId: number,
  windowMs: number,
): OfferExperimentReport[] {
  return experimentOffersOfSession(db, sessionId).map((offer) => {
    const experiment = experimentOf(db, offer.offer_id);
    const counts = new Map(variantReachAndClicks(db, offer.offer_id).map((r) => [r.idx, r]));
    const orders = ordersByArm(
      variantOrders(db, { offerId: offer.offer_id, courseId: offer.course_id, windowMs }),
    );
    const variants = (experiment?.variants ?? []).map((v) => {
      const c = counts.get(v.idx);
      const o = orders.get(v.idx);
      return {
        idx: v.idx,
        label: v.label,
        priceMinor: v.price_minor,
        couponCode: v.coupon_code,
        headline: v.headline,
        endsAt: v.ends_at,
        reached: c?.reached ?? 0,
        clicks: c?.clicks ?? 0,
        clickers: c?.clickers ?? 0,
        orders: o?.orders ?? 0,
        buyers: o?.buyers.size ?? 0,
        revenue: o?.revenue.list() ?? [],
      };
    });
    return {
      offerId: offer.offer_id,
      title: offer.title,
      currency: offer.currency,
      pushedAt: offer.pushed_at,
      seed: offer.seed,
      variants,
      comparisons: compareVariants(variants),
    };
  });
}

/** Every personal offer of the class: the funnel per course shown (and the general offer). */
export function personalReports(
  db: Db,
  sessionId: number,
  windowMs: number,
): PersonalOfferReport[] {
  return personalOffersOfSession(db, sessionId).map((offer) => {
    const orders = ordersByArm(personalOrders(db, { offerId: offer.offer_id, windowMs }));
    return {
      offerId: offer.offer_id,
      pushedAt: offer.pushed_at,
      courses: personalReachAndClicks(db, offer.offer_id).map((row) => {
        const o = orders.get(row.course_id);
        return {
          courseId: row.course_id,
          title: row.title,
          general: row.course_id === null,
          reached: row.reached,
          clicks: row.clicks,
          clickers: row.clickers,
          orders: o?.orders ?? 0,
          buyers: o?.buyers.size ?? 0,
          revenue: o?.revenue.list() ?? [],
        };
      }),
    };
  });
}
