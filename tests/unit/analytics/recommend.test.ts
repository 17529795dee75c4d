import { describe, expect, it } from 'vitest';
import type { LearnerFeatureRow } from '../../../src/main/analytics/feature-table';
import {
  evaluateRecommendations,
  predictCourseBuyers,
  recommendCourses,
  recommendCoursesByDistance,
  recommendPopular,
  renderRecommendationReason,
  type CoursePurchase,
} from '../../../src/main/analytics/recommend';
import { createRng } from '../../../src/main/kernel/random';
import { expectError } from './expect-error';

const DAY = 86_400_000;
const D1 = Date.UTC(2024, 2, 1);

function learner(learnerId: string, value: number, features = 6): LearnerFeatureRow {
  return {
    learnerId,
    features: Object.fromEntries(Array.from({ length: features }, (_, j) => [`f${j}`, value])),
  };
}

function buy(customerId: string, courseId: string, day = 0, amountMinor = 1000): CoursePurchase {
  return { customerId, courseId, at: D1 + day * DAY, amountMinor };
}

describe('recommendCourses on an obvious purchase matrix', () => {
  // Two kinds of learners: keen ones (engagement 10) buy A and B; quiet ones (0) buy C and D.
  // k1 and q1 each miss one course of their kind. Neighbours are learners who own a course the
  // learner does not.
  const learners = [
    learner('k1', 10),
    learner('k2', 10),
    learner('k3', 10),
    learner('k4', 10),
    learner('q1', 0),
    learner('q2', 0),
    learner('q3', 0),
  ];
  const purchases = [
    buy('k1', 'A'),
    ...['k2', 'k3', 'k4'].flatMap((id) => [buy(id, 'A'), buy(id, 'B')]),
    buy('q1', 'C'),
    ...['q2', 'q3'].flatMap((id) => [buy(id, 'C'), buy(id, 'D')]),
  ];
  const all = recommendCoursesByDistance(learners, purchases, { neighbours: 3, count: 1 });
  const byId = new Map(all.map((r) => [r.learnerId, r.recommendations]));

  it('(old distance kNN) recommends what the neighbours bought, with the count as the reason', () => {
    expect(byId.get('k1')).toEqual([
      {
        courseId: 'B',
        score: expect.any(Number) as number,
        reason: { kind: 'neighbours', neighboursWhoBought: 3, neighbours: 3 },
      },
    ]);
    expect(byId.get('q1')![0]!.courseId).toBe('D');
    expect(byId.get('q1')![0]!.reason).toEqual({
      kind: 'neighbours',
      neighboursWhoBought: 2,
      neighbours: 3,
    });
  });

  it('never recommends a course the learner owns', () => {
    const owned = new Map<string, Set<string>>();
    for (const p of purchases) {
      owned.set(p.customerId, (owned.get(p.customerId) ?? new Set()).add(p.courseId));
    }
    for (const count of [1, 2, 3, 4]) {
      for (const { learnerId, recommendations } of recommendCourses(learners, purchases, {
        neighbours: 6,
        count,
      })) {
        for (const r of recommendations) expect(owned.get(learnerId)?.has(r.courseId)).toBe(false);
        expect(recommendations.length).toBeLessThanOrEqual(count);
      }
    }
  });

  it('(old distance kNN) consults only neighbours who own something new to the learner', () => {
    // k2 owns A and B, like every keen learner: its neighbours are the quiet ones.
    expect(byId.get('k2')).toEqual([
      {
        courseId: 'C',
        score: expect.any(Number) as number,
        reason: { kind: 'neighbours', neighboursWhoBought: 3, neighbours: 3 },
      },
    ]);
  });

  it('(old distance kNN) tops up a short list with popular courses, and only when asked to', () => {
    const [k1] = recommendCoursesByDistance(learners, purchases, { neighbours: 3, count: 3 });
    // k1's three nearest (k2–k4) add only B; C and D come from popularity.
    expect(k1!.recommendations.map((r) => [r.courseId, r.reason])).toEqual([
      ['B', { kind: 'neighbours', neighboursWhoBought: 3, neighbours: 3 }],
      ['C', { kind: 'popular', buyers: 3 }],
      ['D', { kind: 'popular', buyers: 2 }],
    ]);
    const [strict] = recommendCoursesByDistance(learners, purchases, {
      neighbours: 3,
      count: 3,
      fillWithPopular: false,
    });
    expect(strict!.recommendations.map((r) => r.courseId)).toEqual(['B']);
  });

  it('recommends for some learners only, exactly as a run over everyone does', () => {
    const full = recommendCourses(learners, purchases, { neighbours: 3, count: 3 });
    const some = recommendCourses(learners, purchases, {
      neighbours: 3,
      count: 3,
      only: ['q1', 'k2'],
    });
    // In the order asked, each list the same as in the full run (everybody stays a neighbour).
    expect(some).toEqual([
      full.find((r) => r.learnerId === 'q1'),
      full.find((r) => r.learnerId === 'k2'),
    ]);
    expect(recommendCourses(learners, purchases, { only: [] })).toEqual([]);
    // Progress at the end (and every 256 learners); throwing from it stops the work.
    const told: [number, number][] = [];
    recommendCourses(learners, purchases, { onProgress: (d, t) => told.push([d, t]) });
    expect(told).toEqual([[7, 7]]);
    expect(() =>
      recommendCourses(learners, purchases, {
        onProgress: () => {
          throw new Error('stop');
        },
      }),
    ).toThrow('stop');
    expectError(
      () => recommendCourses(learners, purchases, { only: ['k1', 'zed'] }),
      RangeError,
      'options.only[1] "zed" is not among the learners',
    );
    expectError(
      () => recommendCourses(learners, purchases, { only: ['k1', 'k1'] }),
      RangeError,
      'options.only[1] "k1" appears twice',
    );
    expectError(
      () => recommendCourses(learners, purchases, { only: 'k1' as unknown as string[] }),
      TypeError,
      'options.only must be an array of learner ids (got "k1")',
    );
  });

  it('offers the most bought courses in the popularity baseline', () => {
    const popular = recommendPopular(learners, purchases, { count: 2 });
    expect(popular.find((r) => r.learnerId === 'q1')!.recommendations).toEqual([
      { courseId: 'A', score: 4, reason: { kind: 'popular', buyers: 4 } },
      { courseId: 'B', score: 3, reason: { kind: 'popular', buyers: 3 } },
    ]);
  });

  it('renders reasons in English and Chinese', () => {
    const reason = { kind: 'neighbours', neighboursWhoBought: 7, neighbours: 20 } as const;
    expect(renderRecommendationReason(reason, 'en')).toBe(
      'Learners like you bought this: 7 of the 20 learners most like you',
    );
    expect(renderRecommendationReason(reason, 'zh-CN')).toBe(
      '与你相似的学员买了这门课：最相似的 20 位学员中有 7 位购买',
    );
    expect(renderRecommendationReason({ kind: 'popular', buyers: 120 }, 'en')).toBe(
      'Popular: bought by 120 learners',
    );
  });
});

describe('evaluateRecommendations', () => {
  /*
   * Worked by hand. Seven learners; six engagement features equal within a group (P: 10, Q: 0),
   * so a learner's neighbours are the others of its group (cross-group distance² = 6 × 4.08 =
   * 24.5; within a group at most 4.9 + 8.2 = 13.1). Every purchase kept for training is on the
   * same day for the same amount, so the RFM columns do not vary and drop out.
   * - p1 bought A then B: B is held out, p1 keeps A. q1 bought C then D: D held out, keeps C.
   * - Training owners: A {p1, q3}, B {p2, p3}, C {p4, q1}, D {q2}.
   * - p1's two nearest: p2, p3, p4 are equally far (A and one 2-of-7 column differ); ties go to
   *   the earlier learner, so p2 and p3, who both own B: kNN ranks B first → hit at rank 1.
   * - q1's two nearest: q3 (A and C differ: 4.9 + 4.9) and q2 (C and D differ: 4.9 + 8.2); q3 is
   *   nearer, so A outranks D: D is at rank 2.
   * - Popularity (training): A, B, C with 2 buyers each (ties by name), then D with 1. p1 (owns
   *   A) gets B, C → hit at rank 1; q1 (owns C) gets A, B → miss.
   * So with k = 1: kNN 1 hit of 2, popularity 1 of 2. With k = 2: kNN 2 of 2 with NDCG
   * (1 + 1/log2(3)) / 2; popularity 1 of 2 with NDCG 1/2.
   */
  const learners = ['p1', 'p2', 'p3', 'p4'].map((id) => learner(id, 10));
  learners.push(...['q1', 'q2', 'q3'].map((id) => learner(id, 0)));
  const purchases = [
    buy('p1', 'A', 0),
    buy('p1', 'B', 5, 99),
    buy('p2', 'B'),
    buy('p3', 'B'),
    buy('p4', 'C'),
    buy('q1', 'C', 0),
    buy('q1', 'D', 3, 7),
    buy('q2', 'D'),
    buy('q3', 'A'),
  ];

  it('matches the hand computation for k = 1 and k = 2', () => {
    // With the distance kNN as "previous" (its hand computation above); popularity as before.
    // Item-kNN: A's and C's other buyers (q3, p4) own nothing else, so nothing is bought together
    // with them and it ranks by buyers, like popularity.
    const one = evaluateRecommendations(learners, purchases, {
      k: 1,
      previous: true,
      featureNames: ['f0', 'f1', 'f2', 'f3', 'f4', 'f5'],
    });
    expect(one).toMatchObject({ k: 1, evaluated: 2, courses: 4, bestBaseline: 'popularity' });
    expect(one.scores.popularity).toEqual({ hits: 1, hitRate: 0.5, ndcg: 0.5, coverage: 0.5 });
    expect(one.scores.itemKnn).toEqual(one.scores.popularity);
    const two = evaluateRecommendations(learners, purchases, { k: 2 });
    expect(two.scores.popularity).toEqual({ hits: 1, hitRate: 0.5, ndcg: 0.5, coverage: 0.75 });
    expect(two.byHistory).toEqual([{ history: '1', evaluated: 2, scores: two.scores }]);
  });

  it('beats popularity on learners with taste clusters', () => {
    const { learners: many, purchases: bought } = tasteClusters(600, 17);
    const result = evaluateRecommendations(many, bought, { k: 3, previous: true });
    expect(result.evaluated).toBeGreaterThan(400);
    const { recommender, popularity, previous } = result.scores;
    expect(recommender!.hitRate).toBeGreaterThan(popularity!.hitRate + 0.15);
    expect(recommender!.ndcg).toBeGreaterThan(popularity!.ndcg);
    // The old distance kNN is scored in the same run.
    expect(previous!.hitRate).toBeGreaterThan(popularity!.hitRate);
  });
});

/**
 * Four tastes. Each taste has its own engagement profile and three favourite courses out of
 * twelve; a learner buys 2–4 courses, mostly favourites, sometimes one of the two bestsellers
 * everyone likes (courses 0 and 1).
 */
function tasteClusters(
  n: number,
  seed: number,
): { learners: LearnerFeatureRow[]; purchases: CoursePurchase[] } {
  const rng = createRng(seed, 'tastes');
  const learners: LearnerFeatureRow[] = [];
  const purchases: CoursePurchase[] = [];
  for (let i = 0; i < n; i++) {
    const taste = i % 4;
    const id = `u${i}`;
    learners.push({
      learnerId: id,
      features: {
        minutesWatched: 100 + 80 * taste + rng.normal(0, 25),
        questionsAsked: (taste % 2) * 4 + rng.normal(0, 1),
        pollVotes: (taste >= 2 ? 5 : 1) + rng.normal(0, 1),
      },
    });
    const favourites = [2, 3, 4].map((c) => c + taste * 2.5).map(Math.floor);
    const owned = new Set<number>();
    const count = rng.int(2, 4);
    while (owned.size < count) {
      owned.add(rng.chance(0.8) ? rng.pick(favourites) : rng.int(0, 1));
    }
    [...owned].forEach((c, t) =>
      purchases.push({
        customerId: id,
        courseId: `course-${c}`,
        at: D1 + (t * 10 + rng.int(0, 5)) * DAY,
        amountMinor: 5000,
      }),
    );
  }
  return { learners, purchases };
}

describe('predictCourseBuyers (ml-knn)', () => {
  it('says yes for non-owners who look like the course’s buyers', () => {
    const { learners, purchases } = tasteClusters(400, 5);
    const target = 'course-2';
    const owners = new Set(purchases.filter((p) => p.courseId === target).map((p) => p.customerId));
    const predictions = predictCourseBuyers(learners, purchases, target, { neighbours: 7 });
    expect(predictions.length).toBe(400 - owners.size);
    expect(predictions.every((p) => !owners.has(p.learnerId))).toBe(true);
    // course-2 is a favourite of taste 0 only (learners u0, u4, u8…).
    const isTasteZero = (p: { learnerId: string }): boolean =>
      Number(p.learnerId.slice(1)) % 4 === 0;
    const yesRate = (list: typeof predictions): number =>
      list.filter((p) => p.willBuy).length / list.length;
    expect(yesRate(predictions.filter(isTasteZero))).toBeGreaterThan(0.5);
    expect(yesRate(predictions.filter((p) => !isTasteZero(p)))).toBeLessThan(0.05);
    expect(predictCourseBuyers(learners, purchases, target, { neighbours: 7 })).toEqual(
      predictions,
    );
  });
});

describe('recommend bad input', () => {
  const learners = [learner('a', 1, 2), learner('b', 2, 2)];
  const loosely =
    (fn: (...args: never[]) => unknown, ...args: unknown[]) =>
    (): unknown =>
      (fn as (...a: unknown[]) => unknown)(...args);

  it('rejects bad learners and purchases with exact messages', () => {
    expectError(
      () => recommendCourses(learners, [buy('zed', 'A')]),
      RangeError,
      'purchases[0].customerId "zed" is not among the learners',
    );
    expectError(
      () => recommendCourses([...learners, learner('a', 3, 2)], []),
      RangeError,
      'learners[2].learnerId "a" appears twice',
    );
    expectError(
      loosely(recommendCourses, learners, [{ customerId: 'a', at: D1, amountMinor: 1 }]),
      TypeError,
      'purchases[0].courseId must be a non-empty string (got undefined)',
    );
    expectError(() => recommendCourses([], []), RangeError, 'learners must not be empty');
    expectError(
      () => evaluateRecommendations(learners, [buy('a', 'A'), buy('b', 'A')]),
      RangeError,
      'purchases must include a learner with at least two different courses to evaluate on',
    );
    expectError(
      () => predictCourseBuyers(learners, [buy('a', 'A')], 'Z'),
      RangeError,
      'nobody among the learners bought course "Z"',
    );
  });

  it('rejects bad options with exact messages', () => {
    expectError(
      () => recommendCourses(learners, [], { neighbours: 0 }),
      RangeError,
      'options.neighbours must be a whole number from 1 to 10000 (got 0)',
    );
    expectError(
      loosely(recommendCourses, learners, [], { fillWithPopular: 'yes' }),
      TypeError,
      'options.fillWithPopular must be true or false (got "yes")',
    );
    expectError(
      () => evaluateRecommendations(learners, [], { k: 0 }),
      RangeError,
      'options.k must be a whole number from 1 to 1000 (got 0)',
    );
  });
});

describe('recommendCourses: bought together, the catalogue and live behaviour', () => {
  // k1 owns A; k2–k4 own A and B; q1 owns C; q2, q3 own C and D (as above), all on day 0.
  const ids = ['k1', 'k2', 'k3', 'k4', 'q1', 'q2', 'q3', 'new'];
  const learners = ids.map((id) => learner(id, 0, 1));
  const purchases = [
    buy('k1', 'A'),
    ...['k2', 'k3', 'k4'].flatMap((id) => [buy(id, 'A'), buy(id, 'B')]),
    buy('q1', 'C'),
    ...['q2', 'q3'].flatMap((id) => [buy(id, 'C'), buy(id, 'D')]),
  ];

  it('ranks what was bought together with the learner’s courses, and says so', () => {
    const [k1, q1] = recommendCourses(learners, purchases, { count: 2, only: ['k1', 'q1'] });
    expect(k1!.recommendations[0]).toEqual({
      courseId: 'B',
      score: expect.any(Number) as number,
      reason: { kind: 'boughtTogether', courseId: 'A', together: 3, buyers: 4, via: 'bought' },
    });
    expect(q1!.recommendations[0]!.reason).toEqual({
      kind: 'boughtTogether',
      courseId: 'C',
      together: 2,
      buyers: 3,
      via: 'bought',
    });
    // A learner with no purchase and no live behaviour gets the most popular courses.
    const [none] = recommendCourses(learners, purchases, { count: 2, only: ['new'] });
    expect(none!.recommendations.map((r) => [r.courseId, r.reason.kind])).toEqual([
      ['A', 'popular'],
      ['B', 'popular'],
    ]);
  });

  it('weighs the latest purchase most', () => {
    // m bought A long ago and C yesterday: D (bought with C) comes before B (bought with A).
    const more = [...learners, learner('m', 0, 1)];
    const bought = [...purchases, buy('m', 'A', 0), buy('m', 'C', 30)];
    const [m] = recommendCourses(more, bought, { count: 2, only: ['m'] });
    expect(m!.recommendations.map((r) => r.courseId)).toEqual(['D', 'B']);
    const early = [...purchases, buy('m', 'A', 30), buy('m', 'C', 0)];
    const [m2] = recommendCourses(more, early, { count: 2, only: ['m'] });
    expect(m2!.recommendations.map((r) => r.courseId)).toEqual(['B', 'D']);
  });

  it('offers the next course in a series and courses on the same topic, never an archived one', () => {
    const catalogue = [
      { courseId: 'A', series: 'Python', seriesPosition: 1, tags: ['python', 'beginner'] },
      { courseId: 'B', series: 'Python', seriesPosition: 2, tags: ['python', 'intermediate'] },
      { courseId: 'C', series: null, seriesPosition: null, tags: ['english'] },
      { courseId: 'D', series: null, seriesPosition: null, tags: ['english', 'exam'] },
      // Nobody bought E or F yet: only the catalogue can suggest them.
      { courseId: 'E', series: 'Python', seriesPosition: 3, tags: ['python', 'advanced'] },
      { courseId: 'F', series: null, seriesPosition: null, tags: ['python'], archived: true },
    ];
    const [k2] = recommendCourses(learners, purchases, { count: 3, only: ['k2'], catalogue });
    // k2 owns A and B: E is next in the series after B; F is archived; C and D are popular.
    expect(k2!.recommendations[0]).toEqual({
      courseId: 'E',
      score: expect.any(Number) as number,
      reason: { kind: 'series', courseId: 'B', series: 'Python', via: 'bought' },
    });
    expect(k2!.recommendations.map((r) => r.courseId)).not.toContain('F');
    const [q1] = recommendCourses(learners, purchases, { count: 1, only: ['q1'], catalogue });
    expect(q1!.recommendations[0]!.courseId).toBe('D');
  });

  it('uses classes attended and offer clicks when the learner has bought nothing', () => {
    const signals = [
      { learnerId: 'new', courseId: 'C', kind: 'class', at: D1 },
      { learnerId: 'new', courseId: 'C', kind: 'class', at: D1 + DAY },
      { learnerId: 'new', courseId: 'C', kind: 'offerClick', at: D1 + DAY },
    ] as const;
    const [fresh] = recommendCourses(learners, purchases, {
      count: 2,
      only: ['new'],
      signals: [...signals],
    });
    expect(fresh!.recommendations.map((r) => [r.courseId, r.reason])).toEqual([
      ['C', { kind: 'live', classes: 2, offerClicks: 1, questions: 0 }],
      ['D', { kind: 'boughtTogether', courseId: 'C', together: 2, buyers: 3, via: 'attended' }],
    ]);
  });

  it('says why in English and Chinese, naming the course', () => {
    const title = (id: string): string => ({ A: 'Python 1', B: 'Python 2' })[id] ?? id;
    const cases = [
      [
        { kind: 'boughtTogether', courseId: 'A', together: 16, buyers: 20, via: 'bought' },
        'Bought by 16 of the 20 learners who bought “Python 1”',
        '购买了《Python 1》的 20 位学员中有 16 位也买了这门课',
      ],
      [
        { kind: 'series', courseId: 'B', series: 'Python', via: 'bought' },
        'Next in the series “Python” you are taking, after “Python 2”',
        '你正在学习的系列“Python”中，《Python 2》之后的下一门课',
      ],
      [
        { kind: 'similar', courseId: 'A', tags: ['data', 'python'], via: 'attended' },
        'On the same topic as “Python 1”, which you attended classes of (data, python)',
        '与你上过课的《Python 1》主题相同（data、python）',
      ],
      [
        { kind: 'live', classes: 2, offerClicks: 1, questions: 0 },
        'You attended 2 of its classes and clicked its offer, and do not own it yet',
        '你上过这门课的 2 节课，点击过它的优惠，但还没有购买',
      ],
      [
        { kind: 'popular', buyers: 120 },
        'Popular: bought by 120 learners',
        '热门课程：已有 120 位学员购买',
      ],
    ] as const;
    for (const [reason, en, zh] of cases) {
      expect(renderRecommendationReason(reason, 'en', title)).toBe(en);
      expect(renderRecommendationReason(reason, 'zh-CN', title)).toBe(zh);
    }
  });
});
