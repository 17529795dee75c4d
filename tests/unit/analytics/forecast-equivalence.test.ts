import { describe, expect, it } from 'vitest';
import type { BgNbdParams, RecencyFrequencyAge } from '../../../src/main/analytics/bgnbd';
import {
  repeatPurchaseForecast,
  type ParameterCovariance,
} from '../../../src/main/analytics/forecast';
import { createRng } from '../../../src/main/kernel/random';
import { referenceForecast } from './forecast-reference';

// The forecast with its division-free stopping test (forecast-series.ts) must give the forecast
// of the series as written before (forecast-reference.ts, one customer at a time) to within a
// relative 1e-9 on every number: both stop once the rest is provably below 1e-14 of the second
// moment, so they differ by rounding only (the pooled sums' order and the stopping decision at
// the boundary), which the parameter part's forward differences (/ 1e-3) amplify a thousandfold.
const TOLERANCE = 1e-9;

/** A positive definite covariance of the log-parameters, the same for both sides. */
const COVARIANCE: ParameterCovariance = {
  logCovariance: [
    [0.04, 0.01, 0.002, -0.003],
    [0.01, 0.05, 0.001, 0.002],
    [0.002, 0.001, 0.09, 0.03],
    [-0.003, 0.002, 0.03, 0.08],
  ],
  standardErrors: { r: 0, alpha: 0, a: 0, b: 0 },
};

function histories(seed: number, n: number, maxT: number, maxX: number): RecencyFrequencyAge[] {
  const rng = createRng(seed, 'forecast-equivalence');
  const customers: RecencyFrequencyAge[] = [];
  for (let i = 0; i < n; i++) {
    const T = 0.1 + rng.next() * maxT;
    const x = rng.next() < 0.4 ? 0 : rng.int(1, maxX);
    customers.push({ x, tX: x === 0 ? 0 : T * rng.next(), T });
  }
  return customers;
}

function expectClose(got: number | null, expected: number, what: string): void {
  if (got === null) throw new Error(`${what}: null`);
  const scale = Math.max(Math.abs(expected), 1e-300);
  if (Math.abs(got - expected) > TOLERANCE * scale) {
    throw new Error(`${what}: ${got} vs reference ${expected}`);
  }
}

const CASES: {
  name: string;
  params: BgNbdParams;
  customers: RecencyFrequencyAge[];
  horizons: number[];
}[] = [
  {
    name: 'CDNOW-like parameters, 26 weekly horizons',
    params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    customers: histories(1, 120, 78, 20),
    horizons: Array.from({ length: 26 }, (_, i) => i + 1),
  },
  {
    name: 'long series: alpha and T tiny, horizons far (q near 1)',
    params: { r: 0.8, alpha: 0.02, a: 2.5, b: 0.4 },
    customers: histories(2, 25, 0.5, 3),
    horizons: [1, 5, 26, 52],
  },
  {
    name: 'extreme: a tiny (almost no drop-out), r large, many purchases',
    params: { r: 40, alpha: 3, a: 0.003, b: 0.7 },
    customers: histories(3, 40, 30, 60),
    horizons: [0.5, 1, 4, 13, 26],
  },
  {
    name: 'extreme: r tiny, b large',
    params: { r: 0.01, alpha: 150, a: 5, b: 80 },
    customers: histories(4, 60, 104, 8),
    horizons: Array.from({ length: 26 }, (_, i) => i + 1),
  },
];

describe('repeatPurchaseForecast against the series as written before', () => {
  for (const c of CASES) {
    it(`agrees to ${TOLERANCE} relative: ${c.name}`, () => {
      const got = repeatPurchaseForecast(c.params, c.customers, {
        horizons: c.horizons,
        parameterUncertainty: COVARIANCE,
      });
      const expected = referenceForecast(c.params, c.customers, c.horizons, COVARIANCE);
      expect(got.points.length).toBe(expected.length);
      got.points.forEach((p, i) => {
        const e = expected[i];
        if (e === undefined) throw new Error(`no reference point ${i}`);
        expect(p.t).toBe(e.t);
        expect(e.expected).toBeGreaterThan(0);
        expectClose(p.expected, e.expected, `t=${p.t} expected`);
        expectClose(p.processSd, e.processSd, `t=${p.t} processSd`);
        expectClose(p.parameterSd, e.parameterSd, `t=${p.t} parameterSd`);
      });
    });
  }
});
