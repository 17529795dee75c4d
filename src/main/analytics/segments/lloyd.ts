import { kmeansGenerator } from 'ml-kmeans';
import { createRng } from '../../kernel/random';

// k-means over typed arrays: Lloyd's steps as ml-kmeans computes them, and a seeded k-means++
// start of our own.
//
// ml-kmeans (v7) keeps points and centres as arrays of arrays and calls a distance function per
// (point, centre); its k-means++ start copies the points into an ml-matrix Matrix and takes a new
// array per row and distance: on 10,000 learners × 7 features × 15 runs that start alone took
// ~0.3–0.7 s. lloydSteps() repeats ml-kmeans's step arithmetic over one Float64Array, in the same
// order: every point to the first nearest centre (strictly smaller squared distance), each centre
// the mean of its members summed in point order (an empty one stays put), and stop once no centre
// moved more than `tolerance` in squared distance. kmeansCentres() (ml-kmeans's start and first
// step, then lloydSteps) gives ml-kmeans's centres bit for bit (kmeans-lloyd.test.ts);
// kmeansTyped() starts from kmeansPlusPlus() instead, which is what the segments use.

const TOLERANCE = 1e-6;
/**
 * Candidates drawn per centre: ⌊ln k⌋ + this. scikit-learn uses 2; with 2, a small far group (10
 * learners of 100) was missed by all three runs of k = 2 often enough to matter, and each more
 * costs one pass over the points.
 */
const TRIALS_EXTRA = 4;

/** Points as one row-major array: n rows of d values. */
export interface FlatPoints {
  readonly flat: Float64Array;
  readonly n: number;
  readonly d: number;
}

export function flatPoints(points: readonly (readonly number[])[]): FlatPoints {
  const n = points.length;
  const d = points[0]?.length ?? 0;
  const flat = new Float64Array(n * d);
  points.forEach((p, i) => flat.set(p, i * d));
  return { flat, n, d };
}

/**
 * Lloyd's steps from `centres` (k × d, row-major; changed in place is not promised), from step
 * number `firstStep` to `maxIterations`; returns the final centres.
 */
function lloydSteps(
  points: FlatPoints,
  start: Float64Array,
  k: number,
  firstStep: number,
  maxIterations: number,
): Float64Array {
  const { flat, n, d } = points;
  let centres = Float64Array.from(start);
  let next = new Float64Array(k * d);
  const members = new Float64Array(k);
  const label = new Int32Array(n);
  for (let step = firstStep; step <= maxIterations; step++) {
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
  return centres;
}

function rowsOf(centres: Float64Array, k: number, d: number): number[][] {
  return Array.from({ length: k }, (_, c) => Array.from(centres.subarray(c * d, c * d + d)));
}

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
  const flat = flatPoints(points);
  const start = Float64Array.from(first.centroids.flat());
  return rowsOf(lloydSteps(flat, start, k, 2, maxIterations), k, flat.d);
}

/**
 * A seeded k-means++ start (Arthur & Vassilvitskii, with scikit-learn's greedy variant): the first
 * centre is a uniformly drawn point; each next one is the best, by the total squared distance of
 * every point to its nearest centre, of 2 + ⌊ln k⌋ points drawn with probability proportional to
 * their squared distance to the nearest centre so far. Returns k × d centres, row-major.
 */
export function kmeansPlusPlus(points: FlatPoints, k: number, seed: number): Float64Array {
  const { flat, n, d } = points;
  const rng = createRng(seed, 'kmeans++');
  const trials = TRIALS_EXTRA + Math.floor(Math.log(k));
  const centres = new Float64Array(k * d);
  const distanceTo = (i: number, c: Float64Array, at: number): number => {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const delta = (flat[i * d + j] ?? 0) - (c[at + j] ?? 0);
      sum += delta * delta;
    }
    return sum;
  };
  const first = Math.min(n - 1, Math.floor(rng.next() * n));
  centres.set(flat.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = distanceTo(i, centres, 0);
  const cumulative = new Float64Array(n);
  let candidate = new Float64Array(n);
  let bestDistances = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += closest[i] ?? 0;
      cumulative[i] = total;
    }
    let bestIndex = -1;
    let bestPotential = Number.POSITIVE_INFINITY;
    for (let t = 0; t < trials; t++) {
      // Drawn in proportion to the squared distance (uniformly when every point is a centre).
      const target = rng.next() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] ?? 0) > target) hi = mid;
        else lo = mid + 1;
      }
      const index = total > 0 ? lo : Math.min(n - 1, Math.floor(rng.next() * n));
      let potential = 0;
      for (let i = 0; i < n; i++) {
        const dist = Math.min(closest[i] ?? 0, distanceTo(i, flat, index * d));
        candidate[i] = dist;
        potential += dist;
      }
      if (potential < bestPotential) {
        bestPotential = potential;
        bestIndex = index;
        [bestDistances, candidate] = [candidate, bestDistances];
      }
    }
    centres.set(flat.subarray(bestIndex * d, bestIndex * d + d), c * d);
    [closest, bestDistances] = [bestDistances, closest];
  }
  return centres;
}

/** Final centres of one seeded k-means run from kmeansPlusPlus(), as k arrays of d values. */
export function kmeansTyped(
  points: FlatPoints,
  k: number,
  seed: number,
  maxIterations: number,
): number[][] {
  const start = kmeansPlusPlus(points, k, seed);
  return rowsOf(lloydSteps(points, start, k, 1, maxIterations), k, points.d);
}
