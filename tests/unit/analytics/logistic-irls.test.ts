import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import { choleskySolve, fitLogisticIrls } from '../../../src/main/analytics/logistic-irls';
import { createRng } from '../../../src/main/kernel/random';
import { fitLogisticReference } from '../../helpers/logistic-reference';

/** n rows of an intercept and d − 1 seeded features, labels drawn from a known logistic model. */
function randomProblem(
  n: number,
  d: number,
  seed: number,
  opts: { separable?: boolean; duplicateColumn?: boolean } = {},
): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed, 'irls-test');
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const truth = Array.from({ length: d }, () => rng.normal(0, 1));
  for (let i = 0; i < n; i++) {
    x[i * d] = 1;
    let eta = truth[0] ?? 0;
    for (let j = 1; j < d; j++) {
      const v = opts.duplicateColumn && j === d - 1 ? (x[i * d + 1] ?? 0) : rng.normal(0, 1);
      x[i * d + j] = v;
      eta += (truth[j] ?? 0) * v;
    }
    y[i] = opts.separable
      ? (x[i * d + 1] ?? 0) > 0
        ? 1
        : 0
      : rng.next() < 1 / (1 + Math.exp(-eta))
        ? 1
        : 0;
  }
  return { x, y };
}

function asMatrix(x: Float64Array, n: number, d: number): Matrix {
  return new Matrix(Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, i * d + d))));
}

describe('typed-array IRLS against the ml-matrix reference', () => {
  const cases = [
    { n: 200, d: 3, seed: 1, l2: 1 },
    { n: 1500, d: 8, seed: 2, l2: 1 },
    { n: 3000, d: 6, seed: 3, l2: 0.01 },
    { n: 500, d: 5, seed: 4, l2: 10 },
    { n: 400, d: 4, seed: 5, l2: 1, separable: true },
    { n: 400, d: 4, seed: 6, l2: 0, duplicateColumn: true },
  ];
  for (const c of cases) {
    it(`gives the same coefficients to 1e-6 (n=${c.n}, d=${c.d}, l2=${c.l2}, seed ${c.seed})`, () => {
      const { x, y } = randomProblem(c.n, c.d, c.seed, c);
      const fast = fitLogisticIrls({ x, n: c.n, d: c.d }, y, c.l2, 100);
      const reference = fitLogisticReference(asMatrix(x, c.n, c.d), y, c.l2, 100);
      expect(fast.beta).toHaveLength(c.d);
      fast.beta.forEach((b, j) =>
        expect(Math.abs(b - (reference.beta[j] ?? NaN))).toBeLessThan(1e-6),
      );
      expect(fast.converged).toBe(reference.converged);
    });
  }

  it('solves a positive definite system by Cholesky and refuses one that is not', () => {
    const h = Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]);
    const g = Float64Array.from([1, 2, 3]);
    const s = choleskySolve(h, g, 3);
    expect(s).not.toBeNull();
    for (let r = 0; r < 3; r++) {
      let sum = 0;
      for (let c = 0; c < 3; c++) sum += (h[r * 3 + c] ?? 0) * (s?.[c] ?? NaN);
      expect(sum).toBeCloseTo(g[r] ?? NaN, 12);
    }
    expect(choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toBeNull();
  });
});
