import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import { loadPublishedSummary } from '../unit/analytics/cdnow-fixture';

// `npm run analytics -- <command>` as a user runs it: a child process, JSON on stdout, JSON errors
// on stderr with exit code 2.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CDNOW = 'tests/fixtures/cdnow/CDNOW_sample.txt';
const NOW = Date.UTC(2026, 0, 15);
let dir: string;
let demoDb: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encore-analytics-cli-'));
  demoDb = join(dir, 'encore.db');
  const db = openDatabase(demoDb);
  generateDemoWorkspace(db, { seed: 11, now: NOW });
  db.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/main/cli/analytics.ts', ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function json(run: Run): Record<string, unknown> {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** The JSON error line (npm may print warnings of its own before it). */
function errorOf(run: Run): { code: string; message: string } {
  const line = run.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  return (JSON.parse(line ?? '{}') as { error: { code: string; message: string } }).error;
}

describe('analytics CLI', () => {
  it('rfm on the CDNOW sample matches the published per-customer summary', async () => {
    const out = json(
      await cli('rfm', '--csv', CDNOW, '--format', 'cdnow', '--calibration-end', '1997-09-30'),
    ) as {
      customers: number;
      rows: { customerId: string; x: number; tX: number; T: number; zbar: number }[];
    };
    expect(out.customers).toBe(2357);
    const mine = new Map(out.rows.map((r) => [r.customerId, r]));
    const published = loadPublishedSummary();
    for (const id of ['1', '2', '3', '18', '1000', '2357']) {
      const p = published.find((r) => r.id === id);
      const r = mine.get(id);
      expect(r, `customer ${id}`).toBeDefined();
      expect([r?.x.toFixed(0), r?.tX.toFixed(2), r?.T.toFixed(2), r?.zbar.toFixed(2)]).toEqual([
        p?.x,
        p?.tX,
        p?.T,
        p?.zbar,
      ]);
    }
  });

  it('bgnbd on the CDNOW sample gives the published parameters', async () => {
    const out = json(
      await cli('bgnbd', '--csv', CDNOW, '--format', 'cdnow', '--calibration-end', '1997-09-30'),
    ) as {
      bgnbd: { params: { r: number; alpha: number; a: number; b: number }; logLikelihood: number };
      gammaGamma: { params: { p: number; q: number; gamma: number } };
    };
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [key, value] of Object.entries(published)) {
      const fitted = out.bgnbd.params[key as keyof typeof published];
      expect(Math.abs(fitted - value) / value, key).toBeLessThan(0.01);
    }
    expect(out.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(out.gammaGamma.params.p).toBeCloseTo(6.25, 1);
  });

  it('evaluate-recommend on a demo workspace scores the recommender against the baselines', async () => {
    const out = json(
      await cli(
        'evaluate-recommend',
        '--db',
        demoDb,
        '--k',
        '3',
        '--calibration-end',
        '2026-01-15',
      ),
    ) as {
      k: number;
      evaluated: number;
      bestBaseline: 'popularity' | 'itemKnn' | 'userKnn';
      scores: Record<string, { hitRate: number; ndcg: number; coverage: number }>;
      byHistory: { history: string; evaluated: number }[];
    };
    expect(out.k).toBe(3);
    expect(out.evaluated).toBeGreaterThan(20);
    expect(Object.keys(out.scores).sort()).toEqual(
      ['itemKnn', 'popularity', 'previous', 'recommender', 'userKnn'].sort(),
    );
    for (const score of Object.values(out.scores)) {
      expect(score.hitRate).toBeGreaterThan(0);
      expect(score.hitRate).toBeLessThanOrEqual(1);
      expect(score.ndcg).toBeGreaterThan(0);
      expect(score.ndcg).toBeLessThanOrEqual(score.hitRate);
      expect(score.coverage).toBeGreaterThan(0);
    }
    // The recommender beats the best baseline of the same run on the demo workspace.
    const best = out.scores[out.bestBaseline];
    expect(out.scores.recommender?.hitRate).toBeGreaterThan(best?.hitRate ?? 1);
    expect(out.scores.recommender?.ndcg).toBeGreaterThan(best?.ndcg ?? 1);
    expect(out.byHistory.reduce((n, g) => n + g.evaluated, 0)).toBe(out.evaluated);
    console.log('evaluate-recommend on the demo workspace (k = 3):', JSON.stringify(out.scores));
  });

  it('report <id> on a demo workspace prints the class report', async () => {
    const out = json(await cli('report', '3', '--db', demoDb, '--limit', '5')) as {
      command: string;
      session: { id: number };
      engagement: { viewers: { rows: unknown[] } };
      funnel: unknown;
    };
    expect(out.command).toBe('report');
    expect(out.session.id).toBe(3);
    expect(out.engagement.viewers.rows).toHaveLength(5);
    expect(out.funnel).toBeDefined();
  });

  it('answers bad arguments with a JSON error and exit code 2', async () => {
    const cases = [
      ['nope'],
      ['rfm'],
      ['rfm', '--csv', CDNOW],
      ['rfm', '--csv', CDNOW, '--format', 'cdnow', '--calibration-end', '1997-13-40'],
      ['report', '--csv', CDNOW, '--format', 'cdnow'],
      ['rfm', '--csv', CDNOW, '--format', 'cdnow', '--bogus'],
      ['report', '999', '--db', join(dir, 'missing.db')],
    ];
    const runs = await Promise.all(cases.map((args) => cli(...args)));
    runs.forEach((run, i) => {
      const args = (cases[i] ?? []).join(' ');
      expect(run.code, args).toBe(2);
      expect(run.stdout, args).toBe('');
      expect(errorOf(run).code, args).toBe('BAD_ARGS');
      expect(errorOf(run).message.length, args).toBeGreaterThan(0);
    });
    // Seven tsx processes start at once: tens of seconds on a busy 2-core machine.
  }, 120_000);
});
