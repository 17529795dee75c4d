import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { ImportError } from './errors';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, clip, columnName, formatCount } from './limits';
import type { OpenedSource, SourceRow } from './source-types';
import type { CellValue } from './values';

// XLSX streamed through exceljs (the first sheet or a named one), held to the row, column and
// cell caps; the archive itself is checked before (xlsx-guard.ts).

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

export function fromXlsx(file: string, sheet: string | undefined): OpenedSource {
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
