import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buyersByMonth } from '../../src/main/analytics/dashboards';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { workspaceOverviewJob } from '../../src/main/insights/worker/dashboard-jobs';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { openDatabase } from '../../src/main/storage/connection';
import { paidOrders } from '../../src/main/storage/queries/paid-orders';
import { repeatPurchaseDays } from '../helpers/repeat-purchase-days';
import { useTempDirs } from '../helpers/temp-dir';

// The workspace overview's buyers per month and previous-period repeat purchases are counted by
// the learner's place in the base's learner table: on a real SQLite file, including orders whose
// learner row is gone (written with the foreign keys off), they say what the paid orders say.

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);
const DAY_MS = 86_400_000;
const GONE = 9_000_000;

describe('the workspace overview’s buyers', () => {
  it('are the buyers of every paid order, learners missing from the table included', () => {
    const file = join(tempDir(), 'buyers.db');
    const db = openDatabase(file);
    generateDemoWorkspace(db, { seed: 23, now: NOW, learners: 200, sessions: 1, orders: 900 });
    db.pragma('foreign_keys = OFF');
    // A learner the table lacks, buying three times (three times in the window, on three days).
    const insert = db.prepare(
      `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor, refunded_minor, status, imported_at)
       VALUES ('shop', ?, ?, ?, (SELECT currency FROM orders GROUP BY currency ORDER BY count(*) DESC LIMIT 1), 500, 0, 'paid', ?)`,
    );
    insert.run('gone1', GONE, NOW - 150 * DAY_MS, NOW);
    insert.run('gone2', GONE, NOW - 20 * DAY_MS, NOW);
    insert.run('gone3', GONE, NOW - 10 * DAY_MS, NOW);
    db.pragma('foreign_keys = ON');
    const weeks = 26;
    const overview = workspaceOverviewJob(
      db,
      file,
      { forecastWeeks: weeks },
      inProcessContext(NOW),
    );
    const rows = paidOrders(db, NOW);
    expect(rows.some((r) => r.learner_id === GONE)).toBe(true);
    const utcOffsetMinutes = -new Date(NOW).getTimezoneOffset();
    const expected = buyersByMonth(
      rows.map((r) => ({ customerId: String(r.learner_id), at: r.ordered_at })),
      { end: NOW, utcOffsetMinutes },
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(overview.buyers).toEqual(expected);

    // Repeat purchase days of the window, by customer, in the base currency.
    const repeat = repeatPurchaseDays(
      rows.filter((r) => r.currency === overview.currency),
      NOW,
      weeks,
    );
    expect(overview.forecast?.previousPeriod.repeatPurchases).toBe(repeat);
    db.close();
  });
});
