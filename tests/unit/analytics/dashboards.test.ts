import { describe, expect, it } from 'vitest';
import {
  buyersByMonth,
  purchasesFromCourse,
  revenueByMonth,
  valueHistogram,
} from '../../../src/main/analytics/dashboards';
import { cohortMatrix, repurchaseReport } from '../../../src/main/analytics/repurchase';
import { expectError } from './expect-error';

const at = (iso: string): number => Date.parse(iso);

describe('revenueByMonth', () => {
  const orders = [
    { at: at('2025-01-05T10:00:00Z'), currency: 'CNY', netMinor: 19_900 },
    { at: at('2025-01-31T20:00:00Z'), currency: 'CNY', netMinor: 10_000 },
    { at: at('2025-03-02T08:00:00Z'), currency: 'USD', netMinor: 4_900 },
    { at: at('2025-03-03T08:00:00Z'), currency: 'CNY', netMinor: 0 },
    { at: at('2025-05-01T00:00:00Z'), currency: 'CNY', netMinor: 5_000 },
  ];

  it('adds net revenue per month and currency, gaps as zeros, never across currencies', () => {
    const r = revenueByMonth(orders, { end: at('2025-04-30T12:00:00Z') });
    expect(r.currencies).toEqual([
      { currency: 'CNY', orders: 3, netMinor: 29_900 },
      { currency: 'USD', orders: 1, netMinor: 4_900 },
    ]);
    expect(r.months).toEqual([
      { month: '2025-01', orders: 2, byCurrency: { CNY: 29_900, USD: 0 } },
      { month: '2025-02', orders: 0, byCurrency: { CNY: 0, USD: 0 } },
      { month: '2025-03', orders: 2, byCurrency: { CNY: 0, USD: 4_900 } },
      { month: '2025-04', orders: 0, byCurrency: { CNY: 0, USD: 0 } },
    ]);
  });

  it('counts months at the given offset from UTC', () => {
    // 20:00 UTC on 31 January is 04:00 on 1 February in China (UTC+8).
    const r = revenueByMonth(orders.slice(0, 2), {
      end: at('2025-02-10T00:00:00Z'),
      utcOffsetMinutes: 480,
    });
    expect(r.months.map((m) => [m.month, m.byCurrency.CNY])).toEqual([
      ['2025-01', 19_900],
      ['2025-02', 10_000],
    ]);
  });

  it('takes orders already summed per day, counting each of them', () => {
    const r = revenueByMonth(
      [
        { at: at('2025-01-05T00:00:00Z'), currency: 'CNY', netMinor: 50_000, orders: 3 },
        { at: at('2025-01-06T00:00:00Z'), currency: 'CNY', netMinor: 100 },
      ],
      { end: at('2025-01-31T00:00:00Z') },
    );
    expect(r.currencies).toEqual([{ currency: 'CNY', orders: 4, netMinor: 50_100 }]);
    expect(r.months).toEqual([{ month: '2025-01', orders: 4, byCurrency: { CNY: 50_100 } }]);
    expectError(
      () => revenueByMonth([{ at: 1, currency: 'CNY', netMinor: 1, orders: 0 }], { end: 2 }),
      RangeError,
      'orders[0].orders must be a whole number, 1 or more (got 0)',
    );
  });

  it('is empty without orders up to the end', () => {
    expect(revenueByMonth([], { end: 0 })).toEqual({ currencies: [], months: [] });
    expect(revenueByMonth(orders, { end: at('2024-12-31T00:00:00Z') }).months).toEqual([]);
  });

  it('refuses bad input', () => {
    expectError(
      () => revenueByMonth([{ at: 1, currency: 'cny', netMinor: 1 }], { end: 2 }),
      RangeError,
      'orders[0].currency must be a three-letter ISO 4217 code (got "cny")',
    );
    expectError(
      () => revenueByMonth([{ at: 1, currency: 'CNY', netMinor: -5 }], { end: 2 }),
      RangeError,
      'orders[0].netMinor must be a whole number of minor units, 0 or more (got -5)',
    );
    expectError(
      () => revenueByMonth([], { end: Number.NaN }),
      RangeError,
      'options.end must be a finite number of epoch ms (got NaN)',
    );
  });
});

describe('buyersByMonth', () => {
  it('splits each month’s buyers into new and returning, and counts repeat buyers to date', () => {
    const purchases = [
      // a: January, twice on one day (one occasion), then March.
      { customerId: 'a', at: at('2025-01-10T09:00:00Z') },
      { customerId: 'a', at: at('2025-01-10T18:00:00Z') },
      { customerId: 'a', at: at('2025-03-01T09:00:00Z') },
      // b: January, and again in January on another day.
      { customerId: 'b', at: at('2025-01-11T09:00:00Z') },
      { customerId: 'b', at: at('2025-01-20T09:00:00Z') },
      // c: February only.
      { customerId: 'c', at: at('2025-02-11T09:00:00Z') },
      // d: after the end, ignored.
      { customerId: 'd', at: at('2025-04-02T09:00:00Z') },
    ];
    const months = buyersByMonth(purchases, { end: at('2025-03-31T23:00:00Z') });
    expect(months).toEqual([
      {
        month: '2025-01',
        buyers: 2,
        newBuyers: 2,
        returningBuyers: 0,
        returningShare: 0,
        buyersToDate: 2,
        repeatBuyersToDate: 1,
        repeatShareToDate: 0.5,
      },
      {
        month: '2025-02',
        buyers: 1,
        newBuyers: 1,
        returningBuyers: 0,
        returningShare: 0,
        buyersToDate: 3,
        repeatBuyersToDate: 1,
        repeatShareToDate: 1 / 3,
      },
      {
        month: '2025-03',
        buyers: 1,
        newBuyers: 0,
        returningBuyers: 1,
        returningShare: 1,
        buyersToDate: 3,
        repeatBuyersToDate: 2,
        repeatShareToDate: 2 / 3,
      },
    ]);
  });

  it('has a month with no buyers as zeros and a null share', () => {
    const months = buyersByMonth(
      [
        { customerId: 'a', at: at('2025-01-10T09:00:00Z') },
        { customerId: 'a', at: at('2025-03-10T09:00:00Z') },
      ],
      { end: at('2025-03-31T00:00:00Z') },
    );
    expect(months[1]).toMatchObject({ month: '2025-02', buyers: 0, returningShare: null });
    expect(months[2]).toMatchObject({ returningBuyers: 1, repeatBuyersToDate: 1 });
  });

  it('refuses a purchase without a customer', () => {
    expectError(
      () => buyersByMonth([{ customerId: '', at: 1 }], { end: 2 }),
      TypeError,
      'purchases[0].customerId must be a non-empty string',
    );
  });
});

describe('purchasesFromCourse', () => {
  // Learner 1 bought course 7 in January (after a course-3 purchase in December), then again
  // 40 days later; learner 2 bought 7 and nothing after; learner 3 never bought 7.
  const purchases = [
    { customerId: '1', at: at('2024-12-01T10:00:00Z'), amountMinor: 100, courseIds: ['3'] },
    { customerId: '1', at: at('2025-01-01T10:00:00Z'), amountMinor: 200, courseIds: ['7', '3'] },
    { customerId: '1', at: at('2025-02-10T10:00:00Z'), amountMinor: 300, courseIds: ['5'] },
    { customerId: '2', at: at('2025-01-15T10:00:00Z'), amountMinor: 200, courseIds: ['7'] },
    { customerId: '3', at: at('2025-01-02T10:00:00Z'), amountMinor: 200, courseIds: ['5'] },
  ];

  it('keeps the course’s buyers from the day they bought it', () => {
    expect(purchasesFromCourse(purchases, '7')).toEqual([
      { customerId: '1', at: at('2025-01-01T10:00:00Z'), amountMinor: 200 },
      { customerId: '1', at: at('2025-02-10T10:00:00Z'), amountMinor: 300 },
      { customerId: '2', at: at('2025-01-15T10:00:00Z'), amountMinor: 200 },
    ]);
    expect(purchasesFromCourse(purchases, '9')).toEqual([]);
  });

  it('makes repurchase.ts answer "who bought again after this course"', () => {
    const rebased = purchasesFromCourse(purchases, '7');
    const report = repurchaseReport(rebased, {
      end: at('2025-06-30T00:00:00Z'),
      windowsDays: [30, 90, 180],
    });
    expect(report.buyers).toBe(2);
    expect(
      report.windows.map((w) => [
        w.windowDays,
        w.overall.repurchased,
        w.overall.eligible,
        w.tooRecent,
      ]),
    ).toEqual([
      [30, 0, 2, 0],
      [90, 1, 2, 0],
      // 1 January + 180 days is the end day itself; 15 January + 180 days is not over yet.
      [180, 1, 1, 1],
    ]);
    const cohorts = cohortMatrix(rebased, { end: at('2025-06-30T00:00:00Z') });
    expect(cohorts.cohorts.map((c) => [c.cohort, c.size, c.buyers[1]])).toEqual([
      ['2025-01', 2, 1],
    ]);
  });
});

describe('valueHistogram', () => {
  it('bins values in round widths from 0 with the far tail in an open bin', () => {
    const values = [0, 50, 120, 180, 199, 240, 310, 390, 420, 5_000];
    const h = valueHistogram(values, { bins: 4, clipQuantile: 0.9 });
    // The 90% quantile, interpolated between 420 and 5,000, is 878: 4 bins of 219.5 round up to
    // 250 → [0,250) [250,500) [500,750) [750,1000), and the 5,000 in the open bin.
    expect(h.p90).toBeCloseTo(878, 9);
    expect(h.binWidth).toBe(250);
    expect(h.bins).toEqual([
      { from: 0, to: 250, count: 6 },
      { from: 250, to: 500, count: 3 },
      { from: 500, to: 750, count: 0 },
      { from: 750, to: 1000, count: 0 },
      { from: 1000, to: null, count: 1 },
    ]);
    expect(h.count).toBe(10);
    expect(h.total).toBe(6_909);
    expect(h.mean).toBeCloseTo(690.9, 10);
    expect(h.max).toBe(5_000);
    expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(values.length);
  });

  it('has no open bin when nothing is beyond the clip, the top value included', () => {
    // 4 / 2 bins is a step of 2, but [0,2) [2,4) leaves 4 out: the next round step is 2.5.
    const h = valueHistogram([1, 2, 3, 4], { bins: 2, clipQuantile: 1 });
    expect(h.bins).toEqual([
      { from: 0, to: 2.5, count: 2 },
      { from: 2.5, to: 5, count: 2 },
    ]);
  });

  it('handles all zeros and no values', () => {
    expect(valueHistogram([0, 0, 0]).bins).toEqual([{ from: 0, to: 1, count: 3 }]);
    expect(valueHistogram([])).toEqual({
      count: 0,
      total: 0,
      mean: null,
      median: null,
      p90: null,
      max: null,
      binWidth: null,
      bins: [],
    });
  });

  it('summarises values given in any order, ties and -0 alike', () => {
    // Unsorted, with ties around the median and the 90% quantile: the same as sorted.
    const values = [7, 3, 7, 0, 3, 7, 12, 3, 0, 7];
    const h = valueHistogram(values, { bins: 3, clipQuantile: 1 });
    expect(h).toEqual(
      valueHistogram([0, 0, 3, 3, 3, 7, 7, 7, 7, 12], { bins: 3, clipQuantile: 1 }),
    );
    expect(h.median).toBe(5);
    expect(h.p90).toBeCloseTo(7.5, 12);
    expect(h.max).toBe(12);
    expect(h.total).toBe(49);
    expect(h.bins).toEqual([
      { from: 0, to: 5, count: 5 },
      { from: 5, to: 10, count: 4 },
      { from: 10, to: 15, count: 1 },
    ]);
    // -0 passes as 0 or more; the zeros keep their given order, as with a comparator sort.
    expect(Object.is(valueHistogram([0, -0]).max, -0)).toBe(true);
    expect(Object.is(valueHistogram([-0, 0]).max, 0)).toBe(true);
  });

  it('refuses negative values and bad options', () => {
    expectError(
      () => valueHistogram([1, -2]),
      RangeError,
      'values[1] must be a finite number, 0 or more (got -2)',
    );
    expectError(
      () => valueHistogram([3, NaN, 1]),
      RangeError,
      'values[1] must be a finite number, 0 or more (got NaN)',
    );
    expectError(
      () => valueHistogram([1], { bins: 0 }),
      RangeError,
      'options.bins must be a whole number from 1 to 200 (got 0)',
    );
  });
});
