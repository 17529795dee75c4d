import { describe, expect, it } from 'vitest';
import { sortedAscending } from '../../../src/main/analytics/sorted-numbers';

/** The comparator sort sortedAscending stands in for. */
const byComparator = (values: readonly number[]): number[] => [...values].sort((p, q) => p - q);

/** Element by element with Object.is, so that -0 and +0 (and NaN) are told apart. */
function expectSame(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    if (!Object.is(v, expected[i])) {
      throw new Error(
        `index ${String(i)}: ${String(v)} where the comparator sort has ${String(expected[i])}`,
      );
    }
  });
}

describe('sortedAscending', () => {
  it('sorts numerically (not as strings), ties, negatives and infinities included', () => {
    const values = [10, 9, 100, -3, 2.5, 9, -Infinity, 0, 1e21, -3, Infinity, 0.1, 9];
    const sorted = sortedAscending(values);
    expect(sorted).toEqual([-Infinity, -3, -3, 0, 0.1, 2.5, 9, 9, 9, 10, 100, 1e21, Infinity]);
    expectSame(sorted, byComparator(values));
    expect(Array.isArray(sorted)).toBe(true);
    expect(values[0]).toBe(10); // the input is left as it was
    expect(sortedAscending([])).toEqual([]);
  });

  it('is the comparator sort on many random values with many ties', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const values = Array.from({ length: 20_000 }, () => Math.floor(random() * 500) * 0.25 - 20);
    expectSame(sortedAscending(values), byComparator(values));
  });

  it('keeps the comparator sort’s place for -0 among zeros and for NaN', () => {
    // A typed sort would give [-0, 0, 0, 1] and put NaN last.
    const zeros = [0, 1, -0, 0];
    expectSame(sortedAscending(zeros), byComparator(zeros));
    expect(Object.is(sortedAscending(zeros)[1], -0)).toBe(true);
    const withNaN = [3, NaN, 1, 2];
    expectSame(sortedAscending(withNaN), byComparator(withNaN));
  });
});
