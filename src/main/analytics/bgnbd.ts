/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the
 * easy way", Marketing Science 24(2)): who is still a customer, and how many purchases to expect.
 *
 * The story, in words an educator can check against their own learners:
 * - While a customer is "alive", they buy at their own steady rate (purchases arrive at random,
 *   a Poisson process). Rates differ between customers; across the base they follow a gamma
 *   distribution with shape r and scale alpha (mean rate r / alpha purchases per time unit).
 * - After each purchase, a customer may quietly drop out for good, with their own probability p.
 *   Across the base p follows a beta distribution with parameters a and b (mean a / (a + b)).
 * - We never see the drop-out; we only see each customer's history: x repeat purchases, the
 *   last at t_x, watched for T time units since their first purchase (see rfm.ts).
 * The four numbers r, alpha, a, b are fitted by maximum likelihood over the whole customer base.
 *
 * Implementation notes: the log-likelihood is the numerically stable A1..A4 form (as in the
 * paper's section 7 and the `lifetimes` package) with a log-sum-exp; the fit runs BFGS with the
 * exact gradient (bgnbd-pooled.ts) over log-parameters, which keeps every parameter positive.
 * Pure: no I/O, no Node built-ins.
 */
import { poolBgNbd, type PooledBgNbd } from './bgnbd-pooled';
import { minimiseBfgs, minimiseNelderMead, type MinimiseResult } from './optimise';
import { readModelHeader } from './model-header';
import { hyp2f1, logAddExp, logGamma } from './special-functions';

export interface BgNbdParams {
  /** Shape of the gamma distribution of purchase rates across customers. */
  readonly r: number;
  /** Scale of the gamma distribution of purchase rates (in time units). */
  readonly alpha: number;
  /** First parameter of the beta distribution of drop-out probabilities. */
  readonly a: number;
  /** Second parameter of the beta distribution of drop-out probabilities. */
  readonly b: number;
}

/** A fitted BG/NBD model as stored and sent: JSON.stringify gives its serialised form. */
export interface BgNbdModel {
  readonly model: 'bgnbd';
  readonly version: 1;
  /** The time unit t_x, T and all horizons are measured in, in days (7: weeks). */
  readonly timeUnitDays: number;
  readonly params: BgNbdParams;
}

/** One customer's history in the model's terms (an RfmSummaryRow fits). */
export interface RecencyFrequencyAge {
  /** Names the customer in errors (rfm.ts rows have it). */
  readonly customerId?: string;
  /** Repeat purchase days in the calibration period. */
  readonly x: number;
  /** Time of the last repeat purchase after the first purchase, in time units (0 when x = 0). */
  readonly tX: number;
  /** Time from the first purchase to the end of the calibration period, in time units. */
  readonly T: number;
}

const PARAM_NAMES = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Check BG/NBD parameters.
 * @throws TypeError/RangeError naming the first bad parameter
 */
export function assertBgNbdParams(params: unknown, name = 'params'): asserts params is BgNbdParams {
  if (typeof params !== 'object' || params === null) {
    throw new TypeError(`${name} must be an object with r, alpha, a and b`);
  }
  const record = params as Record<string, unknown>;
  for (const key of PARAM_NAMES) {
    const v = record[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new RangeError(`${name}.${key} must be a positive finite number (got ${String(v)})`);
    }
  }
}

function checkHistory(x: unknown, tX: unknown, T: unknown, prefix: string): void {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
    throw new RangeError(
      `${prefix}x must be a whole number of repeat purchases, 0 or more (got ${String(x)})`,
    );
  }
  if (typeof tX !== 'number' || !Number.isFinite(tX) || tX < 0) {
    throw new RangeError(`${prefix}tX must be a finite number, 0 or more (got ${String(tX)})`);
  }
  if (typeof T !== 'number' || !Number.isFinite(T) || T < tX) {
    throw new RangeError(
      `${prefix}T must be a finite number no smaller than tX (got T=${String(T)}, tX=${tX})`,
    );
  }
  if (x === 0 && tX !== 0) {
    throw new RangeError(`${prefix}tX must be 0 when x is 0 (got ${tX})`);
  }
}

function checkCustomers(
  customers: unknown,
  name: string,
): asserts customers is RecencyFrequencyAge[] {
  if (!Array.isArray(customers)) {
    throw new TypeError(`${name} must be an array of { x, tX, T } histories`);
  }
  if (customers.length === 0) throw new RangeError(`${name} must not be empty`);
  customers.forEach((c: unknown, i) => {
    if (typeof c !== 'object' || c === null) {
      throw new TypeError(`${name}[${i}] must be an object with x, tX and T`);
    }
    const { x, tX, T, customerId } = c as Record<string, unknown>;
    if (
      typeof x === 'number' &&
      Number.isInteger(x) &&
      x >= 0 &&
      typeof tX === 'number' &&
      Number.isFinite(tX) &&
      tX >= 0 &&
      typeof T === 'number' &&
      Number.isFinite(T) &&
      T >= tX &&
      (x > 0 || tX === 0)
    ) {
      return; // the common case, without building a name
    }
    // A customer is named by their id when the history has one (an index means nothing to a user).
    const who =
      typeof customerId === 'string'
        ? `customer ${JSON.stringify(customerId)}: `
        : `${name}[${i}].`;
    checkHistory(x, tX, T, who);
  });
}

function checkTime(t: unknown, name: string): asserts t is number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new RangeError(
      `${name} must be a finite number of time units, 0 or more (got ${String(t)})`,
    );
  }
}

function logLikelihoodUnchecked(p: BgNbdParams, x: number, tX: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 =
    x > 0
      ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tX)
      : Number.NEGATIVE_INFINITY;
  return a1 + a2 + logAddExp(a3, a4);
}

/**
 * Log-likelihood of one customer's history (x, t_x, T) under the model: how probable the model
 * finds exactly this history. Equation 6 of the paper, as ln(A1) + ln(A2) + ln(A3 + A4).
 */
export function bgNbdCustomerLogLikelihood(
  params: BgNbdParams,
  x: number,
  tX: number,
  T: number,
): number {
  assertBgNbdParams(params);
  checkHistory(x, tX, T, '');
  return logLikelihoodUnchecked(params, x, tX, T);
}

/** Total log-likelihood of a customer base (the sum over customers); higher fits better. */
export function bgNbdLogLikelihood(
  params: BgNbdParams,
  customers: readonly RecencyFrequencyAge[],
): number {
  assertBgNbdParams(params);
  checkCustomers(customers, 'customers');
  let sum = 0;
  for (const c of customers) sum += logLikelihoodUnchecked(params, c.x, c.tX, c.T);
  return sum;
}

export interface BgNbdFitOptions {
  /** Time unit of t_x and T in days, recorded in the model (default 7: weeks). */
  readonly timeUnitDays?: number;
  /** Where the search starts (default r = alpha = a = b = 1). */
  readonly initialParams?: BgNbdParams;
  /** Budget of likelihood evaluations (default 20,000; CDNOW needs about 2,000). */
  readonly maxEvaluations?: number;
}

export interface BgNbdFit {
  readonly model: BgNbdModel;
  /** Total log-likelihood at the fitted parameters. */
  readonly logLikelihood: number;
  /** Customers the model was fitted on. */
  readonly customers: number;
  readonly evaluations: number;
  /** False if the evaluation budget ran out first: treat the parameters with suspicion. */
  readonly converged: boolean;
}

/**
 * Fit the BG/NBD model to a customer base by maximum likelihood.
 *
 * Identical histories are pooled (weighted) before the search, which makes each likelihood
 * evaluation proportional to the number of distinct (x, t_x, T) rather than of customers.
 * @throws RangeError/TypeError for an empty or malformed list, bad options, or a base with no
 *   repeat purchase at all (then drop-out cannot be told from slow buying).
 */
export function fitBgNbd(
  customers: readonly RecencyFrequencyAge[],
  options: BgNbdFitOptions = {},
): BgNbdFit {
  checkCustomers(customers, 'customers');
  const timeUnitDays = options.timeUnitDays ?? 7;
  checkTimeUnit(timeUnitDays, 'options.timeUnitDays');
  const initial = options.initialParams ?? { r: 1, alpha: 1, a: 1, b: 1 };
  assertBgNbdParams(initial, 'options.initialParams');
  if (!customers.some((c) => c.x > 0)) {
    throw new RangeError(
      'customers must include at least one repeat purchase (x > 0): with none, the model cannot tell drop-out from slow buying',
    );
  }

  const pooled = poolBgNbd(customers);
  const result = minimiseLogLikelihood(
    pooled,
    PARAM_NAMES.map((k) => Math.log(initial[k])),
    options.maxEvaluations ?? 20_000,
  );
  const [r, alpha, a, b] = result.x.map(Math.exp);
  const params: BgNbdParams = { r: r ?? 1, alpha: alpha ?? 1, a: a ?? 1, b: b ?? 1 };
  return {
    model: { model: 'bgnbd', version: 1, timeUnitDays, params },
    logLikelihood: -result.value * customers.length,
    customers: customers.length,
    evaluations: result.evaluations,
    converged: result.converged,
  };
}

/**
 * The fit's search, over log-parameters (which keeps every parameter positive) on the mean
 * negative log-likelihood (the same optimum as the total, with tolerances that do not depend on
 * the number of customers): BFGS with the exact gradient, which needs a few dozen evaluations;
 * should it stop short of a stationary point (a flat or degenerate base), Nelder–Mead goes on
 * from where it stopped within the remaining budget.
 */
function minimiseLogLikelihood(
  pooled: PooledBgNbd,
  start: readonly number[],
  maxEvaluations: number,
): MinimiseResult {
  const quasiNewton = minimiseBfgs((x, g) => pooled.valueAndGradient(x, g), start, {
    maxEvaluations: Math.min(maxEvaluations, BFGS_BUDGET),
  });
  if (quasiNewton.converged || quasiNewton.evaluations >= maxEvaluations) return quasiNewton;
  const simplex = minimiseNelderMead((p) => pooled.value(p), quasiNewton.x, {
    maxEvaluations: maxEvaluations - quasiNewton.evaluations,
  });
  return { ...simplex, evaluations: simplex.evaluations + quasiNewton.evaluations };
}

/** Evaluations BFGS may take before Nelder–Mead takes over (CDNOW needs about 30). */
const BFGS_BUDGET = 500;

/**
 * The total log-likelihood of one customer base as a function of the parameters, with identical
 * histories pooled as the fit pools them: for evaluating it many times over the same base (the
 * Hessian of forecast.ts). Equal to bgNbdLogLikelihood(params, customers), much faster.
 * @throws RangeError/TypeError for an empty or malformed list (when built) or bad parameters
 */
export function bgNbdLogLikelihoodOf(
  customers: readonly RecencyFrequencyAge[],
): (params: BgNbdParams) => number {
  checkCustomers(customers, 'customers');
  const pooled = poolBgNbd(customers);
  const n = customers.length;
  return (params) => {
    assertBgNbdParams(params);
    return -pooled.value(PARAM_NAMES.map((k) => Math.log(params[k]))) * n;
  };
}

function checkTimeUnit(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `${name} must be a whole number of days, 1 or more (got ${String(value)})`,
    );
  }
}

/** Build a model from parameters (checked). */
export function bgNbdModel(params: BgNbdParams, timeUnitDays = 7): BgNbdModel {
  assertBgNbdParams(params);
  checkTimeUnit(timeUnitDays, 'timeUnitDays');
  const { r, alpha, a, b } = params;
  return { model: 'bgnbd', version: 1, timeUnitDays, params: { r, alpha, a, b } };
}

/**
 * Read a serialised model (the parsed JSON of a BgNbdModel) back, checking every field.
 * @throws TypeError/RangeError naming the first bad field
 */
export function parseBgNbdModel(value: unknown): BgNbdModel {
  const record = readModelHeader(value, 'bgnbd', 1);
  checkTimeUnit(record.timeUnitDays, 'model.timeUnitDays');
  assertBgNbdParams(record.params, 'model.params');
  return bgNbdModel(record.params, record.timeUnitDays);
}

/**
 * The expected-purchases formula has the factor 1/(a - 1), and its bracket vanishes at a = 1:
 * near there both are computed at a = 1 ± A_NEAR_ONE and interpolated (the result is smooth
 * in a), which costs about 1e-8 relative instead of a 0/0.
 */
const A_NEAR_ONE = 1e-4;

function conditionalExpectedUnchecked(
  p: BgNbdParams,
  t: number,
  x: number,
  tX: number,
  T: number,
): number {
  if (t === 0) return 0;
  if (Math.abs(p.a - 1) < A_NEAR_ONE) {
    const below = conditionalExpectedCore({ ...p, a: 1 - A_NEAR_ONE }, t, x, tX, T);
    const above = conditionalExpectedCore({ ...p, a: 1 + A_NEAR_ONE }, t, x, tX, T);
    return below + ((above - below) * (p.a - (1 - A_NEAR_ONE))) / (2 * A_NEAR_ONE);
  }
  return conditionalExpectedCore(p, t, x, tX, T);
}

/**
 * ((alpha+T)/(alpha+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; z), a number in (0, 1]. The Euler form
 * suits ordinary fits; when a and b are huge (a fit whose dropout mixing has collapsed to almost
 * one value of p, as small or young customer bases give) its series overflows, while the
 * original form then converges in a few terms. Each form is used where it is finite.
 */
function survivingShare(p: BgNbdParams, x: number, z: number, logOneMinusZ: number): number {
  const { r, a, b } = p;
  try {
    const euler = Math.exp((a - 1) * logOneMinusZ) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
    if (Number.isFinite(euler)) return euler;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return Math.exp((r + x) * logOneMinusZ) * hyp2f1(r + x, b + x, a + b + x - 1, z);
}

function conditionalExpectedCore(
  p: BgNbdParams,
  t: number,
  x: number,
  tX: number,
  T: number,
): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const logOneMinusZ = -Math.log1p(t / (alpha + T));
  // Equation 10 has ((alpha+T)/(alpha+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; z). By Euler's
  // transformation that is (1-z)^(a-1) · 2F1(a+b-1-r, a-1; a+b+x-1; z): the same number, but
  // with small upper parameters, so it neither overflows for frequent buyers nor needs
  // thousands of series terms.
  const bracket = 1 - survivingShare(p, x, z, logOneMinusZ);
  const numerator = ((a + b + x - 1) / (a - 1)) * bracket;
  if (x === 0) return numerator;
  const logOdds =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tX));
  return numerator / (1 + Math.exp(logOdds));
}

/**
 * Expected number of repeat purchases in the next t time units by a customer whose history is
 * (x, t_x, T): the model's forecast for one known customer (equation 10 of the paper). It
 * combines how often they bought with how likely they are to still be buying at all.
 */
export function conditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tX: number,
  T: number,
): number {
  assertBgNbdParams(params);
  checkTime(t, 't');
  checkHistory(x, tX, T, '');
  return conditionalExpectedUnchecked(params, t, x, tX, T);
}

/**
 * Expected number of repeat purchases in the first t time units after a customer's first
 * purchase, for a customer we know nothing else about (equation 9 of the paper). Summed over a
 * cohort, it is the cohort's expected repeat-sales curve.
 */
export function expectedPurchases(params: BgNbdParams, t: number): number {
  assertBgNbdParams(params);
  checkTime(t, 't');
  return conditionalExpectedUnchecked(params, t, 0, 0, 0);
}

/**
 * Probability that a customer with history (x, t_x, T) is still "alive" — has not silently
 * stopped buying — at the end of the period. A customer who never bought again (x = 0) is alive
 * by the model's assumption (drop-out happens only right after a purchase), so the value is 1;
 * otherwise it falls the longer the silence since the last purchase is, compared with the
 * customer's usual pace (Fader, Hardie & Lee 2008, "Computing P(alive) using the BG/NBD model").
 * For extreme histories it can underflow to 0.
 */
export function probabilityAlive(params: BgNbdParams, x: number, tX: number, T: number): number {
  assertBgNbdParams(params);
  checkHistory(x, tX, T, '');
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tX));
  // 1 / (1 + e^logOdds), written so that neither branch overflows.
  if (logOdds > 0) {
    const e = Math.exp(-logOdds);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(logOdds));
}
