import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import { paidOrdersByDay } from '../../src/main/storage/queries/dashboards';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);
const DAY_MS = 86_400_000;

describe('paidOrdersByDay', () => {
  it('sums whole local days, one row per day and currency, for any offset', () => {
    const db = openDatabase(join(tempDir(), 'days.db'));
    generateDemoWorkspace(db, { seed: 11, now: NOW, learners: 150, sessions: 2, orders: 600 });
    const orders = db
      .prepare(
        `SELECT ordered_at, currency, total_minor - refunded_minor AS net, learner_id FROM orders
         WHERE status IN ('paid', 'partially_refunded') AND ordered_at <= ?`,
      )
      .all(NOW) as {
      ordered_at: number;
      currency: string;
      net: number;
      learner_id: number | null;
    }[];
    expect(orders.length).toBeGreaterThan(400);
    for (const offsetMinutes of [0, 480, -300]) {
      const expected = new Map<string, { orders: number; net: number; unlinked: number }>();
      for (const o of orders) {
        const key = `${Math.floor((o.ordered_at + offsetMinutes * 60_000) / DAY_MS)}|${o.currency}`;
        const e = expected.get(key) ?? { orders: 0, net: 0, unlinked: 0 };
        e.orders++;
        e.net += o.net;
        if (o.learner_id === null) e.unlinked++;
        expected.set(key, e);
      }
      const rows = paidOrdersByDay(db, NOW, offsetMinutes);
      for (const r of rows) expect(Number.isInteger(r.day)).toBe(true);
      expect(rows.length).toBe(expected.size);
      const got = new Map(
        rows.map((r) => [
          `${r.day}|${r.currency}`,
          { orders: r.orders, net: r.net_minor, unlinked: r.unlinked },
        ]),
      );
      expect(got).toEqual(expected);
    }
    db.close();
  });
});
