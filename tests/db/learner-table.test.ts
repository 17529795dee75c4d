import { beforeAll, describe, expect, it } from 'vitest';
import type { CustomerBase } from '../../src/main/insights/worker/customer-base';
import type { Db } from '../../src/main/storage/connection';
import { iterateLearnerInfo } from '../../src/main/storage/queries/insights';
import { paidOrders } from '../../src/main/storage/queries/paid-orders';
import { demoCustomerBase } from '../helpers/demo-base';
import { useTempDirs } from '../helpers/temp-dir';

// The customer base keeps its learners as columns and makes a learner's object when asked: on a
// generated workspace in a real SQLite file, every learner reads as the learner rows say, and the
// active learners are those who bought or attended.

const NOW = Date.UTC(2026, 10, 22, 4);
const tempDir = useTempDirs();
let base: CustomerBase;
let db: Db;

beforeAll(() => {
  ({ db, base } = demoCustomerBase(tempDir(), {
    seed: 11,
    now: NOW,
    learners: 300,
    sessions: 1,
    viewersPerSession: 60,
    eventsPerSession: 300,
    orders: 900,
  }));
}, 120_000);

describe('the customer base’s learner table', () => {
  it('gives every learner as the learner rows say, and nothing for an unknown id', () => {
    const rows = [...iterateLearnerInfo(db)];
    expect(rows.length).toBe(300);
    expect(base.learners.size).toBe(300);
    expect([...base.learners.ids]).toEqual(rows.map((r) => r.id));
    for (const r of rows) {
      expect(base.learners.get(r.id)).toEqual({
        id: r.id,
        displayName: r.display_name,
        createdAt: r.created_at,
        consentFollowUp: r.consent_follow_up === 1,
        consentLinkPurchases: r.consent_link_purchases === 1,
        consentUpdatedAt: r.consent_updated_at,
        hasEmail: r.has_email === 1,
        hasPhone: r.has_phone === 1,
      });
    }
    const unknown = Math.max(...rows.map((r) => r.id)) + 1;
    for (const id of [unknown, 0, -1, 1.5, 1e12]) {
      expect(base.learners.get(id)).toBeUndefined();
      expect(base.learners.has(id)).toBe(false);
    }
  });

  it('makes the active learners those who bought or attended a class, by id', () => {
    const buyers = new Set(paidOrders(db, NOW).map((o) => o.learner_id));
    const expected = [...iterateLearnerInfo(db)]
      .map((r) => r.id)
      .filter((id) => buyers.has(id) || (base.engagement.get(id)?.sessionsAttended ?? 0) > 0);
    expect(expected.length).toBeGreaterThan(50);
    expect(base.active).toEqual(expected);
  });
});
