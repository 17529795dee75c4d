/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV: using
 * iso-value curves for customer base analysis", Journal of Marketing Research 42(4); the
 * likelihood as in Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"), and the
 * customer value that combines it with the BG/NBD purchase forecast.
 *
 * The story: each customer has their own typical spend per purchase; individual purchases
 * scatter around it (gamma with shape p). Typical spends differ between customers and follow
 * a gamma distribution across the base (shape q, scale gamma). A customer's expected spend is
 * then a weighted average of their own observed mean and the base's mean — the more purchases
 * we have seen, the more weight their own mean gets. Spend is assumed independent of how often
 * a customer buys.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { readModelHeader } from './model-header';
import {
  conditionalExpectedPurchases,
  parseBgNbdModel,
  probabilityAlive,
  type BgNbdModel,
} from './bgnbd';
import { minimiseBfgs, minimiseNelderMead } from './optimise';
import { digamma, logGamma } from './special-functions';

export interface GammaGammaParams {
  /** Shape of the spread of one customer's purchase amounts around their typical spend. */
  readonly p: number;
  /** Shape of the distribution of typical spends across customers. */
  readonly q: number;
  /** Scale of the distribution of typical spends across customers (currency units). */
  readonly gamma: number;
}

/** A fitted Gamma-Gamma model as stored and sent: JSON.stringify gives its serialised form. */
export interface GammaGammaModel {
  readonly model: 'gamma-gamma';
  readonly version: 1;
  readonly params: GammaGammaParams;
}

/** One customer's spend history: x repeat purchase days with mean spend zbar (see rfm.ts). */
export interface SpendHistory {
  /** Names the customer in errors (rfm.ts rows have it). */
  readonly customerId?: string;
  readonly x: number;
  readonly zbar: number;
}

const PARAM_NAMES = ['p', 'q', 'gamma'] as const;

/**
 * Check Gamma-Gamma parameters.
 * @throws TypeError/RangeError naming the first bad parameter
 */
export function assertGammaGammaParams(
  params: unknown,
  name = 'params',
): asserts params is GammaGammaParams {
  if (typeof params !== 'object' || params === null) {
    throw new TypeError(`${name} must be an object with p, q and gamma`);
  }
  const record = params as Record<string, unknown>;
  for (const key of PARAM_NAMES) {
    const v = record[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new RangeError(`${name}.${key} must be a positive finite number (got ${String(v)})`);
    }
  }
}

function checkSpend(x: unknown, zbar: unknown, prefix: string): void {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
    throw new RangeError(
      `${prefix}x must be a whole number of repeat purchases, 0 or more (got ${String(x)})`,
    );
  }
  if (typeof zbar !== 'number' || !Number.isFinite(zbar) || zbar < 0) {
    throw new RangeError(`${prefix}zbar must be a finite amount, 0 or more (got ${String(zbar)})`);
  }
}

/**
 * Validates the list and returns the repeat customers (x > 0) with a mean repeat spend above 0,
 * the only ones the spend model can use, and how many repeat customers had only free repeat
 * purchases (zbar = 0): those are left out of the fit, as lifetimes leaves them out (its
 * documentation asks for positive monetary values), and counted. One such customer (CDNOW
 * master's 10243) must not refuse a whole base.
 */
function repeatCustomers(
  customers: unknown,
  name: string,
): { xs: Float64Array; zbars: Float64Array; leftOut: number } {
  if (!Array.isArray(customers)) {
    throw new TypeError(`${name} must be an array of { x, zbar } histories`);
  }
  if (customers.length === 0) throw new RangeError(`${name} must not be empty`);
  const list = customers as unknown[];
  const xs = new Float64Array(list.length);
  const zbars = new Float64Array(list.length);
  let used = 0;
  let leftOut = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (typeof c !== 'object' || c === null) {
      if (!(i in list)) continue; // a hole, as forEach skips it
      throw new TypeError(`${name}[${i}] must be an object with x and zbar`);
    }
    const { x, zbar, customerId } = c as Record<string, unknown>;
    if (
      typeof x !== 'number' ||
      !Number.isInteger(x) ||
      x < 0 ||
      typeof zbar !== 'number' ||
      !Number.isFinite(zbar) ||
      zbar < 0
    ) {
      // A customer is named by their id when the history has one (an index means nothing to a user).
      const who =
        typeof customerId === 'string'
          ? `customer ${JSON.stringify(customerId)}: `
          : `${name}[${i}].`;
      checkSpend(x, zbar, who);
    }
    if (x === 0) continue;
    if (zbar === 0) {
      leftOut++;
      continue;
    }
    xs[used] = x as number;
    zbars[used] = zbar as number;
    used++;
  }
  if (used === 0) {
    throw new RangeError(
      leftOut === 0
        ? `${name} must include at least one repeat customer (x > 0)`
        : `${name} must include at least one repeat customer (x > 0) who paid for a repeat purchase (all ${leftOut} have zbar = 0)`,
    );
  }
  return { xs: xs.subarray(0, used), zbars: zbars.subarray(0, used), leftOut };
}

function logLikelihoodUnchecked(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  return (
    logGamma(px + q) -
    logGamma(px) -
    logGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(zbar) +
    px * Math.log(x) -
    (px + q) * Math.log(x * zbar + gamma)
  );
}

/**
 * Total log-likelihood of the repeat customers' mean spends (customers with x = 0 carry no
 * spend information and are skipped, as are repeat customers with zbar = 0, whom the fit leaves
 * out); higher fits better.
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  customers: readonly SpendHistory[],
): number {
  assertGammaGammaParams(params);
  let sum = 0;
  const { xs, zbars } = repeatCustomers(customers, 'customers');
  for (let i = 0; i < xs.length; i++) {
    sum += logLikelihoodUnchecked(params, xs[i] ?? 0, zbars[i] ?? 0);
  }
  return sum;
}

export interface GammaGammaFitOptions {
  /** Where the search starts (default p = q = gamma = 1). */
  readonly initialParams?: GammaGammaParams;
  /** Budget of likelihood evaluations (default 20,000). */
  readonly maxEvaluations?: number;
}

export interface GammaGammaFit {
  readonly model: GammaGammaModel;
  readonly logLikelihood: number;
  /** Repeat customers the model was fitted on (x > 0, zbar > 0). */
  readonly customers: number;
  /** Repeat customers left out because their repeat purchases were all free (zbar = 0). */
  readonly leftOut: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/**
 * Fit the Gamma-Gamma model by maximum likelihood on the repeat customers (x > 0) of a base;
 * customers with x = 0 may be passed and are skipped; repeat customers whose repeat purchases
 * were all free (zbar = 0) are left out and counted in `leftOut`.
 * @throws RangeError/TypeError for an empty or malformed list, or no repeat customer
 */
export function fitGammaGamma(
  customers: readonly SpendHistory[],
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  const { xs, zbars, leftOut } = repeatCustomers(customers, 'customers');
  const initial = options.initialParams ?? { p: 1, q: 1, gamma: 1 };
  assertGammaGammaParams(initial, 'options.initialParams');
  const n = xs.length;
  const objective = pooledObjective(xs, zbars);
  const start = PARAM_NAMES.map((k) => Math.log(initial[k]));
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  // BFGS with the exact gradient needs a few dozen evaluations; should it stop short of a
  // stationary point, Nelder–Mead goes on from there within the remaining budget.
  const quasiNewton = minimiseBfgs(objective, start, {
    maxEvaluations: Math.min(maxEvaluations, BFGS_BUDGET),
  });
  let result = quasiNewton;
  if (!quasiNewton.converged && quasiNewton.evaluations < maxEvaluations) {
    const values = new Float64Array(3);
    const simplex = minimiseNelderMead(
      (x) => objective(Float64Array.from(x), values),
      quasiNewton.x,
      { maxEvaluations: maxEvaluations - quasiNewton.evaluations },
    );
    result = { ...simplex, evaluations: simplex.evaluations + quasiNewton.evaluations };
  }
  const [p, q, gamma] = result.x.map(Math.exp);
  return {
    model: gammaGammaModel({ p: p ?? 1, q: q ?? 1, gamma: gamma ?? 1 }),
    logLikelihood: -result.value * n,
    customers: n,
    leftOut,
    evaluations: result.evaluations,
    converged: result.converged,
  };
}

/** Evaluations BFGS may take before Nelder–Mead takes over. */
const BFGS_BUDGET = 500;

/**
 * The fit's objective over log-parameters (log p, log q, log gamma): the mean negative
 * log-likelihood, writing its exact gradient. Identical (x, zbar) are pooled with a weight, and
 * the x-only terms are computed once per distinct x per evaluation; what is left per pooled
 * customer is one logarithm and one division.
 */
function pooledObjective(
  xs: Float64Array,
  zbars: Float64Array,
): (logParams: Float64Array, gradient: Float64Array) => number {
  const xIndex = new Map<number, number>();
  const xValues: number[] = [];
  const byX: Map<number, number>[] = [];
  const hX: number[] = [];
  const hZbar: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? 0;
    const zbar = zbars[i] ?? 0;
    let ix = xIndex.get(x);
    if (ix === undefined) {
      ix = xValues.length;
      xIndex.set(x, ix);
      xValues.push(x);
      byX.push(new Map());
    }
    const seen = byX[ix];
    const h = seen?.get(zbar);
    if (h !== undefined) {
      weights[h] = (weights[h] ?? 0) + 1;
      continue;
    }
    seen?.set(zbar, weights.length);
    hX.push(ix);
    hZbar.push(zbar);
    weights.push(1);
  }
  const n = xs.length;
  const m = weights.length;
  const ixOf = Int32Array.from(hX);
  const weight = Float64Array.from(weights);
  const xOf = Float64Array.from(hX, (ix) => xValues[ix] ?? 0);
  const xZbar = Float64Array.from(hZbar, (z, h) => z * (xOf[h] ?? 0));
  const logZbar = Float64Array.from(hZbar, Math.log);
  const nX = xValues.length;
  const weightOfX = new Float64Array(nX);
  for (let h = 0; h < m; h++) {
    const ix = ixOf[h] ?? 0;
    weightOfX[ix] = (weightOfX[ix] ?? 0) + (weight[h] ?? 0);
  }
  return (logParams, gradient) => {
    const p = Math.exp(logParams[0] ?? 0);
    const q = Math.exp(logParams[1] ?? 0);
    const gamma = Math.exp(logParams[2] ?? 0);
    // exp over- or underflows far from the optimum: outside the model's domain.
    for (const v of [p, q, gamma]) {
      if (!(v > 0 && Number.isFinite(v))) return Number.POSITIVE_INFINITY;
    }
    // Per customer: (px − 1) ln zbar − (px + q) ln(x zbar + gamma), and its derivatives.
    let sum = 0;
    let dP = 0;
    let dQ = 0;
    let dGamma = 0;
    for (let h = 0; h < m; h++) {
      const w = weight[h] ?? 0;
      const x = xOf[h] ?? 0;
      const px = p * x;
      const v = (xZbar[h] ?? 0) + gamma;
      const logV = Math.log(v);
      const lz = logZbar[h] ?? 0;
      sum += w * ((px - 1) * lz - (px + q) * logV);
      dP += w * x * (lz - logV);
      dQ -= w * logV;
      dGamma -= (w * (px + q)) / v;
    }
    // The terms of x alone: q ln gamma − lnΓ(q) + lnΓ(px + q) − lnΓ(px) + px ln x.
    const logGammaQ = logGamma(q);
    const psiQ = digamma(q);
    const logScale = Math.log(gamma);
    for (let i = 0; i < nX; i++) {
      const x = xValues[i] ?? 0;
      const w = weightOfX[i] ?? 0;
      const px = p * x;
      const logX = Math.log(x);
      sum += w * (q * logScale - logGammaQ + logGamma(px + q) - logGamma(px) + px * logX);
      const psiPxQ = digamma(px + q);
      dP += w * x * (psiPxQ - digamma(px) + logX);
      dQ += w * (logScale - psiQ + psiPxQ);
      dGamma += (w * q) / gamma;
    }
    // d/d(log θ) = θ d/dθ, of the mean negative log-likelihood.
    gradient[0] = (-p * dP) / n;
    gradient[1] = (-q * dQ) / n;
    gradient[2] = (-gamma * dGamma) / n;
    return -sum / n;
  };
}

/** Build a model from parameters (checked). */
export function gammaGammaModel(params: GammaGammaParams): GammaGammaModel {
  assertGammaGammaParams(params);
  const { p, q, gamma } = params;
  return { model: 'gamma-gamma', version: 1, params: { p, q, gamma } };
}

/**
 * Read a serialised model (the parsed JSON of a GammaGammaModel) back, checking every field.
 * @throws TypeError/RangeError naming the first bad field
 */
export function parseGammaGammaModel(value: unknown): GammaGammaModel {
  const record = readModelHeader(value, 'gamma-gamma', 1);
  assertGammaGammaParams(record.params, 'model.params');
  return gammaGammaModel(record.params);
}

/**
 * Expected spend per future purchase for a customer with x repeat purchases of mean zbar:
 * p (gamma + x zbar) / (p x + q - 1), a weighted average of the base's mean spend
 * p gamma / (q - 1) and the customer's own mean zbar, with weight p x / (p x + q - 1) on the
 * latter. For a customer without repeat purchases (x = 0) it is the base's mean.
 * @throws RangeError when q ≤ 1 (the base's mean spend is then infinite)
 */
export function conditionalExpectedAverageSpend(
  params: GammaGammaParams,
  x: number,
  zbar: number,
): number {
  assertGammaGammaParams(params);
  checkSpend(x, zbar, '');
  const { p, q, gamma } = params;
  if (q <= 1) {
    throw new RangeError(`params.q must be above 1 for the expected spend to be finite (got ${q})`);
  }
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}

/** Days per month for discounting, as in `lifetimes` (a 30-day month). */
export const DAYS_PER_MONTH = 30;

export interface CustomerValueInput {
  readonly bgnbd: BgNbdModel;
  readonly gammaGamma: GammaGammaModel;
  /** How far ahead to look, in days (e.g. 90, or 365 for 12 months). */
  readonly horizonDays: number;
  /** The customer's history in the BG/NBD model's time unit, with mean repeat spend zbar. */
  readonly customer: {
    readonly x: number;
    readonly tX: number;
    readonly T: number;
    readonly zbar: number;
  };
  /**
   * Discount rate per 30-day month (default 0: no discounting). With a rate d, the purchases
   * expected in month k (days 30(k-1)..30k, the last month cut at the horizon) are worth
   * 1 / (1 + d)^(end of that month in months) of their face value.
   */
  readonly monthlyDiscountRate?: number;
}

export interface CustomerValue {
  readonly horizonDays: number;
  /** Expected repeat purchase days within the horizon (BG/NBD conditional expectation). */
  readonly expectedPurchases: number;
  /** Expected spend per purchase (Gamma-Gamma conditional expectation), currency units. */
  readonly expectedAverageSpend: number;
  /**
   * Predicted value: expected purchases × expected spend per purchase, discounted month by
   * month when a discount rate is given. In the currency units of zbar.
   */
  readonly value: number;
  /** Probability that the customer is still active now (BG/NBD). */
  readonly probabilityAlive: number;
}

/**
 * Predicted value of one customer over the next `horizonDays` days: how many purchases the
 * BG/NBD model expects from them, times how much the Gamma-Gamma model expects them to spend
 * per purchase. No discounting unless a monthly discount rate is given.
 */
export function customerValue(input: CustomerValueInput): CustomerValue {
  if (typeof input !== 'object' || (input as unknown) === null) {
    throw new TypeError('input must be an object with bgnbd, gammaGamma, horizonDays and customer');
  }
  const bgnbd = parseBgNbdModel(input.bgnbd);
  const gammaGamma = parseGammaGammaModel(input.gammaGamma);
  const { horizonDays, customer } = input;
  if (typeof horizonDays !== 'number' || !Number.isFinite(horizonDays) || horizonDays < 0) {
    throw new RangeError(
      `horizonDays must be a finite number of days, 0 or more (got ${String(horizonDays)})`,
    );
  }
  const rate = input.monthlyDiscountRate ?? 0;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
    throw new RangeError(
      `monthlyDiscountRate must be a finite rate, 0 or more (got ${String(rate)})`,
    );
  }
  if (typeof customer !== 'object' || (customer as unknown) === null) {
    throw new TypeError('customer must be an object with x, tX, T and zbar');
  }
  const { x, tX, T, zbar } = customer;
  const spend = conditionalExpectedAverageSpend(gammaGamma.params, x, zbar);
  const unit = bgnbd.timeUnitDays;
  const expectedBy = (days: number): number =>
    conditionalExpectedPurchases(bgnbd.params, days / unit, x, tX, T);

  const purchases = expectedBy(horizonDays);
  let value = purchases * spend;
  if (rate > 0) {
    value = 0;
    let previous = 0;
    for (let start = 0; start < horizonDays; start += DAYS_PER_MONTH) {
      const end = Math.min(start + DAYS_PER_MONTH, horizonDays);
      const cumulative = expectedBy(end);
      value += ((cumulative - previous) * spend) / Math.pow(1 + rate, end / DAYS_PER_MONTH);
      previous = cumulative;
    }
  }
  return {
    horizonDays,
    expectedPurchases: purchases,
    expectedAverageSpend: spend,
    value,
    probabilityAlive: probabilityAlive(bgnbd.params, x, tX, T),
  };
}
