import { silhouette } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import type { LearnerFeatureRow } from '../../../src/main/analytics/feature-table';
import {
  assignSegments,
  describeSegment,
  parseSegmentModel,
  segmentLearners,
  silhouetteValues,
} from '../../../src/main/analytics/segments';
import { createRng } from '../../../src/main/kernel/random';
import { expectError } from './expect-error';

/** Learners drawn around the given centres, `perCentre` each, with normal noise of `spread`. */
function blobs(
  centres: readonly Record<string, number>[],
  perCentre: number,
  spread: Record<string, number>,
  seed: number,
): LearnerFeatureRow[] {
  const rng = createRng(seed, 'blobs');
  return centres.flatMap((centre, c) =>
    Array.from({ length: perCentre }, (_, i) => ({
      learnerId: `c${c}-${i}`,
      features: Object.fromEntries(
        Object.entries(centre).map(([k, v]) => [k, v + rng.normal(0, spread[k] ?? 1)]),
      ),
    })),
  );
}

const THREE_KINDS = [
  // Keen, curious, buys a fair amount.
  { sessionsAttended: 12, questionsAsked: 6, purchases: 3, minutesWatched: 600 },
  // Rarely attends but buys a lot.
  { sessionsAttended: 3, questionsAsked: 0.5, purchases: 8, minutesWatched: 120 },
  // Drops by, says nothing, buys nothing.
  { sessionsAttended: 2, questionsAsked: 0.3, purchases: 0.2, minutesWatched: 60 },
];
const SPREAD = { sessionsAttended: 0.8, questionsAsked: 0.5, purchases: 0.5, minutesWatched: 30 };

describe('segmentLearners', () => {
  const rows = blobs(THREE_KINDS, 80, SPREAD, 11);
  const result = segmentLearners(rows, { seed: 5 });

  it('picks the true number of clusters by silhouette', () => {
    expect(result.k).toBe(3);
    expect(result.silhouetteByK.map((s) => s.k)).toEqual([2, 3, 4, 5, 6]);
    const best = Math.max(...result.silhouetteByK.map((s) => s.silhouette ?? -1));
    expect(result.silhouetteByK.find((s) => s.k === 3)!.silhouette).toBe(best);
    expect(best).toBeGreaterThan(0.6);
  });

  it('finds the blobs: every learner of a blob lands in one segment', () => {
    for (let c = 0; c < 3; c++) {
      const labels = new Set(result.assignments.slice(c * 80, (c + 1) * 80));
      expect(labels.size).toBe(1);
    }
    expect(result.segments.map((s) => s.size)).toEqual([80, 80, 80]);
    expect(result.segments.map((s) => s.share)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('reports centroids in original units and the means and sds it standardised with', () => {
    const keen = result.segments[result.assignments[0]!]!;
    expect(keen.centroid.sessionsAttended).toBeCloseTo(12, 0);
    expect(keen.centroid.minutesWatched).toBeGreaterThan(580);
    expect(keen.centroid.minutesWatched).toBeLessThan(620);
    const { standardiser } = result.model;
    expect(standardiser.featureNames).toEqual([
      'sessionsAttended',
      'questionsAsked',
      'purchases',
      'minutesWatched',
    ]);
    const minutes = rows.map((r) => r.features.minutesWatched!);
    const mean = minutes.reduce((s, v) => s + v, 0) / minutes.length;
    expect(standardiser.means[3]).toBeCloseTo(mean, 9);
    const sd = Math.sqrt(minutes.reduce((s, v) => s + (v - mean) ** 2, 0) / minutes.length);
    expect(standardiser.sds[3]).toBeCloseTo(sd, 9);
    // centroidZ is the centroid in z-scores.
    expect(keen.centroidZ.minutesWatched).toBeCloseTo(
      (keen.centroid.minutesWatched! - mean) / sd,
      9,
    );
  });

  it('describes each segment by its largest deviations through the phrase table', () => {
    const describe = (row: number): string =>
      result.segments[result.assignments[row]!]!.description;
    expect(describe(0)).toMatch(/^(long-stay viewers|frequent attendees|question askers) who /);
    expect(describe(0)).toContain('ask questions');
    expect(describe(80)).toMatch(/^frequent buyers/);
    expect(describe(160)).toMatch(/^rare buyers/);
    const keen = result.segments[result.assignments[0]!]!;
    expect(keen.traits.map((t) => t.feature).sort()).toEqual([
      'minutesWatched',
      'questionsAsked',
      'sessionsAttended',
    ]);
    expect(keen.traits.every((t) => t.direction === 'high')).toBe(true);
    const z = keen.traits.map((t) => Math.abs(t.z));
    expect([...z].sort((p, q) => q - p)).toEqual(z);
  });

  it('gives the same result for the same seed', () => {
    expect(segmentLearners(rows, { seed: 5 })).toEqual(result);
  });

  it('finds four clusters in two dimensions', () => {
    const four = blobs(
      [
        { questionsAsked: 0, purchases: 0 },
        { questionsAsked: 10, purchases: 0 },
        { questionsAsked: 0, purchases: 10 },
        { questionsAsked: 10, purchases: 10 },
      ],
      50,
      { questionsAsked: 1, purchases: 1 },
      3,
    );
    expect(segmentLearners(four, { seed: 2 }).k).toBe(4);
  });

  it('samples the silhouette on large tables, the same way for the same seed', () => {
    const big = blobs(THREE_KINDS, 400, SPREAD, 4);
    const a = segmentLearners(big, { seed: 9, silhouetteSampleSize: 300, runs: 2 });
    expect(a.k).toBe(3);
    const b = segmentLearners(big, { seed: 9, silhouetteSampleSize: 300, runs: 2 });
    expect(b.silhouetteByK).toEqual(a.silhouetteByK);
  });

  it('places new learners with a serialised model', () => {
    const model = parseSegmentModel(JSON.parse(JSON.stringify(result.model)));
    const fresh = [
      { learnerId: 'n1', features: THREE_KINDS[1]! },
      { learnerId: 'n2', features: THREE_KINDS[0]! },
    ];
    expect(assignSegments(model, fresh)).toEqual([result.assignments[80], result.assignments[0]]);
  });
});

describe('silhouetteValues', () => {
  it('agrees with simple-statistics, point by point', () => {
    const rng = createRng(8, 'silhouette');
    const points = Array.from({ length: 60 }, (_, i) => [
      (i % 3) * 2 + rng.normal(0, 1),
      rng.normal(0, 1),
      rng.next(),
    ]);
    const labels = points.map((_, i) => (i % 3 === 2 && i % 2 === 0 ? 1 : i % 3));
    const ours = silhouetteValues(points, labels);
    const theirs = silhouette(points, labels);
    expect(ours).toHaveLength(60);
    ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i]!, 12));
  });

  it('gives 0 to the only member of a segment, and matches a hand example', () => {
    // Points 0, 1 in segment 0 and 4 in segment 1 on a line.
    // Point 0: a = 1, b = 4 → 0.75. Point 1: a = 1, b = 3 → 2/3. Point 4: alone → 0.
    expect(silhouetteValues([[0], [1], [4]], [0, 0, 1])).toEqual([0.75, 2 / 3, 0]);
  });
});

describe('describeSegment', () => {
  it('joins a noun and verbs from the table, with a mechanical phrase for unknown features', () => {
    expect(
      describeSegment([
        { feature: 'sessionsAttended', direction: 'high', z: 1.5 },
        { feature: 'questionsAsked', direction: 'high', z: 1.2 },
        { feature: 'purchases', direction: 'high', z: 0.9 },
      ]),
    ).toBe('frequent attendees who ask questions and buy often');
    expect(describeSegment([{ feature: 'daysSinceLastPurchase', direction: 'low', z: -1 }])).toBe(
      'recent buyers',
    );
    expect(
      describeSegment([
        { feature: 'karma', direction: 'low', z: -2 },
        { feature: 'chatMessages', direction: 'high', z: 1 },
      ]),
    ).toBe('learners with low karma who chat a lot');
    expect(describeSegment([])).toBe('typical learners, close to the average on every measure');
  });

  it('describes the same traits in Chinese from its own phrase table', () => {
    expect(
      describeSegment(
        [
          { feature: 'sessionsAttended', direction: 'high', z: 1.5 },
          { feature: 'questionsAsked', direction: 'high', z: 1.2 },
          { feature: 'purchases', direction: 'high', z: 0.9 },
        ],
        'zh-CN',
      ),
    ).toBe('常来上课、爱提问且经常购买的学员');
    expect(
      describeSegment([{ feature: 'daysSinceLastPurchase', direction: 'low', z: -1 }], 'zh-CN'),
    ).toBe('最近购买过的学员');
    expect(
      describeSegment(
        [
          { feature: 'karma', direction: 'low', z: -2 },
          { feature: 'chatMessages', direction: 'high', z: 1 },
        ],
        'zh-CN',
      ),
    ).toBe('karma偏低且爱在聊天区发言的学员');
    expect(describeSegment([], 'zh-CN')).toBe('各项指标都接近平均水平的普通学员');
  });
});

describe('segments bad input', () => {
  const rows = blobs(THREE_KINDS, 3, SPREAD, 1);
  const loosely =
    (fn: (...args: never[]) => unknown, ...args: unknown[]) =>
    (): unknown =>
      (fn as (...a: unknown[]) => unknown)(...args);

  it('rejects malformed tables with exact messages', () => {
    expectError(
      loosely(segmentLearners, null),
      TypeError,
      'rows must be an array of { learnerId, features } rows (got null)',
    );
    expectError(
      () => segmentLearners(rows.slice(0, 2)),
      RangeError,
      'rows must hold at least 3 learners (got 2)',
    );
    expectError(
      () =>
        segmentLearners([
          ...rows,
          { learnerId: 'x', features: { ...THREE_KINDS[0], purchases: Number.NaN } },
        ]),
      RangeError,
      'rows[9].features.purchases must be a finite number (got NaN)',
    );
    expectError(
      loosely(segmentLearners, [...rows, { learnerId: 7, features: {} }]),
      TypeError,
      'rows[9].learnerId must be a non-empty string (got 7)',
    );
    expectError(
      () =>
        segmentLearners(
          Array.from({ length: 5 }, (_, i) => ({ learnerId: `s${i}`, features: { a: 1 } })),
        ),
      RangeError,
      'rows have 1 distinct feature combinations among 5 learners: too few for 2 segments',
    );
  });

  it('rejects bad options with exact messages', () => {
    expectError(
      () => segmentLearners(rows, { minK: 1 }),
      RangeError,
      'options.minK must be a whole number from 2 to 50 (got 1)',
    );
    expectError(
      () => segmentLearners(rows, { minK: 4, maxK: 3 }),
      RangeError,
      'options.maxK (3) must not be smaller than options.minK (4)',
    );
    expectError(
      () => segmentLearners(rows, { seed: 0.5 }),
      RangeError,
      'options.seed must be a whole number (got 0.5)',
    );
    expectError(
      () => segmentLearners(rows, { featureNames: ['purchases', 'purchases'] }),
      RangeError,
      'options.featureNames names "purchases" twice',
    );
    expectError(
      () => segmentLearners(rows, { traitThreshold: -1 }),
      RangeError,
      'options.traitThreshold must be a number from 0 to 100 (got -1)',
    );
  });

  it('rejects a bad serialised model with exact messages', () => {
    expectError(
      () => parseSegmentModel({ model: 'kmeans', version: 1 }),
      RangeError,
      'model.model must be "learner-segments" (got "kmeans")',
    );
    expectError(
      () =>
        parseSegmentModel({
          model: 'learner-segments',
          version: 1,
          standardiser: { featureNames: ['a'], means: [0], sds: [-1] },
          centroidsZ: [[0]],
        }),
      RangeError,
      'model.standardiser.sds[0] must be a finite number, 0 or more (got -1)',
    );
    expectError(
      () =>
        parseSegmentModel({
          model: 'learner-segments',
          version: 1,
          standardiser: { featureNames: ['a'], means: [0], sds: [1] },
          centroidsZ: [[0, 1]],
        }),
      TypeError,
      'model.centroidsZ[0] must be an array of 1 numbers',
    );
  });
});
