import { describe, expect, it } from 'vitest';
import type { AttendeeValue, SessionCustomers } from '../../src/shared/contract/analytics-api';
import type { LearnerId } from '../../src/shared/model/ids';
import {
  ATTENDEE_CSV_COLUMNS,
  attendeeCsvRow,
  csvFileName,
} from '../../src/renderer/studio/screens/reports/report-csv';

describe('report CSV files', () => {
  const startedAt = Date.UTC(2026, 10, 18, 11, 30);

  it('names a file after the class and the table, keeping letters of any script', () => {
    expect(
      csvFileName({ id: 12, title: 'Open class: predict house prices!', startedAt }, 'follow-up'),
    ).toBe('class-12-open-class-predict-house-prices-2026-11-18-follow-up.csv');
    expect(csvFileName({ id: 3, title: '直播：雅思口语 模考', startedAt }, 'segments')).toBe(
      'class-3-直播-雅思口语-模考-2026-11-18-segments.csv',
    );
    expect(csvFileName({ id: 4, title: '***', startedAt }, 'offers')).toBe(
      'class-4-2026-11-18-offers.csv',
    );
    const long = csvFileName({ id: 5, title: 'a '.repeat(100), startedAt }, 'findings');
    expect(long).toMatch(/^class-5-(a-)*a-2026-11-18-findings\.csv$/);
    expect(long.length).toBeLessThan(100);
  });

  it('writes an attendee with money in major units and shares as fractions', () => {
    const row: AttendeeValue = {
      learnerId: 7 as LearnerId,
      displayName: '王芳',
      ordersBefore: 2,
      boughtNow: true,
      probabilityAlive: 0.91234567,
      expectedPurchases: 1.23456,
      value: 12_345.4,
      value12Months: 45_678.9,
      nextCourseProbability: 0.25,
      ownsNextCourse: false,
      segment: 0,
    };
    const customers = {
      currency: 'CNY',
      nextCourse: { courseId: 9 },
    } as unknown as SessionCustomers;
    const cells = attendeeCsvRow(row, customers);
    expect(cells).toHaveLength(ATTENDEE_CSV_COLUMNS.length);
    expect(Object.fromEntries(ATTENDEE_CSV_COLUMNS.map((c, i) => [c, cells[i]]))).toEqual({
      learner_id: 7,
      learner: '王芳',
      orders_before_class: 2,
      bought_through_class: 'yes',
      probability_active: '0.9123',
      expected_purchases_90d: '1.235',
      predicted_value_90d: 123.45,
      predicted_value_12m: 456.79,
      currency: 'CNY',
      next_course_id: 9,
      next_course_probability: '0.2500',
      owns_next_course: 'no',
      segment: 1,
    });
    // No prediction: empty cells, not zeros.
    const none = attendeeCsvRow(
      { ...row, probabilityAlive: null, expectedPurchases: null, value: null, value12Months: null },
      customers,
    );
    expect(none.slice(4, 9)).toEqual(['', '', '', '', '']);
  });
});
