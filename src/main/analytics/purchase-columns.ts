/**
 * Purchase logs as columns (typed arrays) with whole-number customer keys: the form the RFM
 * summary and the cohort matrix work on, so that half a million purchases cost a few passes over
 * typed arrays instead of an object, a string key and a sort per customer.
 *
 * The `Transaction[]` form stays the public input everywhere: `transactionColumns` turns it into
 * columns (customers numbered in the order of their first transaction) in one checked pass.
 * Callers that already hold numeric customer keys (learner ids) can build the columns directly
 * with `purchaseColumns`, skipping the string keys altogether.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { assertTransactions, type Transaction } from './transactions';

/** A purchase log as parallel columns; row i is one purchase. */
export interface PurchaseColumnsInput {
  /** Who bought: a whole number 0 or more per purchase (a learner id, say). */
  readonly customer: ArrayLike<number>;
  /** When, epoch ms (UTC). */
  readonly at: ArrayLike<number>;
  /** What was paid, whole minor units, 0 or more. */
  readonly amountMinor: ArrayLike<number>;
}

/** Checked columns with customers numbered 0..customers-1 in the order of their first row. */
export interface PurchaseColumns {
  readonly rows: number;
  /** Per row: the customer's number. */
  readonly customerOf: Int32Array;
  readonly at: Float64Array;
  readonly amountMinor: Float64Array;
  /** Number of distinct customers. */
  readonly customers: number;
  /** The customer key of customer number k, as the summaries name it. */
  readonly idOf: (k: number) => string;
}

/**
 * Columns of a transaction list, checked in one pass; a bad entry is reported exactly as
 * assertTransactions reports it.
 * @throws TypeError/RangeError naming the first bad entry
 */
export function transactionColumns(
  transactions: readonly Transaction[],
  name = 'transactions',
): PurchaseColumns {
  const untrusted: unknown = transactions;
  if (!Array.isArray(untrusted)) assertTransactions(untrusted, name);
  const rows = transactions.length;
  const at = new Float64Array(rows);
  const amountMinor = new Float64Array(rows);
  // Customer keys that are whole numbers written plainly ("1234", as learner ids are) are
  // numbered through a table, which is several times faster than a Map of strings.
  const numericKey = new Float64Array(rows);
  let maxKey = -1;
  for (let i = 0; i < rows; i++) {
    const t: unknown = transactions[i];
    const { customerId, at: when, amountMinor: amount } = (t ?? {}) as Record<string, unknown>;
    if (
      typeof t !== 'object' ||
      t === null ||
      typeof customerId !== 'string' ||
      customerId.length === 0 ||
      typeof when !== 'number' ||
      !Number.isFinite(when) ||
      typeof amount !== 'number' ||
      !Number.isSafeInteger(amount) ||
      amount < 0
    ) {
      assertTransactions(transactions, name); // throws the precise message for the first bad one
      throw new TypeError(`${name}[${i}] must be an object (got ${String(t)})`); // a hole
    }
    at[i] = when;
    amountMinor[i] = amount;
    const key = maxKey === Number.POSITIVE_INFINITY ? -1 : plainWholeNumber(customerId);
    numericKey[i] = key;
    if (key < 0) maxKey = Number.POSITIVE_INFINITY;
    else if (key > maxKey) maxKey = key;
  }
  let numbered: { customerOf: Int32Array; firstRow: number[] };
  if (maxKey !== Number.POSITIVE_INFINITY) {
    numbered = numberCustomers(numericKey, maxKey);
  } else {
    numbered = { customerOf: new Int32Array(rows), firstRow: [] };
    const index = new Map<string, number>();
    for (let i = 0; i < rows; i++) {
      const id = transactions[i]?.customerId ?? '';
      let k = index.get(id);
      if (k === undefined) {
        k = numbered.firstRow.length;
        index.set(id, k);
        numbered.firstRow.push(i);
      }
      numbered.customerOf[i] = k;
    }
  }
  const { customerOf, firstRow } = numbered;
  return {
    rows,
    customerOf,
    at,
    amountMinor,
    customers: firstRow.length,
    idOf: (k) => transactions[firstRow[k] ?? 0]?.customerId ?? '',
  };
}

/**
 * The value of a string that is a whole number written plainly — digits only, no leading zero
 * (but "0"), at most 15 digits — or -1: exactly the strings that String(value) gives back.
 */
function plainWholeNumber(s: string): number {
  const length = s.length;
  if (length > 15 || (length > 1 && s.charCodeAt(0) === 48)) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Keys up to this many above the row count are numbered through a table instead of a Map. */
const DENSE_KEY_SLACK = 1 << 20;

/**
 * Number whole-number customer keys (all at most maxKey) 0, 1, 2… in the order of their first
 * row: through a table when the keys are not much larger than the row count (learner ids),
 * through a Map otherwise.
 */
function numberCustomers(
  key: ArrayLike<number>,
  maxKey: number,
): { customerOf: Int32Array; firstRow: number[] } {
  const rows = key.length;
  const customerOf = new Int32Array(rows);
  const firstRow: number[] = [];
  const table = maxKey < rows + DENSE_KEY_SLACK ? new Int32Array(maxKey + 1).fill(-1) : null;
  const map = table === null ? new Map<number, number>() : null;
  for (let i = 0; i < rows; i++) {
    const v = key[i] ?? 0;
    let k = table !== null ? (table[v] ?? -1) : (map?.get(v) ?? -1);
    if (k < 0) {
      k = firstRow.length;
      if (table !== null) table[v] = k;
      else map?.set(v, k);
      firstRow.push(i);
    }
    customerOf[i] = k;
  }
  return { customerOf, firstRow };
}

/**
 * Checked columns of a purchase log with whole-number customer keys; customer number k is named
 * String(key).
 * @throws TypeError/RangeError for columns of different lengths or a bad value (named by row)
 */
export function purchaseColumns(input: PurchaseColumnsInput, name = 'columns'): PurchaseColumns {
  if (typeof input !== 'object' || (input as unknown) === null) {
    throw new TypeError(`${name} must be an object with customer, at and amountMinor columns`);
  }
  const { customer, at: atIn, amountMinor: amountIn } = input;
  for (const [key, column] of [
    ['customer', customer],
    ['at', atIn],
    ['amountMinor', amountIn],
  ] as const) {
    const length: unknown = (column as { length?: unknown } | null)?.length;
    if (typeof length !== 'number') {
      throw new TypeError(`${name}.${key} must be an array or typed array of numbers`);
    }
  }
  const rows = customer.length;
  if (atIn.length !== rows || amountIn.length !== rows) {
    throw new RangeError(
      `${name}.customer, .at and .amountMinor must have the same length (got ${rows}, ${atIn.length}, ${amountIn.length})`,
    );
  }
  let maxKey = -1;
  for (let i = 0; i < rows; i++) {
    const key = customer[i];
    if (typeof key !== 'number' || !Number.isSafeInteger(key) || key < 0) {
      throw new RangeError(
        `${name}.customer[${i}] must be a whole number, 0 or more (got ${String(key)})`,
      );
    }
    if (key > maxKey) maxKey = key;
  }
  const { customerOf, firstRow } = numberCustomers(customer, maxKey);
  const at = new Float64Array(rows);
  const amountMinor = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    // A plain loop: Float64Array.from goes through the iterator protocol for an array.
    at[i] = atIn[i] ?? Number.NaN;
    amountMinor[i] = amountIn[i] ?? Number.NaN;
  }
  for (let i = 0; i < rows; i++) {
    const when = at[i] ?? Number.NaN;
    if (!Number.isFinite(when)) {
      throw new RangeError(
        `${name}.at[${i}] must be a finite number of epoch ms (got ${String(atIn[i])})`,
      );
    }
    const amount = amountMinor[i] ?? Number.NaN;
    if (!Number.isSafeInteger(amount) || amount < 0) {
      throw new RangeError(
        `${name}.amountMinor[${i}] must be a whole number of minor units, 0 or more (got ${String(amountIn[i])})`,
      );
    }
  }
  return {
    rows,
    customerOf,
    at,
    amountMinor,
    customers: firstRow.length,
    idOf: (k) => String(customer[firstRow[k] ?? 0] ?? ''),
  };
}

/**
 * Rows grouped by a whole-number group (0..groups-1; rows with a negative group are left out),
 * by a counting sort: group g's rows are order[start[g]..start[g+1]), in input order.
 */
export function rowsByGroup(
  groupOf: Int32Array,
  groups: number,
): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (const g of groupOf) if (g >= 0) start[g + 1] = (start[g + 1] ?? 0) + 1;
  for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] ?? 0) + (start[g] ?? 0);
  const next = start.slice(0, groups);
  const order = new Int32Array(start[groups] ?? 0);
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i] ?? -1;
    if (g < 0) continue;
    const position = next[g] ?? 0;
    order[position] = i;
    next[g] = position + 1;
  }
  return { start, order };
}

/** Slices longer than this are sorted by the built-in sort; shorter ones by insertion. */
const INSERTION_MAX = 32;

/**
 * Sort order[from..to) by key[order[i]], ties kept in their current order (stable).
 */
export function sortSliceBy(order: Int32Array, from: number, to: number, key: Float64Array): void {
  if (to - from <= INSERTION_MAX) {
    for (let i = from + 1; i < to; i++) {
      const row = order[i] ?? 0;
      const k = key[row] ?? 0;
      let j = i - 1;
      while (j >= from && (key[order[j] ?? 0] ?? 0) > k) {
        order[j + 1] = order[j] ?? 0;
        j--;
      }
      order[j + 1] = row;
    }
    return;
  }
  const slice = Array.from(order.subarray(from, to));
  // Array.prototype.sort is stable.
  slice.sort((p, q) => (key[p] ?? 0) - (key[q] ?? 0));
  order.set(slice, from);
}
