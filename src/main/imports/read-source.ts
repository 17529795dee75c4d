import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { ImportError } from './errors';
import { MAX_FILE_BYTES, formatBytes } from './limits';
import type { ImportMapping } from './mapping';
import { fromCsv } from './source-csv';
import { chooseEncoding, looksBinary } from './source-encoding';
import type { Encoding, OpenedSource, RowsInput, SourceRow } from './source-types';
import { fromXlsx } from './source-xlsx';
import type { CellValue } from './values';
import { checkXlsxArchive } from './xlsx-guard';

// Reading an order file into rows of cells, whatever it is: CSV streamed through papaparse (any
// delimiter, quoted newlines; UTF-8 with or without BOM, UTF-16 by BOM, GB18030 on request), XLSX
// streamed through exceljs (first sheet or a named one), or rows handed over in memory. Anything
// that is not readable text fails here, before a single row is parsed. Every source is held to the
// caps of limits.ts before its contents reach memory: the file's size first, then (CSV) a scanner
// in front of papaparse or (XLSX) a check of the whole archive before exceljs opens it.
//
// The formats are read in source-csv.ts (with source-encoding.ts) and source-xlsx.ts.

export type { Encoding, OpenedSource, RowsInput, SourceFormat, SourceRow } from './source-types';
export { chooseEncoding, countNewlines } from './source-encoding';

const SNIFF_BYTES = 64 * 1024;
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
