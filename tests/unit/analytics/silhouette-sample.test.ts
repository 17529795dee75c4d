import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/main/kernel/random';
import { meanSilhouette, silhouetteValues } from '../../../src/main/analytics/segments/kmeans';
import { stratifiedSamples } from '../../../src/main/analytics/segments/sample';
import {
  sampleSilhouette,
  silhouetteSample,
} from '../../../src/main/analytics/segments/silhouette-sample';

function cloud(
  n: number,
  d: number,
  seed: number,
): { points: number[][]; labelsFor: (k: number) => number[] } {
  const rng = createRng(seed, 'silhouette-sample-test');
  const points = Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i % 3) * 2 + j * 0.1 + rng.next() - 0.5),
  );
  // Labels by the first feature's band, k bands (some may be empty).
  const labelsFor = (k: number): number[] =>
    points.map((p) => Math.min(k - 1, Math.max(0, Math.floor(((p[0] ?? 0) + 0.5) / (5 / k)))));
  return { points, labelsFor };
}

describe('silhouette on one fixed sample', () => {
  it('gives exactly meanSilhouette when every point is scored', () => {
    const { points, labelsFor } = cloud(400, 4, 1);
    const sample = silhouetteSample(points, 500, 7);
    expect(sample.distances).not.toBeNull();
    for (let k = 2; k <= 6; k++) {
      const labels = labelsFor(k);
      const score = sampleSilhouette(sample, labels);
      expect(score).not.toBeNull();
      expect(score).toBe(meanSilhouette(points, labels, 500, 7, k));
    }
  });

  it('scores every k on the same stratified sample, as silhouetteValues over it', () => {
    const { points, labelsFor } = cloud(1500, 3, 2);
    const sample = silhouetteSample(points, 300, 4);
    const expected = stratifiedSamples(points, 300, 4, 'silhouette-sample').fit;
    expect(sample.chosen).toEqual(expected);
    expect(silhouetteSample(points, 300, 4).chosen).toEqual(expected);
    for (let k = 2; k <= 5; k++) {
      const labels = labelsFor(k);
      const present = [...new Set(expected.map((i) => labels[i]!))].sort((p, q) => p - q);
      const local = expected.map((i) => present.indexOf(labels[i]!));
      const values = silhouetteValues(
        expected.map((i) => points[i]!),
        local,
      );
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      expect(sampleSilhouette(sample, labels)).toBeCloseTo(mean, 12);
    }
  });

  it('is null with one segment present, and computes without kept distances above the cap', () => {
    const { points, labelsFor } = cloud(4200, 2, 3);
    expect(
      sampleSilhouette(silhouetteSample(points.slice(0, 50), 100, 1), new Array(50).fill(0)),
    ).toBeNull();
    const big = silhouetteSample(points, 5000, 1);
    expect(big.distances).toBeNull();
    const labels = labelsFor(3);
    expect(sampleSilhouette(big, labels)).toBe(meanSilhouette(points, labels, 5000, 1, 3));
  });
});
