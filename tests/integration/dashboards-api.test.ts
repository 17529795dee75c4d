import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases } from '../../src/main/analytics/bgnbd';
import type { Studio } from '../../src/main/app/create-studio';
import { studioMethods, type MethodName, type MethodOutput } from '../../src/shared/contract';
import { call, callError, startStudio } from '../helpers/audience';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import { databaseFile, workspaceDir } from '../../src/main/storage/workspace';

// The course dashboard and the workspace overview through the real router and analytics worker:
// first on an empty workspace (no orders), then on the demo workspace, where every figure is
// cross-checked against the database and against the other reports.

const DEMO_NOW = Date.UTC(2026, 10, 22, 12);
let dir: string;
let studio: Studio;
const progress: { jobId: string; method: string; phase: string }[] = [];

beforeAll(() => {
  // A fixed clock: the demo is generated relative to "now".
  dir = mkdtempSync(join(tmpdir(), 'encore-dashboards-'));
  studio = startStudio(dir, { clock: () => DEMO_NOW });
  studio.events.subscribe((event, payload) => {
    if (event === 'analytics.progress') progress.push(payload as (typeof progress)[number]);
  });
});

afterAll(async () => {
  const closing = studio.audience.close();
  studio.close();
  await closing;
  rmSync(dir, { recursive: true, force: true });
});

/** Calls and checks the answer against the method's output schema once more. */
async function checked<M extends MethodName>(
  method: M,
  input: Parameters<typeof call<M>>[2],
): Promise<MethodOutput<M>> {
  const value = await call(studio, method, input);
  return studioMethods[method].output.parse(value) as MethodOutput<M>;
}

/** One row of numbers from the workspace database. */
function row(sql: string, ...params: unknown[]): Record<string, number> {
  return studio
    .workspace()
    .db.prepare(sql)
    .get(...params) as Record<string, number>;
}

describe('on a workspace without orders', () => {
  it('answers the overview with empty series and says why', async () => {
    const overview = await checked('analytics.workspace', {});
    expect(overview.notes).toEqual([{ code: 'noOrders' }]);
    expect(overview.revenue).toEqual({ currencies: [], months: [] });
    expect(overview.buyers).toEqual([]);
    expect(overview.values).toBeNull();
    expect(overview.forecast).toBeNull();
    expect(overview.currency).toBeNull();
    expect(overview.salesForecast.revenue).toBeNull();
    expect(overview.salesForecast.newBuyers).toMatchObject({
      status: 'tooShort',
      months: 0,
      points: [],
    });
  });

  it('refuses a course that does not exist, and bad input', async () => {
    expect(await callError(studio, 'analytics.course', { courseId: 42 })).toBe('NOT_FOUND');
    expect(await callError(studio, 'analytics.course', { courseId: -1 })).toBe('BAD_INPUT');
    expect(await callError(studio, 'analytics.workspace', { forecastWeeks: 0 })).toBe('BAD_INPUT');
    expect(await callError(studio, 'analytics.workspace', { forecastWeeks: 105 })).toBe(
      'BAD_INPUT',
    );
  });
});

describe('on the demo workspace', () => {
  beforeAll(async () => {
    await call(studio, 'workspace.loadDemo', {});
  });

  it('sums revenue by month to the total of paid orders, per currency', async () => {
    const overview = await checked('analytics.workspace', { jobId: 'overview-1' });
    const paid = row(
      `SELECT count(*) AS orders, sum(total_minor - refunded_minor) AS net FROM orders
       WHERE status IN ('paid', 'partially_refunded') AND ordered_at <= ?`,
      DEMO_NOW,
    );
    expect(overview.currency).toBe('CNY');
    expect(overview.revenue.currencies).toEqual([
      { currency: 'CNY', orders: paid.orders, netMinor: paid.net },
    ]);
    const months = overview.revenue.months;
    expect(months.length).toBeGreaterThanOrEqual(12);
    expect(months.reduce((s, m) => s + (m.byCurrency.CNY ?? 0), 0)).toBe(paid.net);
    expect(months.reduce((s, m) => s + m.orders, 0)).toBe(paid.orders);
    // Consecutive months, none missing.
    for (let i = 1; i < months.length; i++) {
      const [y, m] = months[i - 1]!.month.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      expect(months[i]!.month).toBe(next);
    }
    // The job reported its progress under the id it was given.
    expect(
      progress.some((p) => p.jobId === 'overview-1' && p.method === 'analytics.workspace'),
    ).toBe(true);
  });

  it('forecasts monthly sales from the complete months, or says the history is too short', async () => {
    const overview = await checked('analytics.workspace', {});
    const { currency, revenue, newBuyers } = overview.salesForecast;
    expect(currency).toBe('CNY');
    const months = overview.revenue.months;
    const current = months[months.length - 1]!.month;
    for (const series of [revenue!, newBuyers]) {
      // The current month is not complete: it is forecast, not fitted.
      expect(series.history[series.history.length - 1]?.month).toBe(
        months[months.length - 2]?.month,
      );
      if (series.status === 'tooShort') {
        expect(series.months).toBeLessThan(series.needed);
        expect(series.points).toEqual([]);
      } else {
        expect(series.points).toHaveLength(6);
        expect(series.points[0]!.month).toBe(current);
        expect(series.backtest!.months).toBeGreaterThanOrEqual(6);
        for (const p of series.points) {
          expect(p.lower).toBeLessThanOrEqual(p.expected);
          expect(p.expected).toBeLessThanOrEqual(p.upper);
        }
      }
    }
    expect(revenue!.history.at(-1)!.value).toBe(months.at(-2)!.byCurrency.CNY);
  });

  it('counts buyers so far as the learners with a paid order, new plus returning each month', async () => {
    const overview = await checked('analytics.workspace', {});
    const buyers = row(
      `SELECT count(DISTINCT learner_id) AS n FROM orders WHERE learner_id IS NOT NULL
       AND status IN ('paid', 'partially_refunded') AND ordered_at <= ?`,
      DEMO_NOW,
    ).n;
    const last = overview.buyers[overview.buyers.length - 1]!;
    expect(last.buyersToDate).toBe(buyers);
    expect(overview.buyers.reduce((s, m) => s + m.newBuyers, 0)).toBe(buyers);
    for (const m of overview.buyers) {
      expect(m.newBuyers + m.returningBuyers).toBe(m.buyers);
      expect(m.repeatBuyersToDate).toBeLessThanOrEqual(m.buyersToDate);
    }
    expect(last.repeatShareToDate).toBeGreaterThan(0);
  });

  it('bins every customer’s spend and predicted value, and forecasts with the fitted BG/NBD', async () => {
    const overview = await checked('analytics.workspace', { forecastWeeks: 26 });
    const customers = await checked('analytics.customers', { limit: 1 });
    const values = overview.values!;
    expect(values.currency).toBe('CNY');
    expect(values.spent.count).toBe(customers.rfm.customers);
    expect(values.spent.bins.reduce((s, b) => s + b.count, 0)).toBe(values.spent.count);
    const spentTotal = row(
      `SELECT sum(total_minor - refunded_minor) AS net FROM orders WHERE learner_id IS NOT NULL
       AND currency = 'CNY' AND status IN ('paid', 'partially_refunded') AND ordered_at <= ?`,
      DEMO_NOW,
    ).net;
    expect(values.spent.total).toBe(spentTotal);
    const predicted = values.predicted12Months!;
    expect(predicted.count).toBe(values.spent.count);
    expect(predicted.total).toBeCloseTo(customers.predictions!.totalValue12Months, 3);

    const forecast = overview.forecast!;
    expect(forecast.params).toEqual(customers.bgnbd!.params);
    expect(forecast.customers).toBe(customers.bgnbd!.customers);
    expect(forecast.level).toBe(0.9);
    expect(forecast.weeks.map((w) => w.week)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(forecast.weeks[0]!.endsAt).toBe(DEMO_NOW + 7 * 86_400_000);
    for (let i = 0; i < forecast.weeks.length; i++) {
      const w = forecast.weeks[i]!;
      expect(w.lower).toBeLessThanOrEqual(w.expected);
      expect(w.upper).toBeGreaterThan(w.expected);
      if (i > 0) expect(w.expected).toBeGreaterThan(forecast.weeks[i - 1]!.expected);
    }
    // The expected count at 26 weeks is the sum of every customer's conditional expectation
    // (bgnbd.ts), customer by customer from the histories the customers report lists.
    const sample = await checked('analytics.customers', { limit: 500 });
    const perCustomer = sample.predictions!.top.reduce(
      (s, c) => s + conditionalExpectedPurchases(forecast.params, 26, c.x, c.tX, c.T),
      0,
    );
    expect(sample.predictions!.top.length).toBe(forecast.customers);
    expect(forecast.weeks[25]!.expected).toBeCloseTo(perCustomer, 6);
    expect(forecast.standardErrors).not.toBeNull();
    expect(forecast.previousPeriod.weeks).toBe(26);
    expect(forecast.previousPeriod.repeatPurchases).toBeGreaterThan(0);
  });

  it('shows each course across its classes, with the numbers of their class reports', async () => {
    const courses = await call(studio, 'library.courses', {});
    const sessions = await call(studio, 'library.sessions', {});
    expect(courses.length).toBeGreaterThan(0);
    for (const course of courses) {
      const dashboard = await checked('analytics.course', { courseId: course.id });
      expect(dashboard.course).toMatchObject({ id: course.id, title: course.title });
      const ended = sessions
        .filter((s) => s.courseId === course.id && s.endedAt !== null)
        .sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
      expect(dashboard.classes.map((c) => c.sessionId)).toEqual(ended.map((s) => s.id));
      expect(dashboard.sales.buyers).toBe(course.buyerCount);

      // Cohort sizes add up to the course's buyers; every buyer is either counted in a window
      // or too recent for it.
      const repurchase = dashboard.repurchase!;
      const cohorts = dashboard.cohorts!;
      expect(cohorts.cohorts.reduce((s, c) => s + c.size, 0)).toBe(repurchase.buyers);
      expect(repurchase.buyers).toBe(
        row(
          `SELECT count(DISTINCT o.learner_id) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id
           WHERE l.course_id = ? AND o.learner_id IS NOT NULL
             AND o.status IN ('paid', 'partially_refunded') AND o.ordered_at <= ?`,
          course.id,
          DEMO_NOW,
        ).n,
      );
      expect(repurchase.windows.map((w) => w.windowDays)).toEqual([30, 90, 180]);
      for (const w of repurchase.windows) {
        expect(w.eligible + w.tooRecent).toBe(repurchase.buyers);
        expect(w.repurchased).toBeLessThanOrEqual(w.eligible);
      }
      for (const c of cohorts.cohorts) {
        expect(c.share[0]).toBe(1);
        expect(c.buyers[0]).toBe(c.size);
      }
    }
  });

  it('gives a class the same headline as its own report', async () => {
    const [course] = await call(studio, 'library.courses', {});
    const dashboard = await checked('analytics.course', { courseId: course!.id });
    const first = dashboard.classes[0]!;
    const report = await checked('report.session', { sessionId: first.sessionId });
    for (const key of [
      'uniqueViewers',
      'peakConcurrency',
      'averageWatchMs',
      'offerClickRate',
      'offerConversionRate',
    ] as const) {
      expect(first[key], key).toBe(report.headline[key]);
    }
  });

  it('follows an import: a new order in another currency gets its own series at once', async () => {
    const before = await checked('analytics.workspace', {});
    expect(before.revenue.currencies.map((c) => c.currency)).toEqual(['CNY']);
    const summary = await call(studio, 'imports.run', {
      fileName: 'shop.csv',
      text: 'order_id,date,amount,currency\nX-1,2026-11-20,88.00,USD\n',
      source: 'shop',
    });
    expect(summary.ordersImported).toBe(1);
    const after = await checked('analytics.workspace', {});
    expect(after.revenue.currencies).toContainEqual({ currency: 'USD', orders: 1, netMinor: 8800 });
    expect(after.revenue.months.at(-1)?.byCurrency).toMatchObject({ USD: 8800 });
    // Not linked to a learner: in revenue, not among buyers.
    expect(after.notes).toContainEqual({ code: 'unlinkedOrders', orders: 1 });
    expect(after.buyers.at(-1)?.buyersToDate).toBe(before.buyers.at(-1)?.buyersToDate);
  });

  it('cancels a queued dashboard job', async () => {
    // One job runs at a time: the overview waits behind the customers report and is cancelled
    // while it waits.
    const running = studio.router.handle(
      'analytics.customers',
      { jobId: 'ahead' },
      {
        transport: 'test',
      },
    );
    const queued = studio.router.handle(
      'analytics.workspace',
      { jobId: 'behind' },
      {
        transport: 'test',
      },
    );
    expect(await call(studio, 'analytics.cancel', { jobId: 'behind' })).toEqual({
      cancelled: true,
    });
    expect(await queued).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/^cancelled/) as unknown },
    });
    expect((await running).ok).toBe(true);
  });
});

describe('on a workspace whose courses have several classes', () => {
  beforeAll(async () => {
    // The default workspace, closed while the demo is open, filled at three classes per course.
    const db = openDatabase(databaseFile(workspaceDir(dir, 'default')));
    generateDemoWorkspace(db, { seed: 7, now: DEMO_NOW, sessions: 36 });
    db.close();
    await call(studio, 'workspace.open', { name: 'default' });
  });

  it('counts a course’s return rate from class to class as the attendance table says', async () => {
    const courses = await call(studio, 'library.courses', {});
    let pairs = 0;
    for (const course of courses) {
      const dashboard = await checked('analytics.course', { courseId: course.id });
      const rr = dashboard.returnRate;
      expect(rr.classes.map((c) => c.sessionId)).toEqual(dashboard.classes.map((c) => c.sessionId));
      for (let n = 0; n < rr.classes.length; n++) {
        const c = rr.classes[n]!;
        const next = rr.classes[n + 1];
        expect(c.learners).toBe(
          row(
            'SELECT count(DISTINCT learner_id) AS n FROM attendance WHERE session_id = ?',
            c.sessionId,
          ).n,
        );
        if (next === undefined) {
          expect(c.cameNext).toBeNull();
          continue;
        }
        pairs++;
        // Computed here in SQL, independently of the analytics.
        const came = row(
          `SELECT count(DISTINCT a.learner_id) AS n FROM attendance a WHERE a.session_id = ?
           AND EXISTS (SELECT 1 FROM attendance b WHERE b.session_id = ? AND b.learner_id = a.learner_id)`,
          c.sessionId,
          next.sessionId,
        ).n!;
        expect(c.cameNext).toBe(came);
        expect(c.cameLater).toBeGreaterThanOrEqual(came);
        expect(c.cameLater).toBeLessThanOrEqual(c.learners);
      }
      const withNext = rr.classes.slice(0, -1);
      expect(rr.learners).toBe(withNext.reduce((s, c) => s + c.learners, 0));
      expect(rr.cameNext).toBe(withNext.reduce((s, c) => s + (c.cameNext ?? 0), 0));
    }
    expect(pairs).toBeGreaterThan(0);
  });
});
