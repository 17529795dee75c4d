/**
 * Why a whole import could not run (a bad row never throws: it is reported and skipped). The code
 * is what the UI translates; the message is a complete English sentence for logs and tests.
 */
export type ImportErrorCode =
  | 'bad-input'
  | 'file-not-found'
  | 'empty-file'
  | 'no-data'
  | 'binary-file'
  | 'not-utf8'
  /** A CSV quote that is never closed: the rest of the file would be one cell. */
  | 'unclosed-quote'
  | 'unsupported-format'
  | 'unreadable-xlsx'
  | 'no-such-sheet'
  | 'missing-columns'
  /** Over one of the caps in limits.ts (file size, rows, cell size, an archive's inflated size). */
  | 'too-large';

export class ImportError extends Error {
  /** The import_runs row that records the failure, when one was written. */
  runId: number | null = null;

  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
