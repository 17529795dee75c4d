import { describe, expect, it } from 'vitest';
import type { LearnerFeatureRow } from '../../../src/main/analytics/feature-table';
import { contrastTraits, segmentLearners } from '../../../src/main/analytics/segments';
import { createRng } from '../../../src/main/kernel/random';

describe('contrastTraits', () => {
  // Three features on the z scale; learners 0–2 in segment 0, learner 3 alone in segment 1.
  const names = ['a', 'b', 'c'];
  const points = [
    [-1, 1, 0.1],
    [-1, 0, 0.1],
    [-1, -1, 0.1],
    [3, 0, -0.3],
  ];
  const labels = [0, 0, 0, 1];

  it('names the features where a segment differs most from the OTHER learners, by hand', () => {
    // a: segment 0's mean −1 vs the others' 3 → −4; b: 0 vs 0 → left out; c: 0.1 vs −0.3 → 0.4.
    expect(contrastTraits(names, points, labels, 2, 0.3, 3)).toEqual([
      [
        { feature: 'a', direction: 'low', z: -4 },
        { feature: 'c', direction: 'high', z: expect.closeTo(0.4, 12) as number },
      ],
      [
        { feature: 'a', direction: 'high', z: 4 },
        { feature: 'c', direction: 'low', z: expect.closeTo(-0.4, 12) as number },
      ],
    ]);
  });

  it('keeps differences over the threshold, at most maxTraits, and else the largest one', () => {
    expect(contrastTraits(names, points, labels, 2, 0.5, 3)[0]).toEqual([
      { feature: 'a', direction: 'low', z: -4 },
    ]);
    expect(contrastTraits(names, points, labels, 2, 0.3, 1)[1]).toEqual([
      { feature: 'a', direction: 'high', z: 4 },
    ]);
    // Nothing reaches 10 standard deviations: the largest difference is still named.
    expect(contrastTraits(names, points, labels, 2, 10, 3)[0]).toEqual([
      { feature: 'a', direction: 'low', z: -4 },
    ]);
  });

  it('gives no traits to a segment without other learners or without any difference', () => {
    expect(contrastTraits(names, points, [0, 0, 0, 0], 1, 0.5, 3)).toEqual([[]]);
    expect(contrastTraits(['a'], [[1], [1]], [0, 1], 2, 0.5, 3)).toEqual([[], []]);
  });
});

describe('segment descriptions of a large segment', () => {
  // 90 learners who buy about once, 10 who buy about ten times; both attend alike.
  const rng = createRng(3, 'contrast');
  const rows: LearnerFeatureRow[] = Array.from({ length: 100 }, (_, i) => ({
    learnerId: `l${i}`,
    features: {
      sessionsAttended: 5 + rng.normal(0, 1),
      purchaseDays: (i < 90 ? 1 : 10) + rng.normal(0, 0.3),
    },
  }));
  const result = segmentLearners(rows, { seed: 1 });

  it('describes the 90% segment by how it differs from the other 10%, not as typical', () => {
    expect(result.k).toBe(2);
    const [big, small] = result.segments;
    expect(big?.size).toBe(90);
    expect(small?.size).toBe(10);
    // Its centre is only about a third of a standard deviation below the overall average...
    expect(Math.abs(big?.centroidZ.purchaseDays ?? 0)).toBeLessThan(0.5);
    // ...but three standard deviations below the other learners.
    expect(big?.traits).toEqual([
      { feature: 'purchaseDays', direction: 'low', z: expect.closeTo(-3, 0) as number },
    ]);
    expect(big?.description).toBe('rare buyers');
    expect(small?.description).toBe('frequent buyers');
  });
});
