import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../src/main/app/create-studio';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { HIGH_VALUE_CSV_COLUMNS } from '../../src/renderer/studio/screens/reports/dashboards/high-value-csv';
import { call } from '../helpers/audience';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';

// The workspace overview's high-value learners in Chromium on the demo workspace: the rows and
// reasons the core computed, in English and Chinese, and the CSV export with contacts only of
// learners who agreed to follow-ups. Screenshots: test-results/screenshots/high-value-*.png.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const JOB_TIMEOUT_MS = 60_000;

describe('high-value learners in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  let dataDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    dataDir = mkdtempSync(join(tmpdir(), 'encore-high-value-e2e-'));
    ({ studio, host } = await startE2eStudio(dataDir));
    await call(studio, 'workspace.loadDemo', {});
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    const closing = studio.audience.close();
    await host.close();
    studio.close();
    await closing;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists them with the reason, in English and Chinese, and exports the CSV', async () => {
    const { page, errors } = await openStudioPage(browser, host, contexts);
    for (const language of ['en', 'zh-CN'] as const) {
      await page.getByTestId('language-select').selectOption(language);
      await call(studio, 'settings.update', { language });
      const list = await call(studio, 'analytics.highValue', {});
      expect(list.rows.length).toBeGreaterThan(0);
      await page.getByTestId('nav-reports').click();
      await page.getByTestId('reports-tab-workspace').click();
      const table = page.getByTestId('high-value-table');
      await table.waitFor({ timeout: JOB_TIMEOUT_MS });
      await expect.poll(() => table.locator('tbody tr').count()).toBe(list.rows.length);
      const first = list.rows[0]!;
      await expect
        .poll(() => table.locator('tbody tr').first().textContent())
        .toContain(first.reason);
      expect(first.reason).toMatch(language === 'en' ? /^Predicted to spend/ : /^预计未来/);
      const section = page.getByTestId('dash-section-high-value');
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(SHOTS, `high-value-${language}.png`) });
      if (language === 'en') {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByTestId('high-value-export').click(),
        ]);
        expect(download.suggestedFilename()).toBe('high-value-learners.csv');
        const text = readFileSync(await download.path(), 'utf8');
        const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
          header: true,
          skipEmptyLines: true,
        });
        expect(parsed.meta.fields).toEqual([...HIGH_VALUE_CSV_COLUMNS]);
        const all = await call(studio, 'followUps.highValueExport', { limit: 500 });
        expect(parsed.data.map((r) => Number(r.learner_id))).toEqual(
          all.rows.map((r) => r.learnerId),
        );
        const withContact = parsed.data.filter((r) => r.email !== '' || r.phone !== '');
        expect(withContact.length).toBeGreaterThan(0);
        for (const r of withContact) expect(r.agreed_to_follow_up).toBe('yes');
        expect(parsed.data.some((r) => r.agreed_to_follow_up === 'no')).toBe(true);
        await expect
          .poll(() => page.getByTestId('high-value-exported').textContent())
          .toContain(`Saved ${String(all.rows.length)} rows`);
      }
    }
    expect(errors).toEqual([]);
  });
});
