import { beforeAll, describe, expect, it } from 'vitest';
import { scoreRfm, summariseRfm } from '../../src/main/analytics/rfm';
import { TIME_UNIT_DAYS, type CustomerBase } from '../../src/main/insights/worker/customer-base';
import type { Db } from '../../src/main/storage/connection';
import { paidOrders } from '../../src/main/storage/queries/paid-orders';
import { demoCustomerBase } from '../helpers/demo-base';
import { useTempDirs } from '../helpers/temp-dir';

// The customer base keeps its paid orders as typed columns and builds the order and
// course-purchase objects only when a caller reads them: on a generated workspace in a real
// SQLite file, columns, orders and course purchases all say what the paid-order read says.

const NOW = Date.UTC(2026, 10, 22, 4);
const tempDir = useTempDirs();
let base: CustomerBase;
let db: Db;

beforeAll(() => {
  ({ db, base } = demoCustomerBase(
    tempDir(),
    {
      seed: 9,
      now: NOW,
      learners: 400,
      sessions: 1,
      viewersPerSession: 80,
      eventsPerSession: 500,
      orders: 1500,
    },
    // One order in another currency, so that the currency columns are not all one value.
    (writer) =>
      writer
        .prepare(
          `UPDATE orders SET currency = 'EUR' WHERE id = (SELECT min(id) FROM orders
           WHERE status = 'paid' AND learner_id IS NOT NULL)`,
        )
        .run(),
  ));
}, 120_000);

describe('the customer base’s order columns', () => {
  it('hold every paid order of the read, in its order, and build the same orders from them', () => {
    const rows = paidOrders(db, NOW);
    expect(rows.length).toBeGreaterThan(100);
    const c = base.orderColumns;
    expect(c.length).toBe(rows.length);
    expect(new Set(c.currencies).size).toBe(c.currencies.length);
    expect(c.currencies.length).toBeGreaterThan(1);
    const expected = rows.map((r) => ({
      id: r.id,
      learnerId: r.learner_id,
      at: r.ordered_at,
      currency: r.currency,
      netMinor: r.net_minor,
      courseIds: r.courseIds,
    }));
    expect(base.orders).toEqual(expected);
    // Built once, then kept.
    expect(base.orders).toBe(base.orders);
    expect(base.notes.some((n) => n.startsWith('1 orders in currencies other than'))).toBe(true);
  });

  it('give one course purchase per (order, course) in any currency, the net shared equally', () => {
    const expected = paidOrders(db, NOW).flatMap((r) =>
      r.courseIds.map((courseId) => ({
        customerId: String(r.learner_id),
        at: r.ordered_at,
        amountMinor: Math.floor(r.net_minor / r.courseIds.length),
        courseId: String(courseId),
      })),
    );
    expect(expected.length).toBeGreaterThan(100);
    expect(base.coursePurchases).toEqual(expected);
    expect(base.coursePurchases).toBe(base.coursePurchases);
  });

  it('give the purchases in the base currency only', () => {
    const rows = paidOrders(db, NOW).filter((r) => r.currency === base.currency);
    expect(base.purchases.map((p) => [p.customerId, p.at, p.amountMinor, p.courseId])).toEqual(
      rows.map((r) => [
        String(r.learner_id),
        r.ordered_at,
        r.net_minor,
        r.courseIds[0] === undefined ? undefined : String(r.courseIds[0]),
      ]),
    );
  });

  it('hold those purchases as columns, and the RFM rows and scores are those of the objects', () => {
    const p = base.purchaseColumns;
    expect(p.length).toBe(base.purchases.length);
    expect(base.purchases).toBe(base.purchases);
    expect(
      base.purchases.map((q, k) => [
        q.customerId,
        q.at,
        q.amountMinor,
        String(p.customer[k]),
        p.at[k],
        p.amountMinor[k],
      ]),
    ).toEqual(
      base.purchases.map((q) => [
        q.customerId,
        q.at,
        q.amountMinor,
        q.customerId,
        q.at,
        q.amountMinor,
      ]),
    );
    const rfm = summariseRfm(base.purchases, {
      calibrationEnd: NOW,
      timeUnitDays: TIME_UNIT_DAYS,
      minorPerMajor: base.minorPerMajor,
    });
    expect(base.rfm).toEqual(rfm);
    expect([...base.rfmScores.values()]).toEqual(scoreRfm(rfm));
    // Both maps are built on first use, then kept.
    expect(base.rfmScores).toBe(base.rfmScores);
    expect(base.rfmById).toBe(base.rfmById);
    expect([...base.rfmById.entries()]).toEqual(rfm.map((r) => [r.customerId, r]));
    expect([...base.rfmScores.keys()]).toEqual(scoreRfm(rfm).map((s) => s.customerId));
  });
});
