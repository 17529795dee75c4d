import type { Db } from '../storage/connection';
import { courseTitleAliases } from '../storage/queries/import-wizard';
import {
  courseSkusFor,
  courseTitlesActiveFirst,
  orderWriteStatements,
} from '../storage/queries/order-writes';
import { displayNameFor, type BuyerIdentity } from '../../shared/model/identity';
import {
  importIssueReason,
  issueOf,
  type ImportIssue,
  type OrderLineRecord,
  type OrderRecord,
  type OrderStatus,
} from './parse-rows';

// Writing parsed orders: learner linking, course linking, idempotent upserts on
// (source, external_id), and cancellations that refund the order line they cancel. Every method
// runs inside the caller's transaction; nothing here commits.
//
// Cancellations (a document whose lines undo earlier purchases, like Online Retail's C…
// invoices) are matched line by line to the same buyer's latest earlier paid line with the same
// SKU (or, without a SKU, the same title), in the same source and currency, that is not fully
// refunded yet; the refund goes onto that line and its order (partially_refunded / refunded), and
// order_refund_links remembers it so that a re-import never applies it twice. What no earlier
// line absorbs is kept as a refund-only order under the cancellation's own id (status
// 'refunded', total = refunded, so it adds nothing to revenue) and reported as a warning.

export interface WriteCounts {
  imported: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  learnersCreated: number;
  refundsMatched: number;
  refundsUnmatched: number;
}

export function emptyCounts(): WriteCounts {
  return {
    imported: 0,
    updated: 0,
    unchanged: 0,
    unmatched: 0,
    learnersCreated: 0,
    refundsMatched: 0,
    refundsUnmatched: 0,
  };
}

interface StoredOrder {
  id: number;
  learner_id: number | null;
  ordered_at: number;
  currency: string;
  total_minor: number;
  refunded_minor: number;
  status: string;
  buyer_email: string | null;
  buyer_phone: string | null;
  buyer_platform_id: string | null;
  offer_id: number | null;
}

interface LineRow {
  title: string;
  sku: string | null;
  course_id: number | null;
  quantity: number;
  amount_minor: number;
  refunded_minor: number;
}

interface Candidate {
  line_id: number;
  order_id: number;
  amount_minor: number;
  refunded_minor: number;
  position: number;
}

interface RefundLink {
  order_id: number;
  line_position: number;
  amount_minor: number;
}

function statusFor(wanted: OrderStatus, refunded: number, total: number): OrderStatus {
  if (wanted === 'cancelled') return 'cancelled';
  if (refunded >= total) return 'refunded';
  if (refunded > 0) return 'partially_refunded';
  return wanted === 'refunded' ? 'paid' : wanted;
}

function sameLines(a: readonly LineRow[], b: readonly LineRow[]): boolean {
  return (
    a.length === b.length &&
    a.every((line, i) => {
      const other = b[i];
      return (
        other !== undefined &&
        line.title === other.title &&
        line.sku === other.sku &&
        line.course_id === other.course_id &&
        line.quantity === other.quantity &&
        line.amount_minor === other.amount_minor &&
        line.refunded_minor === other.refunded_minor
      );
    })
  );
}

export interface OrderWriter {
  readonly counts: WriteCounts;
  readonly issues: ImportIssue[];
  writeOrder(record: OrderRecord, learnerCreatedAt: number): void;
  writeCancellation(record: OrderRecord, learnerCreatedAt: number): void;
}

export function createOrderWriter(
  db: Db,
  context: { source: string; createLearners: boolean; now: number; runId?: number },
): OrderWriter {
  const { source, createLearners, now } = context;
  const runId = context.runId ?? null;
  const counts = emptyCounts();
  const issues: ImportIssue[] = [];

  const statements = orderWriteStatements(db);

  // Courses: by the platform's SKU (course_skus, this source first), else by exact title.
  const courseBySku = new Map<string, number>();
  for (const row of courseSkusFor(db, source)) courseBySku.set(row.sku, row.course_id);
  const courseByTitle = new Map<string, number>();
  for (const row of courseTitlesActiveFirst(db)) {
    const key = row.title.trim().toLowerCase();
    if (!courseByTitle.has(key)) courseByTitle.set(key, row.id);
  }
  // Then titles the educator confirmed as a course in the import wizard (close matches).
  const courseByAlias = courseTitleAliases(db);
  const courseFor = (line: OrderLineRecord): number | null => {
    const key = line.title.trim().toLowerCase();
    return (
      (line.sku === null ? undefined : courseBySku.get(line.sku)) ??
      courseByTitle.get(key) ??
      courseByAlias.get(key) ??
      null
    );
  };
  const offerFor = (record: OrderRecord): number | null => {
    if (record.couponCode === null) return null;
    const row = statements.offerByCoupon.get(record.couponCode.trim(), record.orderedAt) as
      { id: number } | undefined;
    return row?.id ?? null;
  };

  function identities(buyer: BuyerIdentity): [kind: string, platform: string, value: string][] {
    const list: [string, string, string][] = [];
    if (buyer.email) list.push(['email', '', buyer.email]);
    if (buyer.phone) list.push(['phone', '', buyer.phone]);
    if (buyer.platformId) list.push(['platform', source, buyer.platformId]);
    return list;
  }

  /**
   * The learner with the buyer's email, else phone, else platform id (never a name). A new
   * learner when none matches and createLearners allows; the buyer's other identities are added
   * to the learner unless they already belong to someone.
   */
  function resolveLearner(buyer: BuyerIdentity, createdAt: number): number | null {
    const keys = identities(buyer);
    if (keys.length === 0) return null;
    let learnerId: number | null = null;
    for (const [kind, platform, value] of keys) {
      const row = statements.identity.get(kind, platform, value) as
        { learner_id: number } | undefined;
      if (row) {
        learnerId = row.learner_id;
        break;
      }
    }
    if (learnerId === null) {
      if (!createLearners) return null;
      learnerId = Number(
        statements.insertLearner.run(displayNameFor(buyer, source), createdAt, runId)
          .lastInsertRowid,
      );
      counts.learnersCreated++;
    }
    for (const [kind, platform, value] of keys) {
      statements.insertIdentity.run(learnerId, kind, platform, value, now);
    }
    return learnerId;
  }

  /** Inserts, updates or leaves one order; returns 'imported' | 'updated' | 'unchanged'. */
  function upsert(
    record: OrderRecord,
    stored: StoredOrder | undefined,
    order: Omit<StoredOrder, 'id'>,
    lines: LineRow[],
  ): 'imported' | 'updated' | 'unchanged' {
    const row = { ...order, imported_at: now, import_run_id: runId };
    if (!stored) {
      const id = Number(
        statements.insertOrder.run({ ...row, source, external_id: record.externalId })
          .lastInsertRowid,
      );
      insertLines(id, lines);
      return 'imported';
    }
    const sameOrder =
      stored.learner_id === order.learner_id &&
      stored.ordered_at === order.ordered_at &&
      stored.currency === order.currency &&
      stored.total_minor === order.total_minor &&
      stored.refunded_minor === order.refunded_minor &&
      stored.status === order.status &&
      stored.buyer_email === order.buyer_email &&
      stored.buyer_phone === order.buyer_phone &&
      stored.buyer_platform_id === order.buyer_platform_id &&
      stored.offer_id === order.offer_id;
    const linesUnchanged = sameLines(statements.lines.all(stored.id) as LineRow[], lines);
    if (sameOrder && linesUnchanged) return 'unchanged';
    const { import_run_id: _creator, ...changed } = row;
    statements.updateOrder.run({ ...changed, id: stored.id });
    if (!linesUnchanged) {
      statements.deleteLines.run(stored.id);
      insertLines(stored.id, lines);
    }
    return 'updated';
  }

  function insertLines(orderId: number, lines: readonly LineRow[]): void {
    for (const line of lines) {
      statements.insertLine.run(
        orderId,
        line.course_id,
        line.title,
        line.sku,
        line.quantity,
        line.amount_minor,
        line.refunded_minor,
      );
    }
  }

  function writeOrder(record: OrderRecord, learnerCreatedAt: number): void {
    const stored = statements.order.get(source, record.externalId) as StoredOrder | undefined;
    const lines: LineRow[] = record.lines.map((line) => ({
      title: line.title,
      sku: line.sku,
      course_id: courseFor(line),
      quantity: line.quantity,
      amount_minor: line.amountMinor,
      refunded_minor: 0,
    }));
    // Refunds that cancellations put on this order stay on it whatever the file says.
    let refunded = record.refundedMinor;
    if (stored) {
      for (const link of statements.linksForOrder.all(stored.id) as RefundLink[]) {
        refunded += link.amount_minor;
        const line = lines[link.line_position];
        if (line)
          line.refunded_minor = Math.min(
            line.amount_minor,
            line.refunded_minor + link.amount_minor,
          );
      }
    }
    refunded = Math.min(refunded, record.totalMinor);
    // An order that is already linked keeps its learner: a link made by hand is never undone.
    const learnerId = stored?.learner_id ?? resolveLearner(record.buyer, learnerCreatedAt);
    const outcome = upsert(
      record,
      stored,
      {
        learner_id: learnerId,
        ordered_at: record.orderedAt,
        currency: record.currency,
        total_minor: record.totalMinor,
        refunded_minor: refunded,
        status: statusFor(record.status, refunded, record.totalMinor),
        buyer_email: record.buyer.email,
        buyer_phone: record.buyer.phone,
        buyer_platform_id: record.buyer.platformId,
        offer_id: offerFor(record),
      },
      lines,
    );
    counts[outcome]++;
    if (learnerId === null) counts.unmatched++;
  }

  function candidatesFor(
    record: OrderRecord,
    line: OrderLineRecord,
    learnerId: number | null,
  ): Candidate[] {
    const { buyer } = record;
    const [key, value] =
      learnerId !== null
        ? (['learner', learnerId] as const)
        : buyer.platformId
          ? (['platform', buyer.platformId] as const)
          : buyer.email
            ? (['email', buyer.email] as const)
            : buyer.phone
              ? (['phone', buyer.phone] as const)
              : ([null, null] as const);
    if (key === null) return [];
    return statements.candidates[key].all({
      buyer: value,
      source,
      currency: record.currency,
      at: record.orderedAt,
      sku: line.sku,
      title: line.title,
    }) as Candidate[];
  }

  function applyRefund(order: number, position: number, amount: number): void {
    statements.refundLine.run({ order, position, amount });
    statements.refundOrder.run({ order, amount, now });
  }

  function writeCancellation(record: OrderRecord, learnerCreatedAt: number): void {
    const stored = statements.order.get(source, record.externalId) as StoredOrder | undefined;
    const learnerId = stored?.learner_id ?? resolveLearner(record.buyer, learnerCreatedAt);
    const leftovers: LineRow[] = [];
    record.lines.forEach((line, index) => {
      const links = statements.linksForRefund.all(source, record.externalId, index) as RefundLink[];
      let applied = links.reduce((sum, link) => sum + link.amount_minor, 0);
      if (applied > line.amountMinor) {
        // The file now cancels less than before: undo this line's refunds and match afresh.
        for (const link of links)
          applyRefund(link.order_id, link.line_position, -link.amount_minor);
        statements.deleteLinksForRefund.run(source, record.externalId, index);
        applied = 0;
      }
      let left = line.amountMinor - applied;
      if (left > 0) {
        for (const candidate of candidatesFor(record, line, learnerId)) {
          const take = Math.min(candidate.amount_minor - candidate.refunded_minor, left);
          if (take <= 0) continue;
          statements.upsertLink.run(
            source,
            record.externalId,
            index,
            candidate.order_id,
            candidate.position,
            take,
            record.orderedAt,
          );
          applyRefund(candidate.order_id, candidate.position, take);
          left -= take;
          if (left === 0) break;
        }
      }
      if (left < line.amountMinor) counts.refundsMatched++;
      if (left > 0) {
        counts.refundsUnmatched++;
        leftovers.push({
          title: line.title,
          sku: line.sku,
          course_id: courseFor(line),
          quantity: line.quantity,
          amount_minor: left,
          refunded_minor: left,
        });
        issues.push(
          issueOf(
            line.line,
            'warning',
            [
              importIssueReason(
                left === line.amountMinor ? 'cancellation-unmatched' : 'cancellation-larger',
              ),
            ],
            record.externalId,
          ),
        );
      }
    });

    // Counted as an order only through its refund-only order: refunds put on earlier orders
    // are counted in refundsMatched.
    if (leftovers.length > 0) {
      const total = leftovers.reduce((sum, line) => sum + line.amount_minor, 0);
      const outcome = upsert(
        record,
        stored,
        {
          learner_id: learnerId,
          ordered_at: record.orderedAt,
          currency: record.currency,
          total_minor: total,
          refunded_minor: total,
          status: 'refunded',
          buyer_email: record.buyer.email,
          buyer_phone: record.buyer.phone,
          buyer_platform_id: record.buyer.platformId,
          offer_id: null,
        },
        leftovers,
      );
      counts[outcome]++;
      if (learnerId === null) counts.unmatched++;
    } else if (stored) {
      // Everything it cancels is now matched: the refund-only order it had is no longer needed.
      statements.deleteOrder.run(stored.id);
      counts.updated++;
    }
  }

  return { counts, issues, writeOrder, writeCancellation };
}
