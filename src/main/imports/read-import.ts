import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ImportError } from './errors';
import { clip } from './limits';
import type { ImportMapping, PresetName } from './mapping';
import {
  importIssueReason,
  issueOf,
  RowParser,
  type ImportIssue,
  type OrderRecord,
} from './parse-rows';
import { resolveMapping, type ResolvedMapping } from './presets';
import { openSource, type RowsInput, type SourceFormat, type SourceRow } from './read-source';

// The read phase of an import, with no database: open the source (holding it to the caps of
// limits.ts), find the header, check and group every row into orders. Everything it returns is
// plain data, so it runs in the import worker thread (worker/import-jobs.ts) as well as in-process
// (tests, the CLI); importOrders then writes the result on the studio's connection.

/** Rows tried as the header before giving up: exports sometimes start with a title line. */
export const HEADER_SEARCH_ROWS = 5;

export interface ReadImportInput {
  file?: string | undefined;
  rows?: RowsInput | undefined;
  fileName?: string | undefined;
  format?: 'csv' | 'xlsx' | undefined;
  preset?: PresetName | undefined;
  /** Already checked against the mapping schema. */
  mapping?: ImportMapping | undefined;
  workspace: {
    utcOffsetMinutes: number;
    timeZone?: string | undefined;
    defaultCurrency?: string | undefined;
    defaultCountryCode?: string | undefined;
  };
  /** Progress is reported at least every this many rows read. */
  progressEveryRows: number;
}

export interface ReadProgress {
  rowsRead: number;
  total?: number;
  bytesRead?: number;
  totalBytes?: number;
}

export interface ReadControl {
  onProgress?: (progress: ReadProgress) => void;
  /** Polled between rows: true stops the read, which then returns status 'cancelled'. */
  cancelled?: () => boolean;
}

/** What the file holds, checked: the orders to write and every issue found. */
export interface ParsedImport {
  status: 'read' | 'cancelled';
  format: SourceFormat;
  sha256: string | null;
  mapping: Pick<ResolvedMapping, 'preset' | 'confidence' | 'columnNames'> | null;
  rowsRead: number;
  rowsRejected: number;
  records: OrderRecord[];
  issues: ImportIssue[];
}

function headerTexts(row: SourceRow): string[] {
  return row.cells.map((cell) =>
    typeof cell === 'string' ? cell : cell === null ? '' : String(cell),
  );
}

/** Reads and checks a whole source; throws ImportError when it cannot be imported at all. */
export async function readImport(
  input: ReadImportInput,
  control: ReadControl = {},
): Promise<ParsedImport> {
  const { onProgress } = control;
  const cancelled = control.cancelled ?? (() => false);
  const opened = await openSource({
    file: input.file,
    rows: input.rows,
    fileName: input.fileName,
    format: input.format,
    mapping: input.mapping,
    // One broken line of an export is a bad row like the others, not the end of the import.
    unclosedQuotes: 'reject-line',
  });
  // A file that was not UTF-8 and was read as GB18030 says so: the choice was made from its bytes.
  const encodingNote: ImportIssue[] =
    opened.encodingSource === 'detected' && opened.encoding === 'gb18030'
      ? [issueOf(1, 'warning', [importIssueReason('read-as-gb18030')])]
      : [];
  let parser: RowParser | null = null;
  let resolved: ResolvedMapping | null = null;
  const candidates: SourceRow[] = [];
  let firstProblem: string | null = null;
  let rowsRead = 0;
  const result = (status: ParsedImport['status']): ParsedImport => {
    const records = status === 'read' && parser ? parser.finish() : [];
    return {
      status,
      format: opened.format,
      sha256: opened.sha256(),
      mapping: resolved
        ? {
            preset: resolved.preset,
            confidence: resolved.confidence,
            columnNames: resolved.columnNames,
          }
        : null,
      rowsRead,
      rowsRejected: parser?.rejectedRows ?? 0,
      records,
      issues: [...encodingNote, ...(parser ? parser.issues : [])],
    };
  };
  const progress = (): void =>
    onProgress?.({
      rowsRead,
      ...(opened.totalRows === null ? {} : { total: opened.totalRows }),
      ...(opened.totalBytes === null
        ? {}
        : { bytesRead: opened.bytesRead(), totalBytes: opened.totalBytes }),
    });
  for await (const row of opened.rows) {
    if (cancelled()) return result('cancelled');
    if (parser === null) {
      candidates.push(row);
      const resolution = resolveMapping(
        headerTexts(row),
        input.mapping,
        input.preset,
        input.workspace,
      );
      if (resolution.ok) {
        resolved = resolution.value;
        parser = RowParser.create(resolved);
        continue;
      }
      firstProblem ??= resolution.problem;
      if (candidates.length >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    parser.add(row);
    rowsRead++;
    if (rowsRead % input.progressEveryRows === 0) {
      progress();
      // Give an abort (or anything else) a chance between chunks of rows.
      if (rowsRead % (input.progressEveryRows * 10) === 0) await yieldToEventLoop();
    }
  }
  if (cancelled()) return result('cancelled');
  if (parser === null) {
    if (candidates.length === 0) throw new ImportError('empty-file', 'The file has no rows.');
    const header = candidates[0]
      ? headerTexts(candidates[0])
          .filter(Boolean)
          .map((text) => clip(text))
          .join(', ')
      : '';
    throw new ImportError(
      'missing-columns',
      `Cannot import: ${firstProblem ?? 'no header row'}. The header has: ${clip(header, 2_000)}.`,
    );
  }
  if (rowsRead === 0) {
    throw new ImportError('no-data', 'The file has a header but no data rows.');
  }
  progress();
  return result('read');
}
