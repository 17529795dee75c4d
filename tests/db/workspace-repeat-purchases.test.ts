import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { workspaceOverviewJob } from '../../src/main/insights/worker/dashboard-jobs';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { openDatabase } from '../../src/main/storage/connection';
import { repeatPurchaseDays } from '../helpers/repeat-purchase-days';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe("the workspace forecast's previous period", () => {
  it('counts the repeat purchase days of the last weeks, as the orders table says', () => {
    const file = join(tempDir(), 'repeat.db');
    const db = openDatabase(file);
    generateDemoWorkspace(db, { seed: 21, now: NOW, learners: 300, sessions: 2, orders: 1500 });
    const weeks = 26;
    const overview = workspaceOverviewJob(
      db,
      file,
      { forecastWeeks: weeks },
      inProcessContext(NOW),
    );
    const currency = overview.currency;
    expect(currency).not.toBeNull();
    const rows = db
      .prepare(
        `SELECT learner_id, ordered_at FROM orders
         WHERE status IN ('paid', 'partially_refunded') AND learner_id IS NOT NULL
           AND ordered_at <= ? AND currency = ?`,
      )
      .all(NOW, currency) as { learner_id: number; ordered_at: number }[];
    const expected = repeatPurchaseDays(rows, NOW, weeks);
    expect(expected).toBeGreaterThan(10);
    expect(overview.forecast?.previousPeriod.repeatPurchases).toBe(expected);
    db.close();
  });
});
