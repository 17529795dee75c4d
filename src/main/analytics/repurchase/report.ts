import { describeValue, optionsObject } from '../feature-table';
import {
  type CalendarOptions,
  type CohortMatrix,
  type CohortRow,
  DEFAULT_REPURCHASE_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  type Purchase,
  REPURCHASE_WINDOWS_DAYS,
  type RepurchaseOptions,
  type RepurchaseRate,
  type RepurchaseReport,
  TIME_BUCKET_DAYS,
} from './types';
import {
  checkDayList,
  checkPurchases,
  collectBuyers,
  formatDay,
  formatMonth,
  repurchaseWindow,
  timeToSecond,
} from './buyers';
import { rowsByGroup } from '../purchase-columns';

// The repurchase report, a single rate, and the cohort matrix.

/**
 * Repurchase rates and time to second purchase.
 *
 * Repurchase rate within N days: the share of buyers who bought again — on a later calendar day
 * — no more than N days after the day of their first purchase. It is given for each window in
 * `windowsDays` (30, 90, 180 and 365 days by default; 90 is the headline), for all buyers, by the
 * course of the first purchase and by the month of the first purchase.
 *
 * Right-censoring: a buyer whose first purchase is less than N days before the end of the data
 * has not had N days to come back yet. Counting them as "did not come back" would make recent
 * months look worse than they are, so such buyers are left out of that window's rate (they are
 * counted in `tooRecent`). Only buyers whose first purchase day is at least N days before the end
 * day are in the denominator.
 *
 * @throws TypeError/RangeError for an empty or malformed purchase list or bad options
 */
export function repurchaseReport(
  purchases: readonly Purchase[],
  options?: RepurchaseOptions,
): RepurchaseReport {
  const columns = checkPurchases(purchases);
  const o = optionsObject(options);
  const windowsDays = checkDayList('windowsDays', o.windowsDays, false, REPURCHASE_WINDOWS_DAYS);
  const bucketDays = checkDayList('bucketDays', o.bucketDays, true, TIME_BUCKET_DAYS);
  const buyers = collectBuyers(purchases, columns, o);
  return {
    endDay: formatDay(buyers.endDay),
    utcOffsetMinutes: buyers.offsetMinutes,
    buyers: buyers.count,
    windows: windowsDays.map((w) => repurchaseWindow(buyers, w)),
    timeToSecondPurchase: timeToSecond(buyers, bucketDays),
  };
}

/**
 * The repurchase rate of all buyers within one window (default 90 days): the share of the buyers
 * watched for the whole window who bought again on a later day within it. See repurchaseReport
 * for the definition and the right-censoring rule.
 */
export function repurchaseRate(
  purchases: readonly Purchase[],
  options?: CalendarOptions & { readonly windowDays?: number },
): RepurchaseRate {
  const columns = checkPurchases(purchases);
  const o = optionsObject(options);
  const windowDays = o.windowDays ?? DEFAULT_REPURCHASE_WINDOW_DAYS;
  if (
    typeof windowDays !== 'number' ||
    !Number.isInteger(windowDays) ||
    windowDays < 1 ||
    windowDays > MAX_WINDOW_DAYS
  ) {
    throw new RangeError(
      `options.windowDays must be a whole number of days from 1 to ${MAX_WINDOW_DAYS} (got ${describeValue(windowDays)})`,
    );
  }
  return repurchaseWindow(collectBuyers(purchases, columns, o), windowDays).overall;
}

/**
 * The cohort matrix: for each month of first purchase (a cohort) and each whole calendar month
 * elapsed since then, the share of the cohort that bought in that month and the revenue per
 * cohort member. See CohortMatrix and CohortRow for the exact definitions.
 *
 * @throws TypeError/RangeError for an empty or malformed purchase list or bad options, and when a
 *   cell's revenue exceeds the safe-integer range
 */
export function cohortMatrix(
  purchases: readonly Purchase[],
  options?: CalendarOptions,
): CohortMatrix {
  const columns = checkPurchases(purchases);
  const buyers = collectBuyers(purchases, columns, optionsObject(options));
  const { count, firstDay, buyerOf, dayOf, amountMinor, monthOfDay, endDay } = buyers;

  const cohortMonth = new Int32Array(count);
  let firstMonth = Number.POSITIVE_INFINITY;
  for (let b = 0; b < count; b++) {
    const m = monthOfDay(firstDay[b] ?? 0);
    cohortMonth[b] = m;
    if (m < firstMonth) firstMonth = m;
  }
  const endMonth = monthOfDay(endDay);
  const months = endMonth - firstMonth + 1;

  // Rows exist for cohort months that have members, in month order.
  const size = new Float64Array(months);
  for (let b = 0; b < count; b++) {
    const row = (cohortMonth[b] ?? 0) - firstMonth;
    size[row] = (size[row] ?? 0) + 1;
  }

  // One buyer at a time (their purchases grouped by a counting sort): a buyer is active in an
  // elapsed month once however many purchases they made in it, which a stamp per month tells.
  const { start, order } = rowsByGroup(buyerOf, count);
  const revenue = new Float64Array(months * months);
  const active = new Float64Array(months * months);
  const stamp = new Int32Array(months).fill(-1);
  for (let b = 0; b < count; b++) {
    const cohort = cohortMonth[b] ?? 0;
    const rowStart = (cohort - firstMonth) * months;
    for (let j = start[b] ?? 0; j < (start[b + 1] ?? 0); j++) {
      const i = order[j] ?? 0;
      const k = monthOfDay(dayOf[i] ?? 0) - cohort;
      revenue[rowStart + k] = (revenue[rowStart + k] ?? 0) + (amountMinor[i] ?? 0);
      if (stamp[k] !== b) {
        stamp[k] = b;
        active[rowStart + k] = (active[rowStart + k] ?? 0) + 1;
      }
    }
  }

  const cohorts: CohortRow[] = [];
  for (let row = 0; row < months; row++) {
    const members = size[row] ?? 0;
    if (members === 0) continue;
    const observed = months - row;
    const cells = (f: (k: number) => number): (number | null)[] =>
      Array.from({ length: months }, (_, k) => (k < observed ? f(k) : null));
    const revenueMinor = cells((k) => {
      const v = revenue[row * months + k] ?? 0;
      if (!Number.isSafeInteger(v)) {
        throw new RangeError(
          `the purchases of cohort ${formatMonth(firstMonth + row)} in month ${k} add up to more than ${Number.MAX_SAFE_INTEGER} minor units`,
        );
      }
      return v;
    });
    cohorts.push({
      cohort: formatMonth(firstMonth + row),
      size: members,
      buyers: cells((k) => active[row * months + k] ?? 0),
      share: cells((k) => (active[row * months + k] ?? 0) / members),
      revenueMinor,
      revenuePerMemberMinor: revenueMinor.map((v) => (v === null ? null : v / members)),
    });
  }
  return {
    endDay: formatDay(endDay),
    utcOffsetMinutes: buyers.offsetMinutes,
    endMonthComplete: monthOfDay(endDay + 1) !== endMonth,
    months,
    cohorts,
  };
}
