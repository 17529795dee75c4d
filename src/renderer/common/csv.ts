/**
 * CSV for spreadsheets (RFC 4180 quoting, CRLF lines, a UTF-8 BOM so Excel reads Chinese names).
 * A cell that starts like a formula (= + - @, tab, CR) gets a leading apostrophe: a learner's
 * display name must never run as a formula in the educator's spreadsheet.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
