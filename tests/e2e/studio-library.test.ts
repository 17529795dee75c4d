import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_OUT_DIR, PROJECT_ROOT } from '../../src/main/cli/project-paths';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { startBrowserHost, type BrowserHost } from '../../src/main/web-host/browser-host';
import { launchChromium } from '../helpers/chromium';
import { useTempDirs } from '../helpers/temp-dir';

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();

describe('studio in Chromium through the browser host', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  let dataDir: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
  });

  async function openStudio(): Promise<Page> {
    dataDir = tempDir();
    studio = createStudio({ dataDir, host: 'browser', logger: createSilentLogger() });
    host = await startBrowserHost({ studio, rendererDir: RENDERER_OUT_DIR, port: 0 });
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(host.url);
    Object.assign(page, { encoreErrors: errors });
    return page;
  }

  async function closeStudio(page: Page): Promise<void> {
    await page.close();
    await host.close();
    studio.close();
  }

  it('opens, switches language, loads the demo and lists sessions and learners', async () => {
    const page = await openStudio();
    // A fresh workspace in Chinese (the default), with the way to the demo offered.
    await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBe('我的工作区');
    await page.getByText('资料库还是空的').waitFor();
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'library-empty-zh-CN.png') });

    await page.getByTestId('language-select').selectOption('en');
    await page.getByText('Your library is empty').waitFor();
    await page.getByTestId('load-demo').click();
    await expect
      .poll(() => page.getByTestId('workspace-name').textContent(), { timeout: 20_000 })
      .toBe('Demo workspace');

    const courses = page.getByTestId('courses-table').locator('tbody tr');
    await expect.poll(() => courses.count()).toBeGreaterThanOrEqual(8);
    await page.screenshot({ path: join(SHOTS, 'library-courses-en.png') });

    await page.getByRole('tab', { name: /Classes/ }).click();
    const sessions = page.getByTestId('sessions-table').locator('tbody tr');
    await expect.poll(() => sessions.count()).toBeGreaterThanOrEqual(10);
    await expect.poll(() => sessions.first().textContent()).toMatch(/Ended/);
    await page.screenshot({ path: join(SHOTS, 'library-sessions-en.png') });

    await page.getByRole('tab', { name: /Learners/ }).click();
    const learners = page.getByTestId('learners-table').locator('tbody tr');
    await expect.poll(() => learners.count()).toBe(50);
    await page.getByText(/50 of \d{3} learners/).waitFor();
    await page.screenshot({ path: join(SHOTS, 'library-learners-en.png') });

    // The language choice is the core's preference: it survives a reload.
    expect(await studio.router.handle('settings.get', {}, { transport: 'test' })).toEqual({
      ok: true,
      value: { language: 'en', timeZone: 'UTC' },
    });
    await page.reload();
    await page.getByRole('tab', { name: /Learners/ }).waitFor();

    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByRole('tab', { name: /学员/ }).click();
    await expect
      .poll(() => page.getByTestId('learners-table').locator('tbody tr').count())
      .toBe(50);
    await page.screenshot({ path: join(SHOTS, 'library-learners-zh-CN.png') });
    await page.getByRole('tab', { name: /课堂/ }).click();
    await expect
      .poll(() => page.getByTestId('sessions-table').locator('tbody tr').first().textContent())
      .toMatch(/已结束/);
    await page.screenshot({ path: join(SHOTS, 'library-sessions-zh-CN.png') });

    expect((page as Page & { encoreErrors: string[] }).encoreErrors).toEqual([]);
    await closeStudio(page);
  });
});
