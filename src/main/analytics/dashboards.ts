/**
 * Aggregations behind the course dashboard and the workspace overview: revenue by month, new and
 * returning buyers by month, a course's buyers re-based on the day they bought it (for its
 * repurchase rates and cohorts, through repurchase.ts), and value histograms.
 *
 * Calendar months are counted in UTC or at a fixed offset from it (`utcOffsetMinutes`, as in
 * repurchase.ts); months are 'YYYY-MM'. Every series runs from the month of the earliest
 * purchase given to the month of `end`, months without purchases included (as zeros), so a chart
 * shows gaps as gaps. Purchases after `end` are ignored.
 * Pure: no I/O, no Node built-ins.
 */
import { quantileSorted } from 'simple-statistics';
import { describeValue } from './feature-table';
import type { Purchase } from './repurchase';
import { sortedAscending } from './sorted-numbers';
import { MS_PER_DAY } from './transactions';

const MS_PER_MINUTE = 60_000;
const MIN_OFFSET_MINUTES = -720;
const MAX_OFFSET_MINUTES = 840;

export interface MonthCalendar {
  /** The end of the data, epoch ms: its month is the last one of every series. */
  readonly end: number;
  /** Minutes east of UTC at which days and months are counted (default 0). */
  readonly utcOffsetMinutes?: number;
}

/** Days and months of a MonthCalendar (shared with dashboards-columns.ts). */
export interface Calendar {
  readonly endMonth: number;
  readonly endAt: number;
  day(at: number): number;
  month(at: number): number;
  /** The month of a day already shifted to local time. */
  monthOfDay(day: number): number;
}

export function calendar(options: MonthCalendar): Calendar {
  const { end } = options;
  if (typeof end !== 'number' || !Number.isFinite(end)) {
    throw new RangeError(
      `options.end must be a finite number of epoch ms (got ${describeValue(end)})`,
    );
  }
  const offset = options.utcOffsetMinutes ?? 0;
  if (
    typeof offset !== 'number' ||
    !Number.isInteger(offset) ||
    offset < MIN_OFFSET_MINUTES ||
    offset > MAX_OFFSET_MINUTES
  ) {
    throw new RangeError(
      `options.utcOffsetMinutes must be a whole number of minutes from ${MIN_OFFSET_MINUTES} to ${MAX_OFFSET_MINUTES} (got ${describeValue(offset)})`,
    );
  }
  const shift = offset * MS_PER_MINUTE;
  const day = (at: number): number => Math.floor((at + shift) / MS_PER_DAY);
  // Months by day, memoised: a year of orders has a few hundred days but may have 500,000 orders.
  const months = new Map<number, number>();
  const monthOfDay = (d: number): number => {
    let m = months.get(d);
    if (m === undefined) {
      m = localMonth(d);
      months.set(d, m);
    }
    return m;
  };
  const month = (at: number): number => monthOfDay(day(at));
  return { endMonth: month(end), endAt: end, day, month, monthOfDay };
}

/** Months since year 0 of a day counted from 1970-01-01 (already shifted to local time). */
function localMonth(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** Months since year 0 → 'YYYY-MM'. */
export function formatMonthIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

function checkList(value: unknown, name: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array`);
}

function checkInstant(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(
      `${name} must be a finite number of epoch ms (got ${describeValue(value)})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Revenue by month
// ---------------------------------------------------------------------------------------------

/**
 * A paid order as revenue sees it: net of refunds, in its own currency; or several orders of one
 * day and currency already added up (`orders` their number), as a database can sum them.
 */
export interface RevenueOrder {
  readonly at: number;
  /** ISO 4217 code. */
  readonly currency: string;
  /** What was paid minus what was refunded, whole minor units, 0 or more. */
  readonly netMinor: number;
  /** How many orders this is (default 1). */
  readonly orders?: number;
}

export interface CurrencyTotal {
  readonly currency: string;
  readonly orders: number;
  readonly netMinor: number;
}

export interface RevenueMonth {
  readonly month: string;
  readonly orders: number;
  /** Net revenue per currency that month (every currency of `currencies`, 0 when none). */
  readonly byCurrency: Readonly<Record<string, number>>;
}

export interface MonthlyRevenue {
  /** Most orders first (then by code): the first is the main currency. */
  readonly currencies: readonly CurrencyTotal[];
  /** From the earliest order's month to the end month; empty without orders. */
  readonly months: readonly RevenueMonth[];
}

/**
 * Net revenue (paid minus refunded) per calendar month of the order, per currency. Amounts in
 * different currencies are never added up.
 * @throws TypeError/RangeError for malformed orders or options, or a total past the safe-integer range
 */
export function revenueByMonth(
  orders: readonly RevenueOrder[],
  options: MonthCalendar,
): MonthlyRevenue {
  checkList(orders, 'orders');
  const cal = calendar(options);
  orders.forEach((o, i) => {
    if (typeof o !== 'object' || (o as unknown) === null) {
      throw new TypeError(`orders[${i}] must be an object with at, currency and netMinor`);
    }
    checkInstant(o.at, `orders[${i}].at`);
    if (typeof o.currency !== 'string' || !/^[A-Z]{3}$/.test(o.currency)) {
      throw new RangeError(
        `orders[${i}].currency must be a three-letter ISO 4217 code (got ${describeValue(o.currency)})`,
      );
    }
    if (!Number.isSafeInteger(o.netMinor) || o.netMinor < 0) {
      throw new RangeError(
        `orders[${i}].netMinor must be a whole number of minor units, 0 or more (got ${describeValue(o.netMinor)})`,
      );
    }
    if (o.orders !== undefined && (!Number.isSafeInteger(o.orders) || o.orders < 1)) {
      throw new RangeError(
        `orders[${i}].orders must be a whole number, 1 or more (got ${describeValue(o.orders)})`,
      );
    }
  });
  const kept = orders.filter((o) => o.at <= cal.endAt);
  if (kept.length === 0) return { currencies: [], months: [] };

  const totals = new Map<string, { orders: number; netMinor: number }>();
  let first = cal.endMonth;
  for (const o of kept) {
    const t = totals.get(o.currency) ?? { orders: 0, netMinor: 0 };
    t.orders += o.orders ?? 1;
    t.netMinor += o.netMinor;
    totals.set(o.currency, t);
    first = Math.min(first, cal.month(o.at));
  }
  const currencies = [...totals.entries()]
    .map(([currency, t]) => ({ currency, ...t }))
    .sort((p, q) => q.orders - p.orders || (p.currency < q.currency ? -1 : 1));
  for (const c of currencies) {
    if (!Number.isSafeInteger(c.netMinor)) {
      throw new RangeError(
        `the ${c.currency} orders add up to more than ${Number.MAX_SAFE_INTEGER} minor units`,
      );
    }
  }
  const span = cal.endMonth - first + 1;
  const rows = Array.from({ length: span }, (_, i) => ({
    month: formatMonthIndex(first + i),
    orders: 0,
    byCurrency: Object.fromEntries(currencies.map((c) => [c.currency, 0])),
  }));
  for (const o of kept) {
    const row = rows[cal.month(o.at) - first];
    if (!row) continue;
    row.orders += o.orders ?? 1;
    row.byCurrency[o.currency] = (row.byCurrency[o.currency] ?? 0) + o.netMinor;
  }
  return { currencies, months: rows };
}

// ---------------------------------------------------------------------------------------------
// New and returning buyers by month
// ---------------------------------------------------------------------------------------------

export interface BuyerMonth {
  readonly month: string;
  /** Customers with a purchase this month. */
  readonly buyers: number;
  /** Of them, those whose first purchase ever is this month. */
  readonly newBuyers: number;
  /** Of them, those who first bought in an earlier month. */
  readonly returningBuyers: number;
  /** returningBuyers / buyers; null in a month without buyers. */
  readonly returningShare: number | null;
  /** Customers whose first purchase is in this month or before. */
  readonly buyersToDate: number;
  /** Of them, those who had bought on two or more different days by the end of this month. */
  readonly repeatBuyersToDate: number;
  /** repeatBuyersToDate / buyersToDate. */
  readonly repeatShareToDate: number | null;
}

/**
 * Per calendar month: how many customers bought, how many of them were returning (first bought
 * in an earlier month), and, cumulatively, the share of all customers so far who have bought on
 * at least two different days. Purchases on one calendar day are one purchase occasion.
 * @throws TypeError/RangeError for malformed purchases or options
 */
export function buyersByMonth(
  purchases: readonly Pick<Purchase, 'customerId' | 'at'>[],
  options: MonthCalendar,
): BuyerMonth[] {
  checkList(purchases, 'purchases');
  const cal = calendar(options);
  // One pass for each customer's first and second purchase day (index per customer), keeping
  // each purchase's customer and month; then one (customer, month) key per purchase, sorted, so
  // that a customer buying several times in a month counts once without a set per customer.
  const index = new Map<string, number>();
  const first: number[] = [];
  const second: number[] = [];
  const owner = new Int32Array(purchases.length).fill(-1);
  const monthOf = new Int32Array(purchases.length);
  let firstMonth = cal.endMonth;
  purchases.forEach((p, i) => {
    if (typeof p !== 'object' || (p as unknown) === null) {
      throw new TypeError(`purchases[${i}] must be an object with customerId and at`);
    }
    if (typeof p.customerId !== 'string' || p.customerId.length === 0) {
      throw new TypeError(`purchases[${i}].customerId must be a non-empty string`);
    }
    checkInstant(p.at, `purchases[${i}].at`);
    if (p.at > cal.endAt) return;
    const day = cal.day(p.at);
    let c = index.get(p.customerId);
    if (c === undefined) {
      c = first.length;
      index.set(p.customerId, c);
      first.push(day);
      second.push(Number.POSITIVE_INFINITY);
    } else {
      const f = first[c] ?? day;
      if (day < f) {
        second[c] = f;
        first[c] = day;
      } else if (day > f && day < (second[c] ?? Number.POSITIVE_INFINITY)) {
        second[c] = day;
      }
    }
    owner[i] = c;
    const month = cal.monthOfDay(day);
    monthOf[i] = month;
    if (month < firstMonth) firstMonth = month;
  });
  if (first.length === 0) return [];

  const span = cal.endMonth - firstMonth + 1;
  const keys = new Float64Array(purchases.length);
  let used = 0;
  for (let i = 0; i < purchases.length; i++) {
    const c = owner[i] ?? -1;
    if (c >= 0) keys[used++] = c * span + ((monthOf[i] ?? 0) - firstMonth);
  }
  const buyers = new Array<number>(span).fill(0);
  let previous = -1;
  for (const key of keys.subarray(0, used).sort()) {
    if (key === previous) continue;
    previous = key;
    const m = key % span;
    buyers[m] = (buyers[m] ?? 0) + 1;
  }
  return buyerMonths(cal, firstMonth, buyers, first, second, first.length);
}

/**
 * The rows of buyersByMonth from each month's buyers (from `firstMonth` on) and each customer's
 * first and second purchase day (customers `0 … customers − 1`; a first day of +∞: no purchase).
 */
export function buyerMonths(
  cal: Calendar,
  firstMonth: number,
  buyers: readonly number[],
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  customers: number,
): BuyerMonth[] {
  const span = buyers.length;
  const fresh = new Array<number>(span).fill(0);
  const repeatFrom = new Array<number>(span).fill(0);
  for (let c = 0; c < customers; c++) {
    const day = first[c] ?? Number.POSITIVE_INFINITY;
    if (!Number.isFinite(day)) continue;
    const start = cal.monthOfDay(day) - firstMonth;
    fresh[start] = (fresh[start] ?? 0) + 1;
    const next = second[c] ?? Number.POSITIVE_INFINITY;
    if (Number.isFinite(next)) {
      const r = cal.monthOfDay(next) - firstMonth;
      repeatFrom[r] = (repeatFrom[r] ?? 0) + 1;
    }
  }
  let toDate = 0;
  let repeatToDate = 0;
  return buyers.map((count, i) => {
    const newBuyers = fresh[i] ?? 0;
    toDate += newBuyers;
    repeatToDate += repeatFrom[i] ?? 0;
    return {
      month: formatMonthIndex(firstMonth + i),
      buyers: count,
      newBuyers,
      returningBuyers: count - newBuyers,
      returningShare: count > 0 ? (count - newBuyers) / count : null,
      buyersToDate: toDate,
      repeatBuyersToDate: repeatToDate,
      repeatShareToDate: toDate > 0 ? repeatToDate / toDate : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// A course's buyers, re-based on the day they bought it
// ---------------------------------------------------------------------------------------------

/** A purchase with every course it included. */
export interface CoursePurchaseLine extends Purchase {
  readonly courseIds: readonly string[];
}

/**
 * The purchases of the buyers of `courseId`, each buyer's history starting at their first
 * purchase of that course: earlier purchases are dropped. Fed to repurchaseReport and
 * cohortMatrix, "first purchase" then means "bought this course", so their rates and cohorts
 * answer: of those who bought this course, who bought anything again, and when?
 */
export function purchasesFromCourse(
  purchases: readonly CoursePurchaseLine[],
  courseId: string,
): Purchase[] {
  checkList(purchases, 'purchases');
  if (typeof courseId !== 'string' || courseId.length === 0) {
    throw new TypeError(`courseId must be a non-empty string (got ${describeValue(courseId)})`);
  }
  const anchor = new Map<string, number>();
  purchases.forEach((p, i) => {
    if (!Array.isArray(p.courseIds)) {
      throw new TypeError(`purchases[${i}].courseIds must be an array of course ids`);
    }
    checkInstant(p.at, `purchases[${i}].at`);
    if (!p.courseIds.includes(courseId)) return;
    const seen = anchor.get(p.customerId);
    if (seen === undefined || p.at < seen) anchor.set(p.customerId, p.at);
  });
  return purchases
    .filter((p) => {
      const from = anchor.get(p.customerId);
      return from !== undefined && p.at >= from;
    })
    .map((p) => ({ customerId: p.customerId, at: p.at, amountMinor: p.amountMinor }));
}

// ---------------------------------------------------------------------------------------------
// Histograms of value
// ---------------------------------------------------------------------------------------------

export interface HistogramBin {
  readonly from: number;
  /** Exclusive upper end; null for the open last bin that gathers the far tail. */
  readonly to: number | null;
  readonly count: number;
}

export interface Histogram {
  readonly count: number;
  readonly total: number;
  readonly mean: number | null;
  readonly median: number | null;
  /**
   * 90th percentile by simple-statistics' quantileSorted: linear interpolation between order
   * statistics at rank (n − 1) p, as numpy's default (the median likewise).
   */
  readonly p90: number | null;
  readonly max: number | null;
  readonly binWidth: number | null;
  readonly bins: readonly HistogramBin[];
}

export interface HistogramOptions {
  /** Bins at most, before the open tail bin (default 12). */
  readonly bins?: number;
  /**
   * Bins cover 0 to this quantile of the values; the rest gather in one open bin (default 0.99),
   * so that one huge customer does not squash everyone else into the first bar.
   */
  readonly clipQuantile?: number;
}

/** 1, 2, 2.5 or 5 × 10^k: the smallest such step at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * Counts of values in bins of equal "round" width (1, 2, 2.5 or 5 × 10^k) from 0, the last bin
 * open-ended above the clip quantile, with the usual summary numbers.
 * @throws TypeError/RangeError for values that are not finite numbers of 0 or more, or bad options
 */
export function valueHistogram(
  values: readonly number[],
  options: HistogramOptions = {},
): Histogram {
  checkList(values, 'values');
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new RangeError(
        `values[${i}] must be a finite number, 0 or more (got ${describeValue(v)})`,
      );
    }
  });
  const binsWanted = options.bins ?? 12;
  if (!Number.isInteger(binsWanted) || binsWanted < 1 || binsWanted > 200) {
    throw new RangeError(
      `options.bins must be a whole number from 1 to 200 (got ${describeValue(binsWanted)})`,
    );
  }
  const clip = options.clipQuantile ?? 0.99;
  if (typeof clip !== 'number' || !(clip > 0 && clip <= 1)) {
    throw new RangeError(
      `options.clipQuantile must be above 0 and at most 1 (got ${describeValue(clip)})`,
    );
  }
  if (values.length === 0) {
    return {
      count: 0,
      total: 0,
      mean: null,
      median: null,
      p90: null,
      max: null,
      binWidth: null,
      bins: [],
    };
  }
  const sorted = sortedAscending(values);
  const total = sorted.reduce((s, v) => s + v, 0);
  const max = sorted[sorted.length - 1] ?? 0;
  const top = quantileSorted(sorted, clip);
  const span = top > 0 ? top : max;
  // All zero: one bin of width 1 holds everyone. A span that is an exact multiple of the step
  // would need one bin more than asked for its own top value: then the next round step.
  let width = span > 0 ? niceStep(span / binsWanted) : 1;
  if (Math.floor(span / width) + 1 > binsWanted) width = niceStep(width * (1 + 1e-9));
  const closed = Math.floor(span / width) + 1;
  const counts = new Array<number>(closed + 1).fill(0);
  for (const v of sorted) {
    const i = Math.floor(v / width);
    counts[Math.min(i, closed)] = (counts[Math.min(i, closed)] ?? 0) + 1;
  }
  const bins: HistogramBin[] = counts.slice(0, closed).map((count, i) => ({
    from: i * width,
    to: (i + 1) * width,
    count,
  }));
  const tail = counts[closed] ?? 0;
  if (tail > 0) bins.push({ from: closed * width, to: null, count: tail });
  return {
    count: sorted.length,
    total,
    mean: total / sorted.length,
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    max,
    binWidth: width,
    bins,
  };
}
