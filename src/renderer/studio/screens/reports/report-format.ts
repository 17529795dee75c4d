import type { Money } from '../../../../shared/contract/analytics-api';
import { formatMoney, formatNumber } from '../../../common/format';

// Locale formatting the report needs beyond common/format.ts: shares, scores, minutes, clock
// times and signed changes. Everything goes through Intl with the UI's language.

const MINUTE_MS = 60_000;

export function formatShare(share: number | null, locale: string, digits = 0): string | null {
  if (share === null) return null;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(share);
}

export function formatDecimal(value: number | null, locale: string, digits = 2): string | null {
  if (value === null) return null;
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

/** A duration in whole minutes ("45 min", "45分钟"); under two minutes, in seconds. */
export function formatDuration(ms: number | null, locale: string): string | null {
  if (ms === null) return null;
  if (ms < 2 * MINUTE_MS) {
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'second',
      unitDisplay: 'short',
      maximumFractionDigits: 0,
    }).format(ms / 1000);
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  }).format(ms / MINUTE_MS);
}

export function formatClock(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(ms);
}

export function formatMoneyList(money: readonly Money[], locale: string): string | null {
  if (money.length === 0) return null;
  return money.map((m) => formatMoney(m.minor, m.currency, locale)).join(' + ');
}

/** How one comparison metric is measured, which decides how its value and change are written. */
export type MetricUnit = 'count' | 'duration' | 'share' | 'score' | 'money';

export function formatMetric(
  value: number | null,
  unit: MetricUnit,
  locale: string,
  currency?: string,
): string | null {
  if (value === null) return null;
  switch (unit) {
    case 'count':
      return formatNumber(Math.round(value * 10) / 10, locale);
    case 'duration':
      return formatDuration(value, locale);
    case 'share':
      return formatShare(value, locale, 1);
    case 'score':
      return formatDecimal(value, locale);
    case 'money':
      return formatMoney(Math.round(value), currency ?? 'USD', locale);
  }
}

/**
 * A signed change: "+19", "−3 min", "+4.2 pts" (shares change in percentage points; the unit
 * word comes from i18n, so it is passed in).
 */
export function formatChange(
  change: number,
  unit: MetricUnit,
  locale: string,
  pointsUnit: string,
  currency?: string,
): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = Math.abs(change);
  let body: string;
  if (unit === 'share') {
    body = `${formatDecimal(size * 100, locale, 1) ?? ''} ${pointsUnit}`;
  } else {
    body = formatMetric(size, unit, locale, currency) ?? '';
  }
  return `${sign}${body}`;
}

/** Minutes since the class started, to one decimal ("12.5"), for chart axes and labels. */
export function minutesSince(at: number, startedAt: number, bucketMs: number): number {
  return Math.max(0, (at - startedAt) / bucketMs);
}

/** Money in minor units, rounded to whole minor units first. */
export function formatMinor(
  minor: number | null,
  currency: string | null,
  locale: string,
): string | null {
  if (minor === null || currency === null) return null;
  return formatMoney(Math.round(minor), currency, locale);
}
