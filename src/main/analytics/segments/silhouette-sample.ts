import { silhouetteFromSums, silhouetteValues } from './kmeans';
import { stratifiedSamples } from './sample';

// The silhouette that picks k, on one seeded sample whose pairwise distances are computed once.

/** Above this many sampled points the distances are not kept (n² / 2 doubles: 4,096 is 67 MB). */
const MAX_KEPT = 4096;

/** One fixed sample of the points and, for a sample up to MAX_KEPT, every pair's distance. */
export interface SilhouetteSample {
  readonly points: readonly (readonly number[])[];
  /** Indices into the points, ascending. */
  readonly chosen: readonly number[];
  /** Distance of each pair i < j of the sample, in the order (0,1), (0,2), …, (1,2), …; null:
   * too large a sample to keep, computed per call instead. */
  readonly distances: Float64Array | null;
}

/**
 * All the points when there are at most `sampleSize`, else a seeded sample of `sampleSize`,
 * stratified as the fitting sample is (by how many features a point is above average on): the same
 * learners then score every k, and the distances between them are computed once.
 */
export function silhouetteSample(
  points: readonly (readonly number[])[],
  sampleSize: number,
  seed: number,
): SilhouetteSample {
  const chosen =
    points.length <= sampleSize
      ? points.map((_, i) => i)
      : stratifiedSamples(points, sampleSize, seed, 'silhouette-sample').fit;
  const n = chosen.length;
  if (n > MAX_KEPT) return { points, chosen, distances: null };
  const d = points[0]?.length ?? 0;
  const flat = new Float64Array(n * d);
  chosen.forEach((p, i) => flat.set(points[p] ?? [], i * d));
  const distances = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let squared = 0;
      for (let c = 0; c < d; c++) {
        const delta = (flat[i * d + c] ?? 0) - (flat[j * d + c] ?? 0);
        squared += delta * delta;
      }
      distances[t++] = Math.sqrt(squared);
    }
  }
  return { points, chosen, distances };
}

/**
 * Mean silhouette of the sample under `labels` (one per point of the sample's points; segments
 * absent from the sample are left out). The same values as silhouetteValues over the sampled
 * points. null when fewer than two segments are present in the sample.
 */
export function sampleSilhouette(
  sample: SilhouetteSample,
  labels: readonly number[],
): number | null {
  const { chosen, distances } = sample;
  const present = [...new Set(chosen.map((i) => labels[i] ?? 0))].sort((p, q) => p - q);
  if (present.length < 2) return null;
  const relabel = new Map(present.map((l, i) => [l, i]));
  const local = chosen.map((i) => relabel.get(labels[i] ?? 0) ?? 0);
  let values: number[];
  if (distances) {
    const n = chosen.length;
    const groups = present.length;
    const own = Int32Array.from(local);
    const sums = new Float64Array(n * groups);
    const sizes = new Float64Array(groups);
    for (const l of local) sizes[l] = (sizes[l] ?? 0) + 1;
    let t = 0;
    for (let i = 0; i < n; i++) {
      const li = own[i] ?? 0;
      for (let j = i + 1; j < n; j++) {
        const distance = distances[t++] ?? 0;
        const lj = own[j] ?? 0;
        sums[i * groups + lj] = (sums[i * groups + lj] ?? 0) + distance;
        sums[j * groups + li] = (sums[j * groups + li] ?? 0) + distance;
      }
    }
    values = silhouetteFromSums(local, sums, sizes, groups);
  } else {
    values = silhouetteValues(
      chosen.map((i) => sample.points[i] ?? []),
      local,
    );
  }
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
