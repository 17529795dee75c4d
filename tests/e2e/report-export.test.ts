import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { REPORT_DATA_ELEMENT_ID } from '../../src/shared/contract/exports-api';
import { call } from '../helpers/audience';
import { launchChromium } from '../helpers/chromium';
import { collectErrors, startE2eStudio } from '../helpers/e2e-studio';
import { useTempDirs } from '../helpers/temp-dir';

// Report exports end to end: from the report screen in Chromium, the self-contained HTML file
// (opened offline from disk: it must render every section with nothing to fetch) and the PDF
// printed from it (its pages turned into images with poppler, its text read back).

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const SECTIONS = [
  'headline',
  'attendance',
  'engagement',
  'funnel',
  'polls',
  'repurchase',
  'segments',
  'insights',
] as const;
const REPORT_TIMEOUT_MS = 45_000;
const EXPORT_TIMEOUT_MS = 90_000;
const tempDir = useTempDirs();

describe('report exports: self-contained HTML and PDF', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  let title = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(tempDir()));
    await call(studio, 'workspace.loadDemo', {});
    await call(studio, 'settings.update', { language: 'zh-CN' });
  });

  afterAll(async () => {
    await browser.close();
    await host.close();
    studio.close();
  });

  it('exports HTML that opens offline with every section, and a multi-page readable PDF', async () => {
    const sessions = await call(studio, 'library.sessions', {});
    const newest = sessions
      .filter((s) => s.status === 'ended')
      .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))[0]!;
    title = newest.title;

    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(host.url);
    await page.getByTestId('nav-reports').click();
    await page.getByTestId(`open-report-${String(newest.id)}`).click();
    await page.getByTestId('report-body').waitFor({ timeout: REPORT_TIMEOUT_MS });

    // HTML: downloaded by the page from the browser host.
    const htmlDownload = page.waitForEvent('download', { timeout: EXPORT_TIMEOUT_MS });
    await page.getByTestId('report-export-html').click();
    const htmlFile = join(tempDir(), 'report.html');
    await (await htmlDownload).saveAs(htmlFile);
    const html = readFileSync(htmlFile, 'utf8');
    expect(html).toContain(`id="${REPORT_DATA_ELEMENT_ID}"`);
    expect(html).toContain(title);
    // Nothing to load from anywhere: no external script, style, image or font.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?(https?:|\/\/)/i);
    await expect
      .poll(() => page.getByTestId('report-export-status').textContent())
      .toContain('.html');

    // Opened from disk with every network request refused: it still shows the whole report.
    const offline = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    await offline.route(
      (url) => !url.href.startsWith('file:') && !url.href.startsWith('data:'),
      async (route) => {
        requests.push(route.request().url());
        await route.abort();
      },
    );
    const doc = await offline.newPage();
    const docErrors = collectErrors(doc);
    await doc.goto(pathToFileURL(htmlFile).href);
    await doc.getByTestId('report-doc').waitFor();
    for (const id of SECTIONS) {
      await doc.getByTestId(`report-section-${id}`).waitFor();
    }
    // The Satisfaction section and the offer experiment's comparison, as on the screen.
    await doc.getByTestId('report-section-satisfaction').waitFor();
    expect(await doc.getByTestId('satisfaction-card-score').textContent()).toMatch(/\d.*\/ 5/);
    expect(await doc.getByTestId('satisfaction-weights-text').count()).toBe(1);
    const lab = doc.getByTestId('report-offer-lab');
    await lab.waitFor();
    const labText = (await lab.textContent()) ?? '';
    expect(labText).toContain('A · plain');
    expect(labText).toContain('B · bonus workbook');
    expect(labText).toMatch(/p\s*[=<]/);
    await lab.screenshot({ path: join(SHOTS, 'report-export-offer-lab-zh-CN.png') });
    expect(await doc.locator('.recharts-surface').count()).toBeGreaterThan(0);
    expect(await doc.locator('h1').textContent()).toBe(title);
    // The studio's language at export time: Chinese.
    expect(await doc.getByTestId('report-section-headline').textContent()).toMatch(
      /[\u4e00-\u9fff]/,
    );
    await doc.screenshot({ path: join(SHOTS, 'report-export-html-zh-CN.png'), fullPage: false });
    expect(requests).toEqual([]);
    expect(docErrors).toEqual([]);
    await offline.close();

    // PDF: printed by headless Chromium from the same file.
    const pdfDownload = page.waitForEvent('download', { timeout: EXPORT_TIMEOUT_MS });
    await page.getByTestId('report-export-pdf').click();
    const pdfFile = join(tempDir(), 'report.pdf');
    await (await pdfDownload).saveAs(pdfFile);
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    const info = spawnSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1] ?? 0);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = spawnSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain(title);
    for (const heading of [
      '概览',
      '到课情况',
      '互动参与',
      '优惠与成交',
      '满意度',
      '优惠实验与个性化推荐',
      'bonus workbook',
    ])
      expect(text).toContain(heading);
    // Every page as an image, for a person to look at (and not blank for the test).
    const pagesDir = join(SHOTS, 'report-export-pdf');
    rmSync(pagesDir, { recursive: true, force: true });
    mkdirSync(pagesDir, { recursive: true });
    spawnSync('pdftoppm', ['-png', '-r', '60', pdfFile, join(pagesDir, 'page')]);
    const images = readdirSync(pagesDir).map((f) => join(pagesDir, f));
    expect(images.length).toBe(pages);
    // Every page carries text (none is a blank page or a picture of nothing).
    for (let n = 1; n <= pages; n += 1) {
      const pageText = spawnSync('pdftotext', ['-f', String(n), '-l', String(n), pdfFile, '-'], {
        encoding: 'utf8',
      }).stdout;
      expect(pageText.trim().length, `page ${String(n)}`).toBeGreaterThan(20);
    }

    await page.screenshot({ path: join(SHOTS, 'report-export-menu-zh-CN.png') });
    expect(errors).toEqual([]);
    await context.close();
    // A report job, an HTML export and a Chromium print to PDF: over a minute on a busy 2-core
    // machine (a guard against a hang, not a figure).
  }, 180_000);
});
