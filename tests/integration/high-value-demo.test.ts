import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import {
  studioMethods,
  type MethodArgs,
  type MethodName,
  type MethodOutput,
} from '../../src/shared/contract';

// The high-value list on the demo workspace (a real SQLite file, the real analytics worker):
// every row is checked against the database (owns the course named, not the next one, the
// catalogue's series order) and against analytics.customers' own 12-month predictions; the
// export carries contacts only of learners who agreed to follow-ups.

const ctx = { transport: 'test' } as const;
const DEMO_NOW = Date.UTC(2026, 11, 7, 12);
let dir: string;
let studio: Studio;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encore-high-value-'));
  studio = createStudio({
    dataDir: dir,
    host: 'test',
    logger: createSilentLogger(),
    clock: () => DEMO_NOW,
  });
  await call('settings.update', { language: 'en' });
});

afterAll(() => {
  studio.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<M extends MethodName>(
  method: M,
  input: Partial<MethodArgs<M>>,
): Promise<MethodOutput<M>> {
  const result = await studio.router.handle(method, input, ctx);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return studioMethods[method].output.parse(result.value) as MethodOutput<M>;
}

function rows<T>(sql: string, ...params: unknown[]): T[] {
  return studio
    .workspace()
    .db.prepare(sql)
    .all(...params) as T[];
}

function owns(learnerId: number, courseId: number): boolean {
  return (
    rows(
      `SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
       WHERE o.learner_id = ? AND l.course_id = ? AND o.status IN ('paid', 'partially_refunded')`,
      learnerId,
      courseId,
    ).length > 0
  );
}

function place(courseId: number): { series: string | null; series_position: number | null } {
  const [row] = rows<{ series: string | null; series_position: number | null }>(
    'SELECT series, series_position FROM courses WHERE id = ?',
    courseId,
  );
  if (!row) throw new Error(`no course ${String(courseId)}`);
  return row;
}

describe('high-value learners', () => {
  it('is empty, and says the models are not fitted, on a workspace without orders', async () => {
    const list = await call('analytics.highValue', {});
    expect(list).toMatchObject({ modelFitted: false, total: 0, rows: [], currency: null });
    await expect(call('analytics.highValue', { limit: 0 })).rejects.toThrow(/BAD_INPUT/);
    await expect(call('analytics.highValue', { limit: 501 })).rejects.toThrow(/BAD_INPUT/);
  });

  it('lists the top predicted values without the next course of their series, on the demo', async () => {
    await call('workspace.loadDemo', {});
    const list = await call('analytics.highValue', { limit: 500 });
    expect(list.modelFitted).toBe(true);
    expect(list.currency).toBe('CNY');
    expect(list.rows.length).toBeGreaterThan(5);
    expect(list.total).toBe(list.rows.length);

    // The same values as the customers report's 12-month predictions.
    const customers = await call('analytics.customers', { limit: 500 });
    const predicted = new Map(
      (customers.predictions?.top ?? []).map((p) => [p.learnerId, p.value12Months]),
    );
    for (const [i, row] of list.rows.entries()) {
      if (i > 0) expect(row.value12Months).toBeLessThanOrEqual(list.rows[i - 1]!.value12Months);
      const value = predicted.get(row.learnerId);
      if (value !== undefined) expect(row.value12Months).toBe(Math.round(value));
      expect(row.value12Months).toBeGreaterThan(0);
      // Owns the course named, not the next one; both in the series named, in its order.
      expect(owns(row.learnerId, row.ownedCourseId)).toBe(true);
      expect(owns(row.learnerId, row.nextCourseId)).toBe(false);
      const owned = place(row.ownedCourseId);
      const next = place(row.nextCourseId);
      expect(owned.series).toBe(row.series);
      expect(next.series).toBe(row.series);
      expect(next.series_position!).toBeGreaterThan(owned.series_position!);
      expect(row.reason).toContain(`“${row.nextCourseTitle}”`);
      expect(row.reason).toMatch(
        /^Predicted to spend CN¥[\d,]+\.\d\d in the next 12 months; owns “/,
      );
    }

    // The highest predicted value left off the list has no next course to take in any series.
    const listed = new Set(list.rows.map((r) => r.learnerId));
    const [top] = [...predicted.entries()]
      .filter(([id, v]) => !listed.has(id) && v > 0)
      .sort((a, b) => b[1] - a[1]);
    if (top) {
      const open = rows(
        `SELECT n.id FROM courses n
         WHERE n.series IS NOT NULL AND n.archived_at IS NULL
           AND n.series_position > (
             SELECT max(c.series_position) FROM courses c
             JOIN order_lines l ON l.course_id = c.id JOIN orders o ON o.id = l.order_id
             WHERE o.learner_id = ? AND c.series = n.series
               AND o.status IN ('paid', 'partially_refunded'))
           AND NOT EXISTS (SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id
             WHERE o.learner_id = ? AND l.course_id = n.id
               AND o.status IN ('paid', 'partially_refunded'))`,
        top[0],
        top[0],
      );
      expect(open).toEqual([]);
    }

    // In Chinese, the reason is in Chinese.
    await call('settings.update', { language: 'zh-CN' });
    const zh = await call('analytics.highValue', { limit: 3 });
    expect(zh.total).toBe(list.total);
    expect(zh.rows.map((r) => r.learnerId)).toEqual(list.rows.slice(0, 3).map((r) => r.learnerId));
    expect(zh.rows[0]!.reason).toMatch(/^预计未来 12 个月消费/);
    await call('settings.update', { language: 'en' });
  });

  it('exports contacts only of learners who agreed to follow-ups', async () => {
    const file = await call('followUps.highValueExport', { limit: 500 });
    const list = await call('analytics.highValue', { limit: 500 });
    expect(file.rows.map((r) => r.learnerId)).toEqual(list.rows.map((r) => r.learnerId));
    let consenting = 0;
    for (const row of file.rows) {
      const [learner] = rows<{ consent_follow_up: number }>(
        'SELECT consent_follow_up FROM learners WHERE id = ?',
        row.learnerId,
      );
      const emails = rows<{ value: string }>(
        `SELECT value FROM learner_identities WHERE learner_id = ? AND kind = 'email'
         AND platform = ''`,
        row.learnerId,
      ).map((r) => r.value);
      expect(row.consentFollowUp).toBe(learner?.consent_follow_up === 1);
      if (row.consentFollowUp) {
        consenting += 1;
        if (emails.length > 0) expect(emails).toContain(row.email);
        else expect(row.email).toBeNull();
      } else {
        expect(row.email).toBeNull();
        expect(row.phone).toBeNull();
      }
    }
    expect(file.withoutConsent).toBe(file.rows.length - consenting);
    // The demo has both kinds of learner on the list: the test sees both branches.
    expect(consenting).toBeGreaterThan(0);
    expect(file.withoutConsent).toBeGreaterThan(0);
  });
});
