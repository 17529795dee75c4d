import { describe, expect, it } from 'vitest';
import type { BgNbdParams } from '../../../src/main/analytics/bgnbd';
import { aliveCountMoments, SeriesCoefficients } from '../../../src/main/analytics/forecast-series';
import { createRng } from '../../../src/main/kernel/random';

// The series with its coefficients kept per posterior and reused over horizons must give the
// moments of the series as it was written before (kept here as the reference), to the last bit.

function referenceMoments(params: BgNbdParams, t: number) {
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

describe('aliveCountMoments with kept coefficients', () => {
  it('gives the reference moments over horizons and posteriors, the arrays reused', () => {
    const rng = createRng(3, 'forecast-series');
    const horizons = Array.from({ length: 26 }, (_, i) => i + 1);
    const shared = new SeriesCoefficients({ r: 1, alpha: 1, a: 1, b: 1 });
    let longest = 0;
    for (let g = 0; g < 300; g++) {
      // Posteriors (r + x, alpha + T, a, b + x): some short series, some of hundreds of terms.
      const x = rng.int(0, 30);
      const params = {
        r: 0.05 + rng.next() * 2 + x,
        alpha: 0.2 + rng.next() * (g % 3 === 0 ? 2 : 120),
        a: 0.1 + rng.next() * 3,
        b: 0.1 + rng.next() * 5 + x,
      };
      shared.reset(params);
      for (const t of horizons) {
        const expected = referenceMoments(params, t);
        expect(aliveCountMoments(params, t, shared)).toEqual(expected);
        expect(aliveCountMoments(params, t)).toEqual(expected);
        longest = Math.max(longest, (t / (params.alpha + t)) * 100);
      }
    }
    // Some series ran with q above 0.9: far past the first blocks of coefficients.
    expect(longest).toBeGreaterThan(90);
  });
});
