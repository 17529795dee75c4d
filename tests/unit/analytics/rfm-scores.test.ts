import { describe, expect, it } from 'vitest';
import { scoreRfm, type RfmSummaryRow } from '../../../src/main/analytics/rfm';

// scoreRfm's rule, checked against its definition on many ties: a customer's score on a
// dimension is 1 + floor(bins × (customers strictly worse) / customers).

const DAY_MS = 86_400_000;

function row(i: number, x: number, day: number, total: number): RfmSummaryRow {
  return {
    customerId: String(i),
    x,
    tX: 0,
    T: 1,
    zbar: 0,
    firstPurchaseAt: 0,
    lastPurchaseAt: day * DAY_MS + (i % 7) * 3_600_000,
    monetaryTotal: total,
  };
}

describe('RFM scores', () => {
  it('follow the rule on a list with many ties and a fixed pseudo-random order', () => {
    let seed = 7;
    const next = (m: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % m;
    };
    const rows = Array.from({ length: 503 }, (_, i) =>
      row(i, next(4), 20_000 + next(30), next(9) * 1000),
    );
    const rule = (values: number[], bins: number): number[] =>
      values.map(
        (v) => 1 + Math.floor((bins * values.filter((w) => w < v).length) / values.length),
      );
    for (const bins of [2, 5, 9]) {
      const scores = scoreRfm(rows, { bins });
      const r = rule(
        rows.map((q) => Math.floor(q.lastPurchaseAt / DAY_MS)),
        bins,
      );
      const f = rule(
        rows.map((q) => q.x),
        bins,
      );
      const m = rule(
        rows.map((q) => q.monetaryTotal),
        bins,
      );
      expect(scores.map((s) => [s.customerId, s.recency, s.frequency, s.monetary, s.code])).toEqual(
        rows.map((q, i) => [q.customerId, r[i], f[i], m[i], `${r[i]}${f[i]}${m[i]}`]),
      );
    }
  });

  it('give equal customers, and a single customer, the lowest score', () => {
    expect(scoreRfm([row(1, 2, 20_000, 500)])[0]?.code).toBe('111');
    expect(scoreRfm([row(1, 2, 20_000, 500), row(2, 2, 20_000, 500)]).map((s) => s.code)).toEqual([
      '111',
      '111',
    ]);
    expect(scoreRfm([])).toEqual([]);
  });
});
