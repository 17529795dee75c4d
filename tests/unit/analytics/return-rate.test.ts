import { describe, expect, it } from 'vitest';
import { courseReturnRate } from '../../../src/main/analytics/return-rate';

// A hand-made course of four classes (given out of order):
//   class 1 (day 1): learners 1 2 3 4
//   class 2 (day 8): learners 1 2 5       → of class 1, 1 and 2 came next; 1 2 3 came later
//   class 3 (day 15): learners 3 5 6      → of class 2, 5 came next; 5 came later
//   class 4 (day 22): learners 1 6 6      → of class 3, 6 came next and later
const DAY = 86_400_000;
const fixture = [
  { sessionId: 13, startedAt: 15 * DAY, learnerIds: [3, 5, 6] },
  { sessionId: 11, startedAt: 1 * DAY, learnerIds: [1, 2, 3, 4] },
  { sessionId: 14, startedAt: 22 * DAY, learnerIds: [1, 6, 6] },
  { sessionId: 12, startedAt: 8 * DAY, learnerIds: [1, 2, 5] },
];

describe('return rate across a course’s classes', () => {
  it('counts, per class, who came to the next class and to any later one', () => {
    const result = courseReturnRate(fixture);
    expect(result.classes.map((c) => [c.sessionId, c.learners, c.cameNext, c.cameLater])).toEqual([
      [11, 4, 2, 3],
      [12, 3, 1, 2],
      [13, 3, 1, 1],
      [14, 2, null, null],
    ]);
    expect(result.classes[0]?.nextRate).toBe(0.5);
    expect(result.classes[0]?.laterRate).toBe(0.75);
    expect(result.classes[3]?.nextRate).toBeNull();
  });

  it('pools the classes that have a next one, weighting by their size', () => {
    const result = courseReturnRate(fixture);
    expect(result.learners).toBe(10);
    expect(result.cameNext).toBe(4);
    expect(result.cameLater).toBe(6);
    expect(result.nextRate).toBeCloseTo(0.4, 12);
    expect(result.laterRate).toBeCloseTo(0.6, 12);
  });

  it('has no rate with one class or none', () => {
    expect(courseReturnRate([]).nextRate).toBeNull();
    const one = courseReturnRate([{ sessionId: 1, startedAt: 0, learnerIds: [1] }]);
    expect(one.learners).toBe(0);
    expect(one.laterRate).toBeNull();
    expect(one.classes[0]?.cameNext).toBeNull();
  });

  it('rejects a malformed class', () => {
    expect(() => courseReturnRate([{ sessionId: 1 } as never])).toThrow(/classes\[0\]/);
  });
});
