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
  /** Row number as a spreadsheet shows it: the file's first record is 1 (quoted newlines count once). */
  line: number;
  cells: CellValue[];
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

/** Offset of the first byte that cannot start or continue UTF-8 here, or -1. For messages only. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0;
    let continuation: number;
    if (byte < 0x80) continuation = 0;
    else if (byte >= 0xc2 && byte <= 0xdf) continuation = 1;
    else if (byte >= 0xe0 && byte <= 0xef) continuation = 2;
    else if (byte >= 0xf0 && byte <= 0xf4) continuation = 3;
    else return i;
    for (let k = 1; k <= continuation; k++) {
      const next = bytes[i + k];
      if (next === undefined) return -1;
      if ((next & 0xc0) !== 0x80) return i;
    }
    i += continuation + 1;
  }
  return -1;
}

function notUtf8(chunk: Uint8Array, chunkOffset: number): ImportError {
  const at = firstInvalidUtf8(chunk);
  const where =
    at >= 0
      ? ` (byte 0x${(chunk[at] ?? 0).toString(16).toUpperCase()} at offset ${chunkOffset + at})`
      : '';
  const asGb = new TextDecoder('gb18030').decode(chunk.subarray(0, 4096));
  const hint = /[\u4e00-\u9fff]/.test(asGb)
    ? ' It looks like GBK/GB18030, which Excel uses for Chinese CSV files: choose that encoding, or save the file as "CSV UTF-8".'
    : ' Save it as "CSV UTF-8", or choose its encoding in the mapping.';
  return new ImportError('not-utf8', `The file is not UTF-8 text${where}.${hint}`);
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

type Encoding = NonNullable<ImportMapping['encoding']>;

function chooseEncoding(head: Uint8Array, wanted: Encoding | undefined): Encoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return wanted ?? 'utf-8';
}

/** Opens a file or in-memory rows; throws ImportError for anything that is not readable. */
export async function openSource(input: {
  file?: string | undefined;
  rows?: RowsInput | undefined;
  fileName?: string | undefined;
  format?: 'csv' | 'xlsx' | undefined;
  mapping?: ImportMapping | undefined;
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
  const encoding = chooseEncoding(head, input.mapping?.encoding);
  if (!encoding.startsWith('utf-16') && looksBinary(head)) {
    throw new ImportError('binary-file', 'This is a binary file, not CSV text.');
  }
  // The delimiter and newline papaparse would guess from the first chunk, decided here so that
  // the guard in front of it reads the text the same way.
  const sniffed = Papa.parse<string[]>(new TextDecoder(encoding).decode(head), {
    preview: 10,
    ...(input.mapping?.delimiter ? { delimiter: input.mapping.delimiter } : {}),
  }).meta;
  const newline =
    sniffed.linebreak === '\r\n' || sniffed.linebreak === '\r' ? sniffed.linebreak : '\n';
  return fromCsv(file, size, encoding, sniffed.delimiter || ',', newline);
}

function fromCsv(
  file: string,
  size: number,
  encoding: Encoding,
  delimiter: string,
  newline: '\n' | '\r' | '\r\n',
): OpenedSource {
  const hash = createHash('sha256');
  let bytesRead = 0;
  let digest: string | null = null;

  async function* decoded(): AsyncGenerator<string> {
    // fatal: a byte sequence that is not valid in the encoding stops the import with a clear
    // message instead of becoming U+FFFD in somebody's name. The decoder drops a leading BOM.
    const decoder = new TextDecoder(encoding, { fatal: true });
    const guard = new CsvGuard(delimiter, newline);
    const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      const offset = bytesRead;
      bytesRead += chunk.length;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw encoding === 'utf-8'
          ? notUtf8(chunk, offset)
          : new ImportError(
              'not-utf8',
              `The file is not valid ${encoding} text near byte ${offset}.`,
            );
      }
      guard.scan(text);
      if (text !== '') yield text;
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw new ImportError('not-utf8', `The file ends in the middle of a ${encoding} character.`);
    }
    guard.scan(rest);
    if (rest !== '') yield rest;
    digest = hash.digest('hex');
  }

  async function* rows(): AsyncGenerator<SourceRow> {
    // papaparse's own parser, fed chunk by chunk with the unfinished last record carried over
    // (what its streamers do). Not its Node stream: that one pauses every 16 records and resumes
    // by polling a 3 ms timer, so a file of many short rows took seconds per 20,000 rows.
    // The carried-over record is bounded by the guard (MAX_RECORD_CHARS).
    const parser = new Papa.Parser({ delimiter, newline, skipEmptyLines: false });
    let line = 0;
    let partial = '';
    const parse = (input: string, last: boolean): string[][] => {
      const result = parser.parse(input, 0, !last) as {
        data: string[][];
        meta: { cursor: number };
      };
      partial = last ? '' : input.slice(result.meta.cursor);
      return result.data;
    };
    const records = function* (batch: string[][]): Generator<SourceRow> {
      for (const record of batch) {
        line++;
        if (record.every((cell) => cell.trim() === '')) continue;
        yield { line, cells: record };
      }
    };
    for await (const text of decoded()) yield* records(parse(partial + text, false));
    if (partial !== '') yield* records(parse(partial, true));
  }

  return {
    format: 'csv',
    fileName: basename(file),
    totalBytes: size,
    totalRows: null,
    rows: rows(),
    bytesRead: () => bytesRead,
    sha256: () => digest,
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
  };
}
