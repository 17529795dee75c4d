import { type SegmentTrait } from './types';

// What sets a segment apart from the other learners: the features a description names.

/**
 * The features on which each segment differs most from the rest of the learners.
 *
 * For segment c and feature j the difference is mean(members of c) − mean(every other learner),
 * on the z-score scale (standard deviations of all learners), so a feature counted in minutes and
 * one counted in questions compare fairly. Comparing with the OTHER learners, not with the
 * average of all of them, matters for a large segment: a group of 89% is close to the overall
 * average by construction, yet it can still be clearly below the other 11% on spend.
 *
 * Features with |difference| ≥ `threshold` are kept, largest first (ties: feature order), at most
 * `maxTraits`; when none reaches the threshold, the single largest difference is named anyway, so
 * every segment of a split says how it differs. A segment with no other learners (or no
 * difference at all) has no traits.
 *
 * @param points the learners' z-scored features, one row per learner
 * @param labels each learner's segment, 0 to segments − 1
 * @returns one trait list per segment, in segment order
 */
export function contrastTraits(
  names: readonly string[],
  points: readonly (readonly number[])[],
  labels: readonly number[],
  segments: number,
  threshold: number,
  maxTraits: number,
): SegmentTrait[][] {
  const d = names.length;
  const n = points.length;
  const sums = Array.from({ length: segments }, () => new Float64Array(d));
  const sizes = new Array<number>(segments).fill(0);
  const totals = new Float64Array(d);
  points.forEach((p, i) => {
    const c = labels[i] ?? 0;
    const sum = sums[c];
    if (!sum) return;
    sizes[c] = (sizes[c] ?? 0) + 1;
    for (let j = 0; j < d; j++) {
      const v = p[j] ?? 0;
      sum[j] = (sum[j] ?? 0) + v;
      totals[j] = (totals[j] ?? 0) + v;
    }
  });
  return sums.map((sum, c) => {
    const size = sizes[c] ?? 0;
    const rest = n - size;
    if (size === 0 || rest === 0) return [];
    const all = names
      .map((feature, j) => ({
        feature,
        j,
        z: (sum[j] ?? 0) / size - ((totals[j] ?? 0) - (sum[j] ?? 0)) / rest,
      }))
      .filter((t) => t.z !== 0)
      .sort((p, q) => Math.abs(q.z) - Math.abs(p.z) || p.j - q.j);
    const strong = all.filter((t) => Math.abs(t.z) >= threshold).slice(0, maxTraits);
    return (strong.length > 0 ? strong : all.slice(0, 1)).map(({ feature, z }) => ({
      feature,
      direction: z > 0 ? 'high' : 'low',
      z,
    }));
  });
}
