import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { readOrderColumns } from '../../src/main/insights/worker/order-columns';
import { openDatabase } from '../../src/main/storage/connection';
import { paidOrders } from '../../src/main/storage/queries/paid-orders';
import { useTempDirs } from '../helpers/temp-dir';

// readOrderColumns copies the paid-order read a slice at a time into typed columns that grow as
// they fill, reusing the last currency's index: whatever the slice, on a real SQLite file with
// currencies that alternate, the columns say exactly what the read says.

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('readOrderColumns in slices', () => {
  it('holds every paid order in the read’s order, whatever the slice and currency mix', () => {
    const db = openDatabase(join(tempDir(), 'columns.db'));
    generateDemoWorkspace(db, { seed: 17, now: NOW, learners: 100, sessions: 1, orders: 300 });
    // Currencies that change from one order to the next, and one seen again after others.
    db.prepare(`UPDATE orders SET currency = 'EUR' WHERE id % 3 = 0`).run();
    db.prepare(`UPDATE orders SET currency = 'USD' WHERE id % 7 = 0`).run();
    const rows = paidOrders(db, NOW);
    expect(rows.length).toBeGreaterThan(200);
    const expected = {
      ids: rows.map((r) => r.id),
      learnerIds: rows.map((r) => r.learner_id),
      ats: rows.map((r) => r.ordered_at),
      netMinor: rows.map((r) => r.net_minor),
      currencies: rows.map((r) => r.currency),
      courseIds: rows.map((r) => r.courseIds),
    };
    expect(new Set(expected.currencies).size).toBe(3);
    for (const chunk of [1, 7, 64, undefined]) {
      const c = readOrderColumns(db, NOW, chunk);
      expect(c.length).toBe(rows.length);
      expect(c.ids).toBeInstanceOf(Float64Array);
      expect(c.currencyIndex).toBeInstanceOf(Uint32Array);
      expect(new Set(c.currencies).size).toBe(c.currencies.length);
      expect({
        ids: [...c.ids],
        learnerIds: [...c.learnerIds],
        ats: [...c.ats],
        netMinor: [...c.netMinor],
        currencies: [...c.currencyIndex].map((k) => c.currencies[k]),
        courseIds: c.courseIds,
      }).toEqual(expected);
      expect([c.ids, c.learnerIds, c.ats, c.netMinor].map((a) => a.length)).toEqual(
        Array(4).fill(rows.length),
      );
    }
    db.close();
  });
});
