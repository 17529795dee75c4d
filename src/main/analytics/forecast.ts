/**
 * How many repeat purchases will the current customers make over the next weeks, and how sure
 * can we be? A forecast from a fitted BG/NBD model (bgnbd.ts) with an uncertainty band that is
 * computed, not guessed.
 *
 * The expected count is the sum over customers of the model's conditional expectation (equation
 * 10 of Fader, Hardie & Lee 2005), the same number `conditionalExpectedPurchases` gives.
 *
 * The band has two parts, added as variances (the law of total variance):
 *
 * 1. Chance, with the model's parameters taken as right ("process" variance). Given a history
 *    (x, t_x, T), the model's posterior over a customer is a mixture: with probability P(alive)
 *    the customer is still buying, with purchase rate ~ Gamma(r + x, alpha + T) and drop-out
 *    probability ~ Beta(a, b + x); otherwise they never buy again. A customer still buying with
 *    rate lambda and drop-out p makes at least k purchases in the next t time units when the
 *    Poisson clock ticks k times by t AND they did not drop out after any of the first k − 1:
 *        P(N(t) >= k) = P(Poisson(lambda t) >= k) · (1 − p)^(k − 1).
 *    Averaged over the gamma and beta posteriors (independent given the history) that is
 *        P(N(t) >= k) = NBD tail(k) · B(a, b' + k − 1) / B(a, b'),
 *    so E[N] = Σ_k P(N >= k) and E[N²] = Σ_k (2k − 1) P(N >= k), summed until the terms vanish.
 *    Customers are independent given the parameters, so their variances add up.
 *
 * 2. The parameters themselves are estimates ("parameter" variance), by the delta method: the
 *    covariance of the log-parameters is the inverse of the observed information (minus the
 *    Hessian of the log-likelihood at the fit, by central differences), and the forecast's
 *    gradient with respect to the log-parameters (by forward differences) carries it to the
 *    forecast: gᵀ Σ g. Where the information is not positive definite (a likelihood flat in some
 *    direction, as tiny or degenerate bases give), this part is reported as unavailable rather
 *    than as zero.
 *
 * The band is expected ± z · sd with the normal z of the chosen level, floored at 0: a normal
 * approximation to the total, good when the expected count is more than a few dozen and rougher
 * below. What it does NOT cover: purchases by customers who have not bought yet, changes the
 * model cannot see (a new course, a price change, the season), and the model being wrong for
 * this business. It is the uncertainty of the model's own forecast, nothing more.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { CholeskyDecomposition, Matrix, inverse } from 'ml-matrix';
import {
  assertBgNbdParams,
  bgNbdLogLikelihoodOf,
  probabilityAlive,
  type BgNbdParams,
  type RecencyFrequencyAge,
} from './bgnbd';
import {
  aliveCountMoments,
  aliveCountSums,
  SeriesCoefficients,
  type CountMoments,
} from './forecast-series';

export { aliveCountMoments, type CountMoments } from './forecast-series';

/**
 * Two-sided normal quantiles for the levels offered. simple-statistics' probit is a lookup table
 * good to two decimals (1.6434 for 0.95): too coarse for a band, so the exact values are here.
 */
const NORMAL_Z: Readonly<Record<string, number>> = {
  '0.8': 1.2815515655446004,
  '0.9': 1.6448536269514722,
  '0.95': 1.959963984540054,
};
export const FORECAST_LEVELS: readonly number[] = [0.8, 0.9, 0.95];

/** Step in log-parameter space for the numerical Hessian and gradients. */
const LOG_STEP = 1e-3;
const PARAM_KEYS = ['r', 'alpha', 'a', 'b'] as const;

function checkHorizon(t: unknown, name: string): asserts t is number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new RangeError(
      `${name} must be a finite number of time units, 0 or more (got ${String(t)})`,
    );
  }
}

/**
 * Moments of the number of repeat purchases in the next t time units by a customer with history
 * (x, t_x, T), under the model: the posterior mixture of "still buying" (probability P(alive))
 * and "gone for good".
 */
export function conditionalCountMoments(
  params: BgNbdParams,
  t: number,
  x: number,
  tX: number,
  T: number,
): CountMoments & { readonly probabilityAlive: number } {
  assertBgNbdParams(params);
  checkHorizon(t, 't');
  const alive = probabilityAlive(params, x, tX, T);
  const future = aliveCountMoments(posterior(params, x, T), t);
  const mean = alive * future.mean;
  const secondMoment = alive * future.secondMoment;
  return {
    probabilityAlive: alive,
    mean,
    secondMoment,
    variance: Math.max(0, secondMoment - mean * mean),
  };
}

function posterior(params: BgNbdParams, x: number, T: number): BgNbdParams {
  return { r: params.r + x, alpha: params.alpha + T, a: params.a, b: params.b + x };
}

/** Identical histories pooled with a weight: every sum below runs over these. */
export interface Pooled {
  readonly x: number;
  readonly tX: number;
  readonly T: number;
  weight: number;
}

/**
 * Histories grouped by (x, T): the posterior of a customer still buying depends on x and T only,
 * so the series runs once per group; t_x enters through P(alive) alone.
 */
export interface Group {
  readonly x: number;
  readonly T: number;
  readonly members: readonly Pooled[];
}

/**
 * Identical histories pooled, then grouped by (x, T), each list in the order of its first
 * customer, through maps keyed by the numbers themselves (no text key per customer: 88,000 on
 * the benchmark workspace).
 */
export function groupByXT(customers: readonly RecencyFrequencyAge[]): Group[] {
  const groups: { x: number; T: number; members: Pooled[] }[] = [];
  const byX = new Map<number, Map<number, { members: Pooled[]; byTx: Map<number, Pooled> }>>();
  for (const c of customers) {
    let byT = byX.get(c.x);
    if (byT === undefined) {
      byT = new Map();
      byX.set(c.x, byT);
    }
    let group = byT.get(c.T);
    if (group === undefined) {
      const members: Pooled[] = [];
      group = { members, byTx: new Map() };
      byT.set(c.T, group);
      groups.push({ x: c.x, T: c.T, members });
    }
    const found = group.byTx.get(c.tX);
    if (found) found.weight++;
    else {
      const pooled = { x: c.x, tX: c.tX, T: c.T, weight: 1 };
      group.byTx.set(c.tX, pooled);
      group.members.push(pooled);
    }
  }
  return groups;
}

interface Totals {
  /** Σ E[Y_i] per horizon. */
  readonly mean: number[];
  /** Σ Var[Y_i] per horizon. */
  readonly variance: number[];
}

function totals(
  params: BgNbdParams,
  groups: readonly Group[],
  horizons: readonly number[],
  withVariance: boolean,
  checkpoint: () => void,
): Totals {
  const mean = horizons.map(() => 0);
  const variance = horizons.map(() => 0);
  // One set of arrays for the series' coefficients, refilled per group.
  const coefficients = new SeriesCoefficients(params);
  const sums = new Float64Array(2);
  for (const g of groups) {
    // Σ P(alive) and Σ P(alive)² over the group's customers.
    let s1 = 0;
    let s2 = 0;
    for (const h of g.members) {
      const pa = probabilityAlive(params, h.x, h.tX, h.T);
      s1 += h.weight * pa;
      s2 += h.weight * pa * pa;
    }
    const post = posterior(params, g.x, g.T);
    coefficients.reset(post);
    for (let i = 0; i < horizons.length; i++) {
      aliveCountSums(post, horizons[i] ?? 0, coefficients, sums);
      const m1 = sums[0] ?? 0;
      mean[i] = (mean[i] ?? 0) + s1 * m1;
      // Var = P·E[N²] − P²·E[N]², summed over the group's customers.
      if (withVariance) variance[i] = (variance[i] ?? 0) + s1 * (sums[1] ?? 0) - s2 * m1 * m1;
    }
    checkpoint();
  }
  return { mean, variance: variance.map((v) => Math.max(0, v)) };
}

function withLog(params: BgNbdParams, index: number, delta: number): BgNbdParams {
  const key = PARAM_KEYS[index];
  if (key === undefined) return params;
  return { ...params, [key]: params[key] * Math.exp(delta) };
}

export interface ParameterCovariance {
  /** Covariance of (ln r, ln alpha, ln a, ln b), 4 × 4. */
  readonly logCovariance: readonly (readonly number[])[];
  /** Standard errors of r, alpha, a, b (delta method from the log scale). */
  readonly standardErrors: BgNbdParams;
}

/**
 * The estimates' covariance from the observed information: minus the Hessian of the total
 * log-likelihood at `params`, in log-parameters, by central differences, inverted.
 * @throws RangeError when the information is not positive definite (the likelihood is flat or
 *   curved the wrong way in some direction: the estimates' uncertainty cannot be told this way)
 */
export function bgNbdParameterCovariance(
  params: BgNbdParams,
  customers: readonly RecencyFrequencyAge[],
): ParameterCovariance {
  assertBgNbdParams(params);
  if (customers.length === 0) throw new RangeError('customers must not be empty');
  const logLik = bgNbdLogLikelihoodOf(customers);
  const h = LOG_STEP;
  const at = (steps: readonly (readonly [number, number])[]): number => {
    let p = params;
    for (const [index, delta] of steps) p = withLog(p, index, delta);
    return logLik(p);
  };
  const n = PARAM_KEYS.length;
  const centre = logLik(params);
  const info = Matrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    const second = (at([[i, h]]) - 2 * centre + at([[i, -h]])) / (h * h);
    info.set(i, i, -second);
    for (let j = i + 1; j < n; j++) {
      const mixed =
        (at([
          [i, h],
          [j, h],
        ]) -
          at([
            [i, h],
            [j, -h],
          ]) -
          at([
            [i, -h],
            [j, h],
          ]) +
          at([
            [i, -h],
            [j, -h],
          ])) /
        (4 * h * h);
      info.set(i, j, -mixed);
      info.set(j, i, -mixed);
    }
  }
  if (
    !info.to1DArray().every(Number.isFinite) ||
    !new CholeskyDecomposition(info).isPositiveDefinite()
  ) {
    throw new RangeError(
      'the log-likelihood is not curved downwards in every direction at these parameters: their uncertainty cannot be estimated from it',
    );
  }
  const covariance = inverse(info);
  const logCovariance = covariance.to2DArray();
  const se = (i: number): number => {
    const key = PARAM_KEYS[i] ?? 'r';
    return params[key] * Math.sqrt(Math.max(0, covariance.get(i, i)));
  };
  return {
    logCovariance,
    standardErrors: { r: se(0), alpha: se(1), a: se(2), b: se(3) },
  };
}

export interface ForecastOptions {
  /** Horizons, in the model's time units after the end of the data, increasing (e.g. 1..26 weeks). */
  readonly horizons: readonly number[];
  /** Central probability of the band: 0.8, 0.9 (default) or 0.95. */
  readonly level?: number;
  /**
   * Add the parameters' own uncertainty (default true). Pass a covariance to reuse one, or false
   * for chance alone.
   */
  readonly parameterUncertainty?: boolean | ParameterCovariance;
  /** Called between groups of customers: a worker's cancel checkpoint. */
  readonly checkpoint?: () => void;
}

export interface ForecastPoint {
  /** Time units after the end of the data. */
  readonly t: number;
  /** Expected repeat purchases by all customers together, from the end of the data to t. */
  readonly expected: number;
  /** The band: expected ∓ z · sd, the lower end floored at 0. */
  readonly lower: number;
  readonly upper: number;
  /** Standard deviation from chance alone (parameters taken as right). */
  readonly processSd: number;
  /** Standard deviation from the parameters' estimation error; null when not estimable. */
  readonly parameterSd: number | null;
  /** sqrt(processSd² + parameterSd²). */
  readonly sd: number;
}

export interface RepeatPurchaseForecast {
  readonly customers: number;
  readonly level: number;
  readonly z: number;
  readonly points: readonly ForecastPoint[];
  /** The estimates' covariance, or null with the reason it could not be had. */
  readonly parameters:
    | { readonly covariance: ParameterCovariance; readonly unavailable: null }
    | { readonly covariance: null; readonly unavailable: string | null };
}

/**
 * Expected cumulative repeat purchases by a customer base over the given horizons, with a band
 * (see the file header for what it covers and what it does not).
 * @throws TypeError/RangeError for bad parameters, histories, horizons or level
 */
export function repeatPurchaseForecast(
  params: BgNbdParams,
  customers: readonly RecencyFrequencyAge[],
  options: ForecastOptions,
): RepeatPurchaseForecast {
  assertBgNbdParams(params);
  const given: unknown = customers;
  if (!Array.isArray(given) || customers.length === 0) {
    throw new RangeError('customers must be a non-empty array of { x, tX, T } histories');
  }
  customers.forEach((c, i) => {
    // probabilityAlive checks each history; this names the customer that fails.
    try {
      probabilityAlive(params, c.x, c.tX, c.T);
    } catch (error) {
      throw new RangeError(`customers[${i}]: ${(error as Error).message}`);
    }
  });
  const { horizons } = options;
  const list: unknown = horizons;
  if (!Array.isArray(list) || horizons.length === 0) {
    throw new RangeError('options.horizons must be a non-empty array of time units');
  }
  horizons.forEach((t, i) => {
    checkHorizon(t, `options.horizons[${i}]`);
    if (i > 0 && t <= (horizons[i - 1] ?? 0)) {
      throw new RangeError(`options.horizons must increase (got ${horizons.join(', ')})`);
    }
  });
  const level = options.level ?? 0.9;
  const z = NORMAL_Z[String(level)];
  if (z === undefined) {
    throw new RangeError(
      `options.level must be one of ${FORECAST_LEVELS.join(', ')} (got ${String(level)})`,
    );
  }
  const checkpoint = options.checkpoint ?? (() => undefined);
  const groups = groupByXT(customers);
  const base = totals(params, groups, horizons, true, checkpoint);

  let parameters: RepeatPurchaseForecast['parameters'] = { covariance: null, unavailable: null };
  const wanted = options.parameterUncertainty ?? true;
  if (wanted !== false) {
    try {
      const covariance = wanted === true ? bgNbdParameterCovariance(params, customers) : wanted;
      parameters = { covariance, unavailable: null };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      parameters = { covariance: null, unavailable: error.message };
    }
  }

  let parameterVariance: number[] | null = null;
  if (parameters.covariance) {
    // Gradient of the expected totals with respect to each log-parameter, by forward
    // differences from the totals already computed: one extra pass per parameter, and a
    // relative error of about LOG_STEP (0.1%) on a standard deviation, which is plenty.
    const gradients = PARAM_KEYS.map((_, k) => {
      const up = totals(withLog(params, k, LOG_STEP), groups, horizons, false, checkpoint).mean;
      return horizons.map((_t, i) => ((up[i] ?? 0) - (base.mean[i] ?? 0)) / LOG_STEP);
    });
    const cov = parameters.covariance.logCovariance;
    parameterVariance = horizons.map((_t, i) => {
      let v = 0;
      for (let p = 0; p < PARAM_KEYS.length; p++) {
        for (let q = 0; q < PARAM_KEYS.length; q++) {
          v += (gradients[p]?.[i] ?? 0) * (cov[p]?.[q] ?? 0) * (gradients[q]?.[i] ?? 0);
        }
      }
      return Math.max(0, v);
    });
  }

  const points = horizons.map((t, i) => {
    const expected = base.mean[i] ?? 0;
    const processVar = base.variance[i] ?? 0;
    const paramVar = parameterVariance?.[i] ?? null;
    const sd = Math.sqrt(processVar + (paramVar ?? 0));
    return {
      t,
      expected,
      lower: Math.max(0, expected - z * sd),
      upper: expected + z * sd,
      processSd: Math.sqrt(processVar),
      parameterSd: paramVar === null ? null : Math.sqrt(paramVar),
      sd,
    };
  });
  return { customers: customers.length, level, z, points, parameters };
}
