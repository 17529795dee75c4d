import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  cohortMatrix,
  repurchaseRate,
  repurchaseReport,
  type Purchase,
} from '../../../src/main/analytics/repurchase';
import { loadCdnowTransactions } from './cdnow-fixture';
import { expectError } from './expect-error';

const DAY = 86_400_000;

describe('repurchase and cohorts on CDNOW', () => {
  const transactions = loadCdnowTransactions();
  const report = repurchaseReport(transactions);
  const matrix = cohortMatrix(transactions);

  /**
   * The same figures computed plainly from the raw lines: per customer, the sorted distinct
   * purchase dates; month numbers from the YYYYMM digits; no code shared with the module.
   */
  const raw = readFileSync(
    fileURLToPath(new URL('../../fixtures/cdnow/CDNOW_sample.txt', import.meta.url)),
    'utf8',
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, id, date, , dollars] = line.trim().split(/\s+/);
      const [whole, cents] = dollars!.split('.');
      return {
        id: id!,
        date: date!,
        day: Date.UTC(+date!.slice(0, 4), +date!.slice(4, 6) - 1, +date!.slice(6, 8)) / DAY,
        month: +date!.slice(0, 4) * 12 + +date!.slice(4, 6) - 1,
        cents: +whole! * 100 + +cents!,
      };
    });
  const datesById = new Map<string, number[]>();
  for (const line of raw) {
    const days = datesById.get(line.id) ?? [];
    if (!days.includes(line.day)) days.push(line.day);
    datesById.set(line.id, days);
  }
  for (const days of datesById.values()) days.sort((p, q) => p - q);
  const lastDay = Math.max(...raw.map((l) => l.day));

  it('has 2,357 customers, all first buying in January–March 1997, observed to 1998-06-30', () => {
    expect(datesById.size).toBe(2357);
    expect(report.buyers).toBe(2357);
    expect(report.endDay).toBe('1998-06-30');
    expect(matrix.cohorts.map((c) => c.cohort)).toEqual(['1997-01', '1997-02', '1997-03']);
    expect(matrix.cohorts.reduce((s, c) => s + c.size, 0)).toBe(2357);
    expect(matrix.months).toBe(18);
    expect(matrix.endMonthComplete).toBe(true);
  });

  it('matches a plain count of repurchases within 30, 90, 180 and 365 days', () => {
    for (const window of report.windows) {
      let eligible = 0;
      let repurchased = 0;
      for (const days of datesById.values()) {
        const [first, second] = days;
        if (first! + window.windowDays > lastDay) continue;
        eligible++;
        if (second !== undefined && second - first! <= window.windowDays) repurchased++;
      }
      expect(window.overall).toEqual({ eligible, repurchased, rate: repurchased / eligible });
      // Everyone first bought by March 1997, more than a year before the end: nobody is too recent.
      expect(window.tooRecent).toBe(0);
      expect(window.byFirstMonth.map((m) => m.month)).toEqual(['1997-01', '1997-02', '1997-03']);
      expect(window.byFirstMonth.reduce((s, m) => s + m.repurchased, 0)).toBe(repurchased);
      // No course in CDNOW: no by-course rates.
      expect(window.byFirstCourse).toEqual([]);
    }
    expect(report.windows.map((w) => w.overall.repurchased)).toEqual([410, 687, 887, 1074]);
  });

  it('matches a plain computation of time to second purchase', () => {
    const gaps = [...datesById.values()]
      .filter((days) => days.length > 1)
      .map((days) => days[1]! - days[0]!)
      .sort((p, q) => p - q);
    const t = report.timeToSecondPurchase;
    expect(t.repeatBuyers).toBe(gaps.length);
    expect(t.repeatBuyers).toBe(1139);
    const middle = gaps.length / 2;
    expect(t.medianDays).toBe(
      gaps.length % 2 === 1 ? gaps[Math.floor(middle)] : (gaps[middle - 1]! + gaps[middle]!) / 2,
    );
    expect(t.meanDays).toBeCloseTo(gaps.reduce((s, g) => s + g, 0) / gaps.length, 10);
    expect(t.buckets.reduce((s, b) => s + b.count, 0)).toBe(gaps.length);
    expect(t.buckets[0]).toEqual({
      fromDays: 1,
      toDays: 7,
      count: gaps.filter((g) => g <= 7).length,
      share: gaps.filter((g) => g <= 7).length / gaps.length,
    });
    expect(t.buckets.at(-1)).toMatchObject({
      fromDays: 366,
      toDays: null,
      count: gaps.filter((g) => g > 365).length,
    });
  });

  it('matches a plain cohort matrix: buyers and revenue per cohort and elapsed month', () => {
    const firstMonth = new Map<string, number>();
    for (const line of raw) {
      firstMonth.set(line.id, Math.min(firstMonth.get(line.id) ?? Infinity, line.month));
    }
    const active = new Set<string>();
    const revenue = new Map<string, number>();
    for (const line of raw) {
      const cohort = firstMonth.get(line.id)!;
      const k = line.month - cohort;
      active.add(`${line.id}|${k}`);
      const key = `${cohort}|${k}`;
      revenue.set(key, (revenue.get(key) ?? 0) + line.cents);
    }
    const buyers = new Map<string, number>();
    for (const pair of active) {
      const [id, k] = pair.split('|');
      const key = `${firstMonth.get(id!)}|${k}`;
      buyers.set(key, (buyers.get(key) ?? 0) + 1);
    }
    const jan1997 = 1997 * 12;
    matrix.cohorts.forEach((row, r) => {
      const cohort = jan1997 + r;
      const size = [...firstMonth.values()].filter((m) => m === cohort).length;
      expect(row.size).toBe(size);
      expect(row.share[0]).toBe(1);
      const observed = 18 - r;
      for (let k = 0; k < 18; k++) {
        if (k >= observed) {
          expect(row.buyers[k]).toBeNull();
          expect(row.revenueMinor[k]).toBeNull();
          continue;
        }
        const b = buyers.get(`${cohort}|${k}`) ?? 0;
        const v = revenue.get(`${cohort}|${k}`) ?? 0;
        expect(row.buyers[k]).toBe(b);
        expect(row.share[k]).toBe(b / size);
        expect(row.revenueMinor[k]).toBe(v);
        expect(row.revenuePerMemberMinor[k]).toBe(v / size);
      }
    });
    const total = raw.reduce((s, l) => s + l.cents, 0);
    const summed = matrix.cohorts.reduce(
      (s, row) => s + row.revenueMinor.reduce<number>((t, v) => t + (v ?? 0), 0),
      0,
    );
    expect(summed).toBe(total);
  });
});

describe('repurchase on a hand-made log', () => {
  const at = (iso: string): number => Date.parse(`${iso}Z`);
  const log: Purchase[] = [
    { customerId: 'ann', at: at('2024-01-05T10:00'), amountMinor: 1000, courseId: 'c1' },
    { customerId: 'ann', at: at('2024-01-20T10:00'), amountMinor: 500, courseId: 'c2' },
    { customerId: 'ann', at: at('2024-02-03T10:00'), amountMinor: 300, courseId: 'c1' },
    // 23:30 UTC on 31 January is 07:30 on 1 February in China (UTC+8).
    { customerId: 'bob', at: at('2024-01-31T23:30'), amountMinor: 2000, courseId: 'c2' },
    { customerId: 'bob', at: at('2024-03-01T00:30'), amountMinor: 500, courseId: 'c3' },
    // Same UTC day twice (one purchase day); 18:00 UTC is the next day in China.
    { customerId: 'cy', at: at('2024-02-10T18:00'), amountMinor: 200, courseId: 'c3' },
    { customerId: 'cy', at: at('2024-02-10T09:00'), amountMinor: 800, courseId: 'c1' },
  ];
  const end = at('2024-03-31T12:00');

  it('builds the exact cohort matrix in UTC', () => {
    expect(cohortMatrix(log, { end })).toEqual({
      endDay: '2024-03-31',
      utcOffsetMinutes: 0,
      endMonthComplete: true,
      months: 3,
      cohorts: [
        {
          cohort: '2024-01',
          size: 2,
          buyers: [2, 1, 1],
          share: [1, 0.5, 0.5],
          revenueMinor: [3500, 300, 500],
          revenuePerMemberMinor: [1750, 150, 250],
        },
        {
          cohort: '2024-02',
          size: 1,
          buyers: [1, 0, null],
          share: [1, 0, null],
          revenueMinor: [1000, 0, null],
          revenuePerMemberMinor: [1000, 0, null],
        },
      ],
    });
  });

  it('builds the exact cohort matrix at UTC+8', () => {
    expect(cohortMatrix(log, { end, utcOffsetMinutes: 480 })).toEqual({
      endDay: '2024-03-31',
      utcOffsetMinutes: 480,
      endMonthComplete: true,
      months: 3,
      cohorts: [
        {
          cohort: '2024-01',
          size: 1,
          buyers: [1, 1, 0],
          share: [1, 1, 0],
          revenueMinor: [1500, 300, 0],
          revenuePerMemberMinor: [1500, 300, 0],
        },
        {
          cohort: '2024-02',
          size: 2,
          buyers: [2, 1, null],
          share: [1, 0.5, null],
          revenueMinor: [3000, 500, null],
          revenuePerMemberMinor: [1500, 250, null],
        },
      ],
    });
  });

  it('marks a partly observed end month and nulls the months after the end', () => {
    const m = cohortMatrix(log, { end: at('2024-02-15T00:00') });
    expect(m.endMonthComplete).toBe(false);
    expect(m.months).toBe(2);
    // bob's March purchase is after the end and ignored.
    expect(m.cohorts[0]!.buyers).toEqual([2, 1]);
    expect(m.cohorts[1]!.buyers).toEqual([1, null]);
  });

  it('counts a repurchase on day N of an N-day window, not on the same day', () => {
    const report = repurchaseReport(log, { end, windowsDays: [29, 30, 60] });
    const [w29, w30, w60] = report.windows;
    // ann: 15 days; bob: 30 days (31 Jan → 1 Mar 2024); cy: same day only.
    expect(w29!.overall).toEqual({ eligible: 3, repurchased: 1, rate: 1 / 3 });
    expect(w30!.overall).toEqual({ eligible: 3, repurchased: 2, rate: 2 / 3 });
    expect(w30!.byFirstCourse).toEqual([
      { courseId: 'c1', eligible: 2, repurchased: 1, rate: 0.5 },
      { courseId: 'c2', eligible: 1, repurchased: 1, rate: 1 },
    ]);
    expect(w30!.byFirstMonth).toEqual([
      { month: '2024-01', eligible: 2, repurchased: 2, rate: 1 },
      { month: '2024-02', eligible: 1, repurchased: 0, rate: 0 },
    ]);
    // Right-censoring: cy's 60 days run past the end (10 Feb + 60 days = 10 Apr).
    expect(w60!.overall).toEqual({ eligible: 2, repurchased: 2, rate: 1 });
    expect(w60!.tooRecent).toBe(1);
    expect(w60!.byFirstMonth[1]).toEqual({
      month: '2024-02',
      eligible: 0,
      repurchased: 0,
      rate: null,
    });
    expect(report.timeToSecondPurchase).toEqual({
      buyers: 3,
      repeatBuyers: 2,
      medianDays: 22.5,
      meanDays: 22.5,
      buckets: [
        { fromDays: 1, toDays: 7, count: 0, share: 0 },
        { fromDays: 8, toDays: 14, count: 0, share: 0 },
        { fromDays: 15, toDays: 30, count: 2, share: 1 },
        { fromDays: 31, toDays: 60, count: 0, share: 0 },
        { fromDays: 61, toDays: 90, count: 0, share: 0 },
        { fromDays: 91, toDays: 180, count: 0, share: 0 },
        { fromDays: 181, toDays: 365, count: 0, share: 0 },
        { fromDays: 366, toDays: null, count: 0, share: 0 },
      ],
    });
  });

  it('counts days in the given offset: cy buys on two days in China', () => {
    const report = repurchaseReport(log, { end, windowsDays: [30], utcOffsetMinutes: 480 });
    expect(report.windows[0]!.overall).toEqual({ eligible: 3, repurchased: 3, rate: 1 });
    expect(report.timeToSecondPurchase.repeatBuyers).toBe(3);
  });

  it('uses the earliest purchase for the first course and 90 days by default', () => {
    expect(repurchaseRate(log)).toEqual({ eligible: 0, repurchased: 0, rate: null });
    expect(repurchaseRate(log, { windowDays: 30 })).toEqual({
      eligible: 2,
      repurchased: 2,
      rate: 1,
    });
    const report = repurchaseReport(log, { end, windowsDays: [1], bucketDays: [20] });
    expect(report.windows[0]!.byFirstCourse.map((c) => c.courseId)).toEqual(['c1', 'c2']);
    expect(report.timeToSecondPurchase.buckets).toEqual([
      { fromDays: 1, toDays: 20, count: 1, share: 0.5 },
      { fromDays: 21, toDays: null, count: 1, share: 0.5 },
    ]);
    expect(report.endDay).toBe('2024-03-31');
  });
});

describe('repurchase bad input', () => {
  const ok: Purchase[] = [{ customerId: 'a', at: Date.UTC(2024, 0, 1), amountMinor: 100 }];
  const loosely =
    (fn: (...args: never[]) => unknown, ...args: unknown[]) =>
    (): unknown =>
      (fn as (...a: unknown[]) => unknown)(...args);

  it('rejects bad purchases with exact messages', () => {
    expectError(() => repurchaseReport([]), RangeError, 'purchases must not be empty');
    expectError(
      loosely(cohortMatrix, 'x'),
      TypeError,
      'purchases must be an array of transactions (got "x")',
    );
    expectError(
      () => cohortMatrix([{ customerId: 'a', at: 0, amountMinor: -1 }]),
      RangeError,
      'purchases[0].amountMinor must be a whole number of minor units, 0 or more (got -1)',
    );
    expectError(
      loosely(repurchaseReport, [{ ...ok[0], courseId: '' }]),
      TypeError,
      'purchases[0].courseId must be a non-empty string when given (got "")',
    );
  });

  it('rejects bad options with exact messages', () => {
    expectError(
      () => repurchaseReport(ok, { end: Number.NaN }),
      RangeError,
      'options.end must be a finite number of epoch ms (got NaN)',
    );
    expectError(
      () => cohortMatrix(ok, { utcOffsetMinutes: 900 }),
      RangeError,
      'options.utcOffsetMinutes must be a whole number of minutes from -720 to 840 (got 900)',
    );
    expectError(
      () => repurchaseReport(ok, { windowsDays: [90, 0] }),
      RangeError,
      'options.windowsDays[1] must be a whole number of days from 1 to 36500 (got 0)',
    );
    expectError(
      () => repurchaseReport(ok, { windowsDays: [] }),
      TypeError,
      'options.windowsDays must be a non-empty array of whole numbers of days',
    );
    expectError(
      () => repurchaseReport(ok, { bucketDays: [7, 7] }),
      RangeError,
      'options.bucketDays must increase (got 7, 7)',
    );
    expectError(
      () => repurchaseRate(ok, { windowDays: 1.5 }),
      RangeError,
      'options.windowDays must be a whole number of days from 1 to 36500 (got 1.5)',
    );
    expectError(
      () => cohortMatrix(ok, { end: Date.UTC(2023, 11, 30, 12) }),
      RangeError,
      'options.end (2023-12-30) is before every purchase (the first is on 2024-01-01)',
    );
    expectError(loosely(cohortMatrix, ok, 5), TypeError, 'options must be an object');
  });

  it('accepts an hour offset near midnight without moving the month wrongly', () => {
    const m = cohortMatrix([{ customerId: 'a', at: Date.UTC(2024, 0, 31, 20), amountMinor: 1 }], {
      utcOffsetMinutes: -300,
    });
    expect(m.cohorts[0]!.cohort).toBe('2024-01');
    const east = cohortMatrix(
      [{ customerId: 'a', at: Date.UTC(2024, 0, 31, 20), amountMinor: 1 }],
      {
        utcOffsetMinutes: 300,
      },
    );
    expect(east.cohorts[0]!.cohort).toBe('2024-02');
  });
});
