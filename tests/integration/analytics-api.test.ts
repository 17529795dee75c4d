import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { RFM_SEGMENTS, rfmSegment } from '../../src/main/analytics/rfm-segments';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { studioEvents, studioMethods, type MethodName } from '../../src/shared/contract';
import type {
  FollowUpList,
  LearnerProfile,
  SessionCustomers,
  SessionReport,
} from '../../src/shared/contract/analytics-api';

// The analytics and import methods through the real router, on the demo workspace: every answer
// validates against its schema, the reports are complete, contact details never leave the core,
// and an import of the real Online Retail slice reports progress, finishes, and can be cancelled.

const RETAIL = fileURLToPath(
  new URL('../fixtures/online-retail/online-retail-first3000.csv', import.meta.url),
);
const ctx = { transport: 'test' } as const;
const DEMO_NOW = Date.UTC(2026, 10, 22, 12);
let dir: string;
let studio: Studio;
const events: { event: string; payload: unknown }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encore-analytics-api-'));
  // A fixed clock: the demo workspace is generated relative to "now", and these assertions are
  // about one known workspace, not whatever today's date makes of it.
  studio = createStudio({
    dataDir: dir,
    host: 'test',
    logger: createSilentLogger(),
    clock: () => DEMO_NOW,
  });
  studio.events.subscribe((event, payload) => {
    // Every event validates against its schema.
    studioEvents[event].parse(payload);
    events.push({ event, payload });
  });
  await call('settings.update', { language: 'en' });
  await call('workspace.loadDemo', {});
});

afterAll(() => {
  studio.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Calls a method and returns its value, checked again against the method's output schema. */
async function call(method: MethodName, input: unknown): Promise<unknown> {
  const result = await studio.router.handle(method, input, ctx);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return studioMethods[method].output.parse(result.value);
}

function contactValues(): string[] {
  return (
    studio
      .workspace()
      .db.prepare(
        `SELECT value FROM learner_identities WHERE kind IN ('email', 'phone')
         UNION SELECT buyer_email FROM orders WHERE buyer_email IS NOT NULL
         UNION SELECT buyer_phone FROM orders WHERE buyer_phone IS NOT NULL`,
      )
      .all() as { value: string }[]
  ).map((r) => r.value);
}

function leaks(value: unknown, secrets: readonly string[]): string[] {
  const text = JSON.stringify(value);
  return secrets.filter((s) => text.includes(s));
}

describe('report.session', () => {
  it('reports a demo class with every section filled in', async () => {
    const sessionId = 12;
    const report = (await call('report.session', { sessionId, viewerLimit: 10 })) as {
      [key: string]: unknown;
      engagement: {
        viewers: { total: number; rows: { displayName: string }[] };
        topContributors: unknown[];
        distribution: { viewers: number }[];
        silentViewers: { count: number };
        formula: { text: string };
      };
      audience: { perMinute: unknown[] };
      dropOffs: unknown[];
      polls: unknown[];
      questions: { asked: number };
      funnel: { offers: unknown[]; total: { reached: number } };
      comparison: { metrics: unknown[]; earlierClasses: number };
      timeline: { inClass: number };
    };
    expect(report.audience.perMinute.length).toBeGreaterThan(30);
    expect(report.dropOffs.length).toBeGreaterThan(0);
    expect(report.engagement.viewers.rows).toHaveLength(10);
    expect(report.engagement.viewers.total).toBeGreaterThan(10);
    expect(report.engagement.topContributors.length).toBeGreaterThan(0);
    expect(report.engagement.distribution.reduce((s, b) => s + b.viewers, 0)).toBe(
      report.engagement.viewers.total,
    );
    expect(report.engagement.formula.text).toMatch(/^score = \(watched_minutes/);
    expect(report.polls.length).toBeGreaterThan(0);
    expect(report.questions.asked).toBeGreaterThan(0);
    expect(report.funnel.offers.length).toBeGreaterThan(0);
    expect(report.funnel.total.reached).toBeGreaterThan(0);
    expect(report.timeline.inClass).toBeGreaterThan(0);
    expect(report.comparison.earlierClasses).toBeGreaterThan(0);
    expect(report.comparison.metrics.length).toBeGreaterThan(0);
    const progress = events.filter(
      (e) =>
        e.event === 'analytics.progress' &&
        (e.payload as { method: string }).method === 'report.session',
    );
    expect(progress.length).toBeGreaterThan(0);
  });

  it('applies adjusted weights, pages viewers, and refuses a class that does not exist', async () => {
    const plain = (await call('report.session', { sessionId: 5, viewerLimit: 5 })) as {
      engagement: { averageScore: number; viewers: { rows: { learnerId: number }[] } };
    };
    const weighted = (await call('report.session', {
      sessionId: 5,
      viewerLimit: 5,
      viewerOffset: 5,
      weights: { reaction: 0, chat: 5 },
    })) as typeof plain & {
      engagement: { formula: { terms: { term: string; weight: number }[] } };
    };
    expect(weighted.engagement.formula.terms).toContainEqual({
      term: 'chat',
      weight: 5,
      cap: null,
    });
    expect(weighted.engagement.averageScore).not.toBe(plain.engagement.averageScore);
    expect(await studio.router.handle('report.session', { sessionId: 9_999 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await studio.router.handle('report.session', { sessionId: 1, viewerLimit: 10_000 }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});

describe('report.sessionCustomers', () => {
  it('agrees with the class report, the learner profiles and the follow-up list', async () => {
    const sessionId = 12;
    const report = (await call('report.session', { sessionId })) as SessionReport;
    const customers = (await call('report.sessionCustomers', {
      sessionId,
      attendeeLimit: 500,
      followUpLimit: 500,
      jobId: 'customers-12',
    })) as SessionCustomers;
    expect(customers.attendees).toBe(report.purchases.attendees);
    const rows = customers.attendeeTable.rows;
    expect(rows).toHaveLength(customers.attendees);
    expect(rows.filter((r) => r.boughtNow)).toHaveLength(report.purchases.boughtNow);
    expect(rows.filter((r) => r.ordersBefore > 0)).toHaveLength(
      report.purchases.boughtBefore ?? -1,
    );
    expect(report.comparison.metrics.some((m) => m.metric === 'repurchaseRate')).toBe(true);

    // Each attendee's predicted value and segment are the ones their learner profile shows.
    for (const row of rows.slice(0, 3)) {
      const profile = (await call('analytics.learner', {
        learnerId: row.learnerId,
      })) as LearnerProfile;
      expect(row.value).toBeCloseTo(profile.prediction?.value90Days ?? Number.NaN, 6);
      expect(row.value12Months).toBeCloseTo(profile.prediction?.value12Months ?? Number.NaN, 6);
      expect(row.segment).toBe(profile.segment?.index);
      // Its RFM segment follows the R/F grid from the profile's scores, as its follow-up row says.
      const score = profile.rfm?.score;
      expect(profile.rfm?.segment ?? null).toBe(
        score ? rfmSegment(score.recency, score.frequency) : null,
      );
      const followUp = customers.followUp.rows.find((f) => f.learnerId === row.learnerId);
      if (followUp) expect(followUp.rfmSegment).toBe(profile.rfm?.segment ?? null);
    }
    // Every attendee with a paid order is counted in exactly one RFM segment.
    const rfm = customers.rfmSegments;
    expect(rfm?.segments.map((s) => s.segment)).toEqual([...RFM_SEGMENTS]);
    expect(rfm?.segments.reduce((n, s) => n + s.attendees, 0)).toBe(rfm?.attendees);
    // The attendees with a prediction are the customers: those with RFM scores.
    expect(rfm?.attendees).toBe(customers.values?.withPrediction);
    expect(new Set(customers.followUp.rows.map((f) => f.rfmSegment)).size).toBeGreaterThan(1);
    expect(customers.values?.withPrediction).toBe(rows.filter((r) => r.value !== null).length);
    expect(customers.nextCourse).not.toBeNull();
    expect(customers.nextCourse?.courseId).not.toBe(report.session.courseId);
    expect(customers.segments?.segments.reduce((n, s) => n + s.attendees, 0)).toBe(
      customers.attendees,
    );

    const list = (await call('analytics.recommendations', {
      sessionId,
      limit: 500,
    })) as FollowUpList;
    expect(customers.followUp.rows).toEqual(list.rows);
    expect(list.total).toBeGreaterThan(0);
    expect(leaks(customers, contactValues())).toEqual([]);

    const progress = events.filter(
      (e) =>
        e.event === 'analytics.progress' &&
        (e.payload as { jobId: string }).jobId === 'customers-12',
    );
    expect(progress.map((e) => (e.payload as { phase: string }).phase)).toContain('propensity');
    expect(
      await studio.router.handle('report.sessionCustomers', { sessionId: 9_999 }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('writes its sentences in the caller’s language', async () => {
    await call('settings.update', { language: 'zh-CN' });
    try {
      const zh = (await call('report.sessionCustomers', { sessionId: 12 })) as SessionCustomers;
      expect(zh.language).toBe('zh-CN');
      for (const s of zh.segments?.segments ?? []) expect(s.text).toMatch(/学员$/);
      expect(zh.followUp.rows[0]?.text).toMatch(/学员/);
      for (const f of zh.insights.findings) expect(f.text).toMatch(/学员/);
    } finally {
      await call('settings.update', { language: 'en' });
    }
  });
});

describe('customers, learners, propensity, follow-up', () => {
  it('fits BG/NBD and Gamma-Gamma, predicts values, and finds insights in the caller language', async () => {
    const report = (await call('analytics.customers', { horizonDays: 90, limit: 10 })) as {
      bgnbd: { params: Record<string, number> } | null;
      gammaGamma: { params: Record<string, number> } | null;
      predictions: { top: { value12Months: number; probabilityAlive: number }[] } | null;
      repurchase: { windows: { windowDays: number }[] } | null;
      cohorts: { cohorts: unknown[] } | null;
      segments: { segments: { description: string }[] } | null;
      insights: { text: string }[];
    };
    expect(report.bgnbd).not.toBeNull();
    for (const v of Object.values(report.bgnbd?.params ?? {})) {
      expect(Number.isFinite(v) && v > 0).toBe(true);
    }
    for (const v of Object.values(report.gammaGamma?.params ?? {})) {
      expect(Number.isFinite(v) && v > 0).toBe(true);
    }
    expect(report.predictions?.top).toHaveLength(10);
    expect(report.repurchase?.windows.map((w) => w.windowDays)).toEqual([30, 90, 180, 365]);
    expect(report.cohorts?.cohorts.length).toBeGreaterThan(6);
    expect(report.segments?.segments.length).toBeGreaterThan(1);
    expect(report.segments?.segments[0]?.description.length).toBeGreaterThan(0);
    expect(report.insights.length).toBeGreaterThan(0);
    expect(report.insights[0]?.text).toMatch(/^Learners who|% of the learners who/);

    await call('settings.update', { language: 'zh-CN' });
    const zh = (await call('analytics.customers', {})) as { insights: { text: string }[] };
    expect(zh.insights[0]?.text).toMatch(/学员/);
    await call('settings.update', { language: 'en' });
  });

  it("shows one learner's history, scores, value, segment, next courses and consent", async () => {
    const learnerId = (
      studio
        .workspace()
        .db.prepare(
          `SELECT learner_id AS id FROM orders WHERE learner_id IS NOT NULL
           AND learner_id IN (SELECT learner_id FROM attendance) GROUP BY learner_id
           ORDER BY count(*) DESC, learner_id LIMIT 1`,
        )
        .get() as { id: number }
    ).id;
    const profile = (await call('analytics.learner', { learnerId })) as {
      attendance: { engagementScore: number }[];
      purchases: unknown[];
      rfm: { x: number } | null;
      prediction: { value12Months: number; probabilityAlive: number } | null;
      segment: { description: string } | null;
      recommendations: { text: string }[];
      learner: { consent: { followUp: boolean } };
    };
    expect(profile.attendance.length).toBeGreaterThan(0);
    expect(profile.attendance.every((a) => a.engagementScore >= 0)).toBe(true);
    expect(profile.purchases.length).toBeGreaterThan(0);
    expect(profile.rfm).not.toBeNull();
    expect(profile.prediction?.probabilityAlive).toBeGreaterThan(0);
    expect(profile.segment).not.toBeNull();
    expect(profile.recommendations.length).toBeGreaterThan(0);
    expect(profile.recommendations[0]?.text).toMatch(
      /^(Bought by|Next in the series|On the same topic|You |Popular)/,
    );
    expect(typeof profile.learner.consent.followUp).toBe('boolean');
    expect(leaks(profile, contactValues())).toEqual([]);
    expect(
      await studio.router.handle('analytics.learner', { learnerId: 99_999 }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('fits purchase propensity with a cross-validated AUC and odds ratios', async () => {
    const report = (await call('analytics.propensity', { courseId: 1, limit: 5 })) as {
      crossValidation: { meanAuc: number };
      oddsRatios: { oddsRatioPerSd: number }[];
      top: { probability: number }[];
    };
    expect(report.crossValidation.meanAuc).toBeGreaterThan(0.5);
    expect(report.oddsRatios.length).toBeGreaterThan(3);
    expect(report.top).toHaveLength(5);
    expect(report.top[0]?.probability).toBeGreaterThanOrEqual(report.top[4]?.probability ?? 1);
  });

  it('lists whom to follow up with which course and why, with no contact details', async () => {
    const list = (await call('analytics.recommendations', { limit: 500 })) as {
      total: number;
      rows: {
        consentFollowUp: boolean;
        contact: { hasEmail: boolean; hasPhone: boolean } | null;
        text: string;
      }[];
    };
    expect(list.rows.length).toBeGreaterThan(0);
    for (const row of list.rows) {
      expect(row.contact === null).toBe(!row.consentFollowUp);
    }
    expect(list.rows.some((r) => !r.consentFollowUp)).toBe(true);
    const secrets = contactValues();
    expect(secrets.length).toBeGreaterThan(100);
    expect(leaks(list, secrets)).toEqual([]);
    expect(JSON.stringify(list)).not.toMatch(/[\w.+-]+@[\w-]+\.\w/);
  });

  it('cancels a job it was asked to cancel, and says so for one that is unknown', async () => {
    expect(await call('analytics.cancel', { jobId: 'nothing-here' })).toEqual({ cancelled: false });
    const jobId = 'cancel-me';
    const pending = studio.router.handle('analytics.customers', { jobId }, ctx);
    expect(await call('analytics.cancel', { jobId })).toEqual({ cancelled: true });
    expect(await pending).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/^cancelled/) as unknown },
    });
  });
});

describe('imports', () => {
  it('previews a file given as text: the preset, the columns and what the rows would import as', async () => {
    const text = readFileSync(RETAIL, 'utf8');
    const preview = (await call('imports.preview', {
      fileName: 'retail.csv',
      text,
      rows: 10,
    })) as { preset: string; rows: unknown[]; columns: Record<string, string[]>; orders: number };
    expect(preview.preset).toBe('online-retail');
    expect(preview.rows).toHaveLength(10);
    expect(preview.columns.orderId).toEqual(['InvoiceNo']);
    expect(preview.orders).toBeGreaterThan(0);
    expect(await studio.router.handle('imports.preview', { fileName: 'x.csv' }, ctx)).toMatchObject(
      { ok: false, error: { code: 'BAD_INPUT' } },
    );
  });

  it('imports the Online Retail slice with progress, can cancel a run, and lists runs and unmatched orders', async () => {
    events.length = 0;
    // Cancelled at its first progress report: the run stops and says so.
    let cancelled = false;
    const unsubscribe = studio.events.subscribe((event, payload) => {
      if (event !== 'import.progress' || cancelled) return;
      cancelled = true;
      void studio.router.handle(
        'imports.cancel',
        { runId: (payload as { runId: number }).runId },
        ctx,
      );
    });
    const stopped = (await call('imports.run', {
      fileName: 'online-retail-first3000.csv',
      path: RETAIL,
      source: 'retail',
    })) as { status: string; runId: number };
    unsubscribe();
    expect(stopped.status).toBe('cancelled');
    expect(events.find((e) => e.event === 'order.imported')?.payload).toMatchObject({
      runId: stopped.runId,
      status: 'cancelled',
    });

    events.length = 0;
    const done = (await call('imports.run', {
      fileName: 'online-retail-first3000.csv',
      path: RETAIL,
      source: 'retail',
    })) as {
      status: string;
      runId: number;
      rowsRead: number;
      ordersImported: number;
      ordersUnmatched: number;
    };
    expect(done).toMatchObject({ status: 'done', rowsRead: 3000 });
    expect(done.ordersImported).toBeGreaterThan(100);
    const progress = events.filter((e) => e.event === 'import.progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((e) => (e.payload as { runId: number }).runId === done.runId)).toBe(true);
    expect(progress.map((e) => (e.payload as { phase: string }).phase)).toContain('write');
    expect(events.find((e) => e.event === 'order.imported')?.payload).toMatchObject({
      runId: done.runId,
      status: 'done',
    });
    expect(await call('imports.cancel', { runId: done.runId })).toEqual({ cancelled: false });

    const runs = (await call('imports.runs', {})) as { total: number; rows: { status: string }[] };
    expect(runs.total).toBe(2);
    expect(runs.rows.map((r) => r.status)).toEqual(['done', 'cancelled']);

    const unmatched = (await call('orders.unmatched', { limit: 5 })) as {
      total: number;
      rows: { buyer: { hint: string | null } }[];
    };
    expect(unmatched.total).toBeGreaterThan(0);
    expect(unmatched.rows).toHaveLength(5);
    expect(leaks(unmatched, contactValues())).toEqual([]);

    // The reports see the new orders: the money models run in the currency most orders use
    // (now the retailer's GBP), and the demo's CNY orders are set apart with a note.
    const customers = (await call('analytics.customers', {})) as {
      currency: string;
      notes: string[];
    };
    expect(customers.currency).toBe('GBP');
    expect(customers.notes.join(' ')).toMatch(/orders in currencies other than GBP/);
  });

  it('saves, lists, uses and deletes a column mapping', async () => {
    const mapping = { preset: 'online-retail', columns: { orderId: 'InvoiceNo' } };
    const saved = (await call('imports.mappings.save', { name: 'Retail', mapping })) as {
      name: string;
    };
    expect(saved.name).toBe('Retail');
    expect(await call('imports.mappings.list', {})).toHaveLength(1);
    const preview = (await call('imports.preview', {
      fileName: 'retail.csv',
      path: RETAIL,
      mappingName: 'Retail',
      rows: 3,
    })) as { preset: string; presetConfidence: number | null };
    expect(preview.preset).toBe('online-retail');
    expect(await call('imports.mappings.delete', { name: 'Retail' })).toEqual({ deleted: true });
    expect(await call('imports.mappings.list', {})).toEqual([]);
  });

  it('imports bytes and text the same as a path (re-import changes nothing)', async () => {
    const bytes = new Uint8Array(readFileSync(RETAIL));
    const again = (await call('imports.run', {
      fileName: 'online-retail-first3000.csv',
      bytes,
      source: 'retail',
    })) as { status: string; ordersImported: number; ordersUnchanged: number };
    expect(again).toMatchObject({ status: 'done', ordersImported: 0 });
    expect(again.ordersUnchanged).toBeGreaterThan(100);
    const bad = await studio.router.handle(
      'imports.run',
      { fileName: 'x.csv', text: 'just,a,header\n', source: 'retail' },
      ctx,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
