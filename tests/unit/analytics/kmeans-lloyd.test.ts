import { kmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { kmeansCentres } from '../../../src/main/analytics/segments/lloyd';
import { createRng } from '../../../src/main/kernel/random';

/** n seeded points in d dimensions: a few skewed blobs plus uniform noise and repeated points. */
function points(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed, 'lloyd-test');
  const centres = Array.from({ length: 4 }, () =>
    Array.from({ length: d }, () => rng.normal(0, 3)),
  );
  return Array.from({ length: n }, (_, i) => {
    if (i % 17 === 0) return new Array<number>(d).fill(0);
    if (i % 5 === 0) return Array.from({ length: d }, () => rng.next() * 10 - 5);
    const c = centres[i % 4] ?? [];
    return c.map((v) => v + rng.normal(0, 1) * (rng.next() < 0.1 ? 4 : 1));
  });
}

describe('typed-array k-means against ml-kmeans', () => {
  const cases = [
    { n: 300, d: 2, k: 2, seed: 1 },
    { n: 1000, d: 7, k: 3, seed: 2 },
    { n: 2000, d: 7, k: 6, seed: 3 },
    { n: 500, d: 4, k: 5, seed: 4 },
    { n: 40, d: 3, k: 6, seed: 5 },
  ];
  for (const c of cases) {
    it(`gives ml-kmeans's centres bit for bit (n=${c.n}, d=${c.d}, k=${c.k})`, () => {
      const data = points(c.n, c.d, c.seed);
      for (const runSeed of [7, 123_456, 2_000_000_001]) {
        const expected = kmeans(data, c.k, {
          seed: runSeed,
          initialization: 'kmeans++',
          maxIterations: 300,
        }).centroids;
        expect(kmeansCentres(data, c.k, runSeed, 300)).toEqual(expected);
      }
    });
  }

  it('stops after maxIterations steps as ml-kmeans does', () => {
    const data = points(800, 5, 9);
    for (const steps of [1, 2, 3]) {
      const expected = kmeans(data, 4, {
        seed: 11,
        initialization: 'kmeans++',
        maxIterations: steps,
      });
      expect(kmeansCentres(data, 4, 11, steps)).toEqual(expected.centroids);
    }
  });
});
