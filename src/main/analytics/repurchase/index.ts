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

export {
  type Purchase,
  REPURCHASE_WINDOWS_DAYS,
  DEFAULT_REPURCHASE_WINDOW_DAYS,
  TIME_BUCKET_DAYS,
  type CalendarOptions,
  type RepurchaseOptions,
  type RepurchaseRate,
  type RepurchaseWindow,
  type TimeBucket,
  type TimeToSecondPurchase,
  type RepurchaseReport,
  type CohortRow,
  type CohortMatrix,
} from './types';
export { repurchaseReport, repurchaseRate, cohortMatrix } from './report';
