/**
 * Feature tables as one row-major Float64Array (n rows × d features) rather than an object or an
 * array per learner: what the models fit on when a workspace has 100,000 learners, where the
 * per-row objects and their garbage cost more than the arithmetic. The numbers are the same as
 * feature-table.ts's row-by-row functions give, computed in the same order.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { checkFeatureNames, describeValue, type Standardiser } from './feature-table';

/** n rows of the features `names`, row after row: `values[i * names.length + j]`. */
export interface FeatureTable {
  readonly names: readonly string[];
  readonly values: Float64Array;
}

/** Rows as read by readFeatureTable, as one table. */
export function flattenTable(
  names: readonly string[],
  rows: readonly Float64Array[],
): FeatureTable {
  const d = names.length;
  const values = new Float64Array(rows.length * d);
  rows.forEach((row, i) => values.set(row.subarray(0, d), i * d));
  return { names, values };
}

/**
 * Check a table: distinct feature names, a Float64Array of whole rows, every value finite.
 * @throws TypeError/RangeError naming the first bad part
 */
export function checkFeatureTable(table: unknown): {
  names: readonly string[];
  values: Float64Array;
} {
  if (typeof table !== 'object' || table === null) {
    throw new TypeError(
      `table must be an object with names and values (got ${describeValue(table)})`,
    );
  }
  const { names, values } = table as Record<string, unknown>;
  const checked = checkFeatureNames(names, 'table.names');
  if (!(values instanceof Float64Array)) {
    throw new TypeError(`table.values must be a Float64Array (got ${describeValue(values)})`);
  }
  const d = checked.length;
  if (values.length % d !== 0) {
    throw new RangeError(
      `table.values must hold whole rows of ${d} features (got ${values.length} values)`,
    );
  }
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) {
      throw new RangeError(
        `table row ${Math.floor(k / d)} ${checked[k % d] ?? ''} must be a finite number (got ${describeValue(values[k])})`,
      );
    }
  }
  return { names: checked, values };
}

/**
 * fitStandardiser (feature-table.ts) over the rows `which` of a table (every row when null), in
 * their order: the same means and standard deviations, bit for bit.
 */
export function fitStandardiserTable(
  featureNames: readonly string[],
  values: Float64Array,
  which: Int32Array | null,
): Standardiser {
  const d = featureNames.length;
  const n = which === null ? (d > 0 ? values.length / d : 0) : which.length;
  const means = new Array<number>(d).fill(0);
  const sds = new Array<number>(d).fill(0);
  const sums = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const at = (which === null ? i : (which[i] ?? 0)) * d;
    for (let j = 0; j < d; j++) sums[j] = (sums[j] ?? 0) + (values[at + j] ?? 0);
  }
  const meanOf = Float64Array.from(sums, (sum) => (n > 0 ? sum / n : 0));
  const squares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const at = (which === null ? i : (which[i] ?? 0)) * d;
    for (let j = 0; j < d; j++) {
      const delta = (values[at + j] ?? 0) - (meanOf[j] ?? 0);
      squares[j] = (squares[j] ?? 0) + delta * delta;
    }
  }
  for (let j = 0; j < d; j++) {
    const mean = meanOf[j] ?? 0;
    const sd = n > 0 ? Math.sqrt((squares[j] ?? 0) / n) : 0;
    means[j] = mean;
    // A spread lost in rounding (all values equal up to the last bits) counts as none.
    sds[j] = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 0;
  }
  return { featureNames: [...featureNames], means, sds };
}
