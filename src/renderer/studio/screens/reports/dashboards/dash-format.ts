import { formatMoney, formatMoneyWhole } from '../../../../common/format';

// Locale formatting the dashboards need beyond common/format.ts and report-format.ts: calendar
// months and money ranges for histogram bins.

/** 'YYYY-MM' as the locale writes a month: "Nov 2026", "2026年11月". */
export function formatMonth(
  month: string,
  locale: string,
  style: 'short' | 'long' = 'short',
): string {
  const [year, index] = month.split('-').map(Number);
  if (year === undefined || index === undefined) return month;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: style === 'short' ? 'short' : 'long',
    timeZone: 'UTC',
  }).format(Date.UTC(year, index - 1, 1));
}

/** A histogram bin's range: "¥500 – ¥1,000", or "≥ ¥5,000" for the open last bin. */
export function formatMoneyRange(
  from: number,
  to: number | null,
  currency: string,
  locale: string,
): string {
  if (to === null) return `≥ ${formatMoneyWhole(from, currency, locale)}`;
  return `${formatMoneyWhole(from, currency, locale)} – ${formatMoneyWhole(to, currency, locale)}`;
}

export { formatMoney };
