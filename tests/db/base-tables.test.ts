import { beforeAll, describe, expect, it } from 'vitest';
import { readFeatureTable } from '../../src/main/analytics/feature-table';
import { flattenTable } from '../../src/main/analytics/feature-matrix';
import { fitPropensity, predictPropensity } from '../../src/main/analytics/propensity';
import { segmentLearners } from '../../src/main/analytics/segments';
import {
  activeIndex,
  coursePropensity,
  segmentation,
} from '../../src/main/insights/worker/base-models';
import { segmentTable } from '../../src/main/insights/worker/base-tables';
import {
  engagementFeatures,
  segmentRows,
  type CustomerBase,
} from '../../src/main/insights/worker/customer-base';
import type { Db } from '../../src/main/storage/connection';
import { loadSessionData } from '../../src/main/storage/queries/session-data';
import {
  computeSessionMetrics,
  computeSessionPurchases,
} from '../../src/main/analytics/session-metrics';
import { demoCustomerBase } from '../helpers/demo-base';
import { useTempDirs } from '../helpers/temp-dir';

// The typed tables the worker fits its per-base models on (base-tables.ts, base-models.ts) hold
// the numbers the row objects held (segmentRows, and the propensity rows built per learner), on
// a generated workspace in a real SQLite file: the models fitted on them are the same.

const NOW = Date.UTC(2026, 10, 22, 4);
const tempDir = useTempDirs();
let base: CustomerBase;
let db: Db;

beforeAll(() => {
  ({ db, base } = demoCustomerBase(tempDir(), {
    seed: 5,
    now: NOW,
    learners: 600,
    sessions: 2,
    viewersPerSession: 120,
    eventsPerSession: 3000,
    orders: 2400,
  }));
}, 120_000);

describe('the per-base model tables', () => {
  it('segments on the numbers segmentRows gives, and so finds the same segments', () => {
    const rows = segmentRows(base);
    const { names, values } = readFeatureTable(rows, 'rows', undefined);
    const table = segmentTable(base, activeIndex(base));
    expect(table.names).toEqual(names);
    expect(Array.from(table.values)).toEqual(Array.from(flattenTable(names, values).values));
    // Purchase days are counted (not all zero) and spend is summed.
    expect(Array.from(table.values).some((v, k) => k % 9 === 7 && v > 1)).toBe(true);
    expect(segmentation(base).value).toEqual(segmentLearners(rows, { seed: 1 }));
  });

  it('counts the same purchase days when the purchases are not in time order', () => {
    const p = base.purchaseColumns;
    const reversed = {
      length: p.length,
      order: p.order.slice().reverse(),
      customer: p.customer.slice().reverse(),
      at: p.at.slice().reverse(),
      amountMinor: p.amountMinor.slice().reverse(),
    };
    const inOrder = segmentTable(base, activeIndex(base));
    const shuffled = segmentTable({ ...base, purchaseColumns: reversed }, activeIndex(base));
    expect(Array.from(shuffled.values)).toEqual(Array.from(inOrder.values));
  });

  it('fits each course’s propensity as on one row object per learner', () => {
    const courseId = [...base.courses.keys()].sort((p, q) => p - q)[0] ?? 0;
    const key = String(courseId);
    const owners = new Set(
      base.coursePurchases.filter((p) => p.courseId === key).map((p) => p.customerId),
    );
    const rows = base.active.map((id) => {
      const mine = base.coursePurchases.filter(
        (p) => p.customerId === String(id) && p.courseId !== key,
      );
      return {
        learnerId: String(id),
        bought: owners.has(String(id)),
        features: {
          ...engagementFeatures(base, id),
          otherCourses: new Set(mine.map((p) => p.courseId)).size,
          otherSpentMinor: mine.reduce((s, p) => s + p.amountMinor, 0),
        },
      };
    });
    const fit = fitPropensity(rows, { courseId: key, seed: 1 });
    const ours = coursePropensity(base, courseId);
    expect(ours.fit).toEqual(fit);
    const candidates = rows.filter((r) => !r.bought);
    expect(candidates.length).toBeGreaterThan(0);
    const expected = predictPropensity(fit.model, candidates);
    expect([...ours.probabilities]).toEqual(
      candidates.map((r, i) => [Number(r.learnerId), expected[i]]),
    );
  });
});

describe('computeSessionPurchases', () => {
  it('finds the viewers and buyers computeSessionMetrics finds, for each window', () => {
    const sessions = db.prepare('SELECT id FROM sessions ORDER BY id').all() as { id: number }[];
    expect(sessions.length).toBe(2);
    for (const { id } of sessions) {
      for (const days of [1, 7, 30]) {
        const data = loadSessionData(db, id, { attributionWindowDays: days, now: NOW });
        const full = computeSessionMetrics(data, { attributionWindowDays: days });
        const part = computeSessionPurchases(data, { attributionWindowDays: days });
        expect(part.viewers).toEqual(
          full.engagement.viewers.map((v) => v.learnerId).sort((p, q) => p - q),
        );
        expect(part.viewers.length).toBeGreaterThan(50);
        expect(part.purchases).toEqual(full.purchases);
        expect(part.attributionWindowDays).toBe(full.offers.attributionWindowDays);
        expect([part.sessionId, part.courseId, part.startedAt]).toEqual([
          full.sessionId,
          full.courseId,
          full.startedAt,
        ]);
      }
    }
  });
});
