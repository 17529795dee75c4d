/**
 * CSV for spreadsheets (RFC 4180 quoting, CRLF lines, a UTF-8 BOM so Excel reads Chinese names).
 * This is the one CSV writer of the studio (the report tables and the follow-up list come through
 * it); `csvCell` is its formula guard: a learner's display name must never run as a formula in
 * the educator's spreadsheet, whatever separator the spreadsheet's locale splits on.
 *
 * - A piece of a cell that a spreadsheet could read as a cell of its own — the cell itself, and
 *   whatever follows a separator character of any locale (`,` `;` tab `|`, CR, LF) — and that
 *   starts (after spaces) with a formula lead character (`=` `+` `-` `@` tab CR) gets an
 *   apostrophe before that character. So `x;=1+1`, which a semicolon locale opens as two cells,
 *   is written `"x;'=1+1"`: no split in any locale produces a formula.
 * - A defused cell is always quoted, as is any cell with a comma, a quote, CR, LF or padding.
 * - Numbers stay numbers: a number value is written as is, and so is a string that is a plain
 *   negative decimal (`-5`, `-0.25`): a spreadsheet reads it as a number, never a formula. `+1`,
 *   `-1+2` and `-2+3+cmd|…` are not plain numbers and are defused. `1,5` (a decimal comma) starts
 *   no piece with a lead character: it is only quoted.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Separator characters of any locale's CSV (kept by the split), and formula lead characters. */
const SEPARATORS = /([,;\t|\r\n])/;
const LEADS = /^( *)([=+\-@])/;
const PLAIN_NEGATIVE = /^ *-\d+(\.\d+)?$/;

/** `text` with an apostrophe before every piece that a spreadsheet could run as a formula. */
export function defuseFormulas(text: string): string {
  // A cell that starts with a tab or CR: the classic guard (some readers trim it away).
  const start = /^[\t\r]/.test(text) ? "'" : '';
  const pieces = text
    .split(SEPARATORS)
    .map((piece) => (PLAIN_NEGATIVE.test(piece) ? piece : piece.replace(LEADS, "$1'$2")));
  return start + pieces.join('');
}

export function csvCell(value: CsvValue): string {
  const raw = value === null || value === undefined ? '' : String(value);
  const text = typeof value === 'string' ? defuseFormulas(raw) : raw;
  const quote = text !== raw || /[",\r\n]/.test(text) || text !== text.trim();
  return quote ? `"${text.replace(/"/g, '""')}"` : text;
}
