/** Locale-aware formatting for every number, date and amount the UI shows. */

/** Digits after the decimal point of a currency's major unit (2 for CNY, 0 for JPY). */
export function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** An amount in minor units as a plain number of major units (12345 CNY → 123.45). */
export function majorUnits(minor: number, currency: string): number {
  const digits = minorUnitDigits(currency);
  return Math.round(minor) / 10 ** digits;
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    minor / 10 ** minorUnitDigits(currency),
  );
}

/** Money in minor units, compact for chart axes and labels: "¥1.8万", "CN¥18K". */
export function formatMoneyCompact(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumSignificantDigits: 3,
  }).format(minor / 10 ** minorUnitDigits(currency));
}

/** Money in minor units, rounded to whole major units: "¥1,234". */
export function formatMoneyWhole(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(minor / 10 ** minorUnitDigits(currency));
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function formatDate(ms: number | null, locale: string): string {
  if (ms === null) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(ms);
}

export function formatDateTime(ms: number | null, locale: string): string {
  if (ms === null) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
