import { describe, expect, it } from 'vitest';
import {
  highValueReason,
  selectHighValueLearners,
  type ValuedLearner,
} from '../../../src/main/analytics/high-value';
import type { CatalogueCourse, CoursePurchase } from '../../../src/main/analytics/recommend';

// A hand-made catalogue: Piano 1 → 2 → 3 (Piano 4 archived, Piano 5 after it), Python 1 → 2,
// and a course in no series.
const course = (
  courseId: string,
  series: string | null,
  seriesPosition: number | null,
  archived = false,
): CatalogueCourse => ({ courseId, series, seriesPosition, tags: [], archived });
const CATALOGUE: CatalogueCourse[] = [
  course('13', 'Piano', 3),
  course('11', 'Piano', 1),
  course('12', 'Piano', 2),
  course('14', 'Piano', 4, true),
  course('15', 'Piano', 5),
  course('21', 'Python', 1),
  course('22', 'Python', 2),
  course('30', null, null),
];
const DAY = 86_400_000;
const buy = (learnerId: string, courseId: string, day: number): CoursePurchase => ({
  customerId: learnerId,
  courseId,
  at: day * DAY,
  amountMinor: 10_000,
});
const value = (learnerId: string, value12Months: number): ValuedLearner => ({
  learnerId,
  value12Months,
  expectedPurchases: value12Months / 10_000,
});

const PURCHASES: CoursePurchase[] = [
  buy('1', '11', 1), // a: Piano 1 → next Piano 2
  buy('2', '11', 1), // b: Piano 1 and 2 → next Piano 3
  buy('2', '12', 5),
  buy('3', '13', 2), // c: Piano 3 → Piano 4 is archived → Piano 5
  buy('4', '15', 3), // d: the last of Piano: nothing next
  buy('4', '30', 4), // and a course in no series
  buy('5', '11', 1), // e: Piano 1 and Python 1, Python bought later → Python 2
  buy('5', '21', 9),
  buy('6', '21', 1), // f: skipped Python 1? no: owns Python 2 only → nothing after it
  buy('6', '22', 2),
  buy('7', '11', 1), // g: a zero value
  buy('8', '12', 1), // h: owns Piano 2, not Piano 1: next is Piano 3 (not Piano 1)
];
const VALUES: ValuedLearner[] = [
  value('1', 30_000),
  value('2', 50_000),
  value('3', 40_000),
  value('4', 90_000),
  value('5', 40_000),
  value('6', 80_000),
  value('7', 0),
  value('8', 10_000),
  value('9', 99_000), // no purchases at all
];

describe('high-value learners', () => {
  it('keeps learners with a next course in their series, highest value first', () => {
    const selection = selectHighValueLearners({
      values: VALUES,
      purchases: PURCHASES,
      catalogue: CATALOGUE,
      limit: 10,
    });
    expect(selection.total).toBe(5);
    expect(
      selection.rows.map((r) => [r.learnerId, r.series, r.ownedCourseId, r.nextCourseId]),
    ).toEqual([
      ['2', 'Piano', '12', '13'],
      // 3 and 5 tie on value: learner id order.
      ['3', 'Piano', '13', '15'],
      ['5', 'Python', '21', '22'],
      ['1', 'Piano', '11', '12'],
      ['8', 'Piano', '12', '13'],
    ]);
  });

  it('gives the first `limit` rows and the whole count', () => {
    const selection = selectHighValueLearners({
      values: VALUES,
      purchases: PURCHASES,
      catalogue: CATALOGUE,
      limit: 2,
    });
    expect(selection.total).toBe(5);
    expect(selection.rows.map((r) => r.learnerId)).toEqual(['2', '3']);
    expect(selectHighValueLearners({ values: [], purchases: [], catalogue: [], limit: 5 })).toEqual(
      { total: 0, rows: [] },
    );
  });

  it('refuses a bad limit', () => {
    expect(() =>
      selectHighValueLearners({ values: [], purchases: [], catalogue: [], limit: -1 }),
    ).toThrow(/limit must be a whole number/);
  });

  it('says why in plain words, en and zh-CN', () => {
    const row = selectHighValueLearners({
      values: VALUES,
      purchases: PURCHASES,
      catalogue: CATALOGUE,
      limit: 1,
    }).rows[0];
    expect(row).toBeDefined();
    if (!row) return;
    const words = { value: '¥500.00', ownedTitle: 'Piano 2', nextTitle: 'Piano 3' };
    expect(highValueReason(row, 'en', words)).toBe(
      'Predicted to spend ¥500.00 in the next 12 months; owns “Piano 2” in the series “Piano” ' +
        'but not yet the next course, “Piano 3”',
    );
    expect(highValueReason(row, 'zh-CN', words)).toBe(
      '预计未来 12 个月消费 ¥500.00；已拥有系列“Piano”中的《Piano 2》，尚未购买下一门课《Piano 3》',
    );
  });
});
