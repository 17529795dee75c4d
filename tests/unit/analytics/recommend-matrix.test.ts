import { describe, expect, it } from 'vitest';
import {
  buildMatrix,
  coBought,
  ownedCount,
  ownedOf,
  ownsCourse,
} from '../../../src/main/analytics/recommend/matrix';
import type { CoursePurchase } from '../../../src/main/analytics/recommend';
import { createRng } from '../../../src/main/kernel/random';

// buildMatrix keeps every learner's owned courses, purchase counts and last purchase days in three
// flat arrays (one slice per learner) rather than an array per learner: each slice must hold what
// the learner's purchases say, learners without purchases an empty one.

const DAY = 86_400_000;

describe('buildMatrix', () => {
  it('holds each learner’s distinct courses, counts and last days, by hand', () => {
    const rng = createRng(7, 'matrix');
    const learners = Array.from({ length: 40 }, (_, i) => ({ learnerId: `L${i}`, features: {} }));
    const courses = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const purchases: CoursePurchase[] = [];
    for (let i = 0; i < 300; i++) {
      // Learners 30 and up buy nothing.
      purchases.push({
        customerId: `L${rng.int(0, 29)}`,
        courseId: rng.pick(courses),
        at: rng.int(0, 400) * DAY + rng.int(0, DAY - 1),
        amountMinor: 100,
      });
    }
    const m = buildMatrix(learners, purchases, ['c9']);
    expect(m.courses).toEqual([...courses, 'c9']);
    let buyerSlots = 0;
    learners.forEach(({ learnerId }, u) => {
      const mine = new Map<number, { n: number; day: number }>();
      for (const p of purchases) {
        if (p.customerId !== learnerId) continue;
        const c = m.courseIndex.get(p.courseId) ?? -1;
        const day = Math.floor(p.at / DAY);
        const had = mine.get(c);
        mine.set(c, { n: (had?.n ?? 0) + 1, day: Math.max(had?.day ?? -1, day) });
      }
      const want = [...mine].sort((p, q) => p[0] - q[0]);
      const start = m.ownedStart[u] ?? 0;
      expect([...ownedOf(m, u)]).toEqual(want.map(([c]) => c));
      expect(ownedCount(m, u)).toBe(want.length);
      expect([...m.countsFlat.subarray(start, start + want.length)]).toEqual(
        want.map(([, v]) => v.n),
      );
      expect([...m.lastDayFlat.subarray(start, start + want.length)]).toEqual(
        want.map(([, v]) => v.day),
      );
      for (let c = 0; c < m.courses.length; c++) {
        expect(ownsCourse(m, u, c)).toBe(mine.has(c));
        if (mine.has(c)) expect([...(m.buyerLists[c] ?? [])]).toContain(u);
      }
      if (u >= 30) expect(want).toEqual([]);
      buyerSlots += want.length;
    });
    expect(m.ownedFlat.length).toBe(buyerSlots);
    expect(m.buyerLists.reduce((s, l) => s + l.length, 0)).toBe(buyerSlots);
    // Bought together: counted from the slices, as from the purchases.
    coBought(m, (i, js, together) => {
      js.forEach((j, t) => {
        let n = 0;
        for (let u = 0; u < learners.length; u++) {
          if (ownsCourse(m, u, i) && ownsCourse(m, u, j)) n++;
        }
        expect(together[t]).toBe(n);
      });
    });
  });
});
