import { createRng } from '../../kernel/random';
import { meanSilhouette, nearestCentre } from './kmeans';

// Fitting k-means on a seeded, stratified sample of a large workspace, and stating its error.

/**
 * Two disjoint seeded samples of point indices, each of `size` (the second smaller when there are
 * not enough points), stratified by how many features a learner is above the average on (0 to d):
 * each stratum gives in proportion to its size, so the few very active learners are represented
 * as they are in the workspace. Indices come back in ascending order.
 */
export function stratifiedSamples(
  points: readonly (readonly number[])[],
  size: number,
  seed: number,
  stream = 'segments-fit-sample',
): { fit: number[]; heldOut: number[] } {
  const strata = new Map<number, number[]>();
  points.forEach((p, i) => {
    let above = 0;
    for (const v of p) if (v > 0) above++;
    const members = strata.get(above);
    if (members) members.push(i);
    else strata.set(above, [i]);
  });
  const rng = createRng(seed, stream);
  const fit: number[] = [];
  const heldOut: number[] = [];
  const n = points.length;
  for (const key of [...strata.keys()].sort((p, q) => p - q)) {
    const members = strata.get(key) ?? [];
    const take = Math.min(members.length, Math.round((members.length * size) / n));
    const takeHeldOut = Math.min(members.length - take, take);
    // Partial Fisher–Yates: the first take + takeHeldOut places become a uniform sample.
    for (let i = 0; i < take + takeHeldOut; i++) {
      const j = i + Math.floor(rng.next() * (members.length - i));
      const a = members[i] ?? 0;
      members[i] = members[j] ?? 0;
      members[j] = a;
      (i < take ? fit : heldOut).push(members[i] ?? 0);
    }
  }
  fit.sort((p, q) => p - q);
  heldOut.sort((p, q) => p - q);
  return { fit, heldOut };
}

/** Each point's nearest centre, then centres left without members dropped and renumbered. */
export function assignAndCompact(
  points: readonly (readonly number[])[],
  centres: readonly number[][],
): { labels: number[]; centres: number[][] } {
  const raw = points.map((p) => nearestCentre(p, centres));
  const sizes = new Array<number>(centres.length).fill(0);
  for (const l of raw) sizes[l] = (sizes[l] ?? 0) + 1;
  const kept = sizes.map((s, i) => (s > 0 ? i : -1)).filter((i) => i >= 0);
  const newIndex = new Map(kept.map((old, i) => [old, i]));
  return {
    labels: raw.map((l) => newIndex.get(l) ?? 0),
    centres: kept.map((old) => centres[old] ?? []),
  };
}

/** Mean silhouette of a held-out sample placed in the fitted segments (null: one segment). */
export function heldOutSilhouette(
  points: readonly number[][],
  heldOut: readonly number[],
  centres: readonly number[][],
  sampleSize: number,
  seed: number,
): number | null {
  const chosen = heldOut.map((i) => points[i] ?? []);
  const labels = chosen.map((p) => nearestCentre(p, centres));
  return meanSilhouette(chosen, labels, sampleSize, seed, centres.length);
}
