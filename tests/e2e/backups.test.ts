import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import { launchChromium } from '../helpers/chromium';
import { collectErrors, startE2eStudio } from '../helpers/e2e-studio';
import { useTempDirs } from '../helpers/temp-dir';

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();

describe('Library → Backups', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
  });

  it('backs up now, lists the backup, restores it into a new workspace and opens it', async () => {
    const { studio, host } = await startE2eStudio(tempDir());
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'en' });
    const errors = collectErrors(page);
    try {
      const demo = await studio.router.handle('workspace.loadDemo', {}, { transport: 'test' });
      expect(demo.ok).toBe(true);
      await page.goto(host.url);
      await page.getByTestId('language-select').selectOption('en');
      await page.getByRole('tab', { name: /Backups/ }).click();
      await page.getByText('No backups of this workspace yet.').waitFor();

      await page.getByTestId('backup-now').click();
      const rows = page.getByTestId('backups-table').locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
      await expect.poll(() => rows.first().textContent()).toMatch(/By hand.*Can be restored/);
      await page.screenshot({ path: join(SHOTS, 'library-backups-en.png') });

      await rows.first().getByRole('button', { name: 'Restore as a new workspace' }).click();
      const restored = page.getByTestId('backup-restored');
      await expect
        .poll(() => restored.textContent(), { timeout: 20_000 })
        .toMatch(/Restored into a new workspace “demo-\d{8}”/);
      await page.screenshot({ path: join(SHOTS, 'library-backups-restored-en.png') });
      await restored.getByRole('button', { name: 'Open it' }).click();
      await expect
        .poll(() => page.getByTestId('workspace-name').textContent())
        .toMatch(/^demo-\d{8}$/);
      // The restored workspace holds the demo's courses.
      await page.getByRole('tab', { name: /Courses/ }).click();
      await expect
        .poll(() => page.getByTestId('courses-table').locator('tbody tr').count())
        .toBeGreaterThanOrEqual(8);

      await page.getByTestId('language-select').selectOption('zh-CN');
      await page.getByRole('button', { name: '返回我的工作区' }).click();
      await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBe('我的工作区');
      const reopen = await studio.router.handle(
        'workspace.open',
        { name: 'demo' },
        { transport: 'test' },
      );
      expect(reopen.ok).toBe(true);
      await page.getByRole('tab', { name: /备份/ }).click();
      await expect.poll(() => rows.first().textContent()).toMatch(/手动.*可以恢复/);
      await page.screenshot({ path: join(SHOTS, 'library-backups-zh-CN.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await host.close();
      studio.close();
    }
  });
});
