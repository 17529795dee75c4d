import type { Db } from '../connection';
import { importMappingSchema, type ImportMapping } from '../../../shared/contract/import-mapping';

// Import runs (the history the UI lists, with counts and the first 1,000 problems), saved column
// mappings, SKU → course links, and the orders that no learner could be linked to.

export interface ImportRunCounts {
  rowsRead: number;
  rowsRejected: number;
  ordersImported: number;
  ordersUpdated: number;
  ordersUnchanged: number;
  ordersUnmatched: number;
  learnersCreated: number;
  refundsMatched: number;
  refundsUnmatched: number;
  errorCount: number;
  warningCount: number;
}

export type ImportRunStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface ImportRunRow {
  id: number;
  file_name: string | null;
  file_sha256: string | null;
  source: string;
  format: string;
  preset: string | null;
  preset_confidence: number | null;
  mapping: string | null;
  started_at: number;
  finished_at: number | null;
  status: ImportRunStatus;
  rows_read: number;
  rows_rejected: number;
  orders_imported: number;
  orders_updated: number;
  orders_unchanged: number;
  orders_unmatched: number;
  learners_created: number;
  refunds_matched: number;
  refunds_unmatched: number;
  error_count: number;
  warning_count: number;
  /** JSON array of { line, kind, reason, orderId? }. */
  errors: string;
  /** JSON { code, message } when status = 'failed'. */
  failure: string | null;
  /** When the run was undone (migration 0200). */
  undone_at?: number | null;
}

const COUNT_COLUMNS = `rows_read = @rowsRead, rows_rejected = @rowsRejected,
  orders_imported = @ordersImported, orders_updated = @ordersUpdated,
  orders_unchanged = @ordersUnchanged, orders_unmatched = @ordersUnmatched,
  learners_created = @learnersCreated, refunds_matched = @refundsMatched,
  refunds_unmatched = @refundsUnmatched, error_count = @errorCount, warning_count = @warningCount`;

export function createImportRun(
  db: Db,
  args: {
    fileName: string | null;
    source: string;
    format: 'csv' | 'xlsx' | 'rows';
    startedAt: number;
  },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO import_runs (file_name, source, format, started_at, status)
         VALUES (?, ?, ?, ?, 'running')`,
      )
      .run(args.fileName, args.source, args.format, args.startedAt).lastInsertRowid,
  );
}

/** Called inside each batch's transaction: the counts always match what has committed. */
export function recordImportRunProgress(db: Db, runId: number, counts: ImportRunCounts): void {
  db.prepare(`UPDATE import_runs SET ${COUNT_COLUMNS} WHERE id = @id`).run({
    ...counts,
    id: runId,
  });
}

export function finishImportRun(
  db: Db,
  runId: number,
  args: {
    status: Exclude<ImportRunStatus, 'running'>;
    finishedAt: number;
    counts: ImportRunCounts;
    issues: readonly unknown[];
    format: 'csv' | 'xlsx' | 'rows';
    sha256: string | null;
    preset: string | null;
    presetConfidence: number | null;
    mapping: unknown;
    failure: { code: string; message: string } | null;
  },
): void {
  db.prepare(
    `UPDATE import_runs SET ${COUNT_COLUMNS}, status = @status, finished_at = @finishedAt,
       errors = @errors, format = @format, file_sha256 = @sha256, preset = @preset,
       preset_confidence = @presetConfidence, mapping = @mapping, failure = @failure
     WHERE id = @id`,
  ).run({
    ...args.counts,
    id: runId,
    status: args.status,
    finishedAt: args.finishedAt,
    errors: JSON.stringify(args.issues),
    format: args.format,
    sha256: args.sha256,
    preset: args.preset,
    presetConfidence: args.presetConfidence,
    mapping: args.mapping === null ? null : JSON.stringify(args.mapping),
    failure: args.failure === null ? null : JSON.stringify(args.failure),
  });
}

export function getImportRun(db: Db, runId: number): ImportRunRow | undefined {
  return db.prepare('SELECT * FROM import_runs WHERE id = ?').get(runId) as
    ImportRunRow | undefined;
}

export function listImportRuns(
  db: Db,
  args: { limit: number; offset: number },
): { total: number; rows: ImportRunRow[] } {
  const total = (db.prepare('SELECT count(*) AS n FROM import_runs').get() as { n: number }).n;
  const rows = db
    .prepare('SELECT * FROM import_runs ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?')
    .all(args.limit, args.offset) as ImportRunRow[];
  return { total, rows };
}

/** Earlier runs of the same file contents, newest first: "this file was imported on …". */
export function importRunsOfFile(db: Db, sha256: string): ImportRunRow[] {
  return db
    .prepare('SELECT * FROM import_runs WHERE file_sha256 = ? ORDER BY started_at DESC, id DESC')
    .all(sha256) as ImportRunRow[];
}

/**
 * Marks runs left 'running' by a crash as failed. Call it when the workspace opens, before any
 * import starts: their committed batches stay, and importing the file again completes them.
 */
export function markInterruptedImportRuns(db: Db, at: number): number {
  return db
    .prepare(
      `UPDATE import_runs SET status = 'failed', finished_at = max(started_at, ?),
         failure = json_object('code', 'interrupted', 'message', 'The app stopped during this import.')
       WHERE status = 'running'`,
    )
    .run(at).changes;
}

// ---------------------------------------------------------------------------------------------
// Saved mappings

export interface SavedMapping {
  id: number;
  name: string;
  preset: string | null;
  mapping: ImportMapping;
  createdAt: number;
  updatedAt: number;
}

interface MappingRow {
  id: number;
  name: string;
  preset: string | null;
  mapping: string;
  created_at: number;
  updated_at: number;
}

function toSaved(row: MappingRow): SavedMapping {
  return {
    id: row.id,
    name: row.name,
    preset: row.preset,
    mapping: importMappingSchema.parse(JSON.parse(row.mapping)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Saves (or replaces, by name) a mapping; the mapping is validated first. Returns its id. */
export function saveImportMapping(
  db: Db,
  args: { name: string; mapping: ImportMapping; at: number },
): number {
  const mapping = importMappingSchema.parse(args.mapping);
  const name = args.name.trim();
  const row = db
    .prepare(
      `INSERT INTO import_mappings (name, preset, mapping, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET preset = excluded.preset, mapping = excluded.mapping,
         updated_at = excluded.updated_at
       RETURNING id`,
    )
    .get(name, mapping.preset ?? null, JSON.stringify(mapping), args.at, args.at) as { id: number };
  return row.id;
}

export function listImportMappings(db: Db): SavedMapping[] {
  return (
    db
      .prepare(
        'SELECT id, name, preset, mapping, created_at, updated_at FROM import_mappings ORDER BY name',
      )
      .all() as MappingRow[]
  ).map(toSaved);
}

export function getImportMapping(db: Db, name: string): SavedMapping | undefined {
  const row = db
    .prepare(
      'SELECT id, name, preset, mapping, created_at, updated_at FROM import_mappings WHERE name = ?',
    )
    .get(name.trim()) as MappingRow | undefined;
  return row === undefined ? undefined : toSaved(row);
}

export function deleteImportMapping(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM import_mappings WHERE name = ?').run(name.trim()).changes === 1;
}

// ---------------------------------------------------------------------------------------------
// Course SKUs

/** Links a platform's product code to a course; source '' applies to every source. */
export function setCourseSku(
  db: Db,
  args: { source: string; sku: string; courseId: number },
): void {
  db.prepare(
    `INSERT INTO course_skus (source, sku, course_id) VALUES (?, ?, ?)
     ON CONFLICT (source, sku) DO UPDATE SET course_id = excluded.course_id`,
  ).run(args.source, args.sku, args.courseId);
}

export function deleteCourseSku(db: Db, args: { source: string; sku: string }): boolean {
  return (
    db.prepare('DELETE FROM course_skus WHERE source = ? AND sku = ?').run(args.source, args.sku)
      .changes === 1
  );
}

// ---------------------------------------------------------------------------------------------
// Unmatched orders

export interface UnmatchedOrderRow {
  id: number;
  source: string;
  external_id: string;
  ordered_at: number;
  currency: string;
  total_minor: number;
  refunded_minor: number;
  status: string;
  buyer_email: string | null;
  buyer_phone: string | null;
  buyer_platform_id: string | null;
  line_count: number;
}

/** Orders no learner is linked to (learner_id NULL), newest first: uses orders_learner_at. */
export const UNMATCHED_ORDERS_SQL = `SELECT o.id, o.source, o.external_id, o.ordered_at, o.currency,
    o.total_minor, o.refunded_minor, o.status, o.buyer_email, o.buyer_phone, o.buyer_platform_id,
    (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) AS line_count
  FROM orders o
  WHERE o.learner_id IS NULL AND (@source IS NULL OR o.source = @source)
  ORDER BY o.ordered_at DESC, o.id DESC
  LIMIT @limit OFFSET @offset`;

export function listUnmatchedOrders(
  db: Db,
  args: { source?: string | undefined; limit: number; offset: number },
): { total: number; rows: UnmatchedOrderRow[] } {
  const source = args.source ?? null;
  const total = (
    db
      .prepare(
        'SELECT count(*) AS n FROM orders WHERE learner_id IS NULL AND (@source IS NULL OR source = @source)',
      )
      .get({ source }) as { n: number }
  ).n;
  const rows = db
    .prepare(UNMATCHED_ORDERS_SQL)
    .all({ source, limit: args.limit, offset: args.offset }) as UnmatchedOrderRow[];
  return { total, rows };
}

/**
 * Links an unmatched order to a learner chosen by the user. Only an unmatched order: an order
 * that is already linked is left alone. Returns whether it was linked.
 */
export function linkUnmatchedOrder(db: Db, args: { orderId: number; learnerId: number }): boolean {
  return (
    db
      .prepare('UPDATE orders SET learner_id = ? WHERE id = ? AND learner_id IS NULL')
      .run(args.learnerId, args.orderId).changes === 1
  );
}

/** The newest import run's id, 0 before the first. */
export function lastRunId(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS id FROM import_runs').get() as { id: number })
    .id;
}
