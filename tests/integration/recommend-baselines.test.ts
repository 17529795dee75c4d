import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python';

// evaluate-recommend's popularity, item-kNN and user-kNN baselines against an independent
// implementation (tests/python/recommend_baselines.py: the csv module, numpy and scikit-learn's
// cosine_similarity) on the Online Retail fixture, under the same protocol: the same hits, NDCG
// and coverage.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RETAIL = 'tests/fixtures/online-retail/online-retail-first3000.csv';

interface Score {
  hits: number;
  ndcg: number;
  coverage: number;
}

function evaluate(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'npx',
      ['tsx', 'src/main/cli/analytics.ts', 'evaluate-recommend', ...args],
      { cwd: ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe('evaluate-recommend baselines', () => {
  it('match numpy / scikit-learn on the Online Retail fixture (k = 10 and 5, 50 and 5 neighbours)', async () => {
    for (const [k, neighbours] of [
      ['10', '50'],
      ['5', '5'],
    ] as const) {
      const [ours, theirs] = await Promise.all([
        evaluate(
          '--csv',
          RETAIL,
          '--format',
          'online-retail',
          '--k',
          k,
          '--neighbours',
          neighbours,
        ),
        runPython('tests/python/recommend_baselines.py', [RETAIL, k, neighbours]),
      ]);
      const out = JSON.parse(ours) as {
        evaluated: number;
        courses: number;
        scores: Record<string, Score & { hitRate: number }>;
      };
      const independent = JSON.parse(theirs) as Record<string, Score> & {
        evaluated: number;
        courses: number;
      };
      expect(out.evaluated).toBe(independent.evaluated);
      expect(out.evaluated).toBeGreaterThan(400);
      expect(out.courses).toBe(independent.courses);
      for (const name of ['popularity', 'itemKnn', 'userKnn'] as const) {
        const a = out.scores[name];
        const b = independent[name] as Score;
        expect(a?.hits, `${name} k=${k}`).toBe(b.hits);
        expect(a?.ndcg, `${name} k=${k}`).toBeCloseTo(b.ndcg, 12);
        expect(a?.coverage, `${name} k=${k}`).toBeCloseTo(b.coverage, 12);
      }
    }
  }, 240_000);
});
