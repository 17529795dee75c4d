/**
 * buyersByMonth (dashboards.ts) over purchase columns: each purchase's customer as a number from
 * 0 to `customers − 1` and its time, with no object and no string per purchase (the workspace
 * overview counts 500,000 orders this way). The same rows as buyersByMonth given one purchase
 * per column entry with a customer id per number.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { buyerMonths, calendar, type BuyerMonth, type MonthCalendar } from './dashboards';

export interface BuyerColumns {
  readonly length: number;
  /** Per purchase: its customer's number, a whole number from 0 to `customers − 1`. */
  readonly customer: ArrayLike<number>;
  /** Per purchase: epoch ms. */
  readonly at: ArrayLike<number>;
  /** How many customer numbers there are (some may have no purchase). */
  readonly customers: number;
}

/**
 * New and returning buyers by month, as buyersByMonth, from purchase columns.
 * @throws TypeError/RangeError for a bad customer number, time or options
 */
export function buyersByMonthColumns(columns: BuyerColumns, options: MonthCalendar): BuyerMonth[] {
  const cal = calendar(options);
  const { length, customer, at, customers } = columns;
  if (!Number.isSafeInteger(customers) || customers < 0) {
    throw new RangeError(`customers must be a whole number, 0 or more (got ${String(customers)})`);
  }
  if (
    !Number.isSafeInteger(length) ||
    length < 0 ||
    customer.length < length ||
    at.length < length
  ) {
    throw new RangeError(`the columns must hold ${String(length)} purchases`);
  }
  // Each customer's first and second purchase day; each purchase's month (−1: after the end).
  const first = new Float64Array(customers).fill(Number.POSITIVE_INFINITY);
  const second = new Float64Array(customers).fill(Number.POSITIVE_INFINITY);
  const monthOf = new Int32Array(length);
  let firstMonth = cal.endMonth;
  let kept = 0;
  let ordered = true;
  let previousAt = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    const c = customer[i] ?? -1;
    const t = at[i] ?? Number.NaN;
    if (!Number.isInteger(c) || c < 0 || c >= customers) {
      throw new RangeError(`customer[${i}] must be a whole number from 0 to ${customers - 1}`);
    }
    if (!Number.isFinite(t)) {
      throw new RangeError(`at[${i}] must be a finite number of epoch ms (got ${String(t)})`);
    }
    if (t < previousAt) ordered = false;
    previousAt = t;
    if (t > cal.endAt) {
      monthOf[i] = -1;
      continue;
    }
    kept++;
    const day = cal.day(t);
    const f = first[c] ?? Number.POSITIVE_INFINITY;
    if (day < f) {
      second[c] = f;
      first[c] = day;
    } else if (day > f && day < (second[c] ?? Number.POSITIVE_INFINITY)) {
      second[c] = day;
    }
    const month = cal.monthOfDay(day);
    monthOf[i] = month;
    if (month < firstMonth) firstMonth = month;
  }
  if (kept === 0) return [];

  // Buyers per month: a customer buying several times in a month counts once. Purchases in time
  // order reach each customer's months in order, so the last month counted per customer is
  // enough; otherwise one (customer, month) key per purchase, sorted.
  const span = cal.endMonth - firstMonth + 1;
  const buyers = new Array<number>(span).fill(0);
  if (ordered) {
    const lastMonth = new Int32Array(customers).fill(-1);
    for (let i = 0; i < length; i++) {
      const month = monthOf[i] ?? -1;
      if (month < 0) continue;
      const c = customer[i] ?? 0;
      if (lastMonth[c] === month) continue;
      lastMonth[c] = month;
      const m = month - firstMonth;
      buyers[m] = (buyers[m] ?? 0) + 1;
    }
  } else {
    const keys = new Float64Array(kept);
    let used = 0;
    for (let i = 0; i < length; i++) {
      const month = monthOf[i] ?? -1;
      if (month >= 0) keys[used++] = (customer[i] ?? 0) * span + (month - firstMonth);
    }
    let previous = -1;
    for (const key of keys.sort()) {
      if (key === previous) continue;
      previous = key;
      const m = key % span;
      buyers[m] = (buyers[m] ?? 0) + 1;
    }
  }
  return buyerMonths(cal, firstMonth, buyers, first, second, customers);
}
