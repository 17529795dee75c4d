import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeatureTable } from '../../../src/main/analytics/feature-table';
import { flattenTable } from '../../../src/main/analytics/feature-matrix';
import { segmentLearners, segmentLearnersTable } from '../../../src/main/analytics/segments';
import { bestKMeans } from '../../../src/main/analytics/segments/kmeans';
import { flatPoints, kmeansPlusPlus } from '../../../src/main/analytics/segments/lloyd';
import { createRng } from '../../../src/main/kernel/random';
import { runPython } from '../../helpers/python';
import { expectError } from './expect-error';

// Our seeded k-means++ start (lloyd.ts) and the typed-table entry of the segments: the k-means
// fits are as tight as scikit-learn's (tests/python/kmeans_inertia.py), and the table entry gives
// what the row entry gives.

/** Skewed blobs in d dimensions, with a small far group and uniform noise. */
function blobs(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed, 'kmeans-start');
  const centres = Array.from({ length: 5 }, () =>
    Array.from({ length: d }, () => rng.normal(0, 3)),
  );
  return Array.from({ length: n }, (_, i) => {
    if (i % 11 === 0) return Array.from({ length: d }, () => rng.next() * 12 - 6);
    const c = centres[i % 23 === 0 ? 4 : i % 4] ?? [];
    return c.map((v) => v + rng.normal(0, 1) * (rng.next() < 0.1 ? 3 : 1));
  });
}

function inertia(points: readonly number[][], labels: readonly number[], centres: number[][]) {
  let sum = 0;
  points.forEach((p, i) => {
    const c = centres[labels[i] ?? 0] ?? [];
    p.forEach((v, j) => (sum += (v - (c[j] ?? 0)) ** 2));
  });
  return sum;
}

describe('k-means from our k-means++ start', () => {
  it('fits as tightly as scikit-learn (10 starts) for k = 2..6', async () => {
    const points = blobs(3000, 7, 4);
    const ks = [2, 3, 4, 5, 6];
    const dir = mkdtempSync(join(tmpdir(), 'encore-kmeans-'));
    try {
      const file = join(dir, 'points.json');
      writeFileSync(file, JSON.stringify({ points, ks }));
      const theirs = JSON.parse(
        await runPython('tests/python/kmeans_inertia.py', [file]),
      ) as Record<string, number>;
      for (const k of ks) {
        const ours = bestKMeans(points, k, 3, 1);
        const sklearn = theirs[String(k)] ?? 0;
        expect(sklearn).toBeGreaterThan(0);
        // Three seeded starts against ten: within 1% of scikit-learn's total squared distance.
        expect(inertia(points, ours.labels, ours.centres)).toBeLessThan(sklearn * 1.01);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('starts from k distinct data points, the same for the same seed', () => {
    const points = blobs(500, 3, 2);
    const flat = flatPoints(points);
    const a = kmeansPlusPlus(flat, 6, 9);
    expect(kmeansPlusPlus(flat, 6, 9)).toEqual(a);
    expect(kmeansPlusPlus(flat, 6, 10)).not.toEqual(a);
    const starts = Array.from({ length: 6 }, (_, c) => Array.from(a.subarray(c * 3, c * 3 + 3)));
    for (const s of starts) expect(points.some((p) => p.every((v, j) => v === s[j]))).toBe(true);
    expect(new Set(starts.map((s) => s.join(','))).size).toBe(6);
  });

  it('never starts on a repeated point while a distinct one is left', () => {
    // 50 copies of one point and 3 others: 4 centres must be the 4 distinct points.
    const points = [...Array.from({ length: 50 }, () => [0, 0]), [5, 0], [0, 5], [5, 5]];
    for (const seed of [1, 2, 3, 4, 5]) {
      const start = kmeansPlusPlus(flatPoints(points), 4, seed);
      const rows = Array.from({ length: 4 }, (_, c) => `${start[c * 2]},${start[c * 2 + 1]}`);
      expect(new Set(rows)).toEqual(new Set(['0,0', '5,0', '0,5', '5,5']));
    }
  });
});

describe('segmentLearnersTable', () => {
  const rows = blobs(900, 4, 6).map((p, i) => ({
    learnerId: `l${i}`,
    features: { a: p[0] ?? 0, b: p[1] ?? 0, c: p[2] ?? 0, d: p[3] ?? 0 },
  }));

  it('gives what segmentLearners gives on the same rows', () => {
    const { names, values } = readFeatureTable(rows, 'rows', undefined);
    const table = flattenTable(names, values);
    const options = { seed: 3, fitSampleSize: 400, silhouetteSampleSize: 200 };
    expect(segmentLearnersTable(table, options)).toEqual(segmentLearners(rows, options));
  });

  it('rejects a table of fewer than 3 learners or of other features', () => {
    expectError(
      () => segmentLearnersTable({ names: ['a'], values: Float64Array.of(1, 2) }),
      RangeError,
      'rows must hold at least 3 learners (got 2)',
    );
    expectError(
      () =>
        segmentLearnersTable(
          { names: ['a'], values: Float64Array.of(1, 2, 3) },
          { featureNames: ['b'] },
        ),
      RangeError,
      "options.featureNames must be the table's feature names, in order",
    );
  });
});
