import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, type BgNbdParams } from '../../../src/main/analytics/bgnbd';
import { hyp2f1 } from '../../../src/main/analytics/special-functions';

// A BG/NBD fit on a small or young customer base can drive a and b to huge values (the dropout
// probability p = a/(a+b) collapses to one value). The conditional expectation must still be a
// number there, not an overflow.

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const COLLAPSED: BgNbdParams = { r: 0.5, alpha: 5, a: 1_189_763.47, b: 26_442.72 };

/** Equation 10 with the 2F1 in its original (non-Euler) form, evaluated directly. */
function direct(p: BgNbdParams, t: number, x: number, tX: number, T: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const share =
    Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - share);
  if (x === 0) return numerator;
  return numerator / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tX), r + x));
}

describe('BG/NBD conditional expectation with a collapsed dropout mixing', () => {
  it('matches the direct formula where both forms converge', () => {
    for (const [x, tX, T] of [
      [0, 0, 38.86],
      [2, 30.43, 38.86],
      [5, 20, 30],
    ] as const) {
      expect(conditionalExpectedPurchases(CDNOW, 39, x, tX, T)).toBeCloseTo(
        direct(CDNOW, 39, x, tX, T),
        9,
      );
    }
  });

  it('is finite, non-negative and continuous in the parameters when a and b are huge', () => {
    for (const [x, tX, T] of [
      [0, 0, 20],
      [1, 3, 20],
      [4, 15, 20],
    ] as const) {
      const value = conditionalExpectedPurchases(COLLAPSED, 13, x, tX, T);
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      const nearby = conditionalExpectedPurchases(
        { ...COLLAPSED, a: COLLAPSED.a * 1.001, b: COLLAPSED.b * 1.001 },
        13,
        x,
        tX,
        T,
      );
      expect(Math.abs(value - nearby)).toBeLessThan(1e-3 * Math.max(1, value));
      expect(value).toBeCloseTo(direct(COLLAPSED, 13, x, tX, T), 9);
    }
  });
});

describe('hyp2f1 with huge parameters', () => {
  it('stops as soon as its tail is provably negligible, not after max(a, b, c) terms', () => {
    // b and c near a million, z = 0.51: the terms vanish after a few hundred; the value is close
    // to its confluent limit (1 - z b/c)^(-a).
    const a = 1.77119361285557;
    const b = 1_163_322.5197236002;
    const c = 1_189_765.2395190941;
    const z = 0.5123341472115792;
    const value = hyp2f1(a, b, c, z);
    expect(value).toBeCloseTo(3.4248486802875, 10);
    expect(Math.abs(value / Math.pow(1 - (z * b) / c, -a) - 1)).toBeLessThan(1e-6);
  });
});
