import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import { forEachPaidOrder, paidOrders } from '../../src/main/storage/queries/paid-orders';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('forEachPaidOrder in slices', () => {
  it('visits the same orders in the same order whatever the slice, ties on the time included', () => {
    const db = openDatabase(join(tempDir(), 'slices.db'));
    generateDemoWorkspace(db, { seed: 13, now: NOW, learners: 100, sessions: 2, orders: 300 });
    // Several orders at one instant: the slices must split them by id, not skip or repeat them.
    const learner = (db.prepare('SELECT min(id) AS id FROM learners').get() as { id: number }).id;
    for (let i = 0; i < 9; i++) {
      db.prepare(
        `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor, refunded_minor, status, imported_at)
         VALUES ('shop', ?, ?, ?, 'CNY', 100, 0, 'paid', ?)`,
      ).run(`tie${i}`, learner, NOW - 3_600_000, NOW);
    }
    const whole = paidOrders(db, NOW);
    expect(whole.length).toBeGreaterThan(250);
    for (const chunk of [1, 4, 7, 64]) {
      const sliced: unknown[] = [];
      forEachPaidOrder(
        db,
        NOW,
        (id, learnerId, at, currency, net, courseIds) => {
          sliced.push({
            id,
            learner_id: learnerId,
            ordered_at: at,
            currency,
            net_minor: net,
            courseIds,
          });
        },
        chunk,
      );
      expect(sliced).toEqual(whole);
    }
    db.close();
  });
});
