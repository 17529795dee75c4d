import { describe, expect, it } from 'vitest';
import { drawWeighted, drawWinners } from '../../src/main/audience/lottery';
import { computePoints } from '../../src/main/analytics/points';
import { pointTickets } from '../../src/main/audience/hub/features/lottery';
import { rankPoints } from '../../src/main/audience/hub/features/points';

// The lottery's points rules: tickets by points is a weighted draw without replacement, replayed
// exactly from its seed; the hub's ranking agrees with computePoints.

describe('drawWeighted', () => {
  const people = [
    { id: 'a', tickets: 10 },
    { id: 'b', tickets: 30 },
    { id: 'c', tickets: 60 },
    { id: 'z', tickets: 0 },
  ];

  it('replays the same winners from the same seed, and never picks a holder without tickets', () => {
    for (let seed = 0; seed < 200; seed++) {
      const first = drawWeighted(people, (p) => p.tickets, 3, seed);
      expect(drawWeighted(people, (p) => p.tickets, 3, seed)).toEqual(first);
      expect(first.map((p) => p.id).sort()).toEqual(['a', 'b', 'c']);
      expect(new Set(first).size).toBe(3);
    }
    expect(drawWeighted(people, (p) => p.tickets, 10, 1)).toHaveLength(3);
    expect(drawWeighted([], () => 1, 2, 1)).toEqual([]);
  });

  it('picks each holder in proportion to their tickets (4,000 seeds)', () => {
    const seeds = 4_000;
    const wins = new Map<string, number>();
    for (let seed = 0; seed < seeds; seed++) {
      const [winner] = drawWeighted(people, (p) => p.tickets, 1, seed);
      if (winner) wins.set(winner.id, (wins.get(winner.id) ?? 0) + 1);
    }
    // Binomial sd at p = 0.3 over 4,000 draws is about 0.0072: ±0.03 is over four sd.
    expect((wins.get('a') ?? 0) / seeds).toBeCloseTo(0.1, 1);
    expect(Math.abs((wins.get('b') ?? 0) / seeds - 0.3)).toBeLessThan(0.03);
    expect(Math.abs((wins.get('c') ?? 0) / seeds - 0.6)).toBeLessThan(0.03);
    expect(wins.get('z')).toBeUndefined();
  });

  it('equal tickets draw like the uniform draw would: every holder about as often', () => {
    const four = ['a', 'b', 'c', 'd'];
    const seeds = 4_000;
    const weighted = new Map<string, number>();
    const uniform = new Map<string, number>();
    for (let seed = 0; seed < seeds; seed++) {
      const w = drawWeighted(four, () => 5, 1, seed)[0] ?? '';
      const u = drawWinners(four, 1, seed)[0] ?? '';
      weighted.set(w, (weighted.get(w) ?? 0) + 1);
      uniform.set(u, (uniform.get(u) ?? 0) + 1);
    }
    for (const id of four) {
      expect(Math.abs((weighted.get(id) ?? 0) / seeds - 0.25)).toBeLessThan(0.03);
      expect(Math.abs((uniform.get(id) ?? 0) / seeds - 0.25)).toBeLessThan(0.03);
    }
  });
});

describe('points ranking', () => {
  it('ranks like computePoints (competition ranks, ties by learner id) and tickets are tenths', () => {
    const events = [
      ...Array.from({ length: 40 }, () => ({ learnerId: '3', kind: 'reaction' })),
      { learnerId: '1', kind: 'chat' },
      { learnerId: '1', kind: 'chat' },
      { learnerId: '1', kind: 'hand_raise' },
      { learnerId: '2', kind: 'question' },
      { learnerId: '10', kind: 'question' },
      { learnerId: '4', kind: 'upvote' },
      { learnerId: '4', kind: 'join' },
    ];
    const expected = computePoints(events).map((r) => ({ ...r, learnerId: Number(r.learnerId) }));
    const points = new Map(expected.map((r) => [r.learnerId, r.points]));
    expect(rankPoints(points)).toEqual(expected);
    expect(expected.map((r) => r.rank)).toEqual([1, 1, 1, 1, 5]);
    expect(points.get(3)).toBe(3);
    expect(pointTickets(points.get(4) ?? 0)).toBe(5);
  });
});
