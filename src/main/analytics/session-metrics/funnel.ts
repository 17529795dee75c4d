// The offer funnel (reach, clicks, orders, revenue) and what the viewers bought before and through the class.
import { countIn, MoneyTotals, ratio } from './common';
import type { SessionData, SessionOrder } from './input';
import { type Presence, presentDuring } from './presence';
import type { AttendeePurchases, OfferFunnel, OfferFunnelRow } from './results';
import type { ResolvedOptions } from './validate';

/** The funnel, and every learner with an order attributed to the class (offer or course). */
export function offerFunnel(
  data: SessionData,
  presence: Presence,
  options: ResolvedOptions,
): { funnel: OfferFunnel; buyers: Set<number> } {
  const { session } = data;
  const offers = data.offers
    .map((offer, i) => ({ offer, i }))
    .sort((p, q) => p.offer.pushedAt - q.offer.pushedAt || p.i - q.i)
    .map(({ offer }) => offer);
  const offerIndex = new Map(offers.map((offer, i) => [offer.id, i]));

  // Impressions of course offers, by learner: the candidates for matching by course.
  const impressionsByLearner = new Map<number, { offer: number; at: number }[]>();
  offers.forEach((offer, o) => {
    if (offer.courseId === null) return;
    for (const impression of offer.impressions) {
      let list = impressionsByLearner.get(impression.learnerId);
      if (!list) {
        list = [];
        impressionsByLearner.set(impression.learnerId, list);
      }
      list.push({ offer: o, at: impression.at });
    }
  });

  const attributed: { order: SessionOrder; direct: boolean }[][] = offers.map(() => []);
  for (const order of data.orders) {
    if (order.offerId !== null) {
      const o = offerIndex.get(order.offerId);
      if (o !== undefined) attributed[o]?.push({ order, direct: true });
      continue; // another class's offer: it counts there
    }
    if (order.learnerId === null) continue;
    let best = -1;
    let bestAt = -Infinity;
    for (const impression of impressionsByLearner.get(order.learnerId) ?? []) {
      const offer = offers[impression.offer];
      if (!offer || offer.courseId === null || !order.courseIds.includes(offer.courseId)) continue;
      if (order.orderedAt < impression.at || order.orderedAt >= impression.at + options.windowMs) {
        continue;
      }
      // Offers are in push order, so a later index wins a tie on the impression time.
      if (impression.at > bestAt || (impression.at === bestAt && impression.offer > best)) {
        best = impression.offer;
        bestAt = impression.at;
      }
    }
    if (best >= 0) attributed[best]?.push({ order, direct: false });
  }

  const viewers = presence.learnerIds.length;
  const allReached = new Set<number>();
  const allClickers = new Set<number>();
  const allBuyers = new Set<number>();
  const allRevenue = new MoneyTotals();
  let allClicks = 0;
  let allOrders = 0;
  let allDirect = 0;
  const rows = offers.map((offer, o): OfferFunnelRow => {
    const reached = new Set<number>();
    for (const impression of offer.impressions) reached.add(impression.learnerId);
    const clickers = new Set<number>();
    for (const click of offer.clicks) {
      clickers.add(click.learnerId);
      reached.add(click.learnerId);
    }
    const liveUntil = Math.min(
      offer.withdrawnAt ?? Infinity,
      offer.endsAt ?? Infinity,
      session.endedAt,
    );
    let audience = reached.size;
    for (let v = 0; v < viewers; v++) {
      const learnerId = presence.learnerIds[v] ?? 0;
      if (!reached.has(learnerId) && presentDuring(presence, v, offer.pushedAt, liveUntil))
        audience++;
    }
    const orders = attributed[o] ?? [];
    const buyers = new Set<number>();
    const revenue = new MoneyTotals();
    let direct = 0;
    for (const { order, direct: isDirect } of orders) {
      if (isDirect) direct++;
      if (order.learnerId !== null) buyers.add(order.learnerId);
      revenue.add(order.currency, order.netMinor);
      allRevenue.add(order.currency, order.netMinor);
      if (order.learnerId !== null) allBuyers.add(order.learnerId);
    }
    for (const id of reached) allReached.add(id);
    for (const id of clickers) allClickers.add(id);
    allClicks += offer.clicks.length;
    allOrders += orders.length;
    allDirect += direct;
    return {
      offerId: offer.id,
      title: offer.title,
      courseId: offer.courseId,
      pushedAt: offer.pushedAt,
      priceMinor: offer.priceMinor,
      currency: offer.currency,
      audience,
      reached: reached.size,
      clicks: offer.clicks.length,
      clickers: clickers.size,
      orders: orders.length,
      directOrders: direct,
      matchedOrders: orders.length - direct,
      buyers: buyers.size,
      revenue: revenue.list(),
      clickRate: ratio(clickers.size, reached.size),
      conversionRate: ratio(countIn(buyers, reached), reached.size),
    };
  });

  let audience = viewers;
  for (const id of allReached) if (!presence.viewerIndex.has(id)) audience++;

  const classBuyers = new Set(allBuyers);
  let courseBuyers: OfferFunnel['courseBuyers'] = null;
  if (session.courseId !== null) {
    const buyers = new Set<number>();
    const revenue = new MoneyTotals();
    let orders = 0;
    const until = session.endedAt + options.windowMs;
    for (const order of data.orders) {
      if (order.learnerId === null || !presence.viewerIndex.has(order.learnerId)) continue;
      if (order.orderedAt < session.startedAt || order.orderedAt >= until) continue;
      if (!order.courseIds.includes(session.courseId)) continue;
      buyers.add(order.learnerId);
      classBuyers.add(order.learnerId);
      revenue.add(order.currency, order.netMinor);
      orders++;
    }
    courseBuyers = { buyers: buyers.size, orders, revenue: revenue.list() };
  }

  const funnel: OfferFunnel = {
    attributionWindowDays: options.attributionWindowDays,
    total: {
      audience,
      reached: allReached.size,
      clicks: allClicks,
      clickers: allClickers.size,
      orders: allOrders,
      directOrders: allDirect,
      matchedOrders: allOrders - allDirect,
      buyers: allBuyers.size,
      revenue: allRevenue.list(),
      clickRate: ratio(allClickers.size, allReached.size),
      conversionRate: ratio(countIn(allBuyers, allReached), allReached.size),
    },
    offers: rows,
    courseBuyers,
  };
  return { funnel, buyers: classBuyers };
}

/** What the viewers bought before the class and through it (see AttendeePurchases). */
export function attendeePurchases(
  data: SessionData,
  presence: Presence,
  classBuyers: ReadonlySet<number>,
): AttendeePurchases {
  const attendees = presence.learnerIds.length;
  const boughtNowIds = presence.learnerIds.filter((id) => classBuyers.has(id));
  if (data.priorBuyers === undefined) {
    return {
      attendees,
      boughtBefore: null,
      boughtNow: boughtNowIds.length,
      repeatBuyers: null,
      newBuyers: null,
      repurchaseRate: null,
      firstPurchaseRate: null,
      boughtBeforeIds: null,
      boughtNowIds,
    };
  }
  const prior = new Set(data.priorBuyers);
  const boughtBeforeIds = presence.learnerIds.filter((id) => prior.has(id));
  const repeatBuyers = boughtNowIds.filter((id) => prior.has(id)).length;
  const newBuyers = boughtNowIds.length - repeatBuyers;
  return {
    attendees,
    boughtBefore: boughtBeforeIds.length,
    boughtNow: boughtNowIds.length,
    repeatBuyers,
    newBuyers,
    repurchaseRate: ratio(repeatBuyers, boughtBeforeIds.length),
    firstPurchaseRate: ratio(newBuyers, attendees - boughtBeforeIds.length),
    boughtBeforeIds,
    boughtNowIds,
  };
}
