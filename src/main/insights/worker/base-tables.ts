import type { FeatureTable } from '../../analytics/feature-matrix';
import { ENGAGEMENT_FEATURES, type CustomerBase } from './customer-base';

// The feature tables the per-base models fit on (base-models.ts), built straight into one typed
// array per table: a workspace has ~90,000 active learners, and a row object per learner (with
// a Set of purchase days each) cost more than the models' arithmetic.

const DAY_MS = 86_400_000;

/** The segments' features: engagement, then purchase days and total spent (segmentRows's). */
export const SEGMENT_FEATURES = [
  ...ENGAGEMENT_FEATURES,
  'purchaseDays',
  'totalSpentMinor',
] as const;

/** Engagement of every active learner into columns 0..6 of a table `d` wide. */
export function fillEngagement(base: CustomerBase, values: Float64Array, d: number): void {
  base.active.forEach((id, i) => {
    const e = base.engagement.get(id);
    if (e) ENGAGEMENT_FEATURES.forEach((name, j) => (values[i * d + j] = e[name]));
  });
}

/**
 * Every active learner's engagement, the number of distinct days they bought on and what they
 * spent (orders in the base's currency), in base.active order: the numbers segmentRows gives.
 */
export function segmentTable(base: CustomerBase, index: ReadonlyMap<number, number>): FeatureTable {
  const d = SEGMENT_FEATURES.length;
  const n = base.active.length;
  const values = new Float64Array(n * d);
  fillEngagement(base, values, d);
  const { customer, at, amountMinor } = base.purchaseColumns;
  const m = base.purchaseColumns.length;
  const rowOf = rowLookup(index);
  const row = new Int32Array(m);
  const day = new Float64Array(m);
  // The purchases come oldest first, so each learner's days come in order: a day differing from
  // the learner's last one is a new purchase day (no sort, no key per purchase).
  const lastDay = new Float64Array(n).fill(Number.NaN);
  let inOrder = true;
  for (let k = 0; k < m; k++) {
    const i = rowOf(customer[k] ?? 0);
    row[k] = i;
    if (i < 0) continue;
    // Spent in purchase order, as segmentRows adds it.
    values[i * d + d - 1] = (values[i * d + d - 1] ?? 0) + (amountMinor[k] ?? 0);
    const dd = Math.floor((at[k] ?? 0) / DAY_MS);
    day[k] = dd;
    const previous = lastDay[i] ?? Number.NaN;
    if (dd < previous) inOrder = false;
    if (dd !== previous) {
      lastDay[i] = dd;
      values[i * d + d - 2] = (values[i * d + d - 2] ?? 0) + 1;
    }
  }
  if (!inOrder) countDaysBySort(values, d, row, day);
  return { names: SEGMENT_FEATURES, values };
}

/** Learner id → row of `index` (−1: none), through a table when the ids are small. */
function rowLookup(index: ReadonlyMap<number, number>): (id: number) => number {
  let largest = -1;
  for (const id of index.keys()) largest = Math.max(largest, id);
  if (largest >= 4 * index.size + (1 << 20) || !Number.isSafeInteger(largest)) {
    return (id) => index.get(id) ?? -1;
  }
  const table = new Int32Array(largest + 1).fill(-1);
  for (const [id, i] of index) if (Number.isInteger(id) && id >= 0) table[id] = i;
  return (id) => (Number.isInteger(id) && id >= 0 && id <= largest ? (table[id] ?? -1) : -1);
}

/** Distinct (row, day) pairs counted into column d−2 (purchases not in time order), from zero. */
function countDaysBySort(
  values: Float64Array,
  d: number,
  row: Int32Array,
  day: Float64Array,
): void {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < row.length; k++) {
    if ((row[k] ?? -1) < 0) continue;
    first = Math.min(first, day[k] ?? 0);
    last = Math.max(last, day[k] ?? 0);
  }
  for (let i = 0; i * d < values.length; i++) values[i * d + d - 2] = 0;
  // One sort of numeric (row, day) keys instead of a Set per learner.
  const span = last - first + 1;
  const keys: number[] = [];
  for (let k = 0; k < row.length; k++) {
    const i = row[k] ?? -1;
    if (i >= 0) keys.push(i * span + ((day[k] ?? 0) - first));
  }
  const sorted = Float64Array.from(keys).sort();
  for (let t = 0; t < sorted.length; t++) {
    const key = sorted[t] ?? 0;
    if (t > 0 && sorted[t - 1] === key) continue;
    const i = Math.floor(key / span);
    values[i * d + d - 2] = (values[i * d + d - 2] ?? 0) + 1;
  }
}

/** Per course purchase, its learner's row of base.active (−1: not active); per row, the number
 * of distinct courses they own and what their course purchases add up to (whole minor units, so
 * any part of the sum is exact). */
export interface CoursePurchaseStats {
  readonly row: Int32Array;
  readonly distinct: Int32Array;
  readonly spent: Float64Array;
}

let statsCache: { print: string; value: CoursePurchaseStats } | null = null;

/** CoursePurchaseStats of the base, computed once per base (every course's propensity uses it). */
export function coursePurchaseStats(
  base: CustomerBase,
  index: ReadonlyMap<number, number>,
): CoursePurchaseStats {
  if (statsCache?.print === base.fingerprint) return statsCache.value;
  const n = base.active.length;
  const m = base.coursePurchases.length;
  const row = new Int32Array(m);
  const spent = new Float64Array(n);
  const courseIndex = new Map<string, number>();
  const keys: number[] = [];
  base.coursePurchases.forEach((p, k) => {
    const i = index.get(Number(p.customerId)) ?? -1;
    row[k] = i;
    if (i < 0) return;
    spent[i] = (spent[i] ?? 0) + p.amountMinor;
    let c = courseIndex.get(p.courseId);
    if (c === undefined) {
      c = courseIndex.size;
      courseIndex.set(p.courseId, c);
    }
    keys.push(i * m + c);
  });
  // Distinct (learner, course) pairs: one sort of numeric keys instead of a Set per learner.
  const distinct = new Int32Array(n);
  const sorted = Float64Array.from(keys).sort();
  for (let t = 0; t < sorted.length; t++) {
    if (t > 0 && sorted[t - 1] === sorted[t]) continue;
    const i = Math.floor((sorted[t] ?? 0) / m);
    distinct[i] = (distinct[i] ?? 0) + 1;
  }
  const value = { row, distinct, spent };
  statsCache = { print: base.fingerprint, value };
  return value;
}
