/**
 * Recency / frequency / monetary summaries of a purchase log: the inputs of the BG/NBD and
 * Gamma-Gamma models (x, t_x, T, zbar), and classic RFM scores.
 *
 * The definitions reproduce, for every one of the 2,357 customers, the CDNOW calibration summary
 * published with Fader, Hardie & Lee (2005) and the `lifetimes` package (see
 * tests/unit/analytics/rfm-cdnow.test.ts). All divisions that are reported rounded are done in
 * exact integer arithmetic, so a mean of $22.345 rounds to $22.35 as a person would round it,
 * not to $22.34 as binary floating point does.
 *
 * Pure: no I/O, no Node built-ins.
 */
import {
  purchaseColumns,
  rowsByGroup,
  sortSliceBy,
  transactionColumns,
  type PurchaseColumns,
  type PurchaseColumnsInput,
} from './purchase-columns';
import { formatUtcDate, utcDay, type Transaction } from './transactions';

export interface RfmOptions {
  /**
   * The last day of the calibration (observation) period, epoch ms. Inclusive: every purchase
   * on that UTC calendar day counts. Purchases after it are ignored.
   */
  readonly calibrationEnd: number;
  /** Length of the time unit for t_x and T, in whole days (default 7: weeks). */
  readonly timeUnitDays?: number;
  /** Decimals kept in t_x, T and zbar, rounded half up (default 2). */
  readonly decimals?: number;
  /** Minor units in one major unit of the currency, for zbar (default 100: cents per dollar). */
  readonly minorPerMajor?: number;
}

/** One customer's purchase history over the calibration period, summarised. */
export interface RfmSummaryRow {
  readonly customerId: string;
  /**
   * Frequency, x: the number of repeat purchase days — days on which the customer bought,
   * after their first purchase day, up to the end of the calibration period. Several purchases
   * on one UTC calendar day count once. A customer who bought only once has x = 0.
   */
  readonly x: number;
  /**
   * Recency, t_x: time from the customer's first purchase day to their last purchase day in
   * the calibration period, in time units (weeks by default). 0 when x = 0.
   */
  readonly tX: number;
  /**
   * Age, T: time from the customer's first purchase day to the last day of the calibration
   * period, in time units. How long we have been able to watch this customer.
   */
  readonly T: number;
  /**
   * Average repeat spend, zbar: the mean amount paid per repeat purchase day (the first
   * purchase day is left out), in major currency units. 0 when x = 0.
   */
  readonly zbar: number;
  /** Time of the customer's first purchase, epoch ms. */
  readonly firstPurchaseAt: number;
  /** Time of the customer's last purchase in the calibration period, epoch ms. */
  readonly lastPurchaseAt: number;
  /**
   * Everything the customer paid in the calibration period, first purchase included, in whole
   * minor currency units.
   */
  readonly monetaryTotal: number;
}

const MAX_DECIMALS = 10;
/** Keeps x × minorPerMajor far inside the exact-integer range of a double. */
const MAX_MINOR_PER_MAJOR = 1_000_000;

function checkWholeOption(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new RangeError(
      `options.${name} must be a whole number ${range} (got ${typeof value === 'number' ? value : String(value)})`,
    );
  }
  return value;
}

/**
 * numerator / denominator (whole numbers, numerator ≥ 0, denominator > 0) rounded half up to
 * `decimals` places, exactly: floor((2 n 10^d + m) / (2 m)).
 */
function roundHalfUp(numerator: number, denominator: number, decimals: number): number {
  const power = 10 ** decimals;
  const top = 2 * numerator * power + denominator;
  const bottom = 2 * denominator;
  let rounded: number;
  if (top <= Number.MAX_SAFE_INTEGER && bottom <= Number.MAX_SAFE_INTEGER) {
    // With both operands below 2^53, the floor of the correctly rounded quotient is the floor
    // of the exact quotient (crossing an integer would need an error of at least 1/bottom).
    rounded = Math.floor(top / bottom);
  } else {
    const big = 2n * BigInt(numerator) * 10n ** BigInt(decimals) + BigInt(denominator);
    rounded = Number(big / (2n * BigInt(denominator)));
  }
  // The division by a power of ten is correctly rounded, so the result is the double nearest
  // to the exact decimal, and prints as that decimal.
  return rounded / power;
}

/**
 * Summarise each customer's purchases over a calibration period into the recency/frequency/
 * monetary statistics the customer-base models use: x, t_x, T and zbar (see RfmSummaryRow for
 * the definition of each). Customers come in the order of their first transaction in the input.
 *
 * @throws TypeError/RangeError for an empty or malformed transaction list or bad options, and
 *   when a customer's first purchase comes after the calibration end (their T would be negative:
 *   leave such customers out, or move the calibration end).
 */
export function summariseRfm(
  transactions: readonly Transaction[],
  options: RfmOptions,
): RfmSummaryRow[] {
  const columns = transactionColumns(transactions);
  if (columns.rows === 0) throw new RangeError('transactions must not be empty');
  return summariseColumns(columns, options);
}

/**
 * summariseRfm over a purchase log given as columns with whole-number customer keys (learner
 * ids): the same rows, with customerId = String(key), without building a transaction object per
 * purchase. Customers come in the order of their first row.
 * @throws TypeError/RangeError as summariseRfm, and for columns of different lengths
 */
export function summariseRfmColumns(
  columns: PurchaseColumnsInput,
  options: RfmOptions,
): RfmSummaryRow[] {
  const checked = purchaseColumns(columns);
  if (checked.rows === 0) throw new RangeError('columns must not be empty');
  return summariseColumns(checked, options);
}

function summariseColumns(columns: PurchaseColumns, options: RfmOptions): RfmSummaryRow[] {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new TypeError('options must be an object with a calibrationEnd');
  }
  const { calibrationEnd } = options;
  if (typeof calibrationEnd !== 'number' || !Number.isFinite(calibrationEnd)) {
    throw new RangeError(
      `options.calibrationEnd must be a finite number of epoch ms (got ${String(calibrationEnd)})`,
    );
  }
  const timeUnitDays = checkWholeOption(
    'timeUnitDays',
    options.timeUnitDays ?? 7,
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const decimals = checkWholeOption('decimals', options.decimals ?? 2, 0, MAX_DECIMALS);
  const minorPerMajor = checkWholeOption(
    'minorPerMajor',
    options.minorPerMajor ?? 100,
    1,
    MAX_MINOR_PER_MAJOR,
  );

  const endDay = utcDay(calibrationEnd);
  const { at, amountMinor, idOf } = columns;
  const { start, order } = rowsByGroup(columns.customerOf, columns.customers);
  const rows: RfmSummaryRow[] = [];
  const overflow = (c: number, t: number): RangeError =>
    new RangeError(
      `the purchases of customer ${JSON.stringify(idOf(c))} on ${formatUtcDate(t)} add up to more than ${Number.MAX_SAFE_INTEGER} minor units`,
    );
  // One customer at a time: their rows in time order, walked purchase day by purchase day.
  for (let c = 0; c < columns.customers; c++) {
    const from = start[c] ?? 0;
    const to = start[c + 1] ?? 0;
    sortSliceBy(order, from, to, at);
    const firstAt = at[order[from] ?? 0] ?? 0;
    const firstDay = utcDay(firstAt);
    let x = 0;
    let lastDay = firstDay;
    let lastAt = firstAt;
    let firstAmount = 0;
    // Plain numbers are exact for integers up to 2^53; the checks keep it so.
    let repeatMinor = 0;
    let day = firstDay;
    let dayAmount = 0;
    for (let i = from; i <= to; i++) {
      const row = order[i] ?? 0;
      const t = i < to ? (at[row] ?? 0) : Number.NaN;
      const rowDay = utcDay(t);
      if (rowDay !== day) {
        // The purchase day `day` is complete (or the rows are over).
        if (day === firstDay) {
          firstAmount = dayAmount;
          if (firstDay > endDay) {
            throw new RangeError(
              `options.calibrationEnd (${formatUtcDate(calibrationEnd)}) is before the first purchase of customer ${JSON.stringify(idOf(c))} (${formatUtcDate(firstAt)})`,
            );
          }
        } else if (day <= endDay) {
          x++;
          lastDay = day;
          repeatMinor += dayAmount;
        }
        if (i === to) break;
        day = rowDay;
        dayAmount = 0;
      }
      dayAmount += amountMinor[row] ?? 0;
      if (!Number.isSafeInteger(dayAmount)) throw overflow(c, t);
      if (day <= endDay) lastAt = t;
    }
    const totalMinor = firstAmount + repeatMinor;
    if (!Number.isSafeInteger(totalMinor)) {
      throw new RangeError(
        `the purchases of customer ${JSON.stringify(idOf(c))} add up to more than ${Number.MAX_SAFE_INTEGER} minor units`,
      );
    }
    rows.push({
      customerId: idOf(c),
      x,
      tX: roundHalfUp(lastDay - firstDay, timeUnitDays, decimals),
      T: roundHalfUp(endDay - firstDay, timeUnitDays, decimals),
      zbar: x === 0 ? 0 : roundHalfUp(repeatMinor, x * minorPerMajor, decimals),
      firstPurchaseAt: firstAt,
      lastPurchaseAt: lastAt,
      monetaryTotal: totalMinor,
    });
  }
  return rows;
}

export interface RfmScoreOptions {
  /** Number of score levels, 2 to 9 (default 5: quintiles scored 1–5). */
  readonly bins?: number;
}

/** Classic RFM scores of one customer: 1 (worst) to `bins` (best) on each dimension. */
export interface RfmScore {
  readonly customerId: string;
  /** Recency score: a more recent last purchase day scores higher. */
  readonly recency: number;
  /** Frequency score: more repeat purchase days (x) score higher. */
  readonly frequency: number;
  /** Monetary score: a larger total spend in the period scores higher. */
  readonly monetary: number;
  /** The three scores as one code, recency first: '545'. */
  readonly code: string;
}

/**
 * Scores of one dimension: score = 1 + floor(bins × (customers strictly worse) / customers).
 * Equal values always get equal scores, and a tie never pushes anyone up, so a large group of
 * equal customers (say, everyone who bought once) shares the lowest score it reaches.
 */
function scoreDimension(values: Float64Array, bins: number): Int32Array {
  const n = values.length;
  // Customers strictly worse than v = the first place of v among the sorted values: one sort of
  // a typed copy and a binary search each, no [value, index] pair per customer.
  const sorted = values.slice().sort();
  const scores = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    scores[i] = 1 + Math.floor((bins * lo) / n);
  }
  return scores;
}

/**
 * Classic RFM scores for a set of customers (usually one cohort's summariseRfm output), each
 * dimension cut into `bins` groups of about equal size (quintiles by default):
 * - Recency: the UTC day of the last purchase in the period — later is better.
 * - Frequency: x, the number of repeat purchase days — more is better.
 * - Monetary: the total paid in the period — more is better.
 * A customer's score on a dimension is 1 + floor(bins × share of customers strictly worse on it).
 * Ties share a score (the lower one: nobody is ranked above a customer who did just as well),
 * so groups can be unequal when many customers have the same value. An empty list gives [].
 */
export function scoreRfm(
  rows: readonly RfmSummaryRow[],
  options: RfmScoreOptions = {},
): RfmScore[] {
  const untrusted: unknown = rows;
  if (!Array.isArray(untrusted)) throw new TypeError('rows must be an array of RFM summary rows');
  const bins = checkWholeOption('bins', options.bins ?? 5, 2, 9);
  rows.forEach((row, i) => {
    for (const key of ['x', 'lastPurchaseAt', 'monetaryTotal'] as const) {
      const v = row[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`rows[${i}].${key} must be a finite number (got ${String(v)})`);
      }
    }
  });
  const column = (of: (row: RfmSummaryRow) => number): Float64Array => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = of(rows[i] as RfmSummaryRow);
    return out;
  };
  const recency = scoreDimension(
    column((r) => utcDay(r.lastPurchaseAt)),
    bins,
  );
  const frequency = scoreDimension(
    column((r) => r.x),
    bins,
  );
  const monetary = scoreDimension(
    column((r) => r.monetaryTotal),
    bins,
  );
  return rows.map((row, i) => {
    const r = recency[i] ?? 1;
    const f = frequency[i] ?? 1;
    const m = monetary[i] ?? 1;
    return {
      customerId: row.customerId,
      recency: r,
      frequency: f,
      monetary: m,
      code: `${r}${f}${m}`,
    };
  });
}
