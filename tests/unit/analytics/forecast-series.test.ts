import { describe, expect, it } from 'vitest';
import { aliveCountMoments, SeriesCoefficients } from '../../../src/main/analytics/forecast-series';
import { createRng } from '../../../src/main/kernel/random';
import { referenceMoments } from './forecast-reference';

// The series with its coefficients kept per posterior and reused over horizons, and its stopping
// test without divisions, must give the moments of the series as it was written before
// (forecast-reference.ts): to the last bit on these posteriors (the stopping test is the same
// inequality multiplied through, so only a tie at its boundary could stop a term apart).

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
