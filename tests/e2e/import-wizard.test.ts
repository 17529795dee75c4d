import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import type { MethodInput, MethodName } from '../../src/shared/contract/studio-api';
import { launchChromium } from '../helpers/chromium';
import {
  closeE2eStudio,
  cspViolations,
  openStudioPage,
  startE2eStudio,
} from '../helpers/e2e-studio';
import { gb18030 } from '../helpers/e2e-steps';
import { useTempDirs } from '../helpers/temp-dir';

// Library → Orders → Import in Chromium, with a 小鹅通-style export as Chinese Windows writes it:
// GB18030 bytes, Chinese headers, a coupon column, a refund, an impossible date and a quote that
// is never closed. The bad rows are listed with the lines a text editor shows; the coupon orders
// go to the offer that carried the coupon; an order without any buyer identity is linked by hand;
// importing again changes nothing; undoing the run removes exactly its rows. Each step is
// photographed in en and zh-CN.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
const STEP_TIMEOUT_MS = 60_000;

const CSV = [
  '订单号,商品名称,用户昵称,用户ID,手机号,实付金额(元),退款金额,订单状态,支付时间,优惠码',
  'XE1001,Python 入门,王小明,u1001,13800138001,199.00,0,已支付,2024-03-01 20:15:00,LIVE50',
  'XE1002,Python 入门（第2期）,李华,u1002,13800138002,299.00,0,已支付,2024-03-01 20:20:00,live50',
  'XE1003,Excel 数据分析,张伟,u1003,13800138003,99.00,99.00,已退款,2024-03-02 09:00:00,',
  'XE1004,Python 入门,赵敏,u1004,13800138004,199.00,0,已支付,2024-02-30 10:00:00,LIVE50',
  'XE1005,Python 入门,"钱多多,u1005,13800138005,199.00,0,已支付,2024-03-03 10:00:00,',
  'XE1006,Python 入门,孙丽,,,199.00,0,已支付,2024-03-04 11:00:00,LIVE50',
  'XE1007,Excel 数据分析,周杰,u1007,13800138007,99.00,0,已支付,2024-03-05 12:00:00,',
].join('\r\n');
const BAD_DATE_LINE = 5;
const UNCLOSED_LINE = 6;
/** The offer of LIVE50, pushed at 20:00 Beijing time on 1 March 2024. */
const OFFER_PUSHED_AT = Date.UTC(2024, 2, 1, 12, 0);

describe('Library → Orders → Import in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];

  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<unknown> {
    const envelope = await studio.router.handle(method, input, { transport: 'test' });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(tempDir()));
    await call('course.create', { title: 'Python 入门', priceMinor: 19900, currency: 'CNY' });
    await call('course.create', { title: 'Python 进阶', priceMinor: 29900, currency: 'CNY' });
    // A class that pushed an offer with the coupon (what going live does, written directly).
    studio.workspace().db.exec(`
      INSERT INTO sessions (id, course_id, title, status, started_at, ended_at, created_at)
        VALUES (1, 1, 'Python 公开课', 'ended', ${OFFER_PUSHED_AT - 3_600_000}, ${OFFER_PUSHED_AT + 3_600_000}, ${OFFER_PUSHED_AT - 7_200_000});
      INSERT INTO offers (id, session_id, course_id, title, price_minor, currency, coupon_code, pushed_at)
        VALUES (1, 1, 1, 'Python 入门 直播价', 14900, 'CNY', 'LIVE50', ${OFFER_PUSHED_AT});
    `);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await closeE2eStudio(studio, host);
  });

  const db = () => studio.workspace().db;
  const orders = () =>
    db()
      .prepare(
        'SELECT external_id, learner_id, offer_id, status, import_run_id FROM orders ORDER BY external_id',
      )
      .all() as {
      external_id: string;
      learner_id: number | null;
      offer_id: number | null;
      status: string;
      import_run_id: number | null;
    }[];

  /** The wizard from the file to the result; photographs each step as `import-<step>-<lang>`. */
  async function runWizard(
    page: Page,
    lang: 'en' | 'zh-CN' | null,
    firstTime: boolean,
    csv = CSV,
  ): Promise<void> {
    const shot = async (step: string): Promise<void> => {
      if (lang === null) return;
      await page.screenshot({ path: join(SHOTS, `import-${step}-${lang}.png`), fullPage: true });
    };
    await page.getByTestId('orders-import').click();
    const wizard = page.getByTestId('import-wizard');
    await wizard.waitFor();
    await shot('1-file');
    await wizard.getByTestId('import-file').setInputFiles({
      name: 'xiaoe-orders.csv',
      mimeType: 'text/csv',
      buffer: gb18030(csv),
    });
    await wizard.getByTestId('import-preview').waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await wizard.getByTestId('import-encoding').textContent()).toContain('GB18030');
    expect(await wizard.getByTestId('import-preset').textContent()).toMatch(/小鹅通.*88%/);
    // The coupon column is found by its Chinese name; Chinese names read as written.
    expect(await wizard.getByTestId('import-column-couponCode').inputValue()).toBe('优惠码');
    expect(await wizard.getByTestId('import-preview').textContent()).toContain('王小明');
    if (firstTime) {
      // The workspace's zone (UTC) is the default; Beijing time is chosen and kept.
      expect(await wizard.getByTestId('import-time-zone').inputValue()).toBe('UTC');
      await wizard.getByTestId('import-time-zone').fill('Asia/Shanghai');
      await wizard.getByRole('checkbox').check();
    } else {
      expect(await wizard.getByTestId('import-time-zone').inputValue()).toBe('Asia/Shanghai');
    }
    // The preview says what is wrong with the impossible date, on its own line.
    const previewRows = wizard.getByTestId('import-preview').locator('tbody tr');
    await expect
      .poll(() => previewRows.filter({ hasText: 'XE1004' }).textContent())
      .toMatch(new RegExp(`^${String(BAD_DATE_LINE)}.*2024-02-30`));
    // …in the studio's language (the reason's code, translated like the result step's).
    if (lang === 'zh-CN') {
      expect(await previewRows.filter({ hasText: 'XE1004' }).textContent()).toContain(
        '无法识别的日期',
      );
    }
    await shot('2-mapping');

    await wizard.getByTestId('import-next').click();
    await wizard.getByTestId('import-courses').waitFor({ timeout: STEP_TIMEOUT_MS });
    const choices = wizard.getByTestId('course-choice');
    if (firstTime) {
      // Exact title: linked; the close one: confirmed; the missing one: created.
      expect(await wizard.getByTestId('course-linked').count()).toBe(1);
      expect(await choices.count()).toBe(2);
      await choices.nth(0).selectOption({ index: 1 });
      await choices.nth(1).selectOption('create');
    } else {
      // Confirmed and created before: those link by themselves now.
      expect(await wizard.getByTestId('course-linked').count()).toBe(3);
      expect(await choices.count()).toBe(csv === CSV ? 0 : 1);
    }
    await shot('3-courses');

    await wizard.getByTestId('import-start').click();
    await wizard.getByTestId('import-result').waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  it('imports a GB18030 小鹅通 export, lists its bad rows by line, links, re-imports and undoes', async () => {
    const { page, errors } = await openStudioPage(browser, host, contexts);
    await page.locator('#library-tab-orders').click();
    await page.getByTestId('orders-panel').waitFor();

    await runWizard(page, 'en', true);
    const wizard = page.getByTestId('import-wizard');
    const count = (key: string) =>
      wizard.getByTestId(`import-count-${key}`).locator('strong').textContent();
    expect(await count('imported')).toBe('5');
    expect(await count('duplicates')).toBe('0');
    expect(await count('refunds')).toBe('1');
    expect(await count('badRows')).toBe('2');
    expect(await count('unmatched')).toBe('1');
    const issueRows = wizard.getByTestId('import-issues').locator('tbody tr');
    const issues = await issueRows.allTextContents();
    expect(issues).toHaveLength(3); // two rejected rows and the note that the file is GB18030
    expect(issues.find((row) => row.includes('XE1004'))).toMatch(
      new RegExp(`^${String(BAD_DATE_LINE)}Rejected`),
    );
    expect(issues.find((row) => row.includes('never closed'))).toMatch(
      new RegExp(`^${String(UNCLOSED_LINE)}Rejected.*Line ${String(UNCLOSED_LINE)} opens`),
    );
    await page.screenshot({ path: join(SHOTS, 'import-4-result-en.png'), fullPage: true });

    // The bad rows as CSV: BOM, the same lines and reasons.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      wizard.getByTestId('import-download-issues').click(),
    ]);
    expect(download.suggestedFilename()).toBe('xiaoe-orders-bad-rows.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFLine,Kind,Order,Reason\r\n')).toBe(true);
    expect(csv).toContain(`\r\n${String(BAD_DATE_LINE)},Rejected,XE1004,`);
    expect(csv).toContain(`\r\n${String(UNCLOSED_LINE)},Rejected,,`);

    // In the database: the coupon orders belong to the offer, the courses are linked, times
    // were read in Beijing time.
    const first = orders();
    expect(first.map((o) => o.external_id)).toEqual([
      'XE1001',
      'XE1002',
      'XE1003',
      'XE1006',
      'XE1007',
    ]);
    expect(Object.fromEntries(first.map((o) => [o.external_id, o.offer_id]))).toEqual({
      XE1001: 1,
      XE1002: 1,
      XE1003: null,
      XE1006: 1,
      XE1007: null,
    });
    expect(first.find((o) => o.external_id === 'XE1003')?.status).toBe('refunded');
    const runId = first[0]?.import_run_id;
    expect(first.every((o) => o.import_run_id === runId && runId !== null)).toBe(true);
    expect(
      db()
        .prepare(
          `SELECT l.title, c.title AS course FROM order_lines l JOIN orders o ON o.id = l.order_id
           LEFT JOIN courses c ON c.id = l.course_id ORDER BY o.external_id`,
        )
        .all(),
    ).toEqual([
      { title: 'Python 入门', course: 'Python 入门' },
      { title: 'Python 入门（第2期）', course: 'Python 入门' },
      { title: 'Excel 数据分析', course: 'Excel 数据分析' },
      { title: 'Python 入门', course: 'Python 入门' },
      { title: 'Excel 数据分析', course: 'Excel 数据分析' },
    ]);
    expect(
      db().prepare("SELECT ordered_at FROM orders WHERE external_id = 'XE1001'").get(),
    ).toEqual({ ordered_at: Date.UTC(2024, 2, 1, 12, 15) });

    // The order without any identity is linked by hand to a new learner.
    await page.getByTestId('import-close').click();
    const unmatched = page.getByTestId('unmatched-order');
    await expect.poll(() => unmatched.count()).toBe(1);
    expect(await unmatched.first().textContent()).toContain('XE1006');
    await page.screenshot({ path: join(SHOTS, 'import-5-unmatched-en.png'), fullPage: true });
    await unmatched.first().getByTestId('link-new-name').fill('孙丽');
    await unmatched.first().getByTestId('link-create').click();
    await page.getByTestId('unmatched-notice').waitFor();
    await expect.poll(() => unmatched.count()).toBe(0);
    const linked = orders().find((o) => o.external_id === 'XE1006')?.learner_id;
    expect(linked).not.toBeNull();

    // Importing the same file again changes nothing.
    const before = JSON.stringify(db().prepare('SELECT * FROM orders ORDER BY id').all());
    const learnersBefore = db().prepare('SELECT count(*) AS n FROM learners').get();
    await runWizard(page, null, false);
    expect(await count('imported')).toBe('0');
    expect(await count('updated')).toBe('0');
    expect(await count('duplicates')).toBe('5');
    expect(JSON.stringify(db().prepare('SELECT * FROM orders ORDER BY id').all())).toBe(before);
    expect(db().prepare('SELECT count(*) AS n FROM learners').get()).toEqual(learnersBefore);
    await page.getByTestId('import-close').click();

    // Undo the first run: exactly its orders go, with the learners it created; the learner made
    // by hand stays (the import did not make them).
    const runs = page.getByTestId('import-run');
    await expect.poll(() => runs.count()).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'import-6-history-en.png'), fullPage: true });
    await runs.nth(1).getByTestId('import-undo').click();
    await page.getByTestId('orders-notice').waitFor();
    expect(await page.getByTestId('orders-notice').textContent()).toBe(
      'Import undone: 5 orders and 4 learners removed.',
    );
    expect(orders()).toEqual([]);
    expect(db().prepare('SELECT display_name FROM learners ORDER BY id').all()).toEqual([
      { display_name: '孙丽' },
    ]);
    expect(await runs.nth(1).textContent()).toContain('Undone');

    // zh-CN: the same steps, photographed, with one more product that is not in the catalogue
    // (left unlinked); the undone import comes back whole.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await runWizard(
      page,
      'zh-CN',
      false,
      `${CSV}\r\nXE1008,Python 入门 直播回放,吴昊,u1008,13800138008,49.00,0,已支付,2024-03-06 12:00:00,`,
    );
    expect(await count('imported')).toBe('6');
    expect(await wizard.getByTestId('import-issues').textContent()).toContain('已拒绝');
    await page.screenshot({ path: join(SHOTS, 'import-4-result-zh-CN.png'), fullPage: true });
    await page.getByTestId('import-close').click();
    await expect.poll(() => unmatched.count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'import-5-unmatched-zh-CN.png'), fullPage: true });
    expect(orders().map((o) => o.external_id)).toEqual([
      'XE1001',
      'XE1002',
      'XE1003',
      'XE1006',
      'XE1007',
      'XE1008',
    ]);

    expect(errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});
