import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../storage/connection';
import {
  createImportRun,
  finishImportRun,
  recordImportRunProgress,
  type ImportRunCounts,
} from '../storage/queries/imports';
import { ImportError } from './errors';
import { importMappingSchema, type ImportMapping, type PresetName } from './mapping';
import type { ImportIssue, OrderRecord } from './parse-rows';
import {
  readImport,
  type ParsedImport,
  type ReadControl,
  type ReadImportInput,
} from './read-import';
import { formatFromName, type RowsInput } from './read-source';
import { createOrderWriter, type WriteCounts } from './write-orders';

// importOrders: one import run from a file (CSV/XLSX) or in-memory rows. Reading and checking
// the whole file comes first (orders are grouped by id wherever their rows are, and a
// cancellation needs every earlier order written before it is matched); nothing is written until
// then. Orders are then written in transactions of about `batchRows` rows (an order is never
// split), each updating the run's counts, so a crash leaves whole batches and accurate counts.
// An abort stops between rows or batches: the run is marked cancelled, committed batches stay,
// and importing the same file again completes the rest (every write is idempotent).

export interface ImportOptions {
  /** An offset from UTC for times in the file without a zone (default: timeZone). */
  utcOffsetMinutes?: number;
  /**
   * The workspace's IANA time zone for times without a zone (settings.timeZone); default UTC when
   * no offset is given either. Never the machine's own zone.
   */
  timeZone?: string;
  /** The currency of amounts when neither the file, the mapping nor the preset says. */
  defaultCurrency?: string;
  /** Digits, e.g. '86': the country of phone numbers written without one. */
  defaultCountryCode?: string;
  /** Create a learner for a buyer no identity matches (default true); false keeps the order unmatched. */
  createLearners?: boolean;
  /** Rows per transaction (default 1,000). */
  batchRows?: number;
  /** Progress is reported at least every this many rows read (default 1,000). */
  progressEveryRows?: number;
  now?: () => number;
}

export interface ImportInput {
  file?: string;
  rows?: RowsInput;
  /** A name to record for in-memory rows. */
  fileName?: string;
  /** Default: from the file's extension and contents. */
  format?: 'csv' | 'xlsx';
  /** Use this preset rather than detecting one from the header. */
  preset?: PresetName;
  /** The user's (saved) mapping: overrides the preset field by field. */
  mapping?: ImportMapping;
  /** orders.source: which shop or platform these orders come from ('shopify', 'xiaoe-main'…). */
  source: string;
  options?: ImportOptions;
}

export interface ImportProgress {
  phase: 'read' | 'write' | 'done';
  rowsRead: number;
  rowsWritten: number;
  /** Rows to write in the write phase; rows in memory for `rows` input; else unknown. */
  total?: number;
  bytesRead?: number;
  totalBytes?: number;
}

export interface ImportControl {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * Runs the read phase (default: readImport, in this thread). The studio passes one that runs it
   * in the import worker thread, so a large or crafted file never blocks the live class.
   */
  read?: (input: ReadImportInput, control: ReadControl) => Promise<ParsedImport>;
}

export interface ImportSummary extends ImportRunCounts {
  runId: number;
  status: 'done' | 'cancelled';
  source: string;
  format: 'csv' | 'xlsx' | 'rows';
  preset: PresetName | null;
  /** Share of the preset's characteristic headers found; null when the preset was chosen. */
  presetConfidence: number | null;
  /** Rejections and warnings by line, at most MAX_STORED_ISSUES of them. */
  issues: ImportIssue[];
  /** Orders of the file that carry a refund (refunded or partly), cancellations aside. */
  ordersRefunded: number;
}

export const MAX_STORED_ISSUES = 1_000;
const DEFAULT_BATCH_ROWS = 1_000;
const DEFAULT_PROGRESS_ROWS = 1_000;
const SOURCE_MAX_LENGTH = 40;

function checkInput(input: ImportInput): ImportMapping | undefined {
  const source = input.source.trim();
  if (source === '' || source.length > SOURCE_MAX_LENGTH) {
    throw new ImportError('bad-input', `The source must be 1 to ${SOURCE_MAX_LENGTH} characters.`);
  }
  if ((input.file === undefined) === (input.rows === undefined)) {
    throw new ImportError('bad-input', 'Give either a file or rows to import, not both.');
  }
  if (input.mapping === undefined) return undefined;
  const parsed = importMappingSchema.safeParse(input.mapping);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'mapping'}: ${issue.message}`)
      .join('; ');
    throw new ImportError('bad-input', `The mapping is not valid: ${problems}.`);
  }
  return parsed.data;
}

/** Groups records into batches of about `size` source rows, never splitting an order. */
function* batches(records: readonly OrderRecord[], size: number): Generator<OrderRecord[]> {
  let batch: OrderRecord[] = [];
  let rows = 0;
  for (const record of records) {
    batch.push(record);
    rows += record.rowLines.length;
    if (rows >= size) {
      yield batch;
      batch = [];
      rows = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/** The earliest order time of every identity in the file: a new learner's created_at. */
function firstSeen(records: readonly OrderRecord[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const record of records) {
    for (const key of buyerKeys(record)) {
      const seen = first.get(key);
      if (seen === undefined || record.orderedAt < seen) first.set(key, record.orderedAt);
    }
  }
  return first;
}

function buyerKeys(record: OrderRecord): string[] {
  const { email, phone, platformId } = record.buyer;
  const keys: string[] = [];
  if (email) keys.push(`e:${email}`);
  if (phone) keys.push(`p:${phone}`);
  if (platformId) keys.push(`i:${platformId}`);
  return keys;
}

/**
 * Imports orders (and their buyers as learners) from a CSV/XLSX file or rows. Bad rows are
 * reported and skipped; a file that cannot be read at all throws ImportError after recording a
 * failed run; an abort returns a summary with status 'cancelled'.
 */
export async function importOrders(
  db: Db,
  input: ImportInput,
  control: ImportControl = {},
): Promise<ImportSummary> {
  const options = input.options ?? {};
  const now = options.now ?? Date.now;
  const mapping = checkInput(input);
  const source = input.source.trim();
  const batchRows = Math.max(1, options.batchRows ?? DEFAULT_BATCH_ROWS);
  const progressEvery = Math.max(1, options.progressEveryRows ?? DEFAULT_PROGRESS_ROWS);
  const { signal, onProgress } = control;
  const startedAt = now();
  const guessedFormat =
    input.rows !== undefined
      ? 'rows'
      : (input.format ?? (input.file === undefined ? null : formatFromName(input.file)) ?? 'csv');
  const runId = createImportRun(db, {
    fileName:
      input.fileName ??
      (input.file === undefined ? null : (input.file.split(/[\\/]/).pop() ?? null)),
    source,
    format: guessedFormat,
    startedAt,
  });

  const counts: ImportRunCounts = {
    rowsRead: 0,
    rowsRejected: 0,
    ordersImported: 0,
    ordersUpdated: 0,
    ordersUnchanged: 0,
    ordersUnmatched: 0,
    learnersCreated: 0,
    refundsMatched: 0,
    refundsUnmatched: 0,
    errorCount: 0,
    warningCount: 0,
  };
  let resolved: ParsedImport['mapping'] = null;
  let format: 'csv' | 'xlsx' | 'rows' = guessedFormat;
  let sha256: string | null = null;
  const issues: ImportIssue[] = [];
  let ordersRefunded = 0;

  const finish = (status: 'done' | 'cancelled'): ImportSummary => {
    issues.sort((a, b) => a.line - b.line);
    counts.errorCount = issues.filter((issue) => issue.kind === 'rejected').length;
    counts.warningCount = issues.length - counts.errorCount;
    const stored = issues.slice(0, MAX_STORED_ISSUES);
    finishImportRun(db, runId, {
      status,
      finishedAt: Math.max(startedAt, now()),
      counts,
      issues: stored,
      format,
      sha256,
      preset: resolved?.preset ?? null,
      presetConfidence: resolved?.confidence ?? null,
      mapping: resolved?.columnNames ?? null,
      failure: null,
    });
    onProgress?.({
      phase: 'done',
      rowsRead: counts.rowsRead,
      rowsWritten: counts.rowsRead - counts.rowsRejected,
    });
    return {
      runId,
      status,
      source,
      format,
      preset: resolved?.preset ?? null,
      presetConfidence: resolved?.confidence ?? null,
      issues: stored,
      ordersRefunded,
      ...counts,
    };
  };

  try {
    const read = control.read ?? readImport;
    const parsed = await read(
      {
        file: input.file,
        rows: input.rows,
        fileName: input.fileName,
        format: input.format,
        preset: input.preset,
        mapping,
        workspace: {
          utcOffsetMinutes: options.utcOffsetMinutes ?? 0,
          timeZone:
            options.timeZone ?? (options.utcOffsetMinutes === undefined ? 'UTC' : undefined),
          defaultCurrency: options.defaultCurrency,
          defaultCountryCode: options.defaultCountryCode,
        },
        progressEveryRows: progressEvery,
      },
      {
        cancelled: () => signal?.aborted ?? false,
        onProgress: (p) => onProgress?.({ phase: 'read', rowsWritten: 0, ...p }),
      },
    );
    format = parsed.format;
    resolved = parsed.mapping;
    counts.rowsRead = parsed.rowsRead;
    if (parsed.status === 'cancelled' || signal?.aborted) return finish('cancelled');
    sha256 = parsed.sha256;

    const records = parsed.records;
    ordersRefunded = records.filter(
      (record) => !record.cancellation && record.refundedMinor > 0,
    ).length;
    issues.push(...parsed.issues);
    counts.rowsRejected = parsed.rowsRejected;
    const purchases = records.filter((record) => !record.cancellation);
    // Cancellations last, in time order: each is matched against every purchase before it.
    const cancellations = records
      .filter((record) => record.cancellation)
      .sort((a, b) => a.orderedAt - b.orderedAt);
    const seen = firstSeen(records);
    const createdAt = (record: OrderRecord): number =>
      Math.min(
        ...buyerKeys(record).map((key) => seen.get(key) ?? record.orderedAt),
        record.orderedAt,
      );

    // Write phase.
    const writer = createOrderWriter(db, {
      source,
      createLearners: options.createLearners ?? true,
      now: startedAt,
      runId,
    });
    const toWrite = records.reduce((sum, record) => sum + record.rowLines.length, 0);
    let rowsWritten = 0;
    const apply = (written: WriteCounts): void => {
      counts.ordersImported = written.imported;
      counts.ordersUpdated = written.updated;
      counts.ordersUnchanged = written.unchanged;
      counts.ordersUnmatched = written.unmatched;
      counts.learnersCreated = written.learnersCreated;
      counts.refundsMatched = written.refundsMatched;
      counts.refundsUnmatched = written.refundsUnmatched;
    };
    const writeBatch = db.transaction((batch: OrderRecord[]) => {
      for (const record of batch) {
        if (record.cancellation) writer.writeCancellation(record, createdAt(record));
        else writer.writeOrder(record, createdAt(record));
      }
      apply(writer.counts);
      recordImportRunProgress(db, runId, counts);
    });
    for (const batch of [...batches(purchases, batchRows), ...batches(cancellations, batchRows)]) {
      if (signal?.aborted) {
        issues.push(...writer.issues);
        return finish('cancelled');
      }
      writeBatch.immediate(batch);
      rowsWritten += batch.reduce((sum, record) => sum + record.rowLines.length, 0);
      onProgress?.({ phase: 'write', rowsRead: counts.rowsRead, rowsWritten, total: toWrite });
      await yieldToEventLoop();
    }
    issues.push(...writer.issues);
    if (signal?.aborted) return finish('cancelled');
    return finish('done');
  } catch (error) {
    const failure =
      error instanceof ImportError
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    finishImportRun(db, runId, {
      status: 'failed',
      finishedAt: Math.max(startedAt, now()),
      counts,
      issues: issues.slice(0, MAX_STORED_ISSUES),
      format,
      sha256,
      preset: resolved?.preset ?? null,
      presetConfidence: resolved?.confidence ?? null,
      mapping: resolved?.columnNames ?? null,
      failure,
    });
    if (error instanceof ImportError) error.runId = runId;
    throw error;
  }
}
