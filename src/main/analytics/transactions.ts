/**
 * Purchase transactions as the analytics models see them, and the helpers that turn a log of
 * orders into per-customer purchase histories.
 *
 * Pure: no I/O, no Node built-ins, so these may run in a worker.
 */

/** One purchase: who bought, when, and for how much. */
export interface Transaction {
  /** Any stable customer key (learner id, e-mail hash, platform buyer id). */
  readonly customerId: string;
  /** When the purchase happened, epoch milliseconds (UTC). */
  readonly at: number;
  /** What was paid, as a whole number of minor currency units (cents, fen), zero or more. */
  readonly amountMinor: number;
}

/**
 * A purchase day: all of one customer's purchases on one UTC calendar day, counted as a single
 * purchase occasion. (Buying two courses in one sitting is one decision to buy, not two.)
 */
export interface PurchaseDay {
  /** The UTC calendar day, as whole days since 1970-01-01. */
  readonly day: number;
  /** Earliest and latest purchase time on that day, epoch ms. */
  readonly firstAt: number;
  readonly lastAt: number;
  /** Total paid that day, minor units. */
  readonly amountMinor: number;
  /** Number of transactions that day. */
  readonly count: number;
}

export const MS_PER_DAY = 86_400_000;

/** The UTC calendar day of an instant, as whole days since 1970-01-01 (negative before). */
export function utcDay(at: number): number {
  return Math.floor(at / MS_PER_DAY);
}

/** An instant's UTC date as YYYY-MM-DD, for messages and reports. */
export function formatUtcDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Check a transaction list; throws on the first bad entry with a message naming it.
 * @param name how the caller's argument is called in messages (default `transactions`)
 * @throws TypeError when the list or a field has the wrong type
 * @throws RangeError when a value is out of range (NaN time, negative or fractional amount)
 */
export function assertTransactions(
  transactions: unknown,
  name = 'transactions',
): asserts transactions is readonly Transaction[] {
  if (!Array.isArray(transactions)) {
    throw new TypeError(`${name} must be an array of transactions (got ${describe(transactions)})`);
  }
  transactions.forEach((t: unknown, i) => {
    if (typeof t !== 'object' || t === null) {
      throw new TypeError(`${name}[${i}] must be an object (got ${describe(t)})`);
    }
    const { customerId, at, amountMinor } = t as Record<string, unknown>;
    if (typeof customerId !== 'string' || customerId.length === 0) {
      throw new TypeError(
        `${name}[${i}].customerId must be a non-empty string (got ${describe(customerId)})`,
      );
    }
    if (typeof at !== 'number') {
      throw new TypeError(`${name}[${i}].at must be a number of epoch ms (got ${describe(at)})`);
    }
    if (!Number.isFinite(at)) {
      throw new RangeError(`${name}[${i}].at must be a finite number of epoch ms (got ${at})`);
    }
    if (typeof amountMinor !== 'number') {
      throw new TypeError(
        `${name}[${i}].amountMinor must be a number of minor units (got ${describe(amountMinor)})`,
      );
    }
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
      throw new RangeError(
        `${name}[${i}].amountMinor must be a whole number of minor units, 0 or more (got ${amountMinor})`,
      );
    }
  });
}

/**
 * Group transactions by customer. Customers come in the order of their first transaction in
 * the input; each customer's transactions are sorted by time (ties keep input order).
 */
export function groupByCustomer(transactions: readonly Transaction[]): Map<string, Transaction[]> {
  assertTransactions(transactions);
  const groups = new Map<string, Transaction[]>();
  for (const t of transactions) {
    const list = groups.get(t.customerId);
    if (list) list.push(t);
    else groups.set(t.customerId, [t]);
  }
  for (const list of groups.values()) list.sort((p, q) => p.at - q.at);
  return groups;
}

/**
 * Collapse one customer's transactions into purchase days (UTC calendar days), in day order.
 * The input need not be sorted. Throws if a day's total would exceed the safe-integer range.
 */
export function toPurchaseDays(transactions: readonly Transaction[]): PurchaseDay[] {
  assertTransactions(transactions);
  return collapseSortedDays([...transactions].sort((p, q) => p.at - q.at));
}

/** Collapses transactions sorted by time into purchase days, in one pass. */
function collapseSortedDays(sorted: readonly Transaction[]): PurchaseDay[] {
  const days: {
    day: number;
    firstAt: number;
    lastAt: number;
    amountMinor: number;
    count: number;
  }[] = [];
  let current: (typeof days)[number] | undefined;
  for (const t of sorted) {
    const day = utcDay(t.at);
    if (current?.day !== day) {
      current = { day, firstAt: t.at, lastAt: t.at, amountMinor: t.amountMinor, count: 1 };
      days.push(current);
      continue;
    }
    current.lastAt = t.at;
    current.amountMinor += t.amountMinor;
    current.count++;
    if (!Number.isSafeInteger(current.amountMinor)) {
      throw new RangeError(
        `the purchases of customer ${JSON.stringify(t.customerId)} on ${formatUtcDate(t.at)} add up to more than ${Number.MAX_SAFE_INTEGER} minor units`,
      );
    }
  }
  return days;
}

/** Purchase days of every customer, customers in the order of their first transaction. */
export function purchaseDaysByCustomer(
  transactions: readonly Transaction[],
): Map<string, PurchaseDay[]> {
  const result = new Map<string, PurchaseDay[]>();
  for (const [customerId, list] of groupByCustomer(transactions)) {
    result.set(customerId, collapseSortedDays(list));
  }
  return result;
}
