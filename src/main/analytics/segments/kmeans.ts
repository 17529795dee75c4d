import { createRng } from '../../kernel/random';
import { flatPoints, kmeansTyped } from './lloyd';

// Seeded k-means runs and the silhouette score that picks the number of segments.

function squaredDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < p.length; j++) {
    const delta = (p[j] ?? 0) - (q[j] ?? 0);
    sum += delta * delta;
  }
  return sum;
}

export function nearestCentre(
  point: ArrayLike<number>,
  centres: readonly ArrayLike<number>[],
): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  centres.forEach((c, i) => {
    const d = squaredDistance(point, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

/**
 * Best of `runs` seeded k-means runs (our k-means++ start, then Lloyd's steps: lloyd.ts) by total
 * squared distance to the centres.
 */
export function bestKMeans(
  points: number[][],
  k: number,
  runs: number,
  seed: number,
): { labels: number[]; centres: number[][] } {
  const rng = createRng(seed, `kmeans-${k}`);
  const flat = flatPoints(points);
  let best: { labels: number[]; centres: number[][]; inertia: number } | undefined;
  for (let run = 0; run < runs; run++) {
    const centroids = kmeansTyped(flat, k, Math.floor(rng.next() * 2_147_483_647), 300);
    // Labels from the final centres (the last step's labels are those of its input centres).
    const labels = points.map((p) => nearestCentre(p, centroids));
    let inertia = 0;
    points.forEach((p, i) => {
      inertia += squaredDistance(p, centroids[labels[i] ?? 0] ?? []);
    });
    if (!best || inertia < best.inertia) best = { labels, centres: centroids, inertia };
  }
  if (!best) throw new RangeError('options.runs must be a whole number from 1 to 100 (got 0)');
  // Drop centres that ended up with no member, renumbering the others.
  const sizes = new Array<number>(k).fill(0);
  for (const label of best.labels) sizes[label] = (sizes[label] ?? 0) + 1;
  const renumber = sizes.map((s, i) => (s > 0 ? i : -1)).filter((i) => i >= 0);
  const newIndex = new Map(renumber.map((old, i) => [old, i]));
  return {
    labels: best.labels.map((l) => newIndex.get(l) ?? 0),
    centres: renumber.map((old) => best.centres[old] ?? []),
  };
}

/**
 * Silhouette value of each point: s = (b − a) / max(a, b), where a is the point's mean distance
 * to the other members of its own segment and b its mean distance to the members of the nearest
 * other segment; 0 for the only member of a segment. Labels must be 0..G−1.
 *
 * Written here rather than taken from simple-statistics (whose `silhouette` gives the same
 * values, see segments.test.ts): that one builds an n × n array of arrays and took about 0.5 s
 * per 2,000-point sample on our 2-core machine, several seconds per segmentation; this one sums
 * distances per segment in one pass over the pairs.
 */
export function silhouetteValues(
  points: readonly (readonly number[])[],
  labels: readonly number[],
): number[] {
  const n = points.length;
  let groups = 0;
  for (const l of labels) groups = Math.max(groups, l + 1);
  const d = points[0]?.length ?? 0;
  const flat = new Float64Array(n * d);
  points.forEach((p, i) => flat.set(p, i * d));
  // sums[i * groups + g]: total distance from point i to the members of segment g.
  const sums = new Float64Array(n * groups);
  const sizes = new Float64Array(groups);
  for (const l of labels) sizes[l] = (sizes[l] ?? 0) + 1;
  for (let i = 0; i < n; i++) {
    const li = labels[i] ?? 0;
    for (let j = i + 1; j < n; j++) {
      let squared = 0;
      for (let c = 0; c < d; c++) {
        const delta = (flat[i * d + c] ?? 0) - (flat[j * d + c] ?? 0);
        squared += delta * delta;
      }
      const distance = Math.sqrt(squared);
      const lj = labels[j] ?? 0;
      sums[i * groups + lj] = (sums[i * groups + lj] ?? 0) + distance;
      sums[j * groups + li] = (sums[j * groups + li] ?? 0) + distance;
    }
  }
  return silhouetteFromSums(labels, sums, sizes, groups);
}

/**
 * Each point's silhouette from sums[i * groups + g], its total distance to the members of segment
 * g, and the segment sizes (silhouetteValues's last step).
 */
export function silhouetteFromSums(
  labels: readonly number[],
  sums: Float64Array,
  sizes: Float64Array,
  groups: number,
): number[] {
  return labels.map((l, i) => {
    const own = sizes[l] ?? 0;
    if (own <= 1) return 0;
    const a = (sums[i * groups + l] ?? 0) / (own - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let g = 0; g < groups; g++) {
      const size = sizes[g] ?? 0;
      if (g !== l && size > 0) b = Math.min(b, (sums[i * groups + g] ?? 0) / size);
    }
    const top = Math.max(a, b);
    return top > 0 ? (b - a) / top : 0;
  });
}

/**
 * Mean silhouette, on a seeded sample stratified by segment when there are more points than
 * `sampleSize`. null when fewer than two segments are present.
 */
export function meanSilhouette(
  points: readonly number[][],
  labels: readonly number[],
  sampleSize: number,
  seed: number,
  k: number,
): number | null {
  let chosen: number[];
  if (points.length <= sampleSize) {
    chosen = points.map((_, i) => i);
  } else {
    const rng = createRng(seed, `silhouette-${k}`);
    const groups = new Map<number, number[]>();
    labels.forEach((l, i) => {
      const g = groups.get(l);
      if (g) g.push(i);
      else groups.set(l, [i]);
    });
    chosen = [];
    for (const members of groups.values()) {
      const take = Math.max(1, Math.round((members.length * sampleSize) / points.length));
      // Partial Fisher–Yates: the first `take` places become a uniform sample.
      for (let i = 0; i < take && i < members.length; i++) {
        const j = i + Math.floor(rng.next() * (members.length - i));
        const a = members[i] ?? 0;
        members[i] = members[j] ?? 0;
        members[j] = a;
        chosen.push(members[i] ?? 0);
      }
    }
    chosen.sort((p, q) => p - q);
  }
  const present = [...new Set(chosen.map((i) => labels[i] ?? 0))].sort((p, q) => p - q);
  if (present.length < 2) return null;
  const relabel = new Map(present.map((l, i) => [l, i]));
  const values = silhouetteValues(
    chosen.map((i) => points[i] ?? []),
    chosen.map((i) => relabel.get(labels[i] ?? 0) ?? 0),
  );
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function countDistinct(points: readonly number[][], limit: number): number {
  const seen = new Set<string>();
  for (const p of points) {
    seen.add(p.join(','));
    if (seen.size >= limit) break;
  }
  return seen.size;
}
