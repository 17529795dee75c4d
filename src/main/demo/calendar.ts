import type { Rng } from '../kernel/random';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** The demo school is in China: its days, evenings and weekends are Beijing time (UTC+8). */
export const LOCAL_OFFSET_MS = 8 * HOUR_MS;

/** Start of the local (Beijing) day containing `at`, in UTC epoch ms. */
export function localMidnight(at: number): number {
  return Math.floor((at + LOCAL_OFFSET_MS) / DAY_MS) * DAY_MS - LOCAL_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday, in local time. */
export function localWeekday(at: number): number {
  return new Date(at + LOCAL_OFFSET_MS).getUTCDay();
}

let lastDay = NaN;
let lastDayText = '';

/** Local date as YYYYMMDD, for order numbers the way shops print them. */
export function localDateCompact(at: number): string {
  // Callers go through times in order, so remembering one day saves formatting a Date per row.
  const day = Math.floor((at + LOCAL_OFFSET_MS) / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
  }
  return lastDayText;
}

/**
 * How busy each local hour is for shopping and signing up: quiet at night, a lunch bump, and the
 * evening peak after work and after the live classes.
 */
const HOUR_WEIGHTS: readonly number[] = [
  1.2, 0.6, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 2.0, 2.6, 2.8, 3.0, 3.6, 3.2, 2.7, 2.6, 2.7, 2.9, 3.2,
  4.2, 5.2, 5.6, 4.8, 2.8,
];

/**
 * A moment in [from, to) with a realistic time of day: a uniform day, then an hour by the weights
 * above. Falls back to a uniform moment when the window is too short for the day's shape to matter.
 */
export function randomMomentBetween(rng: Rng, from: number, to: number): number {
  if (to - from < 2 * DAY_MS) return Math.floor(rng.uniform(from, to));
  for (let attempt = 0; attempt < 4; attempt++) {
    const day = localMidnight(rng.uniform(from, to));
    const hour = rng.weightedIndex(HOUR_WEIGHTS);
    const at = day + hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS);
    if (at >= from && at < to) return at;
  }
  return Math.floor(rng.uniform(from, to));
}
