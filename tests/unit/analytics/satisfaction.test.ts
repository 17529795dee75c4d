import { describe, expect, it } from 'vitest';
import { findInsights } from '../../../src/main/analytics/insights';
import {
  DEFAULT_SATISFACTION_WEIGHTS,
  courseSatisfaction,
  netPromoter,
  normaliseWeights,
  satisfactionOutcomeRows,
  satisfactionScore,
  summariseSatisfaction,
  type SurveyResponse,
} from '../../../src/main/analytics/satisfaction';

const r = (
  learnerId: number,
  classRating: number,
  teacherRating: number,
  contentRating: number,
  recommend: number,
): SurveyResponse => ({ learnerId, classRating, teacherRating, contentRating, recommend });

describe('satisfaction score and weights', () => {
  it('weighs content 0.4, teacher 0.3 and the class (interaction) 0.3 by default', () => {
    // 0.3·5 + 0.3·3 + 0.4·2 = 1.5 + 0.9 + 0.8 = 3.2
    expect(satisfactionScore(r(1, 5, 3, 2, 8), DEFAULT_SATISFACTION_WEIGHTS)).toBeCloseTo(3.2, 12);
    expect(satisfactionScore(r(1, 4, 4, 4, 8), DEFAULT_SATISFACTION_WEIGHTS)).toBeCloseTo(4, 12);
  });

  it('normalises weights to sum 1, so 2:2:6 is the same as 0.2:0.2:0.6', () => {
    const w = normaliseWeights({ class: 2, teacher: 2, content: 6 });
    expect(w.class).toBeCloseTo(0.2, 12);
    expect(w.teacher).toBeCloseTo(0.2, 12);
    expect(w.content).toBeCloseTo(0.6, 12);
    // 0.2·1 + 0.2·1 + 0.6·5 = 3.4
    expect(satisfactionScore(r(1, 1, 1, 5, 0), { class: 2, teacher: 2, content: 6 })).toBeCloseTo(
      3.4,
      12,
    );
  });

  it('refuses negative, non-finite and all-zero weights with a clear error', () => {
    expect(() => normaliseWeights({ class: -1, teacher: 1, content: 1 })).toThrow(/class weight/);
    expect(() => normaliseWeights({ class: 1, teacher: Number.NaN, content: 1 })).toThrow(
      /teacher weight/,
    );
    expect(() => normaliseWeights({ class: 0, teacher: 0, content: 0 })).toThrow(/above 0/);
  });

  it('refuses ratings out of range', () => {
    expect(() => satisfactionScore(r(1, 6, 3, 3, 5), DEFAULT_SATISFACTION_WEIGHTS)).toThrow(
      /class rating/,
    );
    expect(() => satisfactionScore(r(1, 3, 3, 0, 5), DEFAULT_SATISFACTION_WEIGHTS)).toThrow(
      /content rating/,
    );
    expect(() => satisfactionScore(r(1, 3, 3, 3, 11), DEFAULT_SATISFACTION_WEIGHTS)).toThrow(
      /recommend/,
    );
    expect(() => satisfactionScore(r(1, 3.5, 3, 3, 5), DEFAULT_SATISFACTION_WEIGHTS)).toThrow(
      /whole number/,
    );
  });
});

describe('net promoter', () => {
  it('is promoters (9–10) minus detractors (0–6) in percent, on a hand-made fixture', () => {
    // 10, 9, 9 promoters; 8, 7 passives; 6, 3, 0 detractors; 3 − 3 of 8 → 0
    expect(netPromoter([10, 9, 9, 8, 7, 6, 3, 0])).toEqual({
      responses: 8,
      promoters: 3,
      passives: 2,
      detractors: 3,
      nps: 0,
    });
    // 4 promoters, 1 passive, 0 detractors of 5 → 80
    expect(netPromoter([10, 10, 9, 9, 7]).nps).toBeCloseTo(80, 12);
    // 1 promoter, 3 detractors of 4 → −50
    expect(netPromoter([9, 6, 5, 1]).nps).toBeCloseTo(-50, 12);
    expect(netPromoter([]).nps).toBeNull();
  });
});

describe('distribution per class and per course', () => {
  const class1 = [r(1, 5, 5, 5, 10), r(2, 4, 4, 3, 8), r(3, 2, 3, 1, 2)];
  const class2 = [r(1, 5, 4, 5, 9), r(4, 3, 3, 3, 6)];

  it('counts each rating and the score, and the satisfied share', () => {
    const s = summariseSatisfaction(class1, DEFAULT_SATISFACTION_WEIGHTS);
    expect(s.responses).toBe(3);
    expect(s.classDistribution).toEqual([0, 1, 0, 1, 1]);
    expect(s.contentDistribution).toEqual([1, 0, 1, 0, 1]);
    expect(s.recommendDistribution).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
    // scores: 5; 0.3·4 + 0.3·4 + 0.4·3 = 3.6; 0.3·2 + 0.3·3 + 0.4·1 = 1.9
    expect(s.meanScore).toBeCloseTo((5 + 3.6 + 1.9) / 3, 12);
    expect(s.scoreDistribution).toEqual([0, 1, 0, 1, 1]);
    expect(s.satisfied).toBe(1);
    expect(s.netPromoter.nps).toBeCloseTo(0, 12);
  });

  it('orders a course’s classes by time and pools them', () => {
    const c = courseSatisfaction(
      [
        { sessionId: 2, startedAt: 200, responses: class2 },
        { sessionId: 1, startedAt: 100, responses: class1 },
      ],
      DEFAULT_SATISFACTION_WEIGHTS,
    );
    expect(c.classes.map((x) => [x.sessionId, x.summary.responses])).toEqual([
      [1, 3],
      [2, 2],
    ]);
    expect(c.pooled.responses).toBe(5);
    // promoters 10, 9; detractors 2, 6 → 0 of 5
    expect(c.pooled.netPromoter).toMatchObject({ promoters: 2, detractors: 2, nps: 0 });
    expect(c.pooled.meanClass).toBeCloseTo((5 + 4 + 2 + 5 + 3) / 5, 12);
  });
});

describe('did satisfied learners buy again more often?', () => {
  const DAY = 86_400_000;
  // 40 satisfied learners (all 5s), 16 of whom buy within 90 days; 40 unsatisfied (all 2s), 4 of
  // whom do; an order before the class or after 90 days does not count.
  const answers = Array.from({ length: 80 }, (_, i) => {
    const rating = i < 40 ? 5 : 2;
    return {
      ...r(i + 1, rating, rating, rating, i < 40 ? 9 : 4),
      classAt: 100 * DAY,
    };
  });
  const orders = [
    ...Array.from({ length: 16 }, (_, i) => ({ learnerId: i + 1, at: 130 * DAY })),
    ...Array.from({ length: 4 }, (_, i) => ({ learnerId: 41 + i, at: 150 * DAY })),
    { learnerId: 30, at: 50 * DAY },
    { learnerId: 31, at: 191 * DAY },
    { learnerId: 60, at: 100 * DAY },
  ];
  // A second, later answer of learner 1 does not replace the first.
  const later = { ...r(1, 1, 1, 1, 0), classAt: 300 * DAY };

  it('builds one row per respondent from their first answered class', () => {
    const rows = satisfactionOutcomeRows([...answers, later], orders, DEFAULT_SATISFACTION_WEIGHTS);
    expect(rows).toHaveLength(80);
    expect(rows.filter((x) => x.behaviours.satisfied)).toHaveLength(40);
    expect(rows.filter((x) => x.behaviours.satisfied && x.outcomes.boughtAgain)).toHaveLength(16);
    expect(rows.filter((x) => !x.behaviours.satisfied && x.outcomes.boughtAgain)).toHaveLength(4);
  });

  it('becomes a finding with its numbers and test (40% vs 10%)', () => {
    const rows = satisfactionOutcomeRows(answers, orders, DEFAULT_SATISFACTION_WEIGHTS);
    const [finding, ...rest] = findInsights(rows);
    expect(rest).toEqual([]);
    expect(finding?.template).toBe('higher-rate');
    expect(finding?.support).toEqual({ with: 40, withOutcome: 16, without: 40, withoutOutcome: 4 });
    expect(finding?.numbers.rateWith).toBeCloseTo(0.4, 12);
    expect(finding?.numbers.rateWithout).toBeCloseTo(0.1, 12);
    expect(finding?.numbers.ratio).toBeCloseTo(4, 12);
    // Pooled p = 0.25, se = √(0.25·0.75·(2/40)) ≈ 0.0968, z = 0.3 / se ≈ 3.098.
    expect(finding?.numbers.z).toBeCloseTo(0.3 / Math.sqrt(0.25 * 0.75 * (2 / 40)), 9);
    expect(finding?.numbers.pValue).toBeLessThan(0.01);
  });
});
