import { describe, expect, it } from 'vitest';
import type { RecencyFrequencyAge } from '../../../src/main/analytics/bgnbd';
import { groupByXT } from '../../../src/main/analytics/forecast';
import { createRng } from '../../../src/main/kernel/random';

// The forecast's sums run over groupByXT's groups in its order: it must give the groups, members
// and weights (and their order, for sums equal to the last bit) of the text-keyed pooling it
// replaced, kept here as the reference.

function referenceGroups(customers: readonly RecencyFrequencyAge[]) {
  const pooled = new Map<string, { x: number; tX: number; T: number; weight: number }>();
  for (const c of customers) {
    const key = `${c.x}|${c.tX}|${c.T}`;
    const found = pooled.get(key);
    if (found) found.weight++;
    else pooled.set(key, { x: c.x, tX: c.tX, T: c.T, weight: 1 });
  }
  const groups = new Map<string, { x: number; T: number; members: unknown[] }>();
  for (const h of pooled.values()) {
    const key = `${h.x}|${h.T}`;
    const found = groups.get(key);
    if (found) found.members.push(h);
    else groups.set(key, { x: h.x, T: h.T, members: [h] });
  }
  return [...groups.values()];
}

describe('groupByXT', () => {
  it('groups and pools generated histories as the text-keyed pooling did, in its order', () => {
    const rng = createRng(14, 'forecast-groups');
    const customers: RecencyFrequencyAge[] = [];
    for (let i = 0; i < 20_000; i++) {
      const T = rng.int(1, 400) / 7;
      const x = rng.next() < 0.6 ? 0 : rng.int(1, 12);
      const tX = x === 0 ? 0 : (rng.int(1, Math.round(T * 7)) / 7) * (rng.next() < 0.5 ? 1 : 0.5);
      customers.push({ x, tX, T });
    }
    const got = groupByXT(customers);
    const expected = referenceGroups(customers);
    expect(got.length).toBeLessThan(customers.length / 2);
    expect(got.some((g) => g.members.length > 1)).toBe(true);
    expect(got.some((g) => g.members.some((m) => m.weight > 1))).toBe(true);
    expect(got).toEqual(expected);
  });
});
