import { type Transaction } from '../transactions';

// What the repurchase metrics read and answer (index.ts states the ground rules).

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

export const MS_PER_MINUTE = 60_000;

/** Real zone offsets run from UTC−12:00 to UTC+14:00. */
export const MIN_OFFSET_MINUTES = -720;

export const MAX_OFFSET_MINUTES = 840;

export const MAX_WINDOW_DAYS = 36_500;

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
export interface Buyers {
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
  /** Per purchase: what was paid, minor units. */
  readonly amountMinor: Float64Array;
  readonly monthOfDay: (day: number) => number;
}
