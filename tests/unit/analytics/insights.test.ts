import { describe, expect, it } from 'vitest';
import {
  findInsights,
  renderInsightEn,
  renderInsightZh,
  twoProportionZTest,
  type LearnerOutcomeRow,
} from '../../../src/main/analytics/insights';
import { expectError } from './expect-error';

const FOLLOW_UP = 'bought:follow-up:30d';
const LABELS = {
  outcomes: {
    [FOLLOW_UP]: { en: 'bought the follow-up course', 'zh-CN': '购买了后续课程' },
  },
};

/**
 * `groups` of [count, askedQuestion, voted, boughtFollowUp]: that many identical learners.
 */
function learners(groups: readonly [number, boolean, boolean, boolean][]): LearnerOutcomeRow[] {
  let next = 0;
  return groups.flatMap(([count, askedQuestion, voted, bought]) =>
    Array.from({ length: count }, () => ({
      learnerId: `l${next++}`,
      behaviours: { askedQuestion, voted },
      outcomes: { [FOLLOW_UP]: bought },
    })),
  );
}

describe('findInsights', () => {
  // 50 askers, 19 bought (38%); 100 silent, 16 bought (16%). Voting is unrelated: among voters
  // (the first 25 askers and 50 silent) the rate is the same as among the others.
  const rows = learners([
    [10, true, true, true],
    [15, true, true, false],
    [9, true, false, true],
    [16, true, false, false],
    [8, false, true, true],
    [42, false, true, false],
    [8, false, false, true],
    [42, false, false, false],
  ]);

  it('finds that askers bought at 2.4× the rate of silent learners, with its numbers', () => {
    const findings = findInsights(rows);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    // Pooled rate 35/150; se = sqrt(0.2333 × 0.7667 × (1/50 + 1/100)) = 0.07326; z = 0.22 / se.
    const pooled = 35 / 150;
    const z = 0.22 / Math.sqrt(pooled * (1 - pooled) * (1 / 50 + 1 / 100));
    expect(finding).toMatchObject({
      id: `askedQuestion→${FOLLOW_UP}`,
      kind: 'behaviour-outcome',
      template: 'higher-rate',
      behaviour: 'askedQuestion',
      outcome: FOLLOW_UP,
      support: { with: 50, withOutcome: 19, without: 100, withoutOutcome: 16 },
    });
    expect(finding!.numbers.rateWith).toBe(0.38);
    expect(finding!.numbers.rateWithout).toBe(0.16);
    expect(finding!.numbers.ratio).toBeCloseTo(2.375, 12);
    expect(finding!.numbers.differencePoints).toBeCloseTo(22, 12);
    expect(finding!.numbers.z).toBeCloseTo(z, 12);
    expect(z).toBeCloseTo(3.003, 3);
    // Two-sided p for z = 3.003 is 0.00267.
    expect(finding!.numbers.pValue).toBeCloseTo(0.00267, 4);
  });

  it('renders the finding in English and Chinese from the template table', () => {
    const [finding] = findInsights(rows);
    expect(renderInsightEn(finding!, LABELS)).toBe(
      'Learners who asked a question bought the follow-up course at 2.4× the rate of those who did not (38% vs 16%).',
    );
    expect(renderInsightZh(finding!, LABELS)).toBe(
      '提过问题的学员购买了后续课程的比例是其他学员的 2.4 倍（38% 对 16%）。',
    );
    // Without labels, an unknown outcome key is shown as it is.
    expect(renderInsightEn(finding!)).toBe(
      `Learners who asked a question reached “${FOLLOW_UP}” at 2.4× the rate of those who did not (38% vs 16%).`,
    );
  });

  it('gives no finding when a group is below the minimum support', () => {
    // 19 askers only (7 bought, 37%) against 100 silent (16%).
    const small = learners([
      [7, true, false, true],
      [12, true, false, false],
      [16, false, false, true],
      [84, false, false, false],
    ]);
    expect(findInsights(small)).toEqual([]);
    expect(findInsights(small, { minSupport: 19 })).toHaveLength(1);
  });

  it('gives no finding when the difference is not significant', () => {
    // 25% of 20 askers vs 20% of 100 silent: z = 0.50, p = 0.62.
    const weak = learners([
      [5, true, false, true],
      [15, true, false, false],
      [20, false, false, true],
      [80, false, false, false],
    ]);
    expect(findInsights(weak)).toEqual([]);
    expect(findInsights(weak, { maxPValue: 0.7 })).toHaveLength(1);
  });

  it('uses the lower-rate and only-with templates, sorted by the size of the difference', () => {
    const mixed = learners([
      // Askers: 30 of 40 bought (75%); silent: none of 60.
      // Voters: 5 of 45 bought (11%); non-voters: 25 of 55 (45%).
      [25, true, false, true],
      [5, true, true, true],
      [10, true, true, false],
      [30, false, true, false],
      [30, false, false, false],
    ]);
    const findings = findInsights(mixed);
    expect(findings.map((f) => f.template)).toEqual(['only-with', 'lower-rate']);
    const [only, lower] = findings;
    expect(only!.numbers.ratio).toBeNull();
    expect(renderInsightEn(only!, LABELS)).toBe(
      '75% of the learners who asked a question bought the follow-up course, and none of the 60 who did not.',
    );
    expect(renderInsightZh(only!, LABELS)).toBe(
      '提过问题的学员中有 75% 购买了后续课程，其他 60 位学员中无人如此。',
    );
    expect(lower!.behaviour).toBe('voted');
    expect(renderInsightEn(lower!, LABELS)).toBe(
      'Learners who voted in a poll bought the follow-up course less often than those who did not (11% vs 45%).',
    );
    expect(renderInsightZh(lower!, LABELS)).toBe(
      '参与过投票的学员购买了后续课程的比例低于其他学员（11% 对 45%）。',
    );
  });

  it('applies a Bonferroni correction when asked', () => {
    // p = 0.0027 passes 0.05 / 2 comparisons; with maxPValue 0.005 it does not pass 0.0025.
    expect(findInsights(rows, { bonferroni: true })).toHaveLength(1);
    expect(findInsights(rows, { maxPValue: 0.005 })).toHaveLength(1);
    expect(findInsights(rows, { maxPValue: 0.005, bonferroni: true })).toEqual([]);
  });

  it('returns nothing for no rows, and no test when nobody or everybody reached the outcome', () => {
    expect(findInsights([])).toEqual([]);
    expect(twoProportionZTest(0, 30, 0, 40)).toBeNull();
    expect(twoProportionZTest(30, 30, 40, 40)).toBeNull();
  });
});

describe('insights bad input', () => {
  const rows = learners([[3, true, false, true]]);
  const loosely =
    (fn: (...args: never[]) => unknown, ...args: unknown[]) =>
    (): unknown =>
      (fn as (...a: unknown[]) => unknown)(...args);

  it('rejects malformed rows and options with exact messages', () => {
    expectError(
      loosely(findInsights, {}),
      TypeError,
      'rows must be an array of { learnerId, behaviours, outcomes } rows (got an object)',
    );
    expectError(
      loosely(findInsights, [...rows, { learnerId: 'x', behaviours: { askedQuestion: 1 } }]),
      TypeError,
      'rows[3].behaviours.askedQuestion must be true or false (got 1)',
    );
    expectError(
      loosely(findInsights, [...rows, { learnerId: 'x', behaviours: rows[0]!.behaviours }]),
      TypeError,
      'rows[3].outcomes must be an object of true/false values (got undefined)',
    );
    expectError(
      () => findInsights(rows, { minSupport: 0 }),
      RangeError,
      'options.minSupport must be a whole number 1 or more (got 0)',
    );
    expectError(
      () => findInsights(rows, { maxPValue: 2 }),
      RangeError,
      'options.maxPValue must be a number from 0 to 1 (got 2)',
    );
    expectError(
      () => findInsights(rows, { behaviours: [] }),
      TypeError,
      'options.behaviours must be a non-empty array of keys',
    );
  });
});
