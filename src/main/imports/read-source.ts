import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { CsvGuard } from './csv-guard';
import { ImportError } from './errors';
import {
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_FILE_BYTES,
  MAX_ROWS,
  clip,
  columnName,
  formatBytes,
  formatCount,
} from './limits';
import type { ImportMapping } from './mapping';
import type { CellValue } from './values';
import { checkXlsxArchive } from './xlsx-guard';

// Reading an order file into rows of cells, whatever it is: CSV streamed through papaparse (any
// delimiter, quoted newlines; UTF-8 with or without BOM, UTF-16 by BOM, GB18030 on request), XLSX
// streamed through exceljs (first sheet or a named one), or rows handed over in memory. Anything
// that is not readable text fails here, before a single row is parsed. Every source is held to the
// caps of limits.ts before its contents reach memory: the file's size first, then (CSV) a scanner
// in front of papaparse or (XLSX) a check of the whole archive before exceljs opens it.

export type SourceFormat = 'csv' | 'xlsx' | 'rows';

export interface SourceRow {
  /**
   * Where the row starts. CSV: the physical line of the file (1-based; every newline counts,
   * blank lines and newlines inside quoted cells too), as a text editor shows it. XLSX: the
   * sheet's row number. Rows: the index in the list, 1-based.
   */
  line: number;
  cells: CellValue[];
  /**
   * CSV with `unclosedQuotes: 'reject-line'`: why this physical line could not be read (a quote
   * that is never closed); `cells` is then empty and the importer rejects the line.
   */
  problem?: string;
}

/** A quoted cell opened on `line` (at `offset` of the parsed text) is never closed. */
class UnclosedQuote extends Error {
  constructor(
    readonly offset: number,
    readonly line: number,
  ) {
    super('unclosed quote');
  }
}

function unclosedQuoteMessage(line: number): string {
  return `Line ${formatCount(line)} opens a quoted cell that is never closed, so the rest of the file would be read as one cell. Close the quote (a quote inside a quoted cell is written "").`;
}

export interface OpenedSource {
  format: SourceFormat;
  fileName: string | null;
  totalBytes: number | null;
  /** Known for in-memory rows only. */
  totalRows: number | null;
  rows: AsyncIterable<SourceRow>;
  bytesRead(): number;
  /** The file's SHA-256, once `rows` has been read to the end; null for in-memory rows. */
  sha256(): string | null;
  /** CSV: the text encoding the file is read in; null for XLSX and rows. */
  encoding: Encoding | null;
  /** How the encoding was chosen: its BOM, the caller's option, or by reading the bytes. */
  encodingSource: 'bom' | 'option' | 'detected' | null;
}

export type RowsInput = readonly (readonly CellValue[])[] | readonly Record<string, CellValue>[];

const SNIFF_BYTES = 64 * 1024;
const CHUNK_BYTES = 64 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

export function formatFromName(file: string): 'csv' | 'xlsx' | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  return null;
}

/** NUL bytes, or more than 2% other control characters: not text. */
function looksBinary(sample: Uint8Array): boolean {
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32) || byte === 127) control++;
  }
  return control > Math.max(4, sample.length * 0.02);
}

/** Newlines in a piece of text: `\r\n`, `\n` and a lone `\r` each count once. */
export function countNewlines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) count++;
    else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) count++;
  }
  return count;
}

/** Reads a whole file through a fatal decoder; true if every byte is valid in the encoding. */
async function decodesCleanly(file: string, encoding: Encoding): Promise<boolean> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of createReadStream(file, {
      highWaterMark: CHUNK_BYTES,
    }) as AsyncIterable<Buffer>) {
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the first byte that is not valid in `encoding` is: its offset, the byte, and the line
 * it is on (newlines counted in the text decoded before it). Reads the file again from its
 * start; only called to word an error.
 */
async function locateBadByte(
  file: string,
  encoding: Encoding,
): Promise<{ offset: number; byte: number; line: number } | null> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  let newlines = 0;
  let lastWasCr = false;
  const add = (text: string): void => {
    if (text === '') return;
    // A \r at the end of the previous piece followed by \n here was counted as a lone \r.
    if (lastWasCr && text.charCodeAt(0) === 0x0a) newlines--;
    newlines += countNewlines(text);
    lastWasCr = text.charCodeAt(text.length - 1) === 0x0d;
  };
  for await (const chunk of createReadStream(file, {
    highWaterMark: CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    let text: string | null = null;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      text = null;
    }
    if (text !== null) {
      add(text);
      offset += chunk.length;
      continue;
    }
    // The bad byte is in this chunk: decode it again byte by byte from the same state. The
    // decoder threw, so start over from the file's start up to this chunk.
    const again = new TextDecoder(encoding, { fatal: true });
    newlines = 0;
    lastWasCr = false;
    let at = 0;
    for await (const earlier of createReadStream(file, {
      highWaterMark: CHUNK_BYTES,
      end: offset > 0 ? offset - 1 : 0,
    }) as AsyncIterable<Buffer>) {
      if (offset === 0) break;
      add(again.decode(earlier, { stream: true }));
    }
    // Where the character being decoded started: the bad byte is the one that began it.
    let started: number | null = null;
    for (; at < chunk.length; at++) {
      let piece: string;
      try {
        piece = again.decode(chunk.subarray(at, at + 1), { stream: true });
      } catch {
        const first = started ?? at;
        return { offset: offset + first, byte: chunk[first] ?? 0, line: newlines + 1 };
      }
      if (piece === '') started ??= at;
      else started = null;
      add(piece);
    }
    return null;
  }
  return null;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

async function notValidText(file: string, encoding: Encoding, tried: string): Promise<ImportError> {
  const bad = await locateBadByte(file, encoding);
  const where = bad
    ? `: line ${formatCount(bad.line)} has the byte ${hex(bad.byte)} (offset ${bad.offset}), which is not valid ${encoding}`
    : ` (it ends in the middle of a ${encoding} character)`;
  const hint =
    encoding === 'utf-8' || encoding === 'gb18030'
      ? ' Save it as "CSV UTF-8", or choose its encoding in the mapping.'
      : '';
  return new ImportError('not-utf8', `The file is not ${tried} text${where}.${hint}`);
}

export type Encoding = NonNullable<ImportMapping['encoding']>;

/**
 * The file's encoding: a BOM decides (UTF-8, UTF-16LE/BE); else the caller's choice; else UTF-8
 * when every byte is valid UTF-8; else GB18030 (GBK is a subset: Excel on Chinese Windows and
 * Chinese platforms' exports) when every byte is valid GB18030, reported as a detected choice;
 * else the file is refused, naming the line of its first byte that is not UTF-8. Text never
 * becomes U+FFFD replacement characters.
 */
export async function chooseEncoding(
  file: string,
  head: Uint8Array,
  wanted: Encoding | undefined,
): Promise<{ encoding: Encoding; source: 'bom' | 'option' | 'detected' }> {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', source: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', source: 'bom' };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', source: 'bom' };
  }
  if (wanted !== undefined) return { encoding: wanted, source: 'option' };
  if (await decodesCleanly(file, 'utf-8')) return { encoding: 'utf-8', source: 'detected' };
  if (await decodesCleanly(file, 'gb18030')) return { encoding: 'gb18030', source: 'detected' };
  throw await notValidText(file, 'utf-8', 'UTF-8 or GB18030');
}

async function readHead(file: string): Promise<{ size: number; head: Uint8Array }> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ImportError('file-not-found', `'${file}' is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError('file-not-found', `Cannot read '${file}': ${(error as Error).message}`);
  }
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(Math.min(size, SNIFF_BYTES));
    await handle.read(head, 0, head.length, 0);
    return { size, head };
  } finally {
    await handle.close();
  }
}

/** Opens a file or in-memory rows; throws ImportError for anything that is not readable. */
export async function openSource(input: {
  file?: string | undefined;
  rows?: RowsInput | undefined;
  fileName?: string | undefined;
  format?: 'csv' | 'xlsx' | undefined;
  mapping?: ImportMapping | undefined;
  /** CSV: a delimiter or encoding that wins over the mapping's (the analytics CLI's readers). */
  delimiter?: string | undefined;
  encoding?: Encoding | undefined;
  /**
   * CSV: a quoted cell that is never closed (it would swallow the rest of the file) fails the
   * whole file ('fail', the default: the analytics CLI), or makes its line a row with a
   * `problem` and reading goes on at the next line ('reject-line': order imports, so that one
   * broken line of an export is reported with the other bad rows). The rest of the file is still
   * held to the cell and row caps before the quote is known to be unclosed.
   */
  unclosedQuotes?: 'fail' | 'reject-line' | undefined;
}): Promise<OpenedSource> {
  if (input.rows !== undefined) return fromRows(input.rows, input.fileName ?? null);
  const file = input.file;
  if (file === undefined) throw new ImportError('bad-input', 'Give a file or rows to import.');
  const { size, head } = await readHead(file);
  if (size === 0) throw new ImportError('empty-file', 'The file is empty.');
  if (size > MAX_FILE_BYTES) {
    throw new ImportError(
      'too-large',
      `The file is ${formatBytes(size)}; imports are limited to ${formatBytes(MAX_FILE_BYTES)}.`,
    );
  }
  const isZip = startsWith(head, ZIP_MAGIC);
  if (startsWith(head, OLE_MAGIC)) {
    throw new ImportError(
      'unsupported-format',
      'This is an old Excel .xls workbook: save it as .xlsx or as "CSV UTF-8" and import that.',
    );
  }
  const format = input.format ?? (isZip ? 'xlsx' : (formatFromName(file) ?? 'csv'));
  if (format === 'xlsx') {
    if (!isZip) {
      throw new ImportError(
        'unreadable-xlsx',
        'This file is not an XLSX workbook (it is not a ZIP archive).',
      );
    }
    await checkXlsxArchive(file, size);
    return fromXlsx(file, input.mapping?.sheet);
  }
  if (isZip) {
    throw new ImportError(
      'binary-file',
      'This looks like an XLSX workbook (a ZIP archive), not CSV text: import it as XLSX.',
    );
  }
  const utf16 =
    head[0] === 0xff ||
    head[0] === 0xfe ||
    (input.encoding ?? input.mapping?.encoding)?.startsWith('utf-16') === true;
  if (!utf16 && looksBinary(head)) {
    throw new ImportError('binary-file', 'This is a binary file, not CSV text.');
  }
  const { encoding, source } = await chooseEncoding(
    file,
    head,
    input.encoding ?? input.mapping?.encoding,
  );
  // The delimiter and newline papaparse would guess from the first chunk, decided here so that
  // the guard in front of it reads the text the same way.
  const sniffed = Papa.parse<string[]>(new TextDecoder(encoding).decode(head), {
    preview: 10,
    ...((input.delimiter ?? input.mapping?.delimiter)
      ? { delimiter: input.delimiter ?? input.mapping?.delimiter }
      : {}),
  }).meta;
  const newline =
    sniffed.linebreak === '\r\n' || sniffed.linebreak === '\r' ? sniffed.linebreak : '\n';
  return fromCsv(
    file,
    size,
    { encoding, source },
    sniffed.delimiter || ',',
    newline,
    input.unclosedQuotes ?? 'fail',
  );
}

/** Where the line after the one holding `offset` starts, or -1 when it is the last line. */
function nextLineStart(text: string, offset: number, newline: '\n' | '\r' | '\r\n'): number {
  const at = text.indexOf(newline, offset);
  return at === -1 ? -1 : at + newline.length;
}

function fromCsv(
  file: string,
  size: number,
  chosen: { encoding: Encoding; source: 'bom' | 'option' | 'detected' },
  delimiter: string,
  newline: '\n' | '\r' | '\r\n',
  unclosedQuotes: 'fail' | 'reject-line',
): OpenedSource {
  const { encoding } = chosen;
  const hash = createHash('sha256');
  let bytesRead = 0;
  let digest: string | null = null;

  async function* decoded(): AsyncGenerator<string> {
    // fatal: a byte sequence that is not valid in the encoding stops the import with a clear
    // message instead of becoming U+FFFD in somebody's name. The decoder drops a leading BOM.
    const decoder = new TextDecoder(encoding, { fatal: true });
    const guard = new CsvGuard(delimiter, newline);
    const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    let failed = false;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytesRead += chunk.length;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        failed = true;
        break;
      }
      guard.scan(text);
      if (text !== '') yield text;
    }
    let rest = '';
    if (!failed) {
      try {
        rest = decoder.decode();
      } catch {
        failed = true;
      }
    }
    if (failed) {
      stream.destroy();
      throw await notValidText(file, encoding, encoding === 'utf-8' ? 'UTF-8' : encoding);
    }
    guard.scan(rest);
    if (rest !== '') yield rest;
    digest = hash.digest('hex');
  }

  async function* rows(): AsyncGenerator<SourceRow> {
    // papaparse's own parser, fed chunk by chunk with the unfinished last record carried over
    // (what its streamers do). Not its Node stream: that one pauses every 16 records and resumes
    // by polling a 3 ms timer, so a file of many short rows took seconds per 20,000 rows.
    // The carried-over record is bounded by the guard (MAX_RECORD_CHARS). Its step callback
    // hands over each record with the offset where it ends, so each record's first physical
    // line is known: newlines are counted in the text between records (a quoted cell's
    // newlines and blank lines included).
    let batch: SourceRow[] = [];
    let input = '';
    /** Offset in `input` where the next record starts, and the physical line there. */
    let start = 0;
    let line = 1;
    let last = false;
    const createParser = (): Papa.Parser =>
      new Papa.Parser({
        delimiter,
        newline,
        skipEmptyLines: false,
        step: (result: Papa.ParseStepResult<string[]>) => {
          const end = result.meta.cursor;
          // The bare Parser hands each record over as a list of one record.
          const cells = (result.data as unknown as string[][])[0] ?? [];
          if (last && result.errors.some((e) => e.code === 'MissingQuotes')) {
            if (unclosedQuotes === 'fail') {
              throw new ImportError('unclosed-quote', unclosedQuoteMessage(line));
            }
            throw new UnclosedQuote(start, line);
          }
          if (!cells.every((cell) => cell.trim() === '')) batch.push({ line, cells });
          line += countNewlines(input, start, end);
          start = end;
        },
      });
    let parser = createParser();
    const parse = (text: string, isLast: boolean): SourceRow[] => {
      input = text;
      start = 0;
      last = isLast;
      batch = [];
      const result = parser.parse(input, 0, !isLast) as { meta: { cursor: number } };
      partial = isLast ? '' : input.slice(result.meta.cursor);
      return batch;
    };
    /**
     * The end of the file: a record still open there has a quote that is never closed. With
     * 'reject-line' its first line becomes a row with a problem, and the text after that line is
     * parsed afresh (again, as long as another unclosed quote turns up).
     */
    const parseLast = (text: string): SourceRow[] => {
      const rows: SourceRow[] = [];
      let rest = text;
      for (;;) {
        try {
          rows.push(...parse(rest, true));
          return rows;
        } catch (error) {
          if (!(error instanceof UnclosedQuote)) throw error;
          rows.push(...batch, {
            line: error.line,
            cells: [],
            problem: unclosedQuoteMessage(error.line),
          });
          const after = nextLineStart(input, error.offset, newline);
          if (after === -1) return rows;
          rest = input.slice(after);
          line = error.line + 1;
          parser = createParser();
        }
      }
    };
    let partial = '';
    for await (const text of decoded()) yield* parse(partial + text, false);
    if (partial !== '') yield* parseLast(partial);
  }

  return {
    format: 'csv',
    fileName: basename(file),
    totalBytes: size,
    totalRows: null,
    rows: rows(),
    bytesRead: () => bytesRead,
    sha256: () => digest,
    encoding,
    encodingSource: chosen.source,
  };
}

/** exceljs cell values → plain values: rich text and hyperlinks as text, formulas as results. */
function excelCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return (value.richText as { text?: unknown }[])
        .map((part) => (typeof part.text === 'string' ? part.text : ''))
        .join('');
    }
    if ('result' in value) return excelCell(value.result);
    if ('text' in value) return excelCell(value.text);
  }
  return null;
}

/** Cells over MAX_CELL_CHARS (the archive check bounds them; this holds them to the exact cap). */
function checkCells(cells: readonly CellValue[], line: number): void {
  for (const [index, cell] of cells.entries()) {
    if (typeof cell === 'string' && cell.length > MAX_CELL_CHARS) {
      throw new ImportError(
        'too-large',
        `Cell ${columnName(index + 1)}${line} has ${formatCount(cell.length)} characters; cells are limited to ${formatCount(MAX_CELL_CHARS)} characters (32 KB).`,
      );
    }
  }
}

function fromXlsx(file: string, sheet: string | undefined): OpenedSource {
  let digest: string | null = null;

  async function* rows(): AsyncGenerator<SourceRow> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      entries: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
    });
    const names: string[] = [];
    let found = false;
    let count = 0;
    try {
      for await (const worksheet of reader) {
        const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${names.length + 1}`;
        names.push(name);
        const wanted = !found && (sheet === undefined || name === sheet);
        for await (const row of worksheet) {
          if (!wanted) continue;
          const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
          if (values.length > MAX_COLUMNS + 1) {
            throw new ImportError(
              'too-large',
              `Row ${formatCount(row.number)} has more than ${formatCount(MAX_COLUMNS)} columns; rows are limited to ${formatCount(MAX_COLUMNS)} columns.`,
            );
          }
          // exceljs puts column A at index 1.
          const cells = Array.from(values.slice(1), excelCell);
          checkCells(cells, row.number);
          if (
            cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''))
          ) {
            continue;
          }
          if (++count > MAX_ROWS + 1) {
            throw new ImportError(
              'too-large',
              `The sheet has more than ${formatCount(MAX_ROWS)} rows; imports are limited to ${formatCount(MAX_ROWS)} rows.`,
            );
          }
          yield { line: row.number, cells };
        }
        if (wanted) found = true;
      }
    } catch (error) {
      if (error instanceof ImportError) throw error;
      throw new ImportError(
        'unreadable-xlsx',
        `This XLSX workbook cannot be read: ${(error as Error).message}`,
      );
    }
    if (!found) {
      throw new ImportError(
        'no-such-sheet',
        sheet === undefined
          ? 'The workbook has no worksheet.'
          : `The workbook has no sheet named '${clip(sheet)}' (it has: ${names.map((n) => clip(n)).join(', ')}).`,
      );
    }
    digest = hash.digest('hex');
  }

  return {
    format: 'xlsx',
    fileName: basename(file),
    // exceljs does not say how far into the archive it is: no byte progress for workbooks.
    totalBytes: null,
    totalRows: null,
    rows: rows(),
    bytesRead: () => 0,
    sha256: () => digest,
    encoding: null,
    encodingSource: null,
  };
}

function fromRows(input: RowsInput, fileName: string | null): OpenedSource {
  const first = input[0];
  let table: CellValue[][];
  if (first !== undefined && !Array.isArray(first)) {
    const records = input as readonly Record<string, CellValue>[];
    const header: string[] = [];
    for (const record of records) {
      for (const key of Object.keys(record)) if (!header.includes(key)) header.push(key);
    }
    table = [header, ...records.map((record) => header.map((key) => record[key] ?? null))];
  } else {
    table = (input as readonly (readonly CellValue[])[]).map((row) => [...row]);
  }
  async function* rows(): AsyncGenerator<SourceRow> {
    await Promise.resolve();
    for (const [index, cells] of table.entries()) {
      if (
        cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''))
      ) {
        continue;
      }
      yield { line: index + 1, cells };
    }
  }
  return {
    format: 'rows',
    fileName,
    totalBytes: null,
    totalRows: Math.max(0, table.length - 1),
    rows: rows(),
    bytesRead: () => 0,
    sha256: () => null,
    encoding: null,
    encodingSource: null,
  };
}
