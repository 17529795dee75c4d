/**
 * Purchase propensity: how likely a learner is to buy a given course, from their engagement and
 * purchase history, by logistic regression — with its accuracy measured by cross-validated AUC.
 *
 * In words an educator can check:
 * - Each feature is turned into a z-score (standard deviations above or below the average
 *   learner), so the coefficients of features in different units can be compared.
 * - The model says: log-odds of buying = intercept + Σ coefficient × z-score. Its coefficients are
 *   reported as odds ratios per standard deviation: 1.8 means "one standard deviation more of
 *   this feature, all else equal, goes with 1.8 times the odds of buying"; 0.5 halves the odds;
 *   1 means no link. A link is not a cause.
 * - The coefficients are shrunk slightly towards zero (L2 regularisation, strength `l2`), which
 *   keeps them finite when a feature separates buyers perfectly and steadies them when features
 *   are correlated.
 * - AUC (area under the ROC curve) is the chance that a randomly chosen buyer gets a higher score
 *   than a randomly chosen non-buyer (a tie counts half): 0.5 is guessing, 1 is perfect. It is
 *   measured by k-fold cross-validation — the model is scored only on learners it was not fitted
 *   on — with folds that keep the share of buyers the same in each fold (stratified, seeded).
 *
 * Why not a library: ml-logistic-regression (npm, v2.0.0) fits by a fixed number of plain
 * gradient-descent steps with a fixed learning rate, has no regularisation, no convergence test
 * and no probability output for new rows. Newton's method (IRLS) below converges in a handful of
 * steps to the exact penalised optimum; ml-matrix does the matrix algebra.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { fitLogisticIrls, type Design, type LogisticFit } from './logistic-irls';
import { aucMannWhitney } from './auc';
import { readModelHeader } from './model-header';

export { aucMannWhitney };
import { createRng } from '../kernel/random';
import {
  checkStandardiser,
  describeValue,
  numberOption,
  optionsObject,
  readFeatureTable,
  seedOption,
  wholeOption,
  type LearnerFeatureRow,
  type Standardiser,
} from './feature-table';
import {
  checkFeatureTable,
  fitStandardiserTable,
  flattenTable,
  type FeatureTable,
} from './feature-matrix';

/** A learner's features and whether they bought the course the model is about. */
export interface PropensityRow extends LearnerFeatureRow {
  readonly bought: boolean;
}

export interface PropensityOptions {
  /** The course the `bought` labels are about; recorded in the model. */
  readonly courseId: string;
  /** Features used, in order (default: the features of the first row). */
  readonly featureNames?: readonly string[];
  /** Strength of the L2 penalty on the coefficients (not the intercept); default 1. */
  readonly l2?: number;
  /** Number of cross-validation folds (default 5). */
  readonly folds?: number;
  /** Seed for the fold assignment (default 1). */
  readonly seed?: number;
  /** Newton steps allowed per fit (default 100; usually under 10 are needed). */
  readonly maxIterations?: number;
}

/** A fitted propensity model as stored and sent. */
export interface PropensityModel {
  readonly model: 'purchase-propensity';
  readonly version: 1;
  readonly courseId: string;
  readonly standardiser: Standardiser;
  /** Log-odds of buying for a learner at the average of every feature. */
  readonly intercept: number;
  /** Change in log-odds per standard deviation of each feature, in feature order. */
  readonly coefficients: readonly number[];
  readonly l2: number;
}

export interface OddsRatio {
  readonly feature: string;
  /** Change in the log-odds of buying per standard deviation more of the feature. */
  readonly coefficientPerSd: number;
  /** exp(coefficientPerSd): how the odds of buying multiply per standard deviation more. */
  readonly oddsRatioPerSd: number;
  /** One standard deviation of the feature, in its own units (0: the feature never varies). */
  readonly sd: number;
}

export interface CrossValidation {
  readonly folds: number;
  /** AUC on each held-out fold. */
  readonly foldAuc: readonly number[];
  /** Average of the fold AUCs. */
  readonly meanAuc: number;
  /**
   * AUC of all held-out predictions together. Scores from the different fold models meet here,
   * so it can be a little below the fold AUCs even when each fold model ranks perfectly.
   */
  readonly pooledAuc: number;
}

export interface PropensityFit {
  /** The model fitted on all rows. */
  readonly model: PropensityModel;
  /** Odds ratios per standard deviation, strongest link (largest |coefficient|) first. */
  readonly oddsRatios: readonly OddsRatio[];
  readonly crossValidation: CrossValidation;
  readonly rows: number;
  readonly buyers: number;
  /** Newton steps of the final fit, and whether it converged. */
  readonly iterations: number;
  readonly converged: boolean;
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * The rows `which` (all rows when null) of a row-major feature table, z-scored with `standardiser`
 * and with a leading 1, into `into` (reused between folds): the same numbers, in the same order,
 * as standardise() row by row, without an array per row.
 */
function designMatrix(
  standardiser: Standardiser,
  table: Float64Array,
  which: Int32Array | null,
  into: Float64Array,
): Design {
  const d = standardiser.featureNames.length;
  const width = d + 1;
  const n = which === null ? table.length / Math.max(d, 1) : which.length;
  const { means, sds } = standardiser;
  for (let i = 0; i < n; i++) {
    const from = (which === null ? i : (which[i] ?? 0)) * d;
    const to = i * width;
    into[to] = 1;
    for (let j = 0; j < d; j++) {
      const sd = sds[j] ?? 0;
      into[to + 1 + j] = sd > 0 ? ((table[from + j] ?? 0) - (means[j] ?? 0)) / sd : 0;
    }
  }
  return { x: into.subarray(0, n * width), n, d: width };
}

function trainModel(
  courseId: string,
  names: readonly string[],
  table: Float64Array,
  which: Int32Array | null,
  labels: Float64Array,
  settings: { l2: number; maxIterations: number; start?: readonly number[] },
  buffer: Float64Array,
): { model: PropensityModel; fit: LogisticFit } {
  const { l2, maxIterations, start } = settings;
  const standardiser = fitStandardiserTable(names, table, which);
  const y = which === null ? labels : Float64Array.from(which, (i) => labels[i] ?? 0);
  const design = designMatrix(standardiser, table, which, buffer);
  const fit = fitLogisticIrls(design, y, l2, maxIterations, start);
  const [intercept = 0, ...coefficients] = fit.beta;
  return {
    model: {
      model: 'purchase-propensity',
      version: 1,
      courseId,
      standardiser,
      intercept,
      coefficients,
      l2,
    },
    fit,
  };
}

/** The model's probability for row `row` of a row-major table (standardise() then the sum). */
function probabilityAt(model: PropensityModel, table: Float64Array, row: number): number {
  const { means, sds } = model.standardiser;
  const d = model.coefficients.length;
  let eta = model.intercept;
  for (let j = 0; j < d; j++) {
    const sd = sds[j] ?? 0;
    const z = sd > 0 ? ((table[row * d + j] ?? 0) - (means[j] ?? 0)) / sd : 0;
    eta += (model.coefficients[j] ?? 0) * z;
  }
  return sigmoid(eta);
}

/**
 * Stratified fold numbers: buyers and non-buyers are each shuffled (seeded) and dealt out in turn,
 * so every fold gets about the same number of each.
 */
function stratifiedFolds(labels: Float64Array, folds: number, seed: number): Int32Array {
  const rng = createRng(seed, 'propensity-folds');
  const fold = new Int32Array(labels.length);
  let dealt = 0;
  for (const wanted of [1, 0]) {
    const members: number[] = [];
    labels.forEach((l, i) => {
      if (l === wanted) members.push(i);
    });
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const a = members[i] ?? 0;
      members[i] = members[j] ?? 0;
      members[j] = a;
    }
    for (const m of members) fold[m] = dealt++ % folds;
  }
  return fold;
}

/**
 * Fit a purchase-propensity model for one course and measure it by stratified k-fold
 * cross-validated AUC (see the file comment for what each number means).
 *
 * @throws TypeError/RangeError for a malformed table, bad options, or fewer buyers or non-buyers
 *   than folds
 */
export function fitPropensity(
  rows: readonly PropensityRow[],
  options: PropensityOptions,
): PropensityFit {
  checkCourseOption(options);
  const o = optionsObject(options);
  const { names, values } = readFeatureTable(rows, 'rows', o.featureNames);
  readSettings(o);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    const bought: unknown = row.bought;
    if (typeof bought !== 'boolean') {
      throw new TypeError(`rows[${i}].bought must be true or false (got ${describeValue(bought)})`);
    }
    labels[i] = bought ? 1 : 0;
  });
  return fitPropensityTable(flattenTable(names, values), labels, options);
}

/**
 * fitPropensity over a feature table already read into one row-major array (FeatureTable), with
 * `bought[i]` 1 for a buyer and 0 otherwise: what the analytics worker fits on a whole workspace,
 * without an object per learner. The same rows give the same fit, bit for bit.
 * @throws TypeError/RangeError for a malformed table, bad options, or too few buyers or non-buyers
 */
export function fitPropensityTable(
  table: FeatureTable,
  bought: Uint8Array,
  options: PropensityOptions,
): PropensityFit {
  const courseId = checkCourseOption(options);
  const o = optionsObject(options);
  const { names, values } = checkFeatureTable(table);
  const n = bought.length;
  if (n * names.length !== values.length) {
    throw new RangeError(
      `bought must have one label per row of the table (got ${n} labels for ${values.length / names.length} rows)`,
    );
  }
  if (o.featureNames !== undefined && o.featureNames.join('\u0000') !== names.join('\u0000')) {
    throw new RangeError("options.featureNames must be the table's feature names, in order");
  }
  const { folds, seed, ...settings } = readSettings(o);
  const labels = new Float64Array(n);
  let buyers = 0;
  for (let i = 0; i < n; i++) {
    if (bought[i] === 1) {
      labels[i] = 1;
      buyers++;
    }
  }
  const nonBuyers = n - buyers;
  if (buyers < folds || nonBuyers < folds) {
    throw new RangeError(
      `rows must include at least ${folds} buyers and ${folds} non-buyers for ${folds}-fold cross-validation (got ${buyers} buyers and ${nonBuyers} non-buyers)`,
    );
  }

  // One design buffer for every fit: the folds' are views of its start.
  const buffer = new Float64Array(n * (names.length + 1));
  const all = Array.from(labels, (l) => l === 1);
  const { model, fit } = trainModel(courseId, names, values, null, labels, settings, buffer);
  // Each fold's fit starts from the fit on every row: on 80% of the same learners its optimum is
  // close, so Newton's method needs about half the steps to reach it (to the same tolerance).
  const warm = { ...settings, start: [model.intercept, ...model.coefficients] };
  const fold = stratifiedFolds(labels, folds, seed);
  const heldOut = new Float64Array(n);
  const foldAuc: number[] = [];
  for (let f = 0; f < folds; f++) {
    let testSize = 0;
    for (let i = 0; i < n; i++) if (fold[i] === f) testSize++;
    const train = new Int32Array(n - testSize);
    const test = new Int32Array(testSize);
    let tr = 0;
    let te = 0;
    for (let i = 0; i < n; i++) {
      if (fold[i] === f) test[te++] = i;
      else train[tr++] = i;
    }
    const folded = trainModel(courseId, names, values, train, labels, warm, buffer).model;
    const scores = Array.from(test, (i) => probabilityAt(folded, values, i));
    test.forEach((i, t) => (heldOut[i] = scores[t] ?? 0));
    foldAuc.push(
      aucMannWhitney(
        scores,
        Array.from(test, (i) => labels[i] === 1),
      ),
    );
  }
  const oddsRatios = names
    .map((feature, j) => {
      const coefficientPerSd = model.coefficients[j] ?? 0;
      return {
        feature,
        coefficientPerSd,
        oddsRatioPerSd: Math.exp(coefficientPerSd),
        sd: model.standardiser.sds[j] ?? 0,
        j,
      };
    })
    .sort((p, q) => Math.abs(q.coefficientPerSd) - Math.abs(p.coefficientPerSd) || p.j - q.j)
    .map(({ j: _j, ...ratio }) => ratio);
  return {
    model,
    oddsRatios,
    crossValidation: {
      folds,
      foldAuc,
      meanAuc: foldAuc.reduce((s, v) => s + v, 0) / folds,
      pooledAuc: aucMannWhitney(Array.from(heldOut), all),
    },
    rows: n,
    buyers,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

function readSettings(o: Partial<PropensityOptions>): {
  l2: number;
  folds: number;
  seed: number;
  maxIterations: number;
} {
  return {
    l2: numberOption('l2', o.l2 ?? 1, 0, 1e6),
    folds: wholeOption('folds', o.folds ?? 5, 2, 20),
    seed: seedOption(o.seed ?? 1),
    maxIterations: wholeOption('maxIterations', o.maxIterations ?? 100, 1, 10_000),
  };
}

function checkCourseOption(options: PropensityOptions): string {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new TypeError('options must be an object with a courseId');
  }
  const { courseId } = options;
  if (typeof courseId !== 'string' || courseId.length === 0) {
    throw new TypeError(
      `options.courseId must be a non-empty string (got ${describeValue(courseId)})`,
    );
  }
  return courseId;
}

/**
 * Probability of buying the model's course for each row, from its features (in input order).
 * @throws TypeError/RangeError for a bad model or a row missing one of the model's features
 */
export function predictPropensity(
  model: PropensityModel,
  rows: readonly LearnerFeatureRow[],
): number[] {
  const checked = parsePropensityModel(model);
  const { names, values } = readFeatureTable(rows, 'rows', checked.standardiser.featureNames);
  return predictPropensityTable(checked, flattenTable(names, values));
}

/**
 * predictPropensity over a row-major feature table whose features are the model's, in order.
 * @throws TypeError/RangeError for a bad model or a table with other features
 */
export function predictPropensityTable(model: PropensityModel, table: FeatureTable): number[] {
  const checked = parsePropensityModel(model);
  const { names, values } = checkFeatureTable(table);
  if (names.join('\u0000') !== checked.standardiser.featureNames.join('\u0000')) {
    throw new RangeError("the table's features must be the model's, in order");
  }
  const n = names.length === 0 ? 0 : values.length / names.length;
  return Array.from({ length: n }, (_, i) => probabilityAt(checked, values, i));
}

/**
 * Read a serialised propensity model (the parsed JSON of a PropensityModel) back, checking every
 * field.
 * @throws TypeError/RangeError naming the first bad field
 */
export function parsePropensityModel(value: unknown): PropensityModel {
  const record = readModelHeader(value, 'purchase-propensity', 1);
  const { courseId, intercept, coefficients, l2 } = record;
  if (typeof courseId !== 'string' || courseId.length === 0) {
    throw new TypeError(
      `model.courseId must be a non-empty string (got ${describeValue(courseId)})`,
    );
  }
  if (typeof record.standardiser !== 'object' || record.standardiser === null) {
    throw new TypeError('model.standardiser must be an object with featureNames, means and sds');
  }
  const standardiser = checkStandardiser(
    record.standardiser as Record<string, unknown>,
    'model.standardiser',
  );
  if (typeof intercept !== 'number' || !Number.isFinite(intercept)) {
    throw new RangeError(
      `model.intercept must be a finite number (got ${describeValue(intercept)})`,
    );
  }
  const d = standardiser.featureNames.length;
  if (!Array.isArray(coefficients) || coefficients.length !== d) {
    throw new TypeError(`model.coefficients must be an array of ${d} numbers, one per feature`);
  }
  coefficients.forEach((c: unknown, i) => {
    if (typeof c !== 'number' || !Number.isFinite(c)) {
      throw new RangeError(
        `model.coefficients[${i}] must be a finite number (got ${describeValue(c)})`,
      );
    }
  });
  if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0) {
    throw new RangeError(`model.l2 must be a finite number, 0 or more (got ${describeValue(l2)})`);
  }
  return {
    model: 'purchase-propensity',
    version: 1,
    courseId,
    standardiser,
    intercept,
    coefficients: [...(coefficients as number[])],
    l2,
  };
}
