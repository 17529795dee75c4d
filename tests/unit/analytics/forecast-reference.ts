/**
 * The forecast's count series and totals as they were written before the series' stopping test
 * lost its divisions (forecast-series.ts), kept as the reference the faster code is held to.
 */
import {
  probabilityAlive,
  type BgNbdParams,
  type RecencyFrequencyAge,
} from '../../../src/main/analytics/bgnbd';
import type { ParameterCovariance } from '../../../src/main/analytics/forecast';

export function referenceMoments(params: BgNbdParams, t: number) {
  const { r, alpha, a, b } = params;
  if (t === 0) return { mean: 0, secondMoment: 0, variance: 0 };
  const q = t / (alpha + t);
  let pmf = Math.exp(-r * Math.log1p(t / alpha));
  let tail = 1 - pmf;
  let survive = 1;
  let m1 = 0;
  let m2 = 0;
  for (let k = 1; k <= 200_000; k++) {
    const term = Math.max(tail, 0) * survive;
    m1 += term;
    m2 += (2 * k - 1) * term;
    pmf *= ((r + k - 1) / k) * q;
    tail -= pmf;
    survive *= (b + k - 1) / (a + b + k - 1);
    const rho = Math.max((q * (r + k)) / (k + 1), q);
    if (rho < 1) {
      const tailBound = (pmf * rho) / (1 - rho);
      const rest = (tailBound * survive * (2 * k + 1 + (2 * rho) / (1 - rho))) / (1 - rho);
      if (rest <= 1e-14 * m2) {
        return { mean: m1, secondMoment: m2, variance: Math.max(0, m2 - m1 * m1) };
      }
    }
  }
  throw new Error('did not converge');
}

const LOG_STEP = 1e-3;
const KEYS = ['r', 'alpha', 'a', 'b'] as const;

function referenceTotals(
  params: BgNbdParams,
  customers: readonly RecencyFrequencyAge[],
  horizons: readonly number[],
) {
  const mean = horizons.map(() => 0);
  const variance = horizons.map(() => 0);
  for (const c of customers) {
    const pa = probabilityAlive(params, c.x, c.tX, c.T);
    const post = { r: params.r + c.x, alpha: params.alpha + c.T, a: params.a, b: params.b + c.x };
    horizons.forEach((t, i) => {
      const m = referenceMoments(post, t);
      mean[i] = (mean[i] ?? 0) + pa * m.mean;
      variance[i] = (variance[i] ?? 0) + pa * m.secondMoment - pa * pa * m.mean * m.mean;
    });
  }
  return { mean, variance: variance.map((v) => Math.max(0, v)) };
}

/** Expected, process sd and parameter sd per horizon, one customer at a time (no pooling). */
export function referenceForecast(
  params: BgNbdParams,
  customers: readonly RecencyFrequencyAge[],
  horizons: readonly number[],
  covariance: ParameterCovariance,
) {
  const base = referenceTotals(params, customers, horizons);
  const gradients = KEYS.map((key) => {
    const up = referenceTotals(
      { ...params, [key]: params[key] * Math.exp(LOG_STEP) },
      customers,
      horizons,
    ).mean;
    return horizons.map((_t, i) => ((up[i] ?? 0) - (base.mean[i] ?? 0)) / LOG_STEP);
  });
  return horizons.map((t, i) => {
    let v = 0;
    for (let p = 0; p < 4; p++) {
      for (let q = 0; q < 4; q++) {
        const cov = covariance.logCovariance[p]?.[q] ?? 0;
        v += (gradients[p]?.[i] ?? 0) * cov * (gradients[q]?.[i] ?? 0);
      }
    }
    return {
      t,
      expected: base.mean[i] ?? 0,
      processSd: Math.sqrt(base.variance[i] ?? 0),
      parameterSd: Math.sqrt(Math.max(0, v)),
    };
  });
}
