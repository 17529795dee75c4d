import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  EVENTS_IN_RANGE_SQL,
  appendEvent,
  eventsInRange,
} from '../../src/main/storage/queries/events';
import { eventIdByClientId } from '../../src/main/storage/queries/live/sessions';
import { ORDERS_FOR_LEARNER_SQL, ordersForLearner } from '../../src/main/storage/queries/orders';
import { UNLINKED_PAID_BY_DAY_SQL } from '../../src/main/storage/queries/paid-orders';
import { BUYER_ORDERS_SQL, buyerOrders } from '../../src/main/storage/queries/course-orders';
import {
  CUSTOMER_BASE_FINGERPRINT_SQL,
  customerBaseFingerprint,
} from '../../src/main/storage/queries/insights';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

function plan(db: Db, sql: string, params: unknown[]): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((row) => row.detail).join('\n');
}

function seed(db: Db): { sessionId: number; learnerId: number } {
  const now = 1_700_000_000_000;
  const sessionId = Number(
    db.prepare(`INSERT INTO sessions (title, created_at) VALUES ('c', ?)`).run(now).lastInsertRowid,
  );
  const learnerId = Number(
    db.prepare(`INSERT INTO learners (display_name, created_at) VALUES ('L', ?)`).run(now)
      .lastInsertRowid,
  );
  for (let i = 0; i < 50; i++) {
    appendEvent(db, {
      sessionId,
      learnerId,
      kind: 'chat',
      at: now + i * 1000,
      payload: { i },
      clientId: `c${i}`,
    });
    db.prepare(
      `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor, status, imported_at)
       VALUES ('shop', ?, ?, ?, 'CNY', 100, 'paid', ?)`,
    ).run(`o${i}`, learnerId, now + i * 86_400_000, now);
  }
  db.exec('ANALYZE');
  return { sessionId, learnerId };
}

describe('hot queries use their indexes', () => {
  it('events by session and time: events_session_at, no sort, no scan', () => {
    const db = openDatabase(join(tempDir(), 'plan.db'));
    const { sessionId } = seed(db);
    const detail = plan(db, EVENTS_IN_RANGE_SQL, [sessionId, 0, 2e12, -1]);
    expect(detail).toMatch(
      /SEARCH events USING INDEX events_session_at \(session_id=\? AND at>\? AND at<\?\)/,
    );
    expect(detail).not.toMatch(/SCAN events|USE TEMP B-TREE/);
    expect(
      eventsInRange(db, { sessionId, fromMs: 1_700_000_010_000, toMs: 1_700_000_020_000 }),
    ).toHaveLength(10);
    db.close();
  });

  it('orders by learner and time: orders_learner_at, no sort, no scan', () => {
    const db = openDatabase(join(tempDir(), 'plan.db'));
    const { learnerId } = seed(db);
    const detail = plan(db, ORDERS_FOR_LEARNER_SQL, [learnerId, 0, 2e12]);
    expect(detail).toMatch(
      /SEARCH orders USING INDEX orders_learner_at \(learner_id=\? AND ordered_at>\? AND ordered_at<\?\)/,
    );
    expect(detail).not.toMatch(/SCAN orders|USE TEMP B-TREE/);
    expect(
      ordersForLearner(db, { learnerId })
        .map((o) => o.external_id)
        .slice(0, 3),
    ).toEqual(['o0', 'o1', 'o2']);
    db.close();
  });

  it('unlinked paid orders by day: a range of orders_learner_at, not a scan of every order', () => {
    const db = openDatabase(join(tempDir(), 'plan.db'));
    seed(db);
    const detail = plan(db, UNLINKED_PAID_BY_DAY_SQL, [0, 2e12]);
    expect(detail).toMatch(
      /SEARCH orders USING INDEX orders_learner_at \(learner_id=\? AND ordered_at<\?\)/,
    );
    expect(detail).not.toMatch(/SCAN orders/);
    db.close();
  });

  it('a resent event (same client id) is stored once and returns the first id', () => {
    const db = openDatabase(join(tempDir(), 'dup.db'));
    const { sessionId, learnerId } = seed(db);
    const event = {
      sessionId,
      learnerId,
      kind: 'question',
      at: 1,
      payload: { text: 'hi' },
      clientId: 'q-1',
    };
    const first = appendEvent(db, event);
    const again = appendEvent(db, { ...event, payload: { text: 'changed' } });
    expect(first.inserted).toBe(true);
    expect(again).toEqual({ id: first.id, inserted: false });
    db.close();
  });

  it("the resend check (this viewer's client id) is one lookup in events_client", () => {
    const db = openDatabase(join(tempDir(), 'dup-plan.db'));
    const { sessionId, learnerId } = seed(db);
    const detail = plan(
      db,
      'SELECT id FROM events WHERE session_id = ? AND ifnull(learner_id, 0) = ? AND client_id = ?',
      [sessionId, learnerId, 'c3'],
    );
    expect(detail).toMatch(/SEARCH events USING INDEX events_client/);
    expect(eventIdByClientId(db, { sessionId, learnerId, clientId: 'c3' })).toBeTypeOf('number');
    expect(eventIdByClientId(db, { sessionId, learnerId: learnerId + 1, clientId: 'c3' })).toBe(
      undefined,
    );
    db.close();
  });

  it("a course's buyers' orders: one range of orders_paid_learner per buyer, no sort, no scan", () => {
    const db = openDatabase(join(tempDir(), 'plan.db'));
    const { learnerId } = seed(db);
    const buyers = JSON.stringify([[learnerId, 1_700_000_000_000 + 10 * 86_400_000]]);
    const detail = plan(db, BUYER_ORDERS_SQL, [buyers, 2e12]);
    expect(detail).toMatch(
      /SEARCH o USING INDEX orders_paid_learner \(learner_id=\? AND ordered_at>\? AND ordered_at<\?\)/,
    );
    expect(detail).not.toMatch(/SCAN o\b|USE TEMP B-TREE/);
    expect(buyerOrders(db, [[learnerId, 1_700_000_000_000 + 10 * 86_400_000]], 2e12)).toHaveLength(
      40,
    );
    db.close();
  });

  it("the data fingerprint's order figures: from orders_imported_at and orders_refunded only", () => {
    const db = openDatabase(join(tempDir(), 'plan.db'));
    seed(db);
    db.prepare(
      `UPDATE orders SET refunded_minor = 40, status = 'partially_refunded'
       WHERE external_id IN ('o3', 'o7')`,
    ).run();
    db.exec('ANALYZE');
    const detail = plan(db, CUSTOMER_BASE_FINGERPRINT_SQL, []);
    // The count scans an index of one column (either one: both hold every order).
    expect(detail).toMatch(/SCAN orders USING COVERING INDEX orders_(imported_)?at\n/);
    expect(detail).toMatch(/SEARCH orders USING COVERING INDEX orders_imported_at\n/);
    expect(detail).toMatch(
      /SEARCH orders USING COVERING INDEX orders_refunded \(refunded_minor>\?\)/,
    );
    expect(detail).not.toMatch(/(SCAN|SEARCH) orders(?! USING COVERING INDEX)/);
    expect(customerBaseFingerprint(db)).toMatchObject({ o: 50, om: 1_700_000_000_000, orf: 80 });
    db.close();
  });
});
