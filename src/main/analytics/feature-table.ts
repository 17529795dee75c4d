/**
 * Per-learner feature tables shared by the segment, propensity and recommendation models: how a
 * row looks, how it is checked, and how features are put on one scale (z-scores).
 *
 * Pure: no I/O, no Node built-ins.
 */

/** One learner's numbers: engagement (sessions, minutes, questions...) and purchase history. */
export interface LearnerFeatureRow {
  /** Any stable learner key; for purchase-based features it is matched to `customerId`. */
  readonly learnerId: string;
  /** Feature name → value. Every row must carry every feature the model uses. */
  readonly features: Readonly<Record<string, number>>;
}

/**
 * z-score standardisation: value → (value − mean) / sd, per feature, with the population standard
 * deviation (divide by n). A feature with the same value for everybody (sd 0) carries no
 * information and becomes 0 for everybody rather than a division by zero.
 */
export interface Standardiser {
  readonly featureNames: readonly string[];
  readonly means: readonly number[];
  readonly sds: readonly number[];
}

/** How a value looks in an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A whole-number option within [min, max].
 * @throws RangeError `options.<name> must be a whole number from <min> to <max> (got <value>)`
 */
export function wholeOption(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new RangeError(
      `options.${name} must be a whole number ${range} (got ${describeValue(value)})`,
    );
  }
  return value;
}

/**
 * A finite number option within [min, max].
 * @throws RangeError `options.<name> must be a number from <min> to <max> (got <value>)`
 */
export function numberOption(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `${min} or more` : `from ${min} to ${max}`;
    throw new RangeError(`options.${name} must be a number ${range} (got ${describeValue(value)})`);
  }
  return value;
}

/** A seed: any safe integer (the same seed always gives the same result). */
export function seedOption(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`options.seed must be a whole number (got ${describeValue(value)})`);
  }
  return value;
}

/** The options argument: undefined means all defaults; anything else must be an object. */
export function optionsObject<T extends object>(options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || (options as unknown) === null || Array.isArray(options)) {
    throw new TypeError('options must be an object');
  }
  return options;
}

/**
 * Check a feature table and settle which features it uses: `featureNames` when given, otherwise
 * the feature names of the first row in their order. Returns the rows' values, row by row.
 * @throws TypeError/RangeError naming the first bad row or value
 */
export function readFeatureTable(
  rows: unknown,
  name: string,
  featureNames: readonly string[] | undefined,
  minRows = 1,
): { names: string[]; values: Float64Array[] } {
  if (!Array.isArray(rows)) {
    throw new TypeError(
      `${name} must be an array of { learnerId, features } rows (got ${describeValue(rows)})`,
    );
  }
  if (rows.length < minRows) {
    throw new RangeError(
      minRows === 1
        ? `${name} must not be empty`
        : `${name} must hold at least ${minRows} learners (got ${rows.length})`,
    );
  }
  const names = featureNames === undefined ? undefined : checkFeatureNames(featureNames);
  const values: Float64Array[] = [];
  let resolved = names;
  rows.forEach((row: unknown, i) => {
    if (typeof row !== 'object' || row === null) {
      throw new TypeError(`${name}[${i}] must be an object (got ${describeValue(row)})`);
    }
    const { learnerId, features } = row as Record<string, unknown>;
    if (typeof learnerId !== 'string' || learnerId.length === 0) {
      throw new TypeError(
        `${name}[${i}].learnerId must be a non-empty string (got ${describeValue(learnerId)})`,
      );
    }
    if (typeof features !== 'object' || features === null || Array.isArray(features)) {
      throw new TypeError(
        `${name}[${i}].features must be an object of numbers (got ${describeValue(features)})`,
      );
    }
    const record = features as Record<string, unknown>;
    if (resolved === undefined) {
      resolved = Object.keys(record);
      if (resolved.length === 0) {
        throw new RangeError(`${name}[0].features must name at least one feature`);
      }
    }
    values.push(readFeatures(record, resolved, `${name}[${i}].features`));
  });
  return { names: [...(resolved ?? [])], values };
}

/** One row's values in `names` order. */
export function readFeatures(
  record: Readonly<Record<string, unknown>>,
  names: readonly string[],
  label: string,
): Float64Array {
  const out = new Float64Array(names.length);
  names.forEach((feature, j) => {
    const v = record[feature];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${label}.${feature} must be a finite number (got ${describeValue(v)})`);
    }
    out[j] = v;
  });
  return out;
}

/** Feature names: a non-empty array of distinct non-empty strings. */
export function checkFeatureNames(value: unknown, name = 'options.featureNames'): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${name} must be a non-empty array of feature names`);
  }
  const seen = new Set<string>();
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'string' || v.length === 0) {
      throw new TypeError(`${name}[${i}] must be a non-empty string (got ${describeValue(v)})`);
    }
    if (seen.has(v)) throw new RangeError(`${name} names ${JSON.stringify(v)} twice`);
    seen.add(v);
  });
  return value as string[];
}

/** Means and population standard deviations of each column. */
export function fitStandardiser(
  featureNames: readonly string[],
  values: readonly Float64Array[],
): Standardiser {
  const d = featureNames.length;
  const n = values.length;
  const means = new Array<number>(d).fill(0);
  const sds = new Array<number>(d).fill(0);
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (const row of values) sum += row[j] ?? 0;
    const mean = n > 0 ? sum / n : 0;
    let squares = 0;
    for (const row of values) {
      const delta = (row[j] ?? 0) - mean;
      squares += delta * delta;
    }
    const sd = n > 0 ? Math.sqrt(squares / n) : 0;
    means[j] = mean;
    // A spread lost in rounding (all values equal up to the last bits) counts as none.
    sds[j] = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 0;
  }
  return { featureNames: [...featureNames], means, sds };
}

/** One row as z-scores (0 for a feature with no spread). */
export function standardise(s: Standardiser, row: ArrayLike<number>): Float64Array {
  const d = s.featureNames.length;
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const sd = s.sds[j] ?? 0;
    out[j] = sd > 0 ? ((row[j] ?? 0) - (s.means[j] ?? 0)) / sd : 0;
  }
  return out;
}

/**
 * Check a stored standardiser (part of a serialised model).
 * @throws TypeError/RangeError naming the first bad field
 */
export function checkStandardiser(
  record: Readonly<Record<string, unknown>>,
  prefix: string,
): Standardiser {
  const featureNames = checkFeatureNames(record.featureNames, `${prefix}.featureNames`);
  const numbers = (key: 'means' | 'sds'): number[] => {
    const v = record[key];
    if (!Array.isArray(v) || v.length !== featureNames.length) {
      throw new TypeError(
        `${prefix}.${key} must be an array of ${featureNames.length} numbers, one per feature`,
      );
    }
    v.forEach((x: unknown, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || (key === 'sds' && x < 0)) {
        throw new RangeError(
          `${prefix}.${key}[${i}] must be a finite number${key === 'sds' ? ', 0 or more' : ''} (got ${describeValue(x)})`,
        );
      }
    });
    return v as number[];
  };
  return { featureNames, means: [...numbers('means')], sds: [...numbers('sds')] };
}
