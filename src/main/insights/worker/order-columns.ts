import type { CoursePurchase } from '../../analytics/recommend';
import type { Purchase } from '../../analytics/repurchase';
import type { Db } from '../../storage/connection';
import { grown, trimmed } from '../../storage/queries/growing-columns';
import { forEachPaidOrderSlice } from '../../storage/queries/paid-orders';

// The customer base's paid orders (customer-base.ts) as typed columns, read once; the order and
// course-purchase objects some callers want are built from them on first use only.

/** A paid (or partially refunded) order linked to a learner. */
export interface BaseOrder {
  id: number;
  learnerId: number;
  at: number;
  currency: string;
  netMinor: number;
  /** Shared between orders of the same single course: read, never change. */
  courseIds: readonly number[];
}

/**
 * The base's orders as columns (index i of each is one order, oldest first): no object per order
 * (500,000 on the benchmark workspace) for callers that only count or group them.
 */
export interface OrderColumns {
  length: number;
  ids: Float64Array;
  learnerIds: Float64Array;
  ats: Float64Array;
  netMinor: Float64Array;
  /** Index into `currencies`. */
  currencyIndex: Uint32Array;
  currencies: string[];
  /** Shared between orders of the same single course: read, never change. */
  courseIds: (readonly number[])[];
}

/**
 * The paid orders of forEachPaidOrder as columns, copied a slice at a time into typed arrays
 * that double as they fill (no number array per column, no call per order: on 500,000 orders
 * those and their garbage were most of the read after SQLite's own work).
 */
export function readOrderColumns(db: Db, end: number, chunk?: number): OrderColumns {
  let ids = new Float64Array(0);
  let learnerIds = new Float64Array(0);
  let ats = new Float64Array(0);
  let netMinor = new Float64Array(0);
  let currencyIndex = new Uint32Array(0);
  const courseIds: (readonly number[])[] = [];
  const currencies: string[] = [];
  const indexOf = new Map<string, number>();
  let length = 0;
  // Most orders share one currency: the last one's index is reused without a map lookup.
  let lastCurrency: string | null = null;
  let lastIndex = 0;
  forEachPaidOrderSlice(
    db,
    end,
    (s) => {
      const size = length + s.length;
      ids = grown(ids, length, size);
      learnerIds = grown(learnerIds, length, size);
      ats = grown(ats, length, size);
      netMinor = grown(netMinor, length, size);
      currencyIndex = grown(currencyIndex, length, size);
      for (let i = 0; i < s.length; i++) {
        const id = s.ids[i] ?? 0;
        const currency = s.currencies[i] ?? '';
        if (currency !== lastCurrency) {
          let k = indexOf.get(currency);
          if (k === undefined) {
            k = currencies.length;
            currencies.push(currency);
            indexOf.set(currency, k);
          }
          lastCurrency = currency;
          lastIndex = k;
        }
        const at = length + i;
        ids[at] = id;
        learnerIds[at] = s.learners[i] ?? 0;
        ats[at] = s.ats[i] ?? 0;
        netMinor[at] = s.nets[i] ?? 0;
        currencyIndex[at] = lastIndex;
        courseIds.push(s.coursesOf(id));
      }
      length = size;
    },
    chunk,
  );
  return {
    length,
    ids: trimmed(ids, length),
    learnerIds: trimmed(learnerIds, length),
    ats: trimmed(ats, length),
    netMinor: trimmed(netMinor, length),
    currencyIndex: trimmed(currencyIndex, length),
    currencies,
    courseIds,
  };
}

export function ordersOf(c: OrderColumns): BaseOrder[] {
  const out: BaseOrder[] = [];
  for (let i = 0; i < c.length; i++) {
    out.push({
      id: c.ids[i] ?? 0,
      learnerId: c.learnerIds[i] ?? 0,
      at: c.ats[i] ?? 0,
      currency: c.currencies[c.currencyIndex[i] ?? 0] ?? '',
      netMinor: c.netMinor[i] ?? 0,
      courseIds: c.courseIds[i] ?? [],
    });
  }
  return out;
}

export function coursePurchasesOf(
  c: OrderColumns,
  learnerKey: (id: number) => string,
  courseKey: (id: number) => string,
): CoursePurchase[] {
  const out: CoursePurchase[] = [];
  for (let i = 0; i < c.length; i++) {
    const courses = c.courseIds[i] ?? [];
    if (courses.length === 0) continue;
    const customerId = learnerKey(c.learnerIds[i] ?? 0);
    const at = c.ats[i] ?? 0;
    const share = Math.floor((c.netMinor[i] ?? 0) / courses.length);
    for (const courseId of courses) {
      out.push({ customerId, at, amountMinor: share, courseId: courseKey(courseId) });
    }
  }
  return out;
}

/**
 * The base's orders in one currency as purchase columns (customer = learner id), oldest first:
 * what the RFM summary and the segment table read, without a Purchase object per order.
 */
export interface CurrencyPurchases {
  readonly length: number;
  /** Per purchase: its order's index in the order columns. */
  readonly order: Uint32Array;
  readonly customer: Float64Array;
  readonly at: Float64Array;
  readonly amountMinor: Float64Array;
}

/** The orders of `c` in currency number `currencyAt` (−1: none) as purchase columns. */
export function purchasesIn(c: OrderColumns, currencyAt: number): CurrencyPurchases {
  let length = 0;
  for (let i = 0; i < c.length; i++) if (c.currencyIndex[i] === currencyAt) length++;
  const order = new Uint32Array(length);
  const customer = new Float64Array(length);
  const at = new Float64Array(length);
  const amountMinor = new Float64Array(length);
  let k = 0;
  for (let i = 0; i < c.length; i++) {
    if (c.currencyIndex[i] !== currencyAt) continue;
    order[k] = i;
    customer[k] = c.learnerIds[i] ?? 0;
    at[k] = c.ats[i] ?? 0;
    amountMinor[k] = c.netMinor[i] ?? 0;
    k++;
  }
  return { length, order, customer, at, amountMinor };
}

/** The purchase columns as the models' Purchase objects (courseId: the order's first course). */
export function purchasesOf(
  c: OrderColumns,
  p: CurrencyPurchases,
  learnerKey: (id: number) => string,
  courseKey: (id: number) => string,
): Purchase[] {
  const out: Purchase[] = [];
  for (let k = 0; k < p.length; k++) {
    const customerId = learnerKey(p.customer[k] ?? 0);
    const at = p.at[k] ?? 0;
    const amountMinor = p.amountMinor[k] ?? 0;
    const first = c.courseIds[p.order[k] ?? 0]?.[0];
    out.push(
      first === undefined
        ? { customerId, at, amountMinor }
        : { customerId, at, amountMinor, courseId: courseKey(first) },
    );
  }
  return out;
}
