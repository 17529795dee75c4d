import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId as mainThreadId } from 'node:worker_threads';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { studioMethods, type MethodName } from '../../src/shared/contract';
import { craftXlsx } from '../helpers/crafted-xlsx';

// Order files that could take a live class down (issue #10): a small XLSX holding a 200 MB cell,
// the same behind lying ZIP headers, zip bombs. Each must end in a clear BAD_INPUT naming the cap
// and its limit, echo no huge cell, and leave the process's memory where it was. And a legal file
// is read in the import worker thread, not on the studio's event loop.
//
// Memory is judged by the process's peak resident size (getrusage's maxRSS: every thread, and no
// sampling that could miss a spike). The crafted-file tests run first in this file, in its own
// test process, so an earlier peak cannot hide their growth.

const RETAIL = fileURLToPath(
  new URL('../fixtures/online-retail/online-retail-first3000.csv', import.meta.url),
);
const ctx = { transport: 'test' } as const;
const MB = 1024 * 1024;
const HEADER = ['order_id', 'ordered_at', 'amount'];
const ROW = ['o-1', '2024-01-05 10:00'];
let dir: string;
let studio: Studio;
const logLines: { msg?: string; threadId?: number; kind?: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encore-imports-hardening-'));
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        logLines.push(JSON.parse(line) as { msg?: string; threadId?: number });
      },
    },
  );
  studio = createStudio({ dataDir: dir, host: 'test', logger });
  await call('settings.update', { language: 'en' });
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

/** The process's peak resident size so far, in bytes (all threads). */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function saved(name: string, content: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Previews and runs the file; both must fail with BAD_INPUT and this message, writing nothing. */
async function expectRefused(file: string, message: RegExp): Promise<string> {
  const preview = await studio.router.handle(
    'imports.preview',
    { path: file, fileName: 'orders.xlsx' },
    ctx,
  );
  expect(preview).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  const previewMessage = preview.ok ? '' : preview.error.message;
  expect(previewMessage).toMatch(message);
  const run = await studio.router.handle(
    'imports.run',
    { path: file, fileName: 'orders.xlsx', source: 'shop', options: { defaultCurrency: 'USD' } },
    ctx,
  );
  expect(run).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  expect(run.ok ? '' : run.error.message).toMatch(message);
  const orders = studio.workspace().db.prepare('SELECT count(*) AS n FROM orders').get() as {
    n: number;
  };
  expect(orders.n).toBe(0);
  // No cell comes back whole: the message is a sentence, not the file.
  expect(previewMessage.length).toBeLessThan(400);
  expect(previewMessage).not.toMatch(/A{100}/);
  return previewMessage;
}

describe('crafted workbooks end in a clear error without the memory they ask for', () => {
  it('a ~200 KB XLSX whose cell C2 is 200 MB of inline text: refused before it is inflated', async () => {
    const file = saved(
      'cell-200mb.xlsx',
      craftXlsx({ header: HEADER, row: ROW, crafted: [{ repeat: 'A'.repeat(MB), times: 200 }] }),
    );
    expect(readFileSync(file).length).toBeLessThan(400 * 1024);
    const before = peakRss();
    const message = await expectRefused(
      file,
      /^too-large: The workbook part 'xl\/worksheets\/sheet1\.xml' inflates [\d,]+ times \(.+ to 200 MB\); parts may inflate at most 200 times\.$/,
    );
    expect(message).toContain('200 MB');
    expect(peakRss() - before).toBeLessThan(300 * MB);
  });

  it('the same cell behind ZIP headers that declare 100 KB: stopped while it inflates', async () => {
    const file = saved(
      'cell-lying.xlsx',
      craftXlsx({
        header: HEADER,
        row: ROW,
        crafted: [{ repeat: 'A'.repeat(MB), times: 200 }],
        declaredSheetSize: 100 * 1024,
      }),
    );
    const before = peakRss();
    await expectRefused(
      file,
      /^too-large: (The workbook part 'xl\/worksheets\/sheet1\.xml' inflates beyond the 100 KB it declares|Cell C2 holds more than)/,
    );
    expect(peakRss() - before).toBeLessThan(300 * MB);
  });

  it('a zip bomb (a 2 MB entry that inflates to 2 GB) is refused by its declared size', async () => {
    const file = saved(
      'bomb.xlsx',
      craftXlsx({
        header: HEADER,
        row: ROW,
        crafted: ['5'],
        extra: [
          { name: 'xl/media/image1.png', parts: [{ repeat: Buffer.alloc(MB), times: 2048 }] },
        ],
      }),
    );
    expect(readFileSync(file).length).toBeLessThan(4 * MB);
    const before = peakRss();
    await expectRefused(
      file,
      /^too-large: The workbook part 'xl\/media\/image1\.png' inflates to 2 GB; a part is limited to 512 MB\.$/,
    );
    expect(peakRss() - before).toBeLessThan(300 * MB);
  });

  it('a zip bomb whose headers declare 1 MB is stopped once it inflates past that', async () => {
    const file = saved(
      'bomb-lying.xlsx',
      craftXlsx({
        header: HEADER,
        row: ROW,
        crafted: ['5'],
        extra: [
          {
            name: 'xl/media/image1.png',
            parts: [{ repeat: Buffer.alloc(MB), times: 1024 }],
            declaredSize: MB,
          },
        ],
      }),
    );
    const before = peakRss();
    await expectRefused(
      file,
      /^too-large: The workbook part 'xl\/media\/image1\.png' inflates beyond the 1 MB it declares; this workbook is damaged or crafted\.$/,
    );
    expect(peakRss() - before).toBeLessThan(300 * MB);
  });

  it('a cell over 32,767 characters is named with its size and the limit', async () => {
    const file = saved(
      'cell-40k.xlsx',
      craftXlsx({ header: HEADER, row: ROW, crafted: ['A'.repeat(40_000)] }),
    );
    await expectRefused(
      file,
      /^too-large: Cell C2 has 40,000 characters; cells are limited to 32,767 characters \(32 KB\)\.$/,
    );
  });

  it('a cell within the caps still imports', async () => {
    const file = saved('fine.xlsx', craftXlsx({ header: HEADER, row: ROW, crafted: ['12.50'] }));
    const preview = (await call('imports.preview', { path: file, fileName: 'fine.xlsx' })) as {
      rows: { cells: string[] }[];
      problem: string | null;
    };
    expect(preview.problem).toBeNull();
    expect(preview.rows.map((row) => row.cells)).toEqual([['o-1', '2024-01-05 10:00', '12.50']]);
  });
});

describe('a legal file is read off the studio thread', () => {
  it('imports.preview and imports.run parse in the import worker thread, not the main one', async () => {
    logLines.length = 0;
    const text = readFileSync(RETAIL, 'utf8');
    await call('imports.preview', { fileName: 'retail.csv', text, rows: 10 });
    const summary = (await call('imports.run', {
      fileName: 'retail.csv',
      text,
      source: 'online-retail',
    })) as { status: string; rowsRead: number };
    expect(summary.status).toBe('done');
    expect(summary.rowsRead).toBeGreaterThan(2_000);
    const reads = logLines.filter((line) => line.msg === 'import file read');
    expect(reads.map((line) => line.kind)).toEqual(['import-preview', 'import-read']);
    for (const line of reads) {
      expect(typeof line.threadId).toBe('number');
      expect(line.threadId).not.toBe(mainThreadId);
    }
  });
});
