/** Locale-aware formatting for every number, date and amount the UI shows. */

export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits =
    new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    minor / 10 ** digits,
  );
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
