import { mean, median } from 'simple-statistics';
import { describeValue } from '../feature-table';
import { assertTransactions, MS_PER_DAY } from '../transactions';
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

export function checkPurchases(purchases: unknown): asserts purchases is readonly Purchase[] {
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

export function collectBuyers(purchases: readonly Purchase[], options: CalendarOptions): Buyers {
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
