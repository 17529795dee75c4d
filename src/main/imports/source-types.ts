import type { ImportIssueReason } from '../../shared/contract/import-issue-reasons';
import type { ImportMapping } from './mapping';
import type { CellValue } from './values';

// The shapes of a source being read (read-source.ts opens it; source-csv.ts and source-xlsx.ts
// read the two file formats).

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
  problem?: ImportIssueReason;
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

export type Encoding = NonNullable<ImportMapping['encoding']>;
