/**
 * Do buyers come back? Repurchase rates, time to the second purchase, and the cohort matrix
 * (month of first purchase × months since), from a plain purchase log.
 *
 * Ground rules shared by every metric here:
 * - Every purchase given counts. Refunds, cancellations and free enrolments that should not
 *   count must be left out by the caller before calling.
 * - Purchases are grouped by calendar day: two purchases on the same day are one purchase
 *   occasion (as in rfm.ts). Days and months are calendar days and months in UTC, or at a fixed
 *   offset from UTC (`utcOffsetMinutes`, e.g. 480 for China Standard Time).
 * - The data end at `end` (default: the day of the latest purchase). Purchases on later days
 *   are ignored, and a metric never counts a buyer whose time window is not over yet (see the
 *   note on right-censoring in repurchaseReport).
 *
 * Pure: no I/O, no Node built-ins.
 */
import { mean, median } from 'simple-statistics';
import { describeValue, optionsObject } from './feature-table';
import { assertTransactions, MS_PER_DAY, type Transaction } from './transactions';

/** A purchase, optionally naming the course bought (needed for the by-first-course rates). */
export interface Purchase extends Transaction {
  /** The course (or product) bought. */
  readonly courseId?: string;
}

/** The windows the report computes by default, in days. 90 days is the headline figure. */
export const REPURCHASE_WINDOWS_DAYS: readonly number[] = [30, 90, 180, 365];
/** The headline repurchase window, in days. */
export const DEFAULT_REPURCHASE_WINDOW_DAYS = 90;
/** Upper ends of the default time-to-second-purchase buckets, in days (the last is open). */
export const TIME_BUCKET_DAYS: readonly number[] = [7, 14, 30, 60, 90, 180, 365];

const MS_PER_MINUTE = 60_000;
/** Real zone offsets run from UTC−12:00 to UTC+14:00. */
const MIN_OFFSET_MINUTES = -720;
const MAX_OFFSET_MINUTES = 840;
const MAX_WINDOW_DAYS = 36_500;

export interface CalendarOptions {
  /**
   * The end of the data, epoch ms (default: the latest purchase). Purchases on that calendar day
   * count; purchases on later days are ignored.
   */
  readonly end?: number;
  /**
   * Minutes east of UTC at which calendar days and months are counted (default 0: UTC; 480 for
   * China Standard Time, −300 for US Eastern Standard Time). Fixed: no daylight-saving changes.
   */
  readonly utcOffsetMinutes?: number;
}

export interface RepurchaseOptions extends CalendarOptions {
  /** Repurchase windows in days (default 30, 90, 180 and 365). */
  readonly windowsDays?: readonly number[];
  /** Upper ends of the time-to-second-purchase buckets in days, increasing (default 7 … 365). */
  readonly bucketDays?: readonly number[];
}

/**
 * A repurchase rate: of the buyers we could watch for the whole window (`eligible`), how many
 * (`repurchased`) bought again on a later day within the window. `rate` = repurchased / eligible,
 * null when nobody is eligible.
 */
export interface RepurchaseRate {
  readonly eligible: number;
  readonly repurchased: number;
  readonly rate: number | null;
}

export interface RepurchaseWindow {
  readonly windowDays: number;
  /** All buyers. */
  readonly overall: RepurchaseRate;
  /**
   * Buyers grouped by the course of their first purchase (the earliest one; on a tie, the one
   * listed first), largest group first. Buyers whose first purchase names no course are left
   * out of this list only.
   */
  readonly byFirstCourse: readonly (RepurchaseRate & { readonly courseId: string })[];
  /** Buyers grouped by the calendar month of their first purchase ('YYYY-MM'), in month order. */
  readonly byFirstMonth: readonly (RepurchaseRate & { readonly month: string })[];
  /** Buyers left out because their first purchase is less than windowDays before the end. */
  readonly tooRecent: number;
}

export interface TimeBucket {
  /** First and last day of the bucket, both included; `toDays` null for the open last bucket. */
  readonly fromDays: number;
  readonly toDays: number | null;
  readonly count: number;
  /** count / repeat buyers; null when there are none. */
  readonly share: number | null;
}

/**
 * Time to second purchase: for each buyer who bought again, the number of days from their first
 * purchase day to their next (later) purchase day. Only buyers who have bought again by the end
 * are measured, so the figures lean towards short times when many buyers are recent: read them
 * next to the repurchase rates, which allow for that.
 */
export interface TimeToSecondPurchase {
  /** Buyers in the data. */
  readonly buyers: number;
  /** Buyers with a second purchase day by the end: the ones measured. */
  readonly repeatBuyers: number;
  /** Middle value of the days to the second purchase (mean of the two middle ones for an even count). */
  readonly medianDays: number | null;
  /** Average days to the second purchase. */
  readonly meanDays: number | null;
  readonly buckets: readonly TimeBucket[];
}

export interface RepurchaseReport {
  /** The last day counted, 'YYYY-MM-DD' in the chosen offset. */
  readonly endDay: string;
  readonly utcOffsetMinutes: number;
  /** Buyers in the data (customers with a purchase on or before the end day). */
  readonly buyers: number;
  readonly windows: readonly RepurchaseWindow[];
  readonly timeToSecondPurchase: TimeToSecondPurchase;
}

export interface CohortRow {
  /** The month of first purchase shared by the cohort, 'YYYY-MM'. */
  readonly cohort: string;
  /** Buyers whose first purchase fell in that month. */
  readonly size: number;
  /**
   * Per elapsed month k = 0, 1, 2…: cohort members with a purchase in calendar month
   * cohort + k. Month 0 is the cohort month itself, so buyers[0] = size. null for months after
   * the end of the data.
   */
  readonly buyers: readonly (number | null)[];
  /** buyers[k] / size: the share of the cohort buying in month k (share[0] = 1). */
  readonly share: readonly (number | null)[];
  /** Everything the cohort paid in month k, minor units. */
  readonly revenueMinor: readonly (number | null)[];
  /** revenueMinor[k] / size: revenue per cohort member (bought that month or not), minor units. */
  readonly revenuePerMemberMinor: readonly (number | null)[];
}

/**
 * The cohort matrix. Rows: cohorts, the buyers who first bought in the same calendar month.
 * Columns: whole calendar months elapsed since the cohort month — a purchase in the month after
 * the first purchase is in month 1, whatever the day (first on 31 January, again on 1 February:
 * month 1). Cells after the end of the data are null; the last observed column of each row is
 * partial unless the end day is the last day of its month (`endMonthComplete`).
 */
export interface CohortMatrix {
  readonly endDay: string;
  readonly utcOffsetMinutes: number;
  /** Whether the end day is the last day of its month (the end month is fully observed). */
  readonly endMonthComplete: boolean;
  /** Number of columns: months from the earliest cohort to the end month, both included. */
  readonly months: number;
  readonly cohorts: readonly CohortRow[];
}

/** What one pass over the purchases learns about each buyer. */
interface Buyers {
  readonly endDay: number;
  readonly offsetMinutes: number;
  readonly count: number;
  readonly firstDay: Int32Array;
  /** The next purchase day after the first; -1 when there is none by the end. */
  readonly secondDay: Int32Array;
  readonly firstCourse: (string | undefined)[];
  /** Per purchase: buyer index, or -1 when the purchase is after the end. */
  readonly buyerOf: Int32Array;
  /** Per purchase: calendar day. */
  readonly dayOf: Int32Array;
  readonly monthOfDay: (day: number) => number;
}

function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function formatMonth(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Months since year 0 (year × 12 + month − 1) of a calendar day, memoised: days are few. */
function monthIndexer(): (day: number) => number {
  const cache = new Map<number, number>();
  return (day) => {
    let m = cache.get(day);
    if (m === undefined) {
      const date = new Date(day * MS_PER_DAY);
      m = date.getUTCFullYear() * 12 + date.getUTCMonth();
      cache.set(day, m);
    }
    return m;
  };
}

function checkPurchases(purchases: unknown): asserts purchases is readonly Purchase[] {
  assertTransactions(purchases, 'purchases');
  if (purchases.length === 0) throw new RangeError('purchases must not be empty');
  purchases.forEach((p, i) => {
    const courseId: unknown = (p as Purchase).courseId;
    if (courseId !== undefined && (typeof courseId !== 'string' || courseId.length === 0)) {
      throw new TypeError(
        `purchases[${i}].courseId must be a non-empty string when given (got ${describeValue(courseId)})`,
      );
    }
  });
}

function checkCalendar(options: CalendarOptions): { end: number | undefined; offset: number } {
  const { end } = options;
  if (end !== undefined && (typeof end !== 'number' || !Number.isFinite(end))) {
    throw new RangeError(
      `options.end must be a finite number of epoch ms (got ${describeValue(end)})`,
    );
  }
  const offset = options.utcOffsetMinutes ?? 0;
  if (
    typeof offset !== 'number' ||
    !Number.isInteger(offset) ||
    offset < MIN_OFFSET_MINUTES ||
    offset > MAX_OFFSET_MINUTES
  ) {
    throw new RangeError(
      `options.utcOffsetMinutes must be a whole number of minutes from ${MIN_OFFSET_MINUTES} to ${MAX_OFFSET_MINUTES} (got ${describeValue(offset)})`,
    );
  }
  return { end, offset };
}

function collectBuyers(purchases: readonly Purchase[], options: CalendarOptions): Buyers {
  const { end, offset } = checkCalendar(options);
  const offsetMs = offset * MS_PER_MINUTE;
  const dayOfInstant = (at: number): number => Math.floor((at + offsetMs) / MS_PER_DAY);
  let endAt = end;
  if (endAt === undefined) {
    endAt = Number.NEGATIVE_INFINITY;
    for (const p of purchases) if (p.at > endAt) endAt = p.at;
  }
  const endDay = dayOfInstant(endAt);

  const n = purchases.length;
  const buyerOf = new Int32Array(n).fill(-1);
  const dayOf = new Int32Array(n);
  const index = new Map<string, number>();
  const firstDay: number[] = [];
  const secondDay: number[] = [];
  const firstAt: number[] = [];
  const firstCourse: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const p = purchases[i];
    if (!p) continue;
    const day = dayOfInstant(p.at);
    dayOf[i] = day;
    if (day > endDay) continue;
    let b = index.get(p.customerId);
    if (b === undefined) {
      b = firstDay.length;
      index.set(p.customerId, b);
      firstDay.push(day);
      secondDay.push(Number.POSITIVE_INFINITY);
      firstAt.push(p.at);
      firstCourse.push(p.courseId);
    } else {
      const first = firstDay[b] ?? day;
      if (day < first) {
        secondDay[b] = first;
        firstDay[b] = day;
      } else if (day > first && day < (secondDay[b] ?? Number.POSITIVE_INFINITY)) {
        secondDay[b] = day;
      }
      // Strictly earlier only: on a tie the purchase listed first keeps its course.
      if (p.at < (firstAt[b] ?? p.at)) {
        firstAt[b] = p.at;
        firstCourse[b] = p.courseId;
      }
    }
    buyerOf[i] = b;
  }
  if (firstDay.length === 0) {
    const earliest = dayOf.reduce((p, q) => Math.min(p, q));
    throw new RangeError(
      `options.end (${formatDay(endDay)}) is before every purchase (the first is on ${formatDay(earliest)})`,
    );
  }
  return {
    endDay,
    offsetMinutes: offset,
    count: firstDay.length,
    firstDay: Int32Array.from(firstDay),
    secondDay: Int32Array.from(secondDay, (d) => (Number.isFinite(d) ? d : -1)),
    firstCourse,
    buyerOf,
    dayOf,
    monthOfDay: monthIndexer(),
  };
}

function checkDayList(
  name: string,
  value: unknown,
  increasing: boolean,
  fallback: readonly number[],
): number[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`options.${name} must be a non-empty array of whole numbers of days`);
  }
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_WINDOW_DAYS) {
      throw new RangeError(
        `options.${name}[${i}] must be a whole number of days from 1 to ${MAX_WINDOW_DAYS} (got ${describeValue(v)})`,
      );
    }
    if (increasing && i > 0 && v <= (value[i - 1] as number)) {
      throw new RangeError(`options.${name} must increase (got ${value.join(', ')})`);
    }
  });
  return [...(value as number[])];
}

function rate(eligible: number, repurchased: number): RepurchaseRate {
  return { eligible, repurchased, rate: eligible > 0 ? repurchased / eligible : null };
}

function repurchaseWindow(buyers: Buyers, windowDays: number): RepurchaseWindow {
  let eligible = 0;
  let repurchased = 0;
  const byCourse = new Map<string, [number, number]>();
  const byMonth = new Map<number, [number, number]>();
  for (let b = 0; b < buyers.count; b++) {
    const first = buyers.firstDay[b] ?? 0;
    const month = buyers.monthOfDay(first);
    const course = buyers.firstCourse[b];
    const monthCounts = byMonth.get(month) ?? [0, 0];
    byMonth.set(month, monthCounts);
    const courseCounts = course === undefined ? undefined : (byCourse.get(course) ?? [0, 0]);
    if (course !== undefined && courseCounts) byCourse.set(course, courseCounts);
    // Right-censoring: a buyer whose window runs past the end may still come back, so they are
    // neither a yes nor a no yet.
    if (first + windowDays > buyers.endDay) continue;
    const second = buyers.secondDay[b] ?? -1;
    const hit = second >= 0 && second - first <= windowDays ? 1 : 0;
    eligible++;
    repurchased += hit;
    monthCounts[0]++;
    monthCounts[1] += hit;
    if (courseCounts) {
      courseCounts[0]++;
      courseCounts[1] += hit;
    }
  }
  return {
    windowDays,
    overall: rate(eligible, repurchased),
    byFirstCourse: [...byCourse]
      .map(([courseId, [e, r]]) => ({ courseId, ...rate(e, r) }))
      .sort(
        (p, q) =>
          q.eligible - p.eligible ||
          (p.courseId < q.courseId ? -1 : p.courseId > q.courseId ? 1 : 0),
      ),
    byFirstMonth: [...byMonth]
      .sort(([p], [q]) => p - q)
      .map(([month, [e, r]]) => ({ month: formatMonth(month), ...rate(e, r) })),
    tooRecent: buyers.count - eligible,
  };
}

function timeToSecond(buyers: Buyers, bucketDays: readonly number[]): TimeToSecondPurchase {
  const gaps: number[] = [];
  for (let b = 0; b < buyers.count; b++) {
    const second = buyers.secondDay[b] ?? -1;
    if (second >= 0) gaps.push(second - (buyers.firstDay[b] ?? 0));
  }
  const counts = new Array<number>(bucketDays.length + 1).fill(0);
  for (const gap of gaps) {
    let i = 0;
    while (i < bucketDays.length && gap > (bucketDays[i] ?? 0)) i++;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const buckets = counts.map((count, i) => ({
    fromDays: i === 0 ? 1 : (bucketDays[i - 1] ?? 0) + 1,
    toDays: bucketDays[i] ?? null,
    count,
    share: gaps.length > 0 ? count / gaps.length : null,
  }));
  return {
    buyers: buyers.count,
    repeatBuyers: gaps.length,
    medianDays: gaps.length > 0 ? median(gaps) : null,
    meanDays: gaps.length > 0 ? mean(gaps) : null,
    buckets,
  };
}

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
  checkPurchases(purchases);
  const o = optionsObject(options);
  const windowsDays = checkDayList('windowsDays', o.windowsDays, false, REPURCHASE_WINDOWS_DAYS);
  const bucketDays = checkDayList('bucketDays', o.bucketDays, true, TIME_BUCKET_DAYS);
  const buyers = collectBuyers(purchases, o);
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
  checkPurchases(purchases);
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
  return repurchaseWindow(collectBuyers(purchases, o), windowDays).overall;
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
  checkPurchases(purchases);
  const buyers = collectBuyers(purchases, optionsObject(options));
  const { count, firstDay, buyerOf, dayOf, monthOfDay, endDay } = buyers;

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

  // One key per (buyer, elapsed month) with a purchase; sorting them lets each pair count once
  // without a set per buyer. Keys stay below count × months, exact in a double.
  const keys = new Float64Array(purchases.length);
  let used = 0;
  const revenue = new Float64Array(months * months);
  purchases.forEach((p, i) => {
    const b = buyerOf[i] ?? -1;
    if (b < 0) return;
    const row = (cohortMonth[b] ?? 0) - firstMonth;
    const k = monthOfDay(dayOf[i] ?? 0) - (cohortMonth[b] ?? 0);
    keys[used++] = b * months + k;
    revenue[row * months + k] = (revenue[row * months + k] ?? 0) + p.amountMinor;
  });
  const sorted = keys.subarray(0, used).sort();
  const active = new Float64Array(months * months);
  let previous = -1;
  for (const key of sorted) {
    if (key === previous) continue;
    previous = key;
    const b = Math.floor(key / months);
    const k = key - b * months;
    const row = (cohortMonth[b] ?? 0) - firstMonth;
    active[row * months + k] = (active[row * months + k] ?? 0) + 1;
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
