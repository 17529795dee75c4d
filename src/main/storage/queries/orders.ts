import type { Db } from '../connection';

export interface OrderRow {
  id: number;
  source: string;
  external_id: string;
  learner_id: number | null;
  ordered_at: number;
  currency: string;
  total_minor: number;
  refunded_minor: number;
  status: string;
}

/** One learner's orders in time order: the learner view's and the RFM models' hot read. */
export const ORDERS_FOR_LEARNER_SQL = `SELECT id, source, external_id, learner_id, ordered_at,
  currency, total_minor, refunded_minor, status
  FROM orders WHERE learner_id = ? AND ordered_at >= ? AND ordered_at < ? ORDER BY ordered_at, id`;

export function ordersForLearner(
  db: Db,
  args: { learnerId: number; fromMs?: number; toMs?: number },
): OrderRow[] {
  return db
    .prepare(ORDERS_FOR_LEARNER_SQL)
    .all(args.learnerId, args.fromMs ?? 0, args.toMs ?? Number.MAX_SAFE_INTEGER) as OrderRow[];
}
