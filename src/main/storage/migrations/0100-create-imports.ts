import type { Migration } from './index';

// Order imports (src/main/imports/). A run is recorded while it runs, so that a crash leaves a
// 'running' row with the counts of the batches that committed; errors are capped in size.
//
// order_lines.sku keeps the platform's product code: cancellations (Online Retail's C… invoices)
// find the line they refund by buyer + sku, and lines link to courses through course_skus.
// order_refund_links remembers which cancellation line refunded which order line, so that a
// re-import applies each refund once. The buyer_* indexes let an order be found again by the
// identity it was exported with (cancellations, and linking unmatched orders later).
export const m0100: Migration = {
  version: 100,
  name: 'create imports',
  up: `
    CREATE TABLE import_mappings (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
      preset TEXT,
      mapping TEXT NOT NULL CHECK (json_valid(mapping)),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE import_runs (
      id INTEGER PRIMARY KEY,
      file_name TEXT,
      file_sha256 TEXT CHECK (file_sha256 IS NULL OR length(file_sha256) = 64),
      source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 40),
      format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'rows')),
      preset TEXT,
      -- 0..1 when the preset was detected from the header; NULL when it was chosen.
      preset_confidence REAL,
      -- The column mapping actually used (field -> header names), for the record.
      mapping TEXT CHECK (mapping IS NULL OR json_valid(mapping)),
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
      rows_read INTEGER NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
      rows_rejected INTEGER NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0),
      orders_imported INTEGER NOT NULL DEFAULT 0 CHECK (orders_imported >= 0),
      orders_updated INTEGER NOT NULL DEFAULT 0 CHECK (orders_updated >= 0),
      orders_unchanged INTEGER NOT NULL DEFAULT 0 CHECK (orders_unchanged >= 0),
      orders_unmatched INTEGER NOT NULL DEFAULT 0 CHECK (orders_unmatched >= 0),
      learners_created INTEGER NOT NULL DEFAULT 0 CHECK (learners_created >= 0),
      refunds_matched INTEGER NOT NULL DEFAULT 0 CHECK (refunds_matched >= 0),
      refunds_unmatched INTEGER NOT NULL DEFAULT 0 CHECK (refunds_unmatched >= 0),
      error_count INTEGER NOT NULL DEFAULT 0 CHECK (error_count >= 0),
      warning_count INTEGER NOT NULL DEFAULT 0 CHECK (warning_count >= 0),
      -- JSON array of { line, kind, reason, orderId? }, at most 1,000 entries.
      errors TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(errors)),
      -- Why the whole run failed (status = 'failed'): { code, message }.
      failure TEXT CHECK (failure IS NULL OR json_valid(failure)),
      CHECK (finished_at IS NULL OR finished_at >= started_at)
    ) STRICT;
    CREATE INDEX import_runs_started ON import_runs (started_at);
    CREATE INDEX import_runs_sha256 ON import_runs (file_sha256);

    ALTER TABLE order_lines ADD COLUMN sku TEXT;

    -- A platform's product code for a course; source '' applies to every source.
    CREATE TABLE course_skus (
      source TEXT NOT NULL CHECK (length(source) <= 40),
      sku TEXT NOT NULL CHECK (length(sku) BETWEEN 1 AND 200),
      course_id INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
      PRIMARY KEY (source, sku)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX course_skus_course ON course_skus (course_id);

    -- line_position is the 0-based rank of the refunded line among its order's lines (by id):
    -- lines are rewritten in file order on update, so the position survives a re-import.
    CREATE TABLE order_refund_links (
      source TEXT NOT NULL,
      refund_external_id TEXT NOT NULL,
      refund_line INTEGER NOT NULL CHECK (refund_line >= 0),
      order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
      line_position INTEGER NOT NULL CHECK (line_position >= 0),
      amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
      refunded_at INTEGER NOT NULL,
      PRIMARY KEY (source, refund_external_id, refund_line, order_id, line_position)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX order_refund_links_order ON order_refund_links (order_id, line_position);

    CREATE INDEX orders_buyer_email ON orders (buyer_email) WHERE buyer_email IS NOT NULL;
    CREATE INDEX orders_buyer_phone ON orders (buyer_phone) WHERE buyer_phone IS NOT NULL;
    CREATE INDEX orders_buyer_platform ON orders (source, buyer_platform_id)
      WHERE buyer_platform_id IS NOT NULL;
  `,
};
