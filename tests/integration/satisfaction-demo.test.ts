import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { studioMethods, type MethodName } from '../../src/shared/contract';

// The demo workspace's surveys through the real router: every class has answers, the class and
// course reports summarise them, and the Findings show that satisfied learners bought again more
// often (the demo draws satisfaction and later purchases from the same keenness, see
// src/main/demo/satisfaction-survey.ts).

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
