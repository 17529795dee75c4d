import { describe, expect, it } from 'vitest';
import { computePoints, type PointEvent } from '../../../src/main/analytics/points';

const events = (learnerId: string, kind: string, n: number): PointEvent[] =>
  Array.from({ length: n }, () => ({ learnerId, kind }));

describe('class points', () => {
  it('weighs interactions as the engagement formula does, caps reactions, ranks with ties', () => {
    const rows = computePoints([
      ...events('1', 'question', 2), // 2 × 3 = 6
      ...events('2', 'chat', 4), // 4 × 1
      ...events('2', 'poll_vote', 1), // + 2 = 6
      ...events('3', 'reaction', 45), // only 30 count: 3
      ...events('4', 'upvote', 1), // 0.5
      ...events('4', 'unknown_kind', 9), // not weighed
      ...events('5', 'unknown_kind', 1),
    ]);
    expect(rows).toEqual([
      { learnerId: '1', points: 6, rank: 1 },
      { learnerId: '2', points: 6, rank: 1 },
      { learnerId: '3', points: 3, rank: 3 },
      { learnerId: '4', points: 0.5, rank: 4 },
    ]);
    expect(computePoints([])).toEqual([]);
  });
});
