import { mean, median } from 'simple-statistics';
import { describeValue } from '../feature-table';
import { transactionColumns, type PurchaseColumns } from '../purchase-columns';
import { MS_PER_DAY } from '../transactions';
import {
  type Buyers,
  type CalendarOptions,
  MAX_OFFSET_MINUTES,
  MAX_WINDOW_DAYS,
  MIN_OFFSET_MINUTES,
  MS_PER_MINUTE,
  type Purchase,
  type RepurchaseRate,
  type RepurchaseWindow,
  type TimeToSecondPurchase,
} from './types';

// Buyers by calendar day and month, and the windows and buckets computed over them.

export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function formatMonth(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Months since year 0 (year × 12 + month − 1) of a calendar day. */
function monthOf(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** monthOf through a table over the days from `from` to `to` (the data's days are few). */
function monthIndexer(from: number, to: number): (day: number) => number {
  const table = new Int32Array(Math.max(0, to - from + 1));
  for (let d = from; d <= to; d++) table[d - from] = monthOf(d);
  return (day) => (day >= from && day <= to ? (table[day - from] ?? 0) : monthOf(day));
}

/**
 * Check a purchase list (as assertTransactions, and each courseId when given) and return it as
 * columns.
 * @throws TypeError/RangeError naming the first bad purchase, or for an empty list
 */
export function checkPurchases(purchases: readonly Purchase[]): PurchaseColumns {
  const columns = transactionColumns(purchases, 'purchases');
  if (columns.rows === 0) throw new RangeError('purchases must not be empty');
  for (let i = 0; i < purchases.length; i++) {
    const courseId: unknown = purchases[i]?.courseId;
    if (courseId !== undefined && (typeof courseId !== 'string' || courseId.length === 0)) {
      throw new TypeError(
        `purchases[${i}].courseId must be a non-empty string when given (got ${describeValue(courseId)})`,
      );
    }
  }
  return columns;
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

/** One pass over checked purchases (see checkPurchases): each buyer's first days and course. */
export function collectBuyers(
  purchases: readonly Purchase[],
  columns: PurchaseColumns,
  options: CalendarOptions,
): Buyers {
  const { end, offset } = checkCalendar(options);
  const offsetMs = offset * MS_PER_MINUTE;
  const { rows: n, at, customerOf } = columns;
  let endAt = end;
  if (endAt === undefined) {
    endAt = Number.NEGATIVE_INFINITY;
    for (const t of at) if (t > endAt) endAt = t;
  }
  const endDay = Math.floor((endAt + offsetMs) / MS_PER_DAY);

  const buyerOf = new Int32Array(n).fill(-1);
  const dayOf = new Int32Array(n);
  const buyerOfCustomer = new Int32Array(columns.customers).fill(-1);
  const firstDay = new Int32Array(columns.customers);
  const secondDay = new Int32Array(columns.customers).fill(-1);
  const firstAt = new Float64Array(columns.customers);
  const firstCourse: (string | undefined)[] = [];
  let count = 0;
  let earliest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = at[i] ?? 0;
    const day = Math.floor((t + offsetMs) / MS_PER_DAY);
    dayOf[i] = day;
    if (day < earliest) earliest = day;
    if (day > endDay) continue;
    const c = customerOf[i] ?? 0;
    let b = buyerOfCustomer[c] ?? -1;
    if (b < 0) {
      b = count++;
      buyerOfCustomer[c] = b;
      firstDay[b] = day;
      firstAt[b] = t;
      firstCourse.push(purchases[i]?.courseId);
    } else {
      const first = firstDay[b] ?? day;
      const second = secondDay[b] ?? -1;
      if (day < first) {
        secondDay[b] = first;
        firstDay[b] = day;
      } else if (day > first && (second < 0 || day < second)) {
        secondDay[b] = day;
      }
      // Strictly earlier only: on a tie the purchase listed first keeps its course.
      if (t < (firstAt[b] ?? t)) {
        firstAt[b] = t;
        firstCourse[b] = purchases[i]?.courseId;
      }
    }
    buyerOf[i] = b;
  }
  if (count === 0) {
    throw new RangeError(
      `options.end (${formatDay(endDay)}) is before every purchase (the first is on ${formatDay(earliest)})`,
    );
  }
  return {
    endDay,
    offsetMinutes: offset,
    count,
    firstDay: firstDay.slice(0, count),
    secondDay: secondDay.slice(0, count),
    firstCourse,
    buyerOf,
    dayOf,
    amountMinor: columns.amountMinor,
    monthOfDay: monthIndexer(Math.min(earliest, endDay), endDay + 1),
  };
}

export function checkDayList(
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

export function rate(eligible: number, repurchased: number): RepurchaseRate {
  return { eligible, repurchased, rate: eligible > 0 ? repurchased / eligible : null };
}

export function repurchaseWindow(buyers: Buyers, windowDays: number): RepurchaseWindow {
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

export function timeToSecond(buyers: Buyers, bucketDays: readonly number[]): TimeToSecondPurchase {
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
