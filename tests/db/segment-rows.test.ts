import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import {
  customerBase,
  ENGAGEMENT_FEATURES,
  segmentRows,
} from '../../src/main/insights/worker/customer-base';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { openDatabase } from '../../src/main/storage/connection';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);
const DAY_MS = 86_400_000;

describe('segmentRows', () => {
  it('gives every active learner their engagement, distinct purchase days and spend', () => {
    const file = join(tempDir(), 'segments.db');
    const db = openDatabase(file);
    generateDemoWorkspace(db, { seed: 23, now: NOW, learners: 250, sessions: 3, orders: 1200 });
    const base = customerBase(db, file, inProcessContext(NOW));
    const days = new Map<string, Set<number>>();
    const spent = new Map<string, number>();
    for (const p of base.purchases) {
      const set = days.get(p.customerId) ?? new Set<number>();
      set.add(Math.floor(p.at / DAY_MS));
      days.set(p.customerId, set);
      spent.set(p.customerId, (spent.get(p.customerId) ?? 0) + p.amountMinor);
    }
    const expected = base.active.map((id) => {
      const e = base.engagement.get(id);
      return {
        learnerId: String(id),
        features: {
          ...Object.fromEntries(ENGAGEMENT_FEATURES.map((name) => [name, e?.[name] ?? 0])),
          purchaseDays: days.get(String(id))?.size ?? 0,
          totalSpentMinor: spent.get(String(id)) ?? 0,
        },
      };
    });
    expect(expected.filter((r) => r.features.purchaseDays > 1).length).toBeGreaterThan(10);
    const rows = segmentRows(base);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => Object.keys(r.features))).toEqual(
      expected.map((r) => Object.keys(r.features)),
    );
    db.close();
  });
});
