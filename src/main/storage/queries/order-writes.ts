import type { Db } from '../connection';

// The statements an order import writes with (src/main/imports/write-orders.ts), prepared once
// per run: a run writes thousands of rows through them.

/** The order columns a buyer can be recognised by when a refund names no order. */
export const BUYER_COLUMNS = {
  learner: 'o.learner_id',
  platform: 'o.buyer_platform_id',
  email: 'o.buyer_email',
  phone: 'o.buyer_phone',
} as const;

/** Every statement of one import run. */
export function orderWriteStatements(db: Db) {
  return {
    order: db.prepare(
      `SELECT id, learner_id, ordered_at, currency, total_minor, refunded_minor, status,
       buyer_email, buyer_phone, buyer_platform_id, offer_id
     FROM orders WHERE source = ? AND external_id = ?`,
    ),
    insertOrder: db.prepare(
      `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor,
       refunded_minor, status, buyer_email, buyer_phone, buyer_platform_id, offer_id, imported_at,
       import_run_id)
     VALUES (@source, @external_id, @learner_id, @ordered_at, @currency, @total_minor,
       @refunded_minor, @status, @buyer_email, @buyer_phone, @buyer_platform_id, @offer_id,
       @imported_at, @import_run_id)`,
    ),
    updateOrder: db.prepare(
      `UPDATE orders SET learner_id = @learner_id, ordered_at = @ordered_at, currency = @currency,
       total_minor = @total_minor, refunded_minor = @refunded_minor, status = @status,
       buyer_email = @buyer_email, buyer_phone = @buyer_phone,
       buyer_platform_id = @buyer_platform_id, offer_id = @offer_id, imported_at = @imported_at
     WHERE id = @id`,
    ),
    deleteOrder: db.prepare('DELETE FROM orders WHERE id = ?'),
    lines: db.prepare(
      `SELECT title, sku, course_id, quantity, amount_minor, refunded_minor
     FROM order_lines WHERE order_id = ? ORDER BY id`,
    ),
    deleteLines: db.prepare('DELETE FROM order_lines WHERE order_id = ?'),
    insertLine: db.prepare(
      `INSERT INTO order_lines (order_id, course_id, title, sku, quantity, amount_minor, refunded_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    identity: db.prepare(
      'SELECT learner_id FROM learner_identities WHERE kind = ? AND platform = ? AND value = ?',
    ),
    insertIdentity: db.prepare(
      `INSERT INTO learner_identities (learner_id, kind, platform, value, created_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, platform, value) DO NOTHING`,
    ),
    insertLearner: db.prepare(
      'INSERT INTO learners (display_name, created_at, import_run_id) VALUES (?, ?, ?)',
    ),
    // The offer that carried this coupon: the latest pushed at or before the order (a coupon
    // reused across classes goes to the class the buyer had just seen), compared case-insensitively.
    offerByCoupon: db.prepare(
      `SELECT id FROM offers WHERE coupon_code IS NOT NULL AND lower(trim(coupon_code)) = lower(?)
       AND pushed_at <= ? ORDER BY pushed_at DESC, id DESC LIMIT 1`,
    ),
    linksForOrder: db.prepare(
      `SELECT line_position, sum(amount_minor) AS amount_minor FROM order_refund_links
     WHERE order_id = ? GROUP BY line_position`,
    ),
    linksForRefund: db.prepare(
      `SELECT order_id, line_position, amount_minor FROM order_refund_links
     WHERE source = ? AND refund_external_id = ? AND refund_line = ?`,
    ),
    deleteLinksForRefund: db.prepare(
      'DELETE FROM order_refund_links WHERE source = ? AND refund_external_id = ? AND refund_line = ?',
    ),
    upsertLink: db.prepare(
      `INSERT INTO order_refund_links (source, refund_external_id, refund_line, order_id,
       line_position, amount_minor, refunded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source, refund_external_id, refund_line, order_id, line_position)
     DO UPDATE SET amount_minor = amount_minor + excluded.amount_minor`,
    ),
    refundLine: db.prepare(
      `UPDATE order_lines SET refunded_minor = max(0, min(amount_minor, refunded_minor + @amount))
     WHERE id = (SELECT id FROM order_lines WHERE order_id = @order ORDER BY id LIMIT 1 OFFSET @position)`,
    ),
    refundOrder: db.prepare(
      `UPDATE orders SET
       refunded_minor = max(0, min(total_minor, refunded_minor + @amount)),
       status = CASE
         WHEN status = 'cancelled' THEN status
         WHEN max(0, min(total_minor, refunded_minor + @amount)) >= total_minor THEN 'refunded'
         WHEN max(0, min(total_minor, refunded_minor + @amount)) > 0 THEN 'partially_refunded'
         ELSE 'paid' END,
       imported_at = @now
     WHERE id = @order`,
    ),
    candidates: Object.fromEntries(
      Object.entries(BUYER_COLUMNS).map(([key, column]) => [
        key,
        db.prepare(
          `SELECT l.id AS line_id, l.order_id, l.amount_minor, l.refunded_minor,
           (SELECT count(*) FROM order_lines p WHERE p.order_id = l.order_id AND p.id < l.id) AS position
         FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE ${column} = @buyer AND o.source = @source AND o.currency = @currency
           AND o.ordered_at <= @at AND o.status IN ('paid', 'partially_refunded')
           AND l.refunded_minor < l.amount_minor
           AND (CASE WHEN @sku IS NULL THEN lower(l.title) = lower(@title) ELSE l.sku = @sku END)
         ORDER BY o.ordered_at DESC, o.id DESC, l.id DESC`,
        ),
      ]),
    ) as Record<keyof typeof BUYER_COLUMNS, ReturnType<Db['prepare']>>,
  };
}

export type OrderWriteStatements = ReturnType<typeof orderWriteStatements>;

/** Platform SKUs mapped to courses, the workspace-wide ones ('') first, then this source's. */
export function courseSkusFor(db: Db, source: string): { sku: string; course_id: number }[] {
  return db
    .prepare(`SELECT sku, course_id FROM course_skus WHERE source IN ('', ?) ORDER BY source`)
    .all(source) as { sku: string; course_id: number }[];
}

/** Every course's title, the courses still in the catalogue first. */
export function courseTitlesActiveFirst(db: Db): { id: number; title: string }[] {
  return db.prepare(`SELECT id, title FROM courses ORDER BY archived_at IS NOT NULL, id`).all() as {
    id: number;
    title: string;
  }[];
}
