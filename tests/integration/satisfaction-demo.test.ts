import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { twoProportionTest } from '../../src/main/analytics/experiments/two-proportion';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { studioMethods, type MethodName } from '../../src/shared/contract';

// The demo workspace's surveys through the real router: every class has answers, the class and
// course reports summarise them, and the Findings show that satisfied learners bought again more
// often (the demo draws satisfaction and later purchases from the same keenness, see
// src/main/demo/satisfaction-survey.ts); its offer experiments carry a real difference too.

const ctx = { transport: 'test' } as const;
const DEMO_NOW = Date.UTC(2026, 11, 7, 12);
let dir: string;
let studio: Studio;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encore-satisfaction-demo-'));
  studio = createStudio({
    dataDir: dir,
    host: 'test',
    logger: createSilentLogger(),
    clock: () => DEMO_NOW,
  });
  await call('settings.update', { language: 'en' });
  await call('workspace.loadDemo', {});
});

afterAll(() => {
  studio.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: MethodName, input: unknown): Promise<unknown> {
  const result = await studio.router.handle(method, input, ctx);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return studioMethods[method].output.parse(result.value);
}

describe('satisfaction in the demo workspace', () => {
  it('has answers in every class, summarised per class and per course', async () => {
    const report = (await call('report.satisfaction', { sessionId: 1 })) as {
      attendees: number;
      summary: { responses: number; meanScore: number; netPromoter: { nps: number } };
    };
    expect(report.summary.responses).toBeGreaterThan(10);
    expect(report.summary.responses).toBeLessThan(report.attendees);
    expect(report.summary.meanScore).toBeGreaterThan(1);
    expect(report.summary.meanScore).toBeLessThan(5);
    const course = (await call('report.courseSatisfaction', { courseId: 1 })) as {
      classes: { summary: { responses: number } }[];
      pooled: { responses: number };
    };
    expect(course.classes.length).toBeGreaterThan(0);
    expect(course.pooled.responses).toBe(
      course.classes.reduce((s, c) => s + c.summary.responses, 0),
    );
  });

  it('shows in the Findings that satisfied learners bought again more often', async () => {
    const report = (await call('analytics.customers', {})) as {
      insights: {
        id: string;
        template: string;
        text: string;
        numbers: { rateWith: number; rateWithout: number; pValue: number };
        support: { with: number; without: number };
      }[];
    };
    const finding = report.insights.find((i) => i.id === 'satisfied→boughtAgain');
    expect(finding, JSON.stringify(report.insights.map((i) => i.id))).toBeDefined();
    expect(finding?.template).toBe('higher-rate');
    expect(finding?.numbers.rateWith).toBeGreaterThan(finding?.numbers.rateWithout ?? 1);
    expect(finding?.numbers.pValue).toBeLessThan(0.05);
    expect(finding?.support.with).toBeGreaterThanOrEqual(20);
    expect(finding?.text).toMatch(/^Learners who rated a class as satisfying/);
  });
});

describe('offer experiments in the demo workspace', () => {
  it('has a two-variant experiment in the classes, B genuinely better when pooled', async () => {
    const sessions = (await call('library.sessions', {})) as {
      id: number;
      status: string;
      startedAt: number | null;
    }[];
    const ended = sessions.filter((s) => s.status === 'ended');
    expect(ended.length).toBeGreaterThan(5);
    const reach = [0, 0];
    const clickers = [0, 0];
    const buyers = [0, 0];
    let experiments = 0;
    for (const session of ended) {
      const lab = (await call('report.offerLab', { sessionId: session.id })) as {
        experiments: {
          variants: { idx: number; reached: number; clickers: number; buyers: number }[];
          comparisons: { metric: string; pValue: number | null }[];
        }[];
      };
      for (const e of lab.experiments) {
        experiments += 1;
        expect(e.variants.map((v) => v.idx)).toEqual([0, 1]);
        expect(e.comparisons.map((c) => c.metric).sort()).toEqual(['click', 'purchase']);
        for (const v of e.variants) {
          reach[v.idx] = (reach[v.idx] ?? 0) + v.reached;
          clickers[v.idx] = (clickers[v.idx] ?? 0) + v.clickers;
          buyers[v.idx] = (buyers[v.idx] ?? 0) + v.buyers;
        }
      }
    }
    // The newest class (the one a demo shows first) has one, like most classes.
    const newest = [...ended].sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))[0];
    const newestLab = (await call('report.offerLab', { sessionId: newest?.id ?? 0 })) as {
      experiments: unknown[];
    };
    expect(newestLab.experiments.length).toBe(1);
    expect(experiments).toBeGreaterThan(ended.length / 2);
    // The split is the real one: balanced arms.
    const [reachA = 0, reachB = 0] = reach;
    expect(Math.abs(reachA - reachB) / (reachA + reachB)).toBeLessThan(0.1);
    const clicks = twoProportionTest(clickers[0] ?? 0, reachA, clickers[1] ?? 0, reachB);
    expect(clicks.difference).toBeGreaterThan(0);
    expect(clicks.pValue).toBeLessThan(0.05);
    const purchases = twoProportionTest(buyers[0] ?? 0, reachA, buyers[1] ?? 0, reachB);
    expect(purchases.difference).toBeGreaterThan(0);
    expect(purchases.pValue).toBeLessThan(0.05);
  });
});
