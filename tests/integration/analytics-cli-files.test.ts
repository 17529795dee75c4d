import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run analytics -- <command> --csv` on bad and foreign files: nothing is lost silently. Each
// finding of issue #11 is a clear error naming the line (exit 2), or an explicit choice.

/** A bound for a test of several child processes on a loaded machine, not a target. */
const BOUND_MS = 300_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CDNOW = 'tests/fixtures/cdnow/CDNOW_sample.txt';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encore-analytics-files-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli/analytics.ts', ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function errorOf(run: Run): { code: string; message: string } {
  const line = run.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  return (JSON.parse(line ?? '{}') as { error: { code: string; message: string } }).error;
}

const rfm = (path: string, ...more: string[]): string[] => [
  'rfm',
  '--csv',
  path,
  '--format',
  'orders',
  '--calibration-end',
  '2020-12-31',
  ...more,
];

describe('analytics CLI on real files', () => {
  it(
    'refuses bad files with an error naming the line (exit 2), never exit 0',
    async () => {
      const header = 'customer_id,date,amount';
      const cases: { name: string; args: string[]; code: string; message: RegExp }[] = [
        {
          name: 'unclosed quote',
          args: rfm(
            file('unclosed.csv', `${header}\na,2020-01-01,5\n"b,2020-01-02,6\nc,2020-01-03,7\n`),
          ),
          code: 'unclosed-quote',
          message: /^Line 3 opens a quoted cell that is never closed/,
        },
        {
          name: 'invalid bytes',
          args: rfm(
            file(
              'bytes.csv',
              Buffer.concat([
                Buffer.from(`${header}\na,2020-01-01,5\n\nb`),
                Buffer.from([0xff, 0xfe]),
                Buffer.from(',2020-01-02,6\n'),
              ]),
            ),
          ),
          code: 'not-utf8',
          message: /line 4 has the byte 0xFF/,
        },
        {
          name: 'February 30th',
          args: rfm(file('feb30.csv', `${header}\na,2020-01-01,5\na,2020-02-30,6\n`)),
          code: 'BAD_ARGS',
          message: /feb30\.csv:3: unparseable date '2020-02-30'$/,
        },
        {
          name: 'month 13 in CDNOW',
          args: [
            'rfm',
            '--csv',
            file(
              'month13.txt',
              ' 00001 0001 19970101  1   11.77\n 00001 0001 19971345  1   5.00\n',
            ),
            '--format',
            'cdnow',
          ],
          code: 'BAD_ARGS',
          message: /month13\.txt:2: unparseable date '19971345'$/,
        },
        {
          name: 'ambiguous day and month',
          args: rfm(file('ambiguous.csv', `${header}\na,2020-01-01,5\na,01/02/2020,6\n`)),
          code: 'BAD_ARGS',
          message: /ambiguous\.csv:3: ambiguous date '01\/02\/2020'.*--date-order DMY or MDY/,
        },
        {
          name: 'non-numeric CDNOW ids',
          args: [
            'rfm',
            '--csv',
            file('ids.txt', ' 00001 0001 19970101  1   11.77\n 00002 abc 19970102  1   5.00\n'),
            '--format',
            'cdnow',
          ],
          code: 'BAD_ARGS',
          message: /ids\.txt:2: the customer id "abc" is not a whole number$/,
        },
        {
          name: 'year 0001',
          args: rfm(file('y1.csv', `${header}\na,2020-01-01,5\na,0001-01-01,6\n`)),
          code: 'BAD_ARGS',
          message: /y1\.csv:3: unparseable date '0001-01-01'$/,
        },
        {
          name: 'year 2999',
          args: rfm(file('y2999.csv', `${header}\na,2020-01-01,5\na,2999-01-01,6\n`)),
          code: 'BAD_ARGS',
          message: /y2999\.csv:3: unparseable date '2999-01-01'$/,
        },
        {
          name: 'physical line after a blank line and a quoted newline',
          args: rfm(
            file(
              'lines.csv',
              `customer_id,date,amount,course\n"a\nb",2020-01-01,5,x\n\nc,2020-01-02,oops,y\n`,
            ),
          ),
          code: 'BAD_ARGS',
          message: /lines\.csv:5: the amount "oops" is not a number$/,
        },
      ];
      // Three at a time: the machine is shared.
      const runs: Run[] = [];
      for (let i = 0; i < cases.length; i += 3) {
        runs.push(...(await Promise.all(cases.slice(i, i + 3).map((c) => cli(c.args)))));
      }
      runs.forEach((run, i) => {
        const c = cases[i];
        expect(run.code, c?.name).toBe(2);
        expect(run.stdout, c?.name).toBe('');
        expect(errorOf(run).code, c?.name).toBe(c?.code);
        expect(errorOf(run).message, c?.name).toMatch(c?.message ?? /never/);
      });
    },
    BOUND_MS,
  );

  it(
    'reads a GB18030 export exactly, and dates in the chosen zone whatever TZ says',
    async () => {
      const csv = [
        'customer_id,date,amount',
        '张伟,01/02/2020 10:00,5',
        '张伟,03/02/2020 10:00,6',
        '李娜,01/02/2020,7',
      ].join('\r\n');
      const gb = file(
        'gb.csv',
        execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: csv }),
      );
      expect(readFileSync(gb).includes(Buffer.from('张伟'))).toBe(false);
      const args = [
        'cohorts',
        '--csv',
        gb,
        '--format',
        'orders',
        '--date-order',
        'DMY',
        '--time-zone',
        'Asia/Shanghai',
        '--calibration-end',
        '2020-12-31',
      ];
      const [auckland, shanghai, names] = await Promise.all([
        cli(args, { TZ: 'Pacific/Auckland' }),
        cli(args, { TZ: 'Asia/Shanghai' }),
        cli(rfm(gb, '--date-order', 'DMY'), { TZ: 'America/Los_Angeles' }),
      ]);
      expect(auckland.code, auckland.stderr).toBe(0);
      expect(auckland.stdout).toBe(shanghai.stdout);
      const rows = (JSON.parse(names.stdout) as { rows: { customerId: string; x: number }[] }).rows;
      expect(rows.map((r) => [r.customerId, r.x])).toEqual([
        ['张伟', 1],
        ['李娜', 0],
      ]);
      // 1 February 2020 00:00 in Shanghai is 31 January 16:00 UTC: the first cohort is January.
      const cohorts = JSON.parse(auckland.stdout) as { cohorts: { cohorts: { cohort: string }[] } };
      expect(JSON.stringify(cohorts.cohorts)).toContain('2020-01');
    },
    BOUND_MS,
  );

  it(
    'fits Gamma-Gamma on a base with a $0 repeat purchase, leaving that customer out',
    async () => {
      const sample = readFileSync(join(ROOT, CDNOW), 'utf8');
      const withFree = file(
        'cdnow-free.txt',
        `${sample} 99999 9999 19970105  1   12.00\r\n 99999 9999 19970301  1    0.00\r\n`,
      );
      const run = await cli([
        'bgnbd',
        '--csv',
        withFree,
        '--format',
        'cdnow',
        '--calibration-end',
        '1997-09-30',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as {
        gammaGamma: { customers?: number; leftOut?: number; error?: string };
      };
      expect(out.gammaGamma.error).toBeUndefined();
      expect(out.gammaGamma.leftOut).toBe(1);
      expect(out.gammaGamma.customers).toBe(946);
    },
    BOUND_MS,
  );
});
