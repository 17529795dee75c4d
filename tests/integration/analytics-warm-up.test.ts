import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../src/main/app/create-studio';
import type { AnalyticsWarmUp } from '../../src/main/insights/analytics-warm-up';
import { ANALYTICS_TEST_HOOKS_ENV } from '../../src/main/insights/analytics-handlers';
import { call, startStudio } from '../helpers/audience';

// The background warm-up of the Workspace view's models, in real studios (real SQLite, the real
// analytics worker thread): what triggers it, what it gives way to, and that its failures stay
// in the log. Whether a call was answered from the worker's cache is read from the progress the
// cache path reports (one 'forecast' step), never from a time.

const DEMO_NOW = Date.UTC(2026, 10, 22, 12);
let dir: string;
const studios: Studio[] = [];
let previousHooks: string | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encore-warm-up-'));
  previousHooks = process.env[ANALYTICS_TEST_HOOKS_ENV];
  process.env[ANALYTICS_TEST_HOOKS_ENV] = '1';
});

afterAll(async () => {
  for (const studio of studios) {
    const closing = studio.audience.close();
    studio.close();
    await closing;
  }
  if (previousHooks === undefined) Reflect.deleteProperty(process.env, ANALYTICS_TEST_HOOKS_ENV);
  else process.env[ANALYTICS_TEST_HOOKS_ENV] = previousHooks;
  rmSync(dir, { recursive: true, force: true });
});

function open(name: string, jobIdPrefix?: string): { studio: Studio; warmUp: AnalyticsWarmUp } {
  const studio = startStudio(join(dir, name), {
    clock: () => DEMO_NOW,
    analyticsWarmUp: { debounceMs: 10, ...(jobIdPrefix ? { jobIdPrefix } : {}) },
  });
  studios.push(studio);
  if (!studio.warmUp) throw new Error('the warm-up is off');
  return { studio, warmUp: studio.warmUp };
}

/** The progress steps one call of analytics.workspace reported, and its answer. */
async function overview(studio: Studio): Promise<{
  steps: string[];
  value: Awaited<ReturnType<typeof call<'analytics.workspace'>>>;
}> {
  const jobId = `view-${String(Math.random()).slice(2)}`;
  const steps: string[] = [];
  const unsubscribe = studio.events.subscribe((event, payload) => {
    const p = payload as { jobId: string; phase: string; done: number; total: number };
    if (event === 'analytics.progress' && p.jobId === jobId) {
      steps.push(`${p.phase} ${String(p.done)}/${String(p.total)}`);
    }
  });
  try {
    const value = await call(studio, 'analytics.workspace', { jobId });
    return { steps, value };
  } finally {
    unsubscribe();
  }
}

/** Waits (bounded: 10 s) until the condition holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i++) await sleep(10);
  expect(condition()).toBe(true);
}

const CACHED = ['forecast 1/1'];

/**
 * Waits for the warm-up `reason` started to finish, checks that it did, then makes the Workspace
 * view's call: it must be answered from the warm-up's cache. Returns the call's answer.
 */
async function overviewAfterWarmUp(
  studio: Studio,
  warmUp: AnalyticsWarmUp,
  reason: string,
): Promise<Awaited<ReturnType<typeof overview>>['value']> {
  await warmUp.whenSettled();
  expect(warmUp.last).toMatchObject({ reason, outcome: 'done' });
  const { steps, value } = await overview(studio);
  expect(steps).toEqual(CACHED);
  return value;
}

/** Imports one order (a CSV row: id, date, amount, currency) through the router. */
async function importOne(studio: Studio, row: string): Promise<{ runId: number }> {
  const summary = await call(studio, 'imports.run', {
    fileName: 'shop.csv',
    text: `order_id,date,amount,currency\n${row}\n`,
    source: 'shop',
  });
  expect(summary.ordersImported).toBe(1);
  return summary;
}

describe('the analytics warm-up', () => {
  let studio: Studio;
  let warmUp: AnalyticsWarmUp;

  it('is off in test studios unless asked for', () => {
    const plain = startStudio(join(dir, 'plain'));
    studios.push(plain);
    expect(plain.warmUp).toBeNull();
  });

  it('warms the Workspace view after the workspace opens: its first call comes from the cache', async () => {
    ({ studio, warmUp } = open('main'));
    await call(studio, 'workspace.loadDemo', { seed: 3 });
    const first = await overviewAfterWarmUp(studio, warmUp, 'workspace.changed');
    expect(first.revenue.currencies.map((c) => c.currency)).toEqual(['CNY']);
  });

  it('follows an import and its undo: the next call reflects the new orders, from the cache', async () => {
    const summary = await importOne(studio, 'X-1,2026-11-20,88.00,USD');
    const after = await overviewAfterWarmUp(studio, warmUp, 'order.imported');
    expect(after.revenue.currencies).toContainEqual({
      currency: 'USD',
      orders: 1,
      netMinor: 8800,
    });

    // The view's call while the warm-up runs: it waits behind it and is answered from the cache.
    await call(studio, 'imports.undo', { runId: summary.runId });
    await until(() => warmUp.running || warmUp.last?.reason === 'import undone');
    const undone = await overview(studio);
    expect(undone.steps).toEqual(CACHED);
    expect(warmUp.last).toMatchObject({ reason: 'import undone', outcome: 'done' });
    expect(undone.value.revenue.currencies.map((c) => c.currency)).toEqual(['CNY']);
  });

  it('does not run while a class is live, and runs after it ends', async () => {
    const before = warmUp.last?.jobId;
    const session = await call(studio, 'session.create', { title: 'Live now' });
    await call(studio, 'session.start', { sessionId: session.id });
    await importOne(studio, 'X-2,2026-11-21,10.00,USD');
    await warmUp.whenSettled();
    expect(warmUp.last?.jobId).toBe(before);

    await call(studio, 'session.end', { sessionId: session.id });
    const after = await overviewAfterWarmUp(studio, warmUp, 'class ended');
    expect(warmUp.last?.jobId).not.toBe(before);
    expect(after.revenue.currencies).toContainEqual({
      currency: 'USD',
      orders: 1,
      netMinor: 1000,
    });
  });

  it('gives way to a user job of another method, which completes', async () => {
    // A warm-up that works until it is cancelled (the worker's test-spin hook).
    const spinning = open('spin', 'test-spin-warm-');
    await call(spinning.studio, 'workspace.loadDemo', { seed: 3 });
    await until(() => spinning.warmUp.running);
    const sessionId = spinning.studio
      .workspace()
      .db.prepare("SELECT id FROM sessions WHERE status = 'ended' LIMIT 1")
      .pluck()
      .get() as number;
    const report = await call(spinning.studio, 'report.sessionCustomers', { sessionId });
    expect(report.sessionId).toBe(sessionId);
    expect(spinning.warmUp.last).toMatchObject({ outcome: 'cancelled' });
    const courseId = spinning.studio
      .workspace()
      .db.prepare('SELECT id FROM courses LIMIT 1')
      .pluck()
      .get() as number;
    await until(() => spinning.warmUp.running); // warmed again once idle
    const course = await call(spinning.studio, 'analytics.course', { courseId });
    expect(course.course.id).toBe(courseId);
    expect(spinning.warmUp.last).toMatchObject({ outcome: 'cancelled' });
  });

  it('keeps a worker crash during the warm-up out of every user call', async () => {
    const crashing = open('crash', 'test-crash-warm-');
    await call(crashing.studio, 'workspace.loadDemo', { seed: 3 });
    await crashing.warmUp.whenSettled();
    expect(crashing.warmUp.last).toMatchObject({ reason: 'workspace.changed', outcome: 'failed' });
    const after = await overview(crashing.studio);
    expect(after.value.revenue.currencies.map((c) => c.currency)).toEqual(['CNY']);
    expect(after.steps).not.toEqual(CACHED); // computed anew: the crash left no cache
  });
});
