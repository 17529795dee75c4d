// What an import may hold. A file is checked against these BEFORE its contents are inflated or
// parsed into memory (read-source.ts, xlsx-guard.ts), so a crafted file — a 200 MB cell inside a
// 200 KB workbook, a zip bomb, a CSV with an unclosed quote — ends in a clear error that names the
// cap and its limit instead of a gigabyte of strings in the studio's memory.

/** Files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Data rows (records) a file may have. */
export const MAX_ROWS = 1_000_000;
/** Characters a cell may hold: Excel's own limit, so no real export exceeds it. */
export const MAX_CELL_CHARS = 32_767;
/** Columns a row may have (Excel's own limit is 16,384). */
export const MAX_COLUMNS = 16_384;
/** Characters a CSV record (a row, with its quoted newlines) may hold. */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** XLSX: what one archive entry may inflate to, and all of them together. */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
export const MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024;
/** XLSX: how many times an entry may inflate (checked for entries above RATIO_MIN_BYTES). */
export const MAX_INFLATE_RATIO = 200;
export const RATIO_MIN_BYTES = 1024 * 1024;
/** XLSX: entries in an archive. */
export const MAX_ENTRIES = 10_000;
/** XLSX: bytes of one XML tag (with its attributes). */
export const MAX_TAG_BYTES = 64 * 1024;
/**
 * XLSX: raw XML bytes of text inside one cell or shared string. A character can take up to ~12
 * bytes as an XML character reference, so this admits every legal cell; the exact character count
 * is checked once the cell is read.
 */
export const MAX_CELL_XML_BYTES = MAX_CELL_CHARS * 12;

/** Text shown in messages and previews: at most this many characters of a cell. */
export const SHOWN_CELL_CHARS = 80;

/** A cell's text cut to SHOWN_CELL_CHARS characters (with an ellipsis), for messages. */
export function clip(text: string, max = SHOWN_CELL_CHARS): string {
  if (text.length <= max) return text;
  return `${Array.from(text.slice(0, max + 1))
    .slice(0, max)
    .join('')}…`;
}

/** 1536 → "1.5 KB", 209715200 → "200 MB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} bytes`;
  const shown = value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}

/** 1 → "A", 27 → "AA" (1-based column numbers, as a spreadsheet names them). */
export function columnName(column: number): string {
  let name = '';
  let n = column;
  while (n > 0) {
    const rest = (n - 1) % 26;
    name = String.fromCharCode(65 + rest) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
