import { MINUTE_MS, SECOND_MS } from './calendar';
import {
  COACHING_CALL,
  COURSES,
  COUPONS,
  DEMO_CURRENCY,
  PRODUCTS,
  checkoutUrl,
  nextInSeries,
} from './catalogue';
import { sigmoid } from '../kernel/random';
import {
  BUNDLE_WINDOW_AFTER_CLASS_MS,
  OFFER_CLICK,
  OFFER_WINDOW_AFTER_CLASS_MS,
  type LiveClass,
  type LiveOffer,
} from './session-model';
import { presentInterval } from './session-presence';

// What is offered during a class (written at once), who sees each offer and who clicks it.

export interface OfferDraw {
  offers: LiveOffer[];
  /** When the first offer was pushed (a moment reactions gather around). */
  pushedFirst: number;
  /** Index into `offers` of the first offer each viewer clicked, or -1; and when. */
  clickedOffer: Int8Array;
  clickedAt: Float64Array;
  /** Per offer: the viewers who saw it, and when (written after the events). */
  impressionSlots: number[][];
  impressionAts: number[][];
}

/** A live price the way educators set them: a round discount ending in 9, e.g. 159 or 239 yuan. */
function livePrice(listMinor: number, discount: number): number {
  return Math.max(900, Math.round((listMinor * (1 - discount)) / 1_000) * 1_000 - 100);
}

/** The course at its open-class price about two thirds in, sometimes a follow-up. */
export function drawOffers(live: LiveClass): OfferDraw {
  const { ctx, plan, course, start, end, length } = live;
  const { rng, ids, statements: st } = ctx;
  const offers: LiveOffer[] = [];
  const offerTitles: string[] = [];
  const pushedFirst = Math.floor(start + rng.uniform(0.62, 0.72) * length);
  offers.push({
    id: ++ids.offer,
    item: plan.courseIndex,
    priceMinor: livePrice(course.priceMinor, rng.pick([0.15, 0.2, 0.25])),
    pushedAt: pushedFirst,
    endsAt: end + OFFER_WINDOW_AFTER_CLASS_MS,
  });
  offerTitles.push(`Open-class price: ${course.title}`);
  const pushedSecond = pushedFirst + Math.floor(rng.uniform(8, 15) * MINUTE_MS);
  if (length >= 75 * MINUTE_MS && pushedSecond < end - 4 * MINUTE_MS && rng.chance(0.6)) {
    const next = nextInSeries(plan.courseIndex);
    const nextCourse = COURSES[next];
    const coaching = PRODUCTS[COACHING_CALL];
    if (nextCourse) {
      offerTitles.push(`Tonight's bundle: ${nextCourse.title}`);
      offers.push({
        id: ++ids.offer,
        item: next,
        priceMinor: livePrice(nextCourse.priceMinor, 0.25),
        pushedAt: pushedSecond,
        endsAt: end + BUNDLE_WINDOW_AFTER_CLASS_MS,
      });
    } else if (coaching) {
      offerTitles.push(`Viewers only: ${coaching.title}`);
      offers.push({
        id: ++ids.offer,
        item: COURSES.length + COACHING_CALL,
        priceMinor: livePrice(coaching.priceMinor, 0.2),
        pushedAt: pushedSecond,
        endsAt: end + BUNDLE_WINDOW_AFTER_CLASS_MS,
      });
    }
  }
  offers.forEach((offer, index) => {
    const offerCourse = COURSES[offer.item];
    const coupon = rng.pick(COUPONS);
    const url = offerCourse ? `${checkoutUrl(offerCourse)}?coupon=${coupon}` : null;
    st.offer.run(
      offer.id,
      plan.id,
      offerCourse ? offer.item + 1 : null,
      offerTitles[index] ?? 'Offer',
      offer.priceMinor,
      DEMO_CURRENCY,
      coupon,
      url,
      offer.pushedAt,
      offer.endsAt,
    );
  });
  return { offers, pushedFirst, ...drawClicks(live, offers) };
}

/** Impressions: everyone present when the offer is pushed, and latecomers when they arrive. */
function drawClicks(
  live: LiveClass,
  offers: readonly LiveOffer[],
): Omit<OfferDraw, 'offers' | 'pushedFirst'> {
  const { ctx, plan, iv, viewers, interactions } = live;
  const { rng, population } = ctx;
  const viewerCount = viewers.length;
  const clickedOffer = new Int8Array(viewerCount).fill(-1);
  const clickedAt = new Float64Array(viewerCount);
  const impressionSlots: number[][] = offers.map(() => []);
  const impressionAts: number[][] = offers.map(() => []);
  offers.forEach((offer, index) => {
    const slots = impressionSlots[index] ?? [];
    const ats = impressionAts[index] ?? [];
    for (let slot = 0; slot < viewerCount; slot++) {
      const first = iv.first[slot] ?? 0;
      let seenAt = -1;
      for (let j = first; j < first + (iv.count[slot] ?? 0); j++) {
        if ((iv.seen[j] ?? 0) >= offer.pushedAt) {
          seenAt = Math.max(offer.pushedAt, iv.join[j] ?? 0);
          break;
        }
      }
      if (seenAt < 0) continue;
      slots.push(slot);
      ats.push(seenAt);
      const learner = viewers[slot] ?? 0;
      const propensity = population.propensity[learner] ?? 1;
      const owned =
        offer.item < COURSES.length && ctx.ownedAt(learner, offer.item) <= plan.startedAt;
      const logit =
        -2.6 +
        0.9 * Math.log(propensity) +
        0.3 * Math.log(1 + (interactions[slot] ?? 0)) -
        (owned ? 2 : 0) -
        (index > 0 ? 0.5 : 0);
      if (!rng.chance(sigmoid(logit))) continue;
      let at = seenAt + 3 * SECOND_MS + rng.exponential(100 * SECOND_MS);
      for (let clicks = 0; clicks < 2 && presentInterval(iv, slot, at) >= 0; clicks++) {
        live.emit(at, slot, OFFER_CLICK, index);
        if (clickedOffer[slot] === -1) {
          clickedOffer[slot] = index;
          clickedAt[slot] = Math.floor(at);
        }
        // Some click again: the checkout tab was closed, or they came back to the banner.
        if (!rng.chance(0.2)) break;
        at += 10 * SECOND_MS + rng.exponential(2 * MINUTE_MS);
      }
    }
  });
  return { clickedOffer, clickedAt, impressionSlots, impressionAts };
}
