import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { revenueByMonth, type RevenueOrder } from '../../src/main/analytics/dashboards';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { customerBase } from '../../src/main/insights/worker/customer-base';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { revenueDays } from '../../src/main/insights/worker/overview-revenue';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { paidOrdersByDay } from '../../src/main/storage/queries/dashboards';
import { useTempDirs } from '../helpers/temp-dir';

// The workspace overview's revenue sums the linked orders from the customer base's order columns
// and only the unlinked ones in SQL: on a real SQLite file with unlinked orders, a second
// currency, refunds, orders before 1970 and after now, at several offsets, it must give what the
// one GROUP BY over every paid order gave.

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);
const DAY_MS = 86_400_000;

function bySql(db: Db, until: number, utcOffsetMinutes: number) {
  const orders: RevenueOrder[] = [];
  let unlinked = 0;
  for (const row of paidOrdersByDay(db, until, utcOffsetMinutes)) {
    orders.push({
      at: row.day * DAY_MS - utcOffsetMinutes * 60_000,
      currency: row.currency,
      netMinor: row.net_minor,
      orders: row.orders,
    });
    unlinked += row.unlinked;
  }
  return { orders, unlinked };
}

describe('the workspace overview’s revenue', () => {
  it('is the revenue of every paid order, linked or not, as one GROUP BY counted it', () => {
    const file = join(tempDir(), 'revenue.db');
    const db = openDatabase(file);
    generateDemoWorkspace(db, { seed: 31, now: NOW, learners: 200, sessions: 1, orders: 900 });
    const learner = (db.prepare('SELECT min(id) AS id FROM learners').get() as { id: number }).id;
    const insert = db.prepare(
      `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor, refunded_minor, status, imported_at)
       VALUES ('shop', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rows: [string, number | null, number, string, number, number, string][] = [
      ['u1', null, NOW - 40 * DAY_MS, 'CNY', 900, 0, 'paid'],
      ['u2', null, NOW - 40 * DAY_MS + 3_600_000, 'USD', 1_500, 500, 'partially_refunded'],
      ['u3', null, NOW - 2 * DAY_MS, 'CNY', 700, 0, 'paid'],
      ['u4', null, NOW + DAY_MS, 'CNY', 800, 0, 'paid'],
      ['u5', null, NOW - 3 * DAY_MS, 'CNY', 800, 800, 'refunded'],
      ['l1', learner, Date.UTC(1969, 11, 31, 22), 'CNY', 1_000, 0, 'paid'],
      ['l2', learner, NOW - 10 * DAY_MS, 'EUR', 2_000, 100, 'partially_refunded'],
      ['l3', learner, NOW + 2 * DAY_MS, 'CNY', 3_000, 0, 'paid'],
    ];
    for (const [id, who, at, currency, total, refunded, status] of rows) {
      insert.run(id, who, at, currency, total, refunded, status, NOW);
    }
    const base = customerBase(db, file, inProcessContext(NOW));
    expect(base.calibrationEnd).toBe(NOW);
    for (const utcOffsetMinutes of [0, 480, -300, 330]) {
      const calendar = { end: NOW, utcOffsetMinutes };
      const expected = bySql(db, NOW, utcOffsetMinutes);
      expect(expected.unlinked).toBe(3);
      const got = revenueDays(db, base, NOW, utcOffsetMinutes);
      expect(got.unlinked).toBe(expected.unlinked);
      expect(got.orders.length).toBeGreaterThan(expected.orders.length / 2);
      const revenue = revenueByMonth(got.orders, calendar);
      expect(revenue.currencies.map((c) => c.currency)).toEqual(
        expect.arrayContaining(['USD', 'EUR']),
      );
      expect(revenue).toEqual(revenueByMonth(expected.orders, calendar));
      // A base read up to another instant: every order summed in SQL, as before.
      const later = NOW + 3 * DAY_MS;
      const fallback = revenueDays(db, base, later, utcOffsetMinutes);
      expect(fallback).toEqual(bySql(db, later, utcOffsetMinutes));
    }
    db.close();
  });
});
