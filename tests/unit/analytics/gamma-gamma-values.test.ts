import { describe, expect, it } from 'vitest';
import { bgNbdModel } from '../../../src/main/analytics/bgnbd';
import { customerValue, gammaGammaModel } from '../../../src/main/analytics/gamma-gamma';
import { customerValues } from '../../../src/main/analytics/gamma-gamma-values';
import { createRng } from '../../../src/main/kernel/random';

// customerValues must give customerValue's value for every customer, to the last bit, on
// generated histories where many customers share one (as a real base has them).

describe('customerValues', () => {
  const bgnbd = bgNbdModel({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, 7);
  const gammaGamma = gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.4 });

  it('is customerValue(…).value, customer for customer', () => {
    const rng = createRng(9, 'gamma-gamma-values');
    const customers = Array.from({ length: 6_000 }, () => {
      const T = rng.int(1, 300) / 7;
      const x = rng.next() < 0.6 ? 0 : rng.int(1, 9);
      const tX = x === 0 ? 0 : rng.int(1, Math.round(T * 7)) / 7;
      const zbar = x === 0 ? 0 : rng.int(100, 90_000) / 100;
      return { x, tX, T, zbar };
    });
    for (const horizonDays of [0, 90, 365]) {
      const got = customerValues(bgnbd, gammaGamma, horizonDays, customers);
      const expected = customers.map(
        (customer) => customerValue({ bgnbd, gammaGamma, horizonDays, customer }).value,
      );
      expect(Array.from(got)).toEqual(expected);
      if (horizonDays > 0) expect(got.some((v) => v > 0)).toBe(true);
    }
  });

  it('refuses what customerValue refuses, with its message', () => {
    const bad = { x: 1, tX: 3, T: 2, zbar: 10 };
    const message = (f: () => unknown): string => {
      try {
        f();
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const expected = message(() =>
      customerValue({ bgnbd, gammaGamma, horizonDays: 30, customer: bad }),
    );
    expect(expected).not.toBe('no error');
    expect(message(() => customerValues(bgnbd, gammaGamma, 30, [bad]))).toBe(expected);
    expect(message(() => customerValues(bgnbd, gammaGamma, -1, []))).toMatch(/horizonDays/);
  });
});
