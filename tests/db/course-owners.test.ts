import { describe, expect, it } from 'vitest';
import { ownersOf } from '../../src/main/insights/worker/session-customers';
import { demoCustomerBase } from '../helpers/demo-base';
import { useTempDirs } from '../helpers/temp-dir';

// ownersOf (a class report's next-course owners) reads the base's order columns: the owners must
// be those of the course purchases the recommenders see, for every course and for none.

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('ownersOf', () => {
  it('finds the learners with a purchase of the course, as base.coursePurchases has them', () => {
    const { db, base } = demoCustomerBase(tempDir(), {
      seed: 31,
      now: NOW,
      learners: 200,
      sessions: 3,
      orders: 900,
    });
    const expected = new Map<number, Set<number>>();
    for (const p of base.coursePurchases) {
      const set = expected.get(Number(p.courseId)) ?? new Set<number>();
      set.add(Number(p.customerId));
      expected.set(Number(p.courseId), set);
    }
    expect(expected.size).toBeGreaterThan(2);
    for (const courseId of [...base.courses.keys()]) {
      const owners = ownersOf(base, courseId);
      expect([...owners].sort((p, q) => p - q)).toEqual(
        [...(expected.get(courseId) ?? [])].sort((p, q) => p - q),
      );
    }
    expect(ownersOf(base, 987_654).size).toBe(0);
    db.close();
  });
});
