import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYTICS_TEST_HOOKS_ENV } from '../../src/main/insights/analytics-handlers';
import { AnalyticsWorker } from '../../src/main/insights/worker/analytics-worker-host';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import type { JobRequest } from '../../src/main/insights/worker/protocol';
import { runJob } from '../../src/main/insights/worker/run-job';
import { createStudio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import { StudioError } from '../../src/shared/contract';

// The analytics worker thread (started through tsx here, as in the browser host): it computes
// what the in-process functions compute, stops when cancelled, and its death is an INTERNAL
// envelope, not a dead studio.

const NOW = Date.UTC(2026, 0, 15);
let dir: string;
let dbFile: string;
let worker: AnalyticsWorker;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encore-analytics-worker-'));
  dbFile = join(dir, 'demo.db');
  const db = openDatabase(dbFile);
  generateDemoWorkspace(db, { seed: 7, now: NOW });
  db.close();
  worker = AnalyticsWorker.create({ logger: createSilentLogger(), testHooks: true });
});

afterAll(async () => {
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(kind: JobRequest['kind'], args: unknown): JobRequest {
  return { kind, dbFile, args, now: NOW, language: 'en' };
}

describe('analytics worker', () => {
  it('computes the same customer report and session report as the in-process functions', async () => {
    const customers = request('customers', { horizonDays: 90, limit: 20 });
    const phases: string[] = [];
    const inWorker = await worker.run('same-1', customers, (phase) => phases.push(phase));
    expect(inWorker).toEqual(runJob(customers, inProcessContext(NOW, 'en')));
    expect(phases).toContain('bgnbd');

    const report = request('session-report', { sessionId: 3, viewerLimit: 20, viewerOffset: 0 });
    expect(await worker.run('same-2', report)).toEqual(runJob(report, inProcessContext(NOW, 'en')));

    const classCustomers = request('session-customers', {
      sessionId: 3,
      attendeeLimit: 20,
      attendeeOffset: 0,
      followUpLimit: 20,
      followUpOffset: 0,
    });
    expect(await worker.run('same-3', classCustomers)).toEqual(
      runJob(classCustomers, inProcessContext(NOW, 'en')),
    );
  });

  it('stops a running job when cancelled, and keeps working after', async () => {
    let cancelled = false;
    const spinning = worker.run('test-spin-1', request('customers', {}), () => {
      if (!cancelled) cancelled = worker.cancel('test-spin-1');
    });
    await expect(spinning).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^cancelled/) as unknown,
    });
    expect(cancelled).toBe(true);
    expect(worker.has('test-spin-1')).toBe(false);
    const after = await worker.run(
      'after-cancel',
      request('recommendations', { limit: 3, offset: 0 }),
    );
    expect(after).toMatchObject({ total: expect.any(Number) as unknown });
  });

  it('drops a queued job when cancelled', async () => {
    const first = worker.run('test-spin-2', request('customers', {}), () => {
      worker.cancel('test-spin-2');
    });
    const queued = worker.run('queued-1', request('customers', {}));
    expect(worker.cancel('queued-1')).toBe(true);
    await expect(queued).rejects.toBeInstanceOf(StudioError);
    await expect(first).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(worker.cancel('no-such-job')).toBe(false);
  });

  it('turns a model error into a CONFLICT and a missing row into NOT_FOUND', async () => {
    await expect(
      worker.run('nf-1', request('learner', { learnerId: 999_999 })),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      worker.run(
        'nf-2',
        request('session-report', { sessionId: 999, viewerLimit: 5, viewerOffset: 0 }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects the running job when the thread dies, then starts a new thread', async () => {
    await expect(worker.run('test-crash-1', request('customers', {}))).rejects.toThrow(
      /analytics worker died/,
    );
    await expect(
      worker.run('after-crash', request('propensity', { courseId: 1, limit: 3 })),
    ).resolves.toMatchObject({ courseId: 1 });
  });

  it('retires its thread (and the caches in it) at once when idle, after the job when busy', async () => {
    await worker.run('warm', request('recommendations', { limit: 1, offset: 0 }));
    const idle = worker.threadId;
    expect(idle).not.toBeNull();
    worker.retire();
    expect(worker.threadId).toBeNull();
    let busyThread: number | null = null;
    const running = worker.run('busy', request('customers', {}), () => {
      if (busyThread === null) {
        busyThread = worker.threadId;
        worker.retire();
      }
    });
    // The running job is not disturbed; its thread goes when it has answered.
    await expect(running).resolves.toMatchObject({ currency: 'CNY' });
    expect(busyThread).not.toBeNull();
    expect(busyThread).not.toBe(idle);
    expect(worker.threadId).toBeNull();
    await worker.run('fresh', request('recommendations', { limit: 1, offset: 0 }));
    expect(worker.threadId).not.toBeNull();
    expect(worker.threadId).not.toBe(busyThread);
  });

  it('answers a crash through the studio router as an INTERNAL envelope, and goes on', async () => {
    const previous = process.env[ANALYTICS_TEST_HOOKS_ENV];
    process.env[ANALYTICS_TEST_HOOKS_ENV] = '1';
    const dataDir = join(dir, 'studio');
    const studio = createStudio({ dataDir, host: 'test', logger: createSilentLogger() });
    try {
      const ctx = { transport: 'test' } as const;
      expect(await studio.router.handle('workspace.loadDemo', { seed: 3 }, ctx)).toMatchObject({
        ok: true,
      });
      const crashed = await studio.router.handle(
        'analytics.customers',
        { jobId: 'test-crash-router' },
        ctx,
      );
      expect(crashed).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'analytics.customers failed; see the studio log' },
      });
      expect(await studio.router.handle('app.info', {}, ctx)).toMatchObject({ ok: true });
      const again = await studio.router.handle('analytics.customers', {}, ctx);
      expect(again).toMatchObject({ ok: true, value: { currency: 'CNY' } });
    } finally {
      studio.close();
      if (previous === undefined) Reflect.deleteProperty(process.env, ANALYTICS_TEST_HOOKS_ENV);
      else process.env[ANALYTICS_TEST_HOOKS_ENV] = previous;
    }
  });
});
