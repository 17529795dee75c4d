import type { Migration } from './index';

// Orders come from course platforms. (source, external_id) makes a re-import idempotent. Refunds
// are kept as amounts so that revenue is net; a fully refunded or cancelled order is not a purchase.
export const m0080: Migration = {
  version: 80,
  name: 'create orders and order lines',
  up: `
    CREATE TABLE orders (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 40),
      external_id TEXT NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
      learner_id INTEGER REFERENCES learners (id) ON DELETE CASCADE,
      ordered_at INTEGER NOT NULL,
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
      refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
      status TEXT NOT NULL CHECK (status IN ('paid', 'partially_refunded', 'refunded', 'cancelled')),
      -- Identity as the platform exported it, kept to link the order once the learner is known.
      buyer_email TEXT,
      buyer_phone TEXT,
      buyer_platform_id TEXT,
      offer_id INTEGER REFERENCES offers (id) ON DELETE SET NULL,
      imported_at INTEGER NOT NULL,
      UNIQUE (source, external_id),
      CHECK (refunded_minor <= total_minor)
    ) STRICT;
    CREATE INDEX orders_learner_at ON orders (learner_id, ordered_at);
    CREATE INDEX orders_at ON orders (ordered_at);

    CREATE TABLE order_lines (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
      course_id INTEGER REFERENCES courses (id) ON DELETE SET NULL,
      title TEXT NOT NULL,
      quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
      amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
      refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0)
    ) STRICT;
    CREATE INDEX order_lines_order ON order_lines (order_id);
    CREATE INDEX order_lines_course ON order_lines (course_id);
  `,
};
