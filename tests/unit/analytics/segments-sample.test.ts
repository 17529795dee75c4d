import { describe, expect, it } from 'vitest';
import type { LearnerFeatureRow } from '../../../src/main/analytics/feature-table';
import { assignSegments, segmentLearners } from '../../../src/main/analytics/segments';
import { stratifiedSamples } from '../../../src/main/analytics/segments/sample';
import { createRng } from '../../../src/main/kernel/random';

/** Three well-separated kinds of learner and a few rare, very active ones. */
function learners(n: number, seed: number): LearnerFeatureRow[] {
  const rng = createRng(seed, 'segments-sample');
  const kinds = [
    { attended: 12, questions: 6, purchases: 3 },
    { attended: 3, questions: 0.5, purchases: 8 },
    { attended: 2, questions: 0.3, purchases: 0.2 },
  ];
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % 3] ?? kinds[0]!;
    return {
      learnerId: `l${i}`,
      features: {
        attended: kind.attended + rng.normal(0, 0.8),
        questions: kind.questions + rng.normal(0, 0.5),
        purchases: kind.purchases + rng.normal(0, 0.5),
      },
    };
  });
}

describe('segments fitted on a sample of a large workspace', () => {
  const rows = learners(3000, 7);
  const sampled = segmentLearners(rows, { seed: 3, fitSampleSize: 600, silhouetteSampleSize: 300 });
  const full = segmentLearners(rows, { seed: 3, silhouetteSampleSize: 300 });

  it('says it was fitted on a sample and states the held-out silhouette next to the fit', () => {
    expect(full.fitSample).toBeNull();
    const s = sampled.fitSample;
    expect(s).not.toBeNull();
    expect(s?.of).toBe(3000);
    expect(Math.abs((s?.size ?? 0) - 600)).toBeLessThanOrEqual(4);
    expect(Math.abs((s?.heldOutSize ?? 0) - 600)).toBeLessThanOrEqual(4);
    expect(Math.abs((s?.silhouette ?? 0) - (s?.heldOutSilhouette ?? -1))).toBeLessThan(0.05);
  });

  it('places every learner, in the nearest segment, and finds the same groups as the full fit', () => {
    expect(sampled.k).toBe(3);
    expect(sampled.assignments).toHaveLength(3000);
    expect(sampled.segments.reduce((t, s) => t + s.size, 0)).toBe(3000);
    expect(assignSegments(sampled.model, rows)).toEqual(sampled.assignments);
    // Same partition as fitting on everyone (segment numbers may differ).
    const pairs = new Set(sampled.assignments.map((a, i) => `${a}:${full.assignments[i]}`));
    expect(pairs.size).toBe(3);
  });

  it('draws two disjoint samples, each stratum in proportion, the same for the same seed', () => {
    const points = Array.from({ length: 1000 }, (_, i) => [i < 100 ? 1 : -1, i % 2 ? 1 : -1]);
    const a = stratifiedSamples(points, 200, 9);
    expect(stratifiedSamples(points, 200, 9)).toEqual(a);
    expect(a.fit).toHaveLength(200);
    expect(a.heldOut).toHaveLength(200);
    const fit = new Set(a.fit);
    expect(a.heldOut.some((i) => fit.has(i))).toBe(false);
    // Learners 0..99 with both features above average: 2 above → 10% of 1000 → 20 of 200.
    expect(a.fit.filter((i) => i < 100 && i % 2 === 1)).toHaveLength(10);
  });
});
