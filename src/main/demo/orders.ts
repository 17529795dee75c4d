import { DAY_MS, MINUTE_MS, SECOND_MS, localDateCompact, randomMomentBetween } from './calendar';
import {
  COACHING_CALL,
  COURSES,
  DEMO_CURRENCY,
  MOCK_TEST_PACK,
  PRODUCTS,
  STARTER_KIT,
  TOPICS,
  nextInSeries,
} from './catalogue';
import type { SessionOutcome } from './live-session';
import type { Population } from './people';
import { cumulative, orderByTime, pickCumulative, sigmoid, type Rng } from '../kernel/random';
import type { Statements } from '../storage/queries/demo-writes';

// Twelve months of shop orders. The behaviour model, in short:
// - every learner buys through the shop at a rate set by their latent propensity (which is
//   correlated with engagement), whether or not they ever come to a class;
// - a class makes its viewers likelier to buy its course (or the next step of its series) in the
//   days after it, more so the more they interacted and stayed, much more if they clicked the
//   offer — those orders carry the offer's id and price;
// - a paid series course makes the next step likely a few weeks later, again by propensity.
// So engagement raises both the chance to buy and the chance to buy again, and the analytics
// built on this data have a real signal to find.

export const ORDER_SOURCE = 'demo-shop';

/** Background orders per year of an average learner (propensity 1). */
const SHOP_ORDERS_PER_YEAR = 1.8;
/**
 * Even the keenest learner does not buy every week: without a cap the log-normal propensity tail
 * produced a few learners with 40-60 orders a year, which no educator would recognise.
 */
const SHOP_ORDERS_MAX_PER_YEAR = 6;
const YEAR_MS = 365 * DAY_MS;
const STATUS_PAID = 0;
const STATUS_PARTIALLY_REFUNDED = 1;
const STATUS_REFUNDED = 2;
const STATUS_CANCELLED = 3;
const STATUSES = ['paid', 'partially_refunded', 'refunded', 'cancelled'] as const;
/** Share of ordinary shop orders that used a general coupon (not a live offer). */
const COUPON_SHARE = 0.12;
const COUPON_DISCOUNT = 0.1;
const ITEM_NONE = -1;

export interface OrderModel {
  /** When the learner bought the course (a paid order), or Infinity. */
  ownedAt: (learner: number, course: number) => number;
  addSessionOrders(outcome: SessionOutcome): void;
  /** Everyday shop orders; with a target, exactly enough to reach it in total. */
  addShopOrders(target: number | null): void;
  count(): number;
  /** Writes every order and line in time order; returns how many orders were written. */
  write(statements: Statements, ids: { order: number; line: number }): number;
}

export function createOrderModel(
  rng: Rng,
  population: Population,
  args: { historyStart: number; now: number; limit: number | null },
): OrderModel {
  const { now } = args;
  const courseCount = COURSES.length;
  const owned = new Float64Array(population.count * courseCount).fill(Infinity);
  const ownedAt = (learner: number, course: number): number =>
    owned[learner * courseCount + course] ?? Infinity;

  let capacity = 4096;
  let at = new Float64Array(capacity);
  let learnerOf = new Int32Array(capacity);
  let item = new Int16Array(capacity);
  let addOn = new Int16Array(capacity);
  let price = new Int32Array(capacity);
  let quantity = new Uint8Array(capacity);
  let offerOf = new Int32Array(capacity);
  let status = new Uint8Array(capacity);
  let size = 0;
  const grow = (): void => {
    capacity *= 2;
    const copy = <T extends Float64Array | Int32Array | Int16Array | Uint8Array>(
      from: T,
      to: T,
    ): T => {
      to.set(from);
      return to;
    };
    at = copy(at, new Float64Array(capacity));
    learnerOf = copy(learnerOf, new Int32Array(capacity));
    item = copy(item, new Int16Array(capacity));
    addOn = copy(addOn, new Int16Array(capacity));
    price = copy(price, new Int32Array(capacity));
    quantity = copy(quantity, new Uint8Array(capacity));
    offerOf = copy(offerOf, new Int32Array(capacity));
    status = copy(status, new Uint8Array(capacity));
  };
  const full = (): boolean => args.limit !== null && size >= args.limit;

  const listPrice = (what: number): number =>
    what < courseCount
      ? (COURSES[what]?.priceMinor ?? 0)
      : (PRODUCTS[what - courseCount]?.priceMinor ?? 0);

  const drawStatus = (learner: number): number => {
    // Quiet buyers regret more often: refunds are a little likelier at low propensity.
    const risk = (population.propensity[learner] ?? 1) < 0.6 ? 1.5 : 1;
    const roll = rng.next();
    if (roll < 0.015) return STATUS_CANCELLED;
    if (roll < 0.015 + 0.03 * risk) return STATUS_REFUNDED;
    if (roll < 0.015 + 0.045 * risk) return STATUS_PARTIALLY_REFUNDED;
    return STATUS_PAID;
  };

  /** Records one order (if the learner does not own the course yet) and what it leads to. */
  const purchase = (
    learner: number,
    what: number,
    when: number,
    pricePaid: number,
    offerId: number,
  ): void => {
    if (full() || when >= now) return;
    if (what < courseCount && ownedAt(learner, what) !== Infinity) return;
    // Shops export order times to the second.
    const orderedAt = Math.floor(when / SECOND_MS) * SECOND_MS;
    const state = drawStatus(learner);
    const paid = state === STATUS_PAID || state === STATUS_PARTIALLY_REFUNDED;
    if (what < courseCount && paid) owned[learner * courseCount + what] = orderedAt;
    let extra = ITEM_NONE;
    const course = COURSES[what];
    if (course?.slug === 'watercolour-for-beginners' && rng.chance(0.35))
      extra = courseCount + STARTER_KIT;
    else if (course?.topic === 'english' && rng.chance(0.2)) extra = courseCount + MOCK_TEST_PACK;
    if (size === capacity) grow();
    at[size] = orderedAt;
    learnerOf[size] = learner;
    item[size] = what;
    addOn[size] = extra;
    price[size] = pricePaid;
    // A product is now and then bought twice over, as a gift.
    quantity[size] = what >= courseCount && rng.chance(0.04) ? 2 : 1;
    offerOf[size] = offerId;
    status[size] = state;
    size++;
    if (!paid || !course) return;

    const propensity = population.propensity[learner] ?? 1;
    const next = nextInSeries(what);
    if (next >= 0 && rng.chance(sigmoid(-1 + 1.2 * Math.log(propensity)))) {
      const later = orderedAt + 5 * DAY_MS + rng.exponential(40 * DAY_MS);
      purchase(learner, next, later, shopPrice(next), 0);
    }
    if (rng.chance(Math.min(0.4, 0.06 * propensity))) {
      const later = orderedAt + DAY_MS + rng.exponential(20 * DAY_MS);
      purchase(
        learner,
        courseCount + COACHING_CALL,
        later,
        shopPrice(courseCount + COACHING_CALL),
        0,
      );
    }
  };

  const shopPrice = (what: number): number => {
    const list = listPrice(what);
    return rng.chance(COUPON_SHARE) ? Math.round((list * (1 - COUPON_DISCOUNT)) / 100) * 100 : list;
  };

  /** What a learner picks in the shop: the next step of their interest, else anything new. */
  const chooseItem = (learner: number): number => {
    const topic = TOPICS[population.interest[learner] ?? 0];
    const roll = rng.next();
    if (roll < 0.6) {
      for (let c = 0; c < courseCount; c++) {
        if (COURSES[c]?.topic === topic && ownedAt(learner, c) === Infinity) return c;
      }
    } else if (roll < 0.75) {
      const c = rng.int(0, courseCount - 1);
      if (ownedAt(learner, c) === Infinity) return c;
    }
    if (topic === 'watercolour' && rng.chance(0.6)) return courseCount + STARTER_KIT;
    if (topic === 'english' && rng.chance(0.6)) return courseCount + MOCK_TEST_PACK;
    return courseCount + COACHING_CALL;
  };

  return {
    ownedAt,

    addSessionOrders(outcome) {
      const { plan, viewers, interactions, presentMs, clickedOffer, clickedAt, offers } = outcome;
      const course = plan.courseIndex;
      const length = plan.endedAt - plan.startedAt;
      for (let slot = 0; slot < viewers.length; slot++) {
        const learner = viewers[slot] ?? 0;
        const offer = offers[clickedOffer[slot] ?? -1];
        let target = course;
        if (offer) target = offer.item;
        else if (ownedAt(learner, course) <= plan.startedAt) target = nextInSeries(course);
        if (target < 0) continue;
        if (target < courseCount && ownedAt(learner, target) !== Infinity) continue;
        const logit =
          -3.7 +
          Math.log(population.propensity[learner] ?? 1) +
          0.45 * Math.log(1 + (interactions[slot] ?? 0)) +
          0.8 * ((presentMs[slot] ?? 0) / length) +
          (offer ? 2.2 : 0) -
          (target !== course && !offer ? 0.6 : 0);
        if (!rng.chance(sigmoid(logit))) continue;
        if (offer) {
          const when = (clickedAt[slot] ?? 0) + 20 * SECOND_MS + rng.exponential(12 * MINUTE_MS);
          if (when <= offer.endsAt) {
            purchase(learner, target, when, offer.priceMinor, offer.id);
            continue;
          }
        }
        const when = plan.endedAt + 10 * MINUTE_MS + rng.exponential(1.8 * DAY_MS);
        purchase(learner, target, when, shopPrice(target), 0);
      }
    },

    addShopOrders(target) {
      const learners = population.count;
      const aliveYears = (learner: number): number =>
        Math.max(1 / 365, (now - (population.createdAt[learner] ?? now)) / YEAR_MS);
      const shopOrder = (learner: number): void => {
        const created = population.createdAt[learner] ?? args.historyStart;
        const when = randomMomentBetween(rng, created, now);
        const what = chooseItem(learner);
        purchase(learner, what, when, shopPrice(what), 0);
      };
      if (target === null) {
        for (let learner = 0; learner < learners; learner++) {
          const rate = Math.min(
            SHOP_ORDERS_MAX_PER_YEAR,
            SHOP_ORDERS_PER_YEAR * (population.propensity[learner] ?? 1) ** 1.3,
          );
          for (let n = rng.poisson(rate * aliveYears(learner)); n > 0; n--) shopOrder(learner);
        }
        return;
      }
      if (learners === 0) return;
      const weights = new Float64Array(learners);
      for (let learner = 0; learner < learners; learner++) {
        weights[learner] =
          Math.min(
            SHOP_ORDERS_MAX_PER_YEAR / SHOP_ORDERS_PER_YEAR,
            (population.propensity[learner] ?? 1) ** 1.3,
          ) * aliveYears(learner);
      }
      const sums = cumulative(weights);
      // Each draw adds at least one order unless it falls at `now`; the cap only guards that.
      for (let guard = 0; size < target && guard < target * 4; guard++) {
        shopOrder(pickCumulative(sums, rng));
      }
    },

    count: () => size,

    write(statements, ids) {
      const seconds = new Float64Array(size);
      for (let i = 0; i < size; i++) seconds[i] = (at[i] ?? 0) / SECOND_MS;
      const sequence = orderByTime(seconds, size, args.historyStart / SECOND_MS - DAY_MS);
      for (let k = 0; k < size; k++) {
        const i = sequence[k] ?? 0;
        const learner = learnerOf[i] ?? 0;
        const orderedAt = at[i] ?? 0;
        const what = item[i] ?? 0;
        const extra = addOn[i] ?? ITEM_NONE;
        const state = status[i] ?? STATUS_PAID;
        const mainAmount = (price[i] ?? 0) * (quantity[i] ?? 1);
        const extraAmount = extra === ITEM_NONE ? 0 : listPrice(extra);
        const total = mainAmount + extraAmount;
        let mainRefund = 0;
        let extraRefund = 0;
        if (state === STATUS_REFUNDED) {
          mainRefund = mainAmount;
          extraRefund = extraAmount;
        } else if (state === STATUS_PARTIALLY_REFUNDED) {
          // The kit sent back, or part of the fee returned after a few lessons.
          if (extra !== ITEM_NONE) extraRefund = extraAmount;
          else mainRefund = Math.round((mainAmount * rng.uniform(0.3, 0.6)) / 100) * 100;
        }
        const orderId = ++ids.order;
        const email = population.email[learner] ?? null;
        const phone = population.phone[learner] ?? null;
        const imported = Math.min(
          now,
          Math.floor(orderedAt + 10 * MINUTE_MS + rng.exponential(6 * 60 * MINUTE_MS)),
        );
        statements.order.run(
          orderId,
          ORDER_SOURCE,
          `DS-${localDateCompact(orderedAt)}-${String(orderId).padStart(7, '0')}`,
          learner + 1,
          orderedAt,
          DEMO_CURRENCY,
          total,
          mainRefund + extraRefund,
          STATUSES[state],
          email,
          email === null || rng.chance(0.3) ? phone : null,
          (offerOf[i] ?? 0) > 0 ? offerOf[i] : null,
          imported,
        );
        const lines: [number, number, number][] = [[what, mainAmount, mainRefund]];
        if (extra !== ITEM_NONE) lines.push([extra, extraAmount, extraRefund]);
        for (const [lineItem, amount, refunded] of lines) {
          const isCourse = lineItem < courseCount;
          const title = isCourse
            ? (COURSES[lineItem]?.title ?? 'Course')
            : (PRODUCTS[lineItem - courseCount]?.title ?? 'Product');
          statements.orderLine.run(
            ++ids.line,
            orderId,
            isCourse ? lineItem + 1 : null,
            title,
            lineItem === what ? (quantity[i] ?? 1) : 1,
            amount,
            refunded,
          );
        }
      }
      return size;
    },
  };
}
