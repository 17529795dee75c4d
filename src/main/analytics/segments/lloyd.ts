import { kmeansGenerator } from 'ml-kmeans';

// k-means as ml-kmeans computes it, over typed arrays.
//
// ml-kmeans (v7) keeps points and centres as arrays of arrays and calls a distance function per
// (point, centre): on 90,000 learners × 7 features its 300-step runs took seconds each. Here the
// seeded kmeans++ start and the first step come from ml-kmeans itself (its generator), and the
// remaining steps repeat its arithmetic over one Float64Array, in the same order: every point to
// the first nearest centre (strictly smaller squared distance), each centre the mean of its
// members summed in point order (an empty one stays put), and stop once no centre moved more than
// `tolerance` in squared distance. So the centres are the same, bit for bit, as ml-kmeans's.

const TOLERANCE = 1e-6;

/** Final centres of one seeded kmeans++ run, as ml-kmeans's `kmeans(points, k, …).centroids`. */
export function kmeansCentres(
  points: number[][],
  k: number,
  seed: number,
  maxIterations: number,
): number[][] {
  const first = kmeansGenerator(points, k, {
    seed,
    initialization: 'kmeans++',
    maxIterations,
  }).next().value;
  if (!first) throw new RangeError('k-means needs at least one step');
  if (first.converged || maxIterations <= 1) return first.centroids;

  const n = points.length;
  const d = points[0]?.length ?? 0;
  const flat = new Float64Array(n * d);
  points.forEach((p, i) => flat.set(p, i * d));
  let centres = Float64Array.from(first.centroids.flat());
  let next = new Float64Array(k * d);
  const members = new Float64Array(k);
  const label = new Int32Array(n);
  for (let step = 2; step <= maxIterations; step++) {
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bestDistance = Number.MAX_VALUE;
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++) {
          const delta = (flat[i * d + j] ?? 0) - (centres[c * d + j] ?? 0);
          sum += delta * delta;
        }
        if (sum < bestDistance) {
          bestDistance = sum;
          best = c;
        }
      }
      label[i] = best;
    }
    next.fill(0);
    members.fill(0);
    for (let i = 0; i < n; i++) {
      const c = label[i] ?? 0;
      members[c] = (members[c] ?? 0) + 1;
      for (let j = 0; j < d; j++) next[c * d + j] = (next[c * d + j] ?? 0) + (flat[i * d + j] ?? 0);
    }
    let converged = true;
    for (let c = 0; c < k; c++) {
      const size = members[c] ?? 0;
      let moved = 0;
      for (let j = 0; j < d; j++) {
        const value = size > 0 ? (next[c * d + j] ?? 0) / size : (centres[c * d + j] ?? 0);
        next[c * d + j] = value;
        const delta = value - (centres[c * d + j] ?? 0);
        moved += delta * delta;
      }
      if (moved > TOLERANCE) converged = false;
    }
    [centres, next] = [next, centres];
    if (converged) break;
  }
  return Array.from({ length: k }, (_, c) => Array.from(centres.subarray(c * d, c * d + d)));
}
