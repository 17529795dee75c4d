import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, fitBgNbd, type BgNbdParams } from '../../../src/main/analytics/bgnbd';
import { poolBgNbd } from '../../../src/main/analytics/bgnbd-pooled';
import {
  fitGammaGamma,
  gammaGammaLogLikelihood,
  type GammaGammaParams,
} from '../../../src/main/analytics/gamma-gamma';
import { minimiseBfgs, minimiseNelderMead } from '../../../src/main/analytics/optimise';
import { digamma } from '../../../src/main/analytics/special-functions';
import { createRng } from '../../../src/main/kernel/random';
import { loadPublishedSummaryNumbers } from './cdnow-fixture';
import { simulateCustomer } from './bgnbd-simulate';

// The fits search with BFGS on the exact gradient over pooled histories (bgnbd-pooled.ts,
// gamma-gamma.ts). These tests hold them to the plain, ungrouped likelihood maximised the slow
// way (Nelder–Mead over the per-customer sum), and the gradients to finite differences.

const customers = loadPublishedSummaryNumbers();
const BG_KEYS = ['r', 'alpha', 'a', 'b'] as const;
const GG_KEYS = ['p', 'q', 'gamma'] as const;

function relativeGap(p: number, q: number): number {
  return Math.abs(p - q) / Math.abs(q);
}

/** The ungrouped BG/NBD fit: Nelder–Mead on the mean of the per-customer log-likelihoods. */
function slowBgNbdFit(base: readonly { x: number; tX: number; T: number }[]): BgNbdParams {
  const result = minimiseNelderMead(
    (v) => {
      const [r = 0, alpha = 0, a = 0, b = 0] = v.map(Math.exp);
      return -bgNbdLogLikelihood({ r, alpha, a, b }, base) / base.length;
    },
    [0, 0, 0, 0],
  );
  expect(result.converged).toBe(true);
  const [r = 0, alpha = 0, a = 0, b = 0] = result.x.map(Math.exp);
  return { r, alpha, a, b };
}

describe('digamma', () => {
  it('matches closed forms and the derivative of log-gamma', () => {
    const eulerGamma = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-eulerGamma, 14);
    expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.log(2), 14);
    // ψ(n) = H(n-1) − γ
    expect(digamma(20)).toBeCloseTo(
      Array.from({ length: 19 }, (_, k) => 1 / (k + 1)).reduce((s, v) => s + v, 0) - eulerGamma,
      13,
    );
    // ψ(x + 1) = ψ(x) + 1/x, across the switch to the asymptotic series.
    for (const x of [1e-6, 0.003, 0.7, 9.5, 10, 250]) {
      expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, x < 1e-3 ? 6 : 12);
    }
    expect(() => digamma(0)).toThrow(RangeError);
    expect(() => digamma(Number.NaN)).toThrow(/positive finite/);
  });
});

describe('the pooled BG/NBD objective', () => {
  const pooled = poolBgNbd(customers);

  it('pools identical histories and keeps the plain log-likelihood', () => {
    expect(pooled.customers).toBe(2357);
    expect(pooled.histories).toBeLessThan(2357);
    const params: BgNbdParams = { r: 0.3, alpha: 5, a: 0.7, b: 2.2 };
    const logParams = BG_KEYS.map((k) => Math.log(params[k]));
    expect(-pooled.value(logParams) * customers.length).toBeCloseTo(
      bgNbdLogLikelihood(params, customers),
      8,
    );
  });

  it('has the gradient of central finite differences', () => {
    for (const point of [
      [0, 0, 0, 0],
      [Math.log(0.243), Math.log(4.414), Math.log(0.793), Math.log(2.426)],
      [1.2, -0.5, -5, 3],
    ]) {
      const gradient = new Float64Array(4);
      const value = pooled.valueAndGradient(Float64Array.from(point), gradient);
      expect(value).toBeCloseTo(pooled.value(point), 12);
      for (let i = 0; i < 4; i++) {
        const h = 1e-5;
        const up = [...point];
        const down = [...point];
        up[i] = (up[i] ?? 0) + h;
        down[i] = (down[i] ?? 0) - h;
        const numeric = (pooled.value(up) - pooled.value(down)) / (2 * h);
        expect(Math.abs((gradient[i] ?? 0) - numeric), `${point.join(',')} [${i}]`).toBeLessThan(
          1e-7 * Math.max(1, Math.abs(numeric)),
        );
      }
    }
  });
});

describe('fitBgNbd', () => {
  it('equals the ungrouped Nelder–Mead fit on CDNOW, in a few dozen evaluations', () => {
    const fit = fitBgNbd(customers);
    const slow = slowBgNbdFit(customers);
    // The same maximum to 1e-6 of a unit of log-likelihood; the parameters agree to 1e-5 (the
    // likelihood is that flat in a and b: Nelder–Mead on the pooled and on the plain sum
    // already differ by 1.5e-6 in a).
    expect(Math.abs(fit.logLikelihood - bgNbdLogLikelihood(slow, customers))).toBeLessThan(1e-6);
    for (const key of BG_KEYS) {
      expect(relativeGap(fit.model.params[key], slow[key]), key).toBeLessThan(1e-5);
    }
    expect(fit.converged).toBe(true);
    // Nelder–Mead took about 800 evaluations for the same optimum.
    expect(fit.evaluations).toBeLessThan(100);
  });

  it('reaches the old Nelder–Mead optimum on a large simulated base (no stall in rounding noise)', () => {
    const rng = createRng(14, 'fit-gradient');
    const truth: BgNbdParams = { r: 1.4, alpha: 8, a: 0.05, b: 1.1 };
    const base = Array.from({ length: 30_000 }, () => {
      const T = Math.round(rng.next() * 15_000) / 100; // up to 150 weeks, 2 decimals
      const c = simulateCustomer(rng, truth, T, 0);
      return { x: c.x, tX: Math.round(c.tX * 100) / 100, T };
    });
    const fit = fitBgNbd(base);
    expect(fit.converged).toBe(true);
    expect(fit.evaluations).toBeLessThan(150);
    // The previous fit: Nelder–Mead with restarts on the same pooled objective.
    const pooled = poolBgNbd(base);
    const slow = minimiseNelderMead((v) => pooled.value(v), [0, 0, 0, 0]);
    expect(slow.converged).toBe(true);
    // Both optima agree within the rounding noise of a 30,000-customer sum.
    expect(-fit.logLikelihood / base.length).toBeLessThanOrEqual(slow.value * (1 + 1e-12));
    slow.x.map(Math.exp).forEach((v, i) => {
      const key = BG_KEYS[i] ?? 'r';
      expect(relativeGap(fit.model.params[key], v), key).toBeLessThan(1e-4);
    });
  }, 60_000);
});

describe('fitGammaGamma', () => {
  it('equals the ungrouped Nelder–Mead fit on CDNOW to 1e-6, in a few dozen evaluations', () => {
    const fit = fitGammaGamma(customers);
    const result = minimiseNelderMead(
      (v) => {
        const [p = 0, q = 0, gamma = 0] = v.map(Math.exp);
        return -gammaGammaLogLikelihood({ p, q, gamma }, customers) / 946;
      },
      [0, 0, 0],
    );
    const [p = 0, q = 0, gamma = 0] = result.x.map(Math.exp);
    const slow: GammaGammaParams = { p, q, gamma };
    for (const key of GG_KEYS) {
      expect(relativeGap(fit.model.params[key], slow[key]), key).toBeLessThan(1e-6);
    }
    expect(fit.converged).toBe(true);
    expect(fit.evaluations).toBeLessThan(100);
  });
});

describe('minimiseBfgs', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const result = minimiseBfgs(
      (v, g) => {
        const x = v[0] ?? 0;
        const y = v[1] ?? 0;
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
      },
      [-1.2, 1],
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it('reports a start outside the domain or a spent budget as not converged', () => {
    const quadratic = (v: Float64Array, g: Float64Array): number => {
      g[0] = 2 * (v[0] ?? 0);
      return (v[0] ?? 0) ** 2;
    };
    expect(minimiseBfgs(() => Number.NaN, [1]).converged).toBe(false);
    expect(minimiseBfgs(quadratic, [5], { maxEvaluations: 1 }).converged).toBe(false);
    expect(() => minimiseBfgs(quadratic, [])).toThrow(RangeError);
    expect(() => minimiseBfgs(quadratic, [1], { gradientTolerance: -1 })).toThrow(
      /gradientTolerance/,
    );
  });
});
