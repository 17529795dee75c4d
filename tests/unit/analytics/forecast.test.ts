import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  bgNbdLogLikelihoodOf,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  type BgNbdParams,
} from '../../../src/main/analytics/bgnbd';
import {
  aliveCountMoments,
  bgNbdParameterCovariance,
  conditionalCountMoments,
  repeatPurchaseForecast,
} from '../../../src/main/analytics/forecast';
import { logGamma } from '../../../src/main/analytics/special-functions';
import { purchaseDaysByCustomer, utcDay } from '../../../src/main/analytics/transactions';
import { createRng } from '../../../src/main/kernel/random';
import { simulateCustomer } from './bgnbd-simulate';
import {
  CDNOW_CALIBRATION_END,
  loadCdnowTransactions,
  loadPublishedSummaryNumbers,
} from './cdnow-fixture';
import { expectError } from './expect-error';

const cdnow = loadPublishedSummaryNumbers();
const fitted = fitBgNbd(cdnow).model.params;
const WEEKS_39 = Array.from({ length: 39 }, (_, i) => i + 1);

/**
 * P(X(t) = x) for a new customer: equation 8 of Fader, Hardie & Lee (2005), written out
 * independently of forecast.ts's series, to check its variance.
 */
function paperPmf(p: BgNbdParams, t: number, x: number): number {
  const { r, alpha, a, b } = p;
  const logBeta = (u: number, v: number): number => logGamma(u) + logGamma(v) - logGamma(u + v);
  const base = logBeta(a, b);
  const logNbd = (j: number): number =>
    logGamma(r + j) -
    logGamma(r) -
    logGamma(j + 1) +
    r * Math.log(alpha / (alpha + t)) +
    j * Math.log(t / (alpha + t));
  let value = Math.exp(logBeta(a, b + x) - base + logNbd(x));
  if (x > 0) {
    let below = 0;
    for (let j = 0; j < x; j++) below += Math.exp(logNbd(j));
    value += Math.exp(logBeta(a + 1, b + x - 1) - base) * (1 - below);
  }
  return value;
}

describe('purchase-count moments', () => {
  it("have the mean of bgnbd.ts's E[X(t)] for a new customer", () => {
    for (const t of [0.25, 1, 3, 39, 78, 520]) {
      const m = aliveCountMoments(fitted, t);
      expect(Math.abs(m.mean / expectedPurchases(fitted, t) - 1), `t = ${t}`).toBeLessThan(1e-10);
    }
    expect(aliveCountMoments(fitted, 0)).toEqual({ mean: 0, secondMoment: 0, variance: 0 });
  });

  it('have the variance of the paper’s P(X(t) = x) (equation 8)', () => {
    for (const t of [1, 13, 39]) {
      let total = 0;
      let mean = 0;
      let second = 0;
      for (let x = 0; x < 400; x++) {
        const p = paperPmf(fitted, t, x);
        total += p;
        mean += x * p;
        second += x * x * p;
      }
      expect(total).toBeCloseTo(1, 10);
      const m = aliveCountMoments(fitted, t);
      expect(m.mean).toBeCloseTo(mean, 9);
      expect(m.variance).toBeCloseTo(second - mean * mean, 8);
    }
  });

  it("have the mean of bgnbd.ts's conditional expectation for known customers", () => {
    const histories = [
      [0, 0, 38.86],
      [2, 30.43, 38.86],
      [7, 29.43, 38.86],
      [26, 30.86, 31],
      [1, 1.71, 38.86],
      [40, 12, 52],
    ] as const;
    for (const [x, tX, T] of histories) {
      for (const t of [1, 26, 39]) {
        const m = conditionalCountMoments(fitted, t, x, tX, T);
        const expected = conditionalExpectedPurchases(fitted, t, x, tX, T);
        expect(Math.abs(m.mean / expected - 1), `${x} ${tX} ${T} t=${t}`).toBeLessThan(1e-10);
        expect(m.variance).toBeGreaterThan(0);
      }
    }
  });
});

describe('repeatPurchaseForecast', () => {
  const forecast = repeatPurchaseForecast(fitted, cdnow, { horizons: WEEKS_39 });

  it('expects the sum of every customer’s conditional expectation, week by week', () => {
    expect(forecast.customers).toBe(2357);
    expect(forecast.points.map((p) => p.t)).toEqual(WEEKS_39);
    for (const point of forecast.points) {
      const sum = cdnow.reduce(
        (acc, c) => acc + conditionalExpectedPurchases(fitted, point.t, c.x, c.tX, c.T),
        0,
      );
      expect(Math.abs(point.expected / sum - 1), `week ${point.t}`).toBeLessThan(1e-10);
    }
  });

  it('gives a band that widens with the horizon and adds both variances', () => {
    const { points } = forecast;
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.expected).toBeGreaterThan(points[i - 1]!.expected);
      expect(points[i]!.sd).toBeGreaterThan(points[i - 1]!.sd);
    }
    for (const p of points) {
      expect(p.parameterSd).not.toBeNull();
      expect(p.sd).toBeCloseTo(Math.hypot(p.processSd, p.parameterSd ?? 0), 9);
      expect(p.upper - p.expected).toBeCloseTo(1.6448536269514722 * p.sd, 9);
      expect(p.lower).toBeCloseTo(Math.max(0, p.expected - 1.6448536269514722 * p.sd), 9);
    }
    expect(forecast.level).toBe(0.9);
  });

  it('differentiates the same log-likelihood the fit maximises (pooled histories)', () => {
    const pooled = bgNbdLogLikelihoodOf(cdnow);
    for (const p of [fitted, { r: 0.5, alpha: 2, a: 1.5, b: 4 }]) {
      expect(pooled(p)).toBeCloseTo(bgNbdLogLikelihood(p, cdnow), 6);
    }
    expect(pooled(fitted)).toBeCloseTo(-9582.4, 1);
  });

  it('estimates the standard errors lifetimes prints for CDNOW (0.01, 0.38, 0.19, 0.71)', () => {
    // lifetimes' BetaGeoFitter on the same 2,357 customers prints se(coef) r 0.01, alpha 0.38,
    // a 0.19, b 0.71 (from the Hessian of its likelihood): the observed information here agrees.
    const se = forecast.parameters.covariance?.standardErrors;
    expect(se?.r.toFixed(2)).toBe('0.01');
    expect(se?.alpha.toFixed(2)).toBe('0.38');
    expect(se?.a.toFixed(2)).toBe('0.19');
    expect(se?.b.toFixed(2)).toBe('0.71');
  });

  it('covers CDNOW’s real holdout at first, but not the Christmas season it cannot see', () => {
    // Real data, not a simulation: repeat purchase days in the 39 weeks after the calibration
    // period (1997-10-01..1998-06-30), cumulated by week. The model knows nothing of the season:
    // the first weeks fall inside the band; the October–December rush pushes the actual count
    // above it and it stays there. The band is the model's uncertainty, not the world's.
    const end = utcDay(CDNOW_CALIBRATION_END);
    const byWeek = new Array<number>(40).fill(0);
    for (const [, days] of purchaseDaysByCustomer(loadCdnowTransactions())) {
      for (const d of days) {
        if (d.day > end && d.day <= end + 39 * 7) {
          const week = Math.ceil((d.day - end) / 7);
          byWeek[week] = (byWeek[week] ?? 0) + 1;
        }
      }
    }
    let cumulative = 0;
    const actual = WEEKS_39.map((week) => (cumulative += byWeek[week] ?? 0));
    expect(actual[38]).toBe(1882);
    const inside = forecast.points.map((p, i) => actual[i]! >= p.lower && actual[i]! <= p.upper);
    expect(inside.slice(0, 3)).toEqual([true, true, true]);
    expect(forecast.points[38]!.upper).toBeLessThan(1882);
  });

  it('matches the spread of simulated futures (chance alone, parameters known)', () => {
    // Whole customer lives are simulated from the model, the forecast is made from their
    // histories only, and the real future is then compared with it: over many seeded
    // replications the standardised error must be centred on 0 with spread 1, and the 90% band
    // must hold about 90% of the outcomes.
    const truth: BgNbdParams = { r: 0.8, alpha: 6, a: 0.9, b: 3.5 };
    const rng = createRng(20_261_122, 'forecast-check');
    const replications = 400;
    const horizon = 26;
    const zs: number[] = [];
    let covered = 0;
    for (let rep = 0; rep < replications; rep++) {
      const lives = Array.from({ length: 150 }, () =>
        simulateCustomer(rng, truth, rng.uniform(4, 52), horizon),
      );
      const f = repeatPurchaseForecast(truth, lives, {
        horizons: [horizon],
        parameterUncertainty: false,
      });
      const point = f.points[0]!;
      const outcome = lives.reduce((acc, c) => acc + c.future, 0);
      zs.push((outcome - point.expected) / point.processSd);
      if (outcome >= point.lower && outcome <= point.upper) covered++;
      expect(point.parameterSd).toBeNull();
    }
    const mean = zs.reduce((acc, z) => acc + z, 0) / zs.length;
    const sd = Math.sqrt(zs.reduce((acc, z) => acc + (z - mean) ** 2, 0) / (zs.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(sd).toBeGreaterThan(0.9);
    expect(sd).toBeLessThan(1.1);
    expect(covered / replications).toBeGreaterThan(0.86);
    expect(covered / replications).toBeLessThan(0.94);
  });

  it('puts the parameter part near the spread of refits on simulated data (parametric bootstrap)', () => {
    // One base simulated from known parameters and fitted; the delta method's parameter sd of
    // its 26-week forecast is compared with the spread of the same forecast (same histories)
    // under refits on 25 bases simulated from the fitted parameters.
    const truth: BgNbdParams = { r: 0.5, alpha: 4, a: 0.7, b: 2.5 };
    const rng = createRng(7, 'bootstrap-check');
    const ages = Array.from({ length: 800 }, () => rng.uniform(8, 52));
    const base = ages.map((T) => simulateCustomer(rng, truth, T, 0));
    const fit = fitBgNbd(base).model.params;
    const f = repeatPurchaseForecast(fit, base, { horizons: [26] });
    const deltaSd = f.points[0]!.parameterSd!;
    const totals: number[] = [];
    for (let b = 0; b < 25; b++) {
      const again = ages.map((T) => simulateCustomer(rng, fit, T, 0));
      const refit = fitBgNbd(again).model.params;
      totals.push(
        base.reduce((acc, c) => acc + conditionalExpectedPurchases(refit, 26, c.x, c.tX, c.T), 0),
      );
    }
    const mean = totals.reduce((acc, v) => acc + v, 0) / totals.length;
    const sd = Math.sqrt(totals.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (totals.length - 1));
    expect(sd / deltaSd).toBeGreaterThan(0.6);
    expect(sd / deltaSd).toBeLessThan(1.6);
  }, 60_000); // a few hundred refits: seconds on a busy 2-core machine

  it('says when the parameters’ uncertainty cannot be estimated, and keeps the chance part', () => {
    // One customer cannot pin down four parameters: the information matrix is singular.
    const lone = [{ x: 1, tX: 3, T: 10 }];
    const f = repeatPurchaseForecast(fitted, lone, { horizons: [1, 2] });
    expect(f.parameters.covariance).toBeNull();
    expect(f.parameters.unavailable).toMatch(/not curved downwards/);
    expect(f.points.every((p) => p.parameterSd === null && p.sd === p.processSd)).toBe(true);
    expect(() => bgNbdParameterCovariance(fitted, lone)).toThrow(RangeError);
  });

  it('refuses bad input with a clear message', () => {
    expectError(
      () => repeatPurchaseForecast(fitted, [], { horizons: [1] }),
      RangeError,
      'customers must be a non-empty array of { x, tX, T } histories',
    );
    expectError(
      () => repeatPurchaseForecast(fitted, cdnow, { horizons: [2, 2] }),
      RangeError,
      'options.horizons must increase (got 2, 2)',
    );
    expectError(
      () => repeatPurchaseForecast(fitted, cdnow, { horizons: [-1] }),
      RangeError,
      'options.horizons[0] must be a finite number of time units, 0 or more (got -1)',
    );
    expectError(
      () => repeatPurchaseForecast(fitted, cdnow, { horizons: [1], level: 0.5 }),
      RangeError,
      'options.level must be one of 0.8, 0.9, 0.95 (got 0.5)',
    );
    expectError(
      () => repeatPurchaseForecast(fitted, [{ x: 0, tX: 2, T: 5 }], { horizons: [1] }),
      RangeError,
      'customers[0]: tX must be 0 when x is 0 (got 2)',
    );
    expectError(
      () => repeatPurchaseForecast({ ...fitted, r: 0 }, cdnow, { horizons: [1] }),
      RangeError,
      'params.r must be a positive finite number (got 0)',
    );
  });
});
