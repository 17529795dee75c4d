import { describe, expect, it } from 'vitest';
import { scoreRfm, summariseRfm, type RfmSummaryRow } from '../../../src/main/analytics/rfm';
import {
  CDNOW_CALIBRATION_END,
  loadCdnowTransactions,
  loadPublishedSummary,
} from './cdnow-fixture';

const transactions = loadCdnowTransactions();
const published = loadPublishedSummary();
const summary = summariseRfm(transactions, { calibrationEnd: CDNOW_CALIBRATION_END });

/** A row as the published CSV writes it: x as an integer, the rest with 2 decimals. */
function asPublished(row: RfmSummaryRow): string {
  return [row.customerId, row.x, row.tX.toFixed(2), row.T.toFixed(2), row.zbar.toFixed(2)].join(
    ',',
  );
}

describe('summariseRfm on CDNOW (calibration 1997-01-01..1997-09-30, weeks)', () => {
  it('reads the whole fixture: 6,919 purchase lines of 2,357 customers', () => {
    expect(transactions).toHaveLength(6919);
    expect(published).toHaveLength(2357);
    expect(summary).toHaveLength(2357);
  });

  it('reproduces x, t_x, T and zbar of the published summary for every customer', () => {
    const ours = new Map(summary.map((row) => [row.customerId, asPublished(row)]));
    const mismatches = published
      .map((p) => ({ expected: [p.id, p.x, p.tX, p.T, p.zbar].join(','), actual: ours.get(p.id) }))
      .filter(({ expected, actual }) => expected !== actual);
    expect(mismatches).toEqual([]);
  });

  it('rounds zbar half up in exact decimal arithmetic (customer 1: $44.69 / 2 = $22.35)', () => {
    const first = summary.find((row) => row.customerId === '1');
    expect(first).toMatchObject({
      x: 2,
      tX: 30.43,
      T: 38.86,
      zbar: 22.35,
      firstPurchaseAt: Date.UTC(1997, 0, 1),
      lastPurchaseAt: Date.UTC(1997, 7, 2),
      // 29.33 + 29.73 + 14.96; the 1997-12-12 purchase is after the calibration period.
      monetaryTotal: 7402,
    });
    // The mean of the dollar amounts as binary doubles is 22.344999…, which prints as 22.34.
    expect(((29.73 + 14.96) / 2).toFixed(2)).toBe('22.34');
  });

  it('counts 1,411 one-time buyers and 946 repeat customers in the calibration period', () => {
    expect(summary.filter((row) => row.x === 0)).toHaveLength(1411);
    expect(summary.filter((row) => row.x > 0)).toHaveLength(946);
  });
});

describe('scoreRfm on CDNOW', () => {
  const scores = scoreRfm(summary);
  const byId = new Map(scores.map((s) => [s.customerId, s]));

  it('gives every customer three scores from 1 to 5', () => {
    expect(scores).toHaveLength(summary.length);
    for (const s of scores) {
      for (const v of [s.recency, s.frequency, s.monetary]) {
        expect(v).toBeGreaterThanOrEqual(1);
        expect(v).toBeLessThanOrEqual(5);
      }
      expect(s.code).toBe(`${s.recency}${s.frequency}${s.monetary}`);
    }
  });

  it('ties share the lower score: the 1,411 one-time buyers (60%) all have frequency 1', () => {
    // 1 + floor(5 × 0 / 2357) = 1 for x = 0; x = 1 has 1,411 customers strictly worse:
    // 1 + floor(5 × 1411 / 2357) = 1 + floor(2.99) = 3.
    const frequencyByX = new Map<number, Set<number>>();
    for (const row of summary) {
      const set = frequencyByX.get(row.x) ?? new Set<number>();
      set.add(byId.get(row.customerId)!.frequency);
      frequencyByX.set(row.x, set);
    }
    expect([...frequencyByX.get(0)!]).toEqual([1]);
    expect([...frequencyByX.get(1)!]).toEqual([3]);
    for (const set of frequencyByX.values()) expect(set.size).toBe(1);
  });

  it('orders scores with the underlying values', () => {
    const sorted = [...summary].sort((p, q) => p.monetaryTotal - q.monetaryTotal);
    for (let i = 1; i < sorted.length; i++) {
      const lower = byId.get(sorted[i - 1]!.customerId)!.monetary;
      const higher = byId.get(sorted[i]!.customerId)!.monetary;
      expect(higher).toBeGreaterThanOrEqual(lower);
    }
    const top = sorted[sorted.length - 1]!;
    expect(byId.get(top.customerId)!.monetary).toBe(5);
  });
});
