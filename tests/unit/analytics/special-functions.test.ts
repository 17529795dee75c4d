import { describe, expect, it } from 'vitest';
import {
  hyp2f1,
  logAddExp,
  logGamma,
  signedLogGamma,
} from '../../../src/main/analytics/special-functions';
import { minimiseNelderMead } from '../../../src/main/analytics/optimise';
import { expectError } from './expect-error';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThan(tolerance);
}

describe('logGamma', () => {
  it('matches factorials and known values', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
    expectRelative(logGamma(10), Math.log(362880), 1e-14);
    expectRelative(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    // mpmath loggamma at 30 digits, rounded to double.
    expectRelative(logGamma(0.243), 1.3180435846996699, 1e-14);
    expectRelative(logGamma(1e5), 1051287.7089736569, 1e-14);
    expectRelative(logGamma(1e-8), 18.42068073818021, 1e-14);
  });

  it('gives sign and magnitude for negative arguments, and a zero sign at the poles', () => {
    // Γ(-0.5) = -2√π, Γ(-1.5) = 4√π / 3.
    const half = signedLogGamma(-0.5);
    expect(half.sign).toBe(-1);
    expectRelative(half.log, Math.log(2 * Math.sqrt(Math.PI)), 1e-14);
    const threeHalves = signedLogGamma(-1.5);
    expect(threeHalves.sign).toBe(1);
    expectRelative(threeHalves.log, Math.log((4 * Math.sqrt(Math.PI)) / 3), 1e-14);
    expect(signedLogGamma(-3)).toEqual({ sign: 0, log: Number.POSITIVE_INFINITY });
    expect(signedLogGamma(0)).toEqual({ sign: 0, log: Number.POSITIVE_INFINITY });
  });

  it('rejects non-positive and non-finite arguments', () => {
    expectError(
      () => logGamma(0),
      RangeError,
      'logGamma: x must be a positive finite number (got 0)',
    );
    expectError(
      () => logGamma(Number.NaN),
      RangeError,
      'logGamma: x must be a positive finite number (got NaN)',
    );
  });
});

describe('hyp2f1', () => {
  it('matches closed forms on the direct-series range', () => {
    // 2F1(1,1;2;z) = -ln(1-z)/z
    expectRelative(hyp2f1(1, 1, 2, 0.5), -Math.log(0.5) / 0.5, 1e-15);
    // 2F1(a,b;b;z) = (1-z)^-a
    expectRelative(hyp2f1(0.7, 2.3, 2.3, 0.6), Math.pow(0.4, -0.7), 1e-14);
    // 2F1(1/2,1/2;3/2;z²) = arcsin(z)/z
    expectRelative(hyp2f1(0.5, 0.5, 1.5, 0.25), Math.asin(0.5) / 0.5, 1e-14);
  });

  it('matches closed forms close to z = 1 (the 1 - z transformation)', () => {
    for (const z of [0.95, 0.999, 0.9999, 0.9999999]) {
      // c - a - b = 1/2: the transformation proper.
      expectRelative(hyp2f1(0.5, 0.5, 1.5, z), Math.asin(Math.sqrt(z)) / Math.sqrt(z), 1e-13);
      // c - a - b = 0 and 1: integers, where the transformation has poles.
      expectRelative(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-9);
      expectRelative(hyp2f1(1, 1, 3, z), (2 * ((1 - z) * Math.log1p(-z) + z)) / (z * z), 1e-9);
      // c - a - b = -0.7 < 0: the function diverges as z → 1.
      expectRelative(hyp2f1(0.7, 2.3, 2.3, z), Math.pow(1 - z, -0.7), 1e-12);
    }
  });

  it('matches closed forms for negative z (the Pfaff transformation)', () => {
    // 2F1(1/2,1;3/2;-x²) = arctan(x)/x
    for (const x of [0.5, 1, 3, 1000]) {
      expectRelative(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x, 1e-12);
    }
    // 2F1(1,1;2;z) = ln(1-z)/-z for z < 0 too.
    expectRelative(hyp2f1(1, 1, 2, -5), Math.log(6) / 5, 1e-14);
  });

  it('matches values computed independently with mpmath at 30 digits (rounded to double)', () => {
    const cases: [number, number, number, number, number][] = [
      [0.243, 2.426, 2.219, 0.47, 1.187740720949648],
      [2.5, -1.3, 0.7, 0.93, -0.19697502145814044],
      [-0.207, 1.976, 3.219, 0.99, 0.7920803208933896],
      [0.3, 0.7, 1.0, 0.95, 1.700856268995448],
      [3, 4, 7.00000001, 0.96, 43.16619736800116],
      [10.5, 12.4, 50.2, 0.999, 31.559524029947518],
      [0.5, 1.5, 1, 0.99999, 63664.09169953522],
    ];
    for (const [a, b, c, z, expected] of cases) {
      expectRelative(hyp2f1(a, b, c, z), expected, 1e-9);
    }
  });

  it('sums the Euler form of a collapsed BG/NBD fit (huge a and c, b just above -1)', () => {
    // A fit whose dropout mixing collapsed (a ≈ 5e-6, b ≈ 2e6) evaluates the Euler form
    // 2F1(a+b-1-r, a-1; a+b+x-1; z): its terms vanish after a few hundred, but the tail was only
    // bounded after max(|a|, |b|, |c|) terms, so above a million it did not converge at all.
    // Value from mpmath at 30 digits.
    expectRelative(hyp2f1(2e6, -0.99999, 2e6 + 3, 0.8), 0.200004418907241, 1e-13);
  });

  it('sums terminating series exactly', () => {
    // 2F1(-3,2;1.5;z) is a cubic in z; value from mpmath.
    expectRelative(hyp2f1(-3, 2, 1.5, 0.99), -0.029781028571428572, 1e-13);
    expect(hyp2f1(0, 5, 3, 0.5)).toBe(1);
  });

  it('rejects z ≥ 1, a pole c, and non-numbers with exact messages', () => {
    expectError(() => hyp2f1(1, 1, 2, 1), RangeError, 'hyp2f1: z must be below 1 (got 1)');
    expectError(
      () => hyp2f1(1, 1, -2, 0.5),
      RangeError,
      'hyp2f1: c must not be zero or a negative integer (got -2)',
    );
    expectError(
      () => hyp2f1(Number.NaN, 1, 2, 0.5),
      RangeError,
      'hyp2f1: a must be a finite number (got NaN)',
    );
    expectError(
      () => hyp2f1(1, Number.POSITIVE_INFINITY, 2, 0.5),
      RangeError,
      'hyp2f1: b must be a finite number (got Infinity)',
    );
  });
});

describe('logAddExp', () => {
  it('adds in log space without overflow', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 4)).toBe(4);
  });
});

describe('minimiseNelderMead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]): number =>
      100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = minimiseNelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it('steps away from points where the function is not finite', () => {
    const result = minimiseNelderMead(
      ([x = 0]: readonly number[]) => (x < 0 ? Number.NaN : (x - 2) ** 2),
      [0.1],
    );
    expect(result.x[0]).toBeCloseTo(2, 6);
  });

  it('reports a run out of budget as not converged', () => {
    const result = minimiseNelderMead(([x = 0, y = 0]) => x * x + y * y, [5, 5], {
      maxEvaluations: 10,
    });
    expect(result.converged).toBe(false);
  });

  it('rejects bad starting points and options with exact messages', () => {
    expectError(
      () => minimiseNelderMead(() => 0, []),
      RangeError,
      'x0 must be a non-empty array of numbers',
    );
    expectError(
      () => minimiseNelderMead(() => 0, [Number.NaN]),
      RangeError,
      'x0[0] must be a finite number (got NaN)',
    );
    expectError(
      () => minimiseNelderMead(() => 0, [1], { maxEvaluations: 1.5 }),
      RangeError,
      'options.maxEvaluations must be a positive whole number (got 1.5)',
    );
  });
});
