import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import { databaseFile, workspaceDir } from '../../src/main/storage/workspace';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { launchChromium } from '../helpers/chromium';
import { collectErrors, startE2eStudio } from '../helpers/e2e-studio';

// The Courses and Workspace views of the Reports screen in Chromium through the browser host:
// the empty state of a workspace without orders; on the demo workspace, the tabs by keyboard, a
// course dashboard and the workspace overview with charts drawn from the core's numbers; then a
// workspace whose courses have three classes each, so that the course trends have a shape.
// Screenshots at 1280 px in English and Chinese: test-results/screenshots/dash-*.png.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const JOB_TIMEOUT_MS = 60_000;

describe('course dashboard and workspace overview in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  let dataDir: string;

  async function call<M extends MethodName>(
    method: M,
    input: MethodInput<M>,
  ): Promise<MethodOutput<M>> {
    const result = await studio.router.handle(method, input, { transport: 'test' });
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as MethodOutput<M>;
  }

  async function openPage(language: 'en' | 'zh-CN'): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      locale: language,
    });
    const errors = collectErrors(page);
    await page.goto(host.url);
    await page.getByTestId('language-select').selectOption(language);
    await page.getByTestId('nav-reports').click();
    return { page, errors };
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    dataDir = mkdtempSync(join(tmpdir(), 'encore-dashboards-e2e-'));
    ({ studio, host } = await startE2eStudio(dataDir));
    await call('settings.update', { language: 'en' });
  });

  afterAll(async () => {
    await browser.close();
    await host.close();
    studio.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says so when the workspace has no orders yet', async () => {
    const { page, errors } = await openPage('en');
    await page.getByTestId('reports-tab-workspace').click();
    await expect
      .poll(() => page.getByTestId('reports-panel-workspace').textContent(), {
        timeout: JOB_TIMEOUT_MS,
      })
      .toContain('No orders yet');
    expect(await page.getByTestId('workspace-overview').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'dash-workspace-empty-en.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a demo course and the workspace overview, by keyboard, with charts of the core’s numbers', async () => {
    await call('workspace.loadDemo', {});
    const courses = await call('library.courses', {});
    const course = courses[0]!;
    const dashboard = await call('analytics.course', { courseId: course.id });
    const overview = await call('analytics.workspace', {});
    expect(dashboard.classes.length).toBeGreaterThan(0);
    expect(overview.forecast).not.toBeNull();

    const { page, errors } = await openPage('en');
    // The Classes view is first; arrow keys move between the views and select them.
    const classesTab = page.getByTestId('reports-tab-classes');
    expect(await classesTab.getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('report-sessions').waitFor();
    await classesTab.focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByTestId('reports-tab-courses').getAttribute('aria-selected'))
      .toBe('true');
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('reports-tab-courses');
    expect(await classesTab.getAttribute('tabindex')).toBe('-1');

    // Courses → the first course's dashboard.
    const rows = page.getByTestId('dash-courses').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(courses.length);
    await page.getByTestId(`open-course-${course.id}`).click();
    await page.getByTestId('course-dashboard').waitFor({ timeout: JOB_TIMEOUT_MS });
    await expect.poll(() => page.getByTestId('course-title').textContent()).toBe(course.title);
    // One point per class on the attendance chart, every class in the table.
    const attendance = page.getByTestId('attendance-trend-chart');
    await expect
      .poll(() => attendance.locator('.recharts-line-dots circle').count())
      .toBe(dashboard.classes.length * 3);
    expect(await page.getByTestId('course-classes').locator('tbody tr').count()).toBe(
      dashboard.classes.length,
    );
    expect(
      await page.getByTestId('course-classes').locator('tbody tr').first().textContent(),
    ).toContain(
      dashboard.classes[dashboard.classes.length - 1]!.uniqueViewers.toLocaleString('en'),
    );
    // One demo class per course: the dashboard says a trend needs a second one.
    if (dashboard.classes.length === 1) {
      await page.getByTestId('trend-note').first().waitFor();
    }
    // Repurchase windows with their counts, and a heatmap cell per observed month.
    const repurchase = dashboard.repurchase!;
    for (const w of repurchase.windows) {
      await expect
        .poll(() => page.getByTestId(`repurchase-${w.windowDays}`).textContent())
        .toContain(`${w.repurchased} of ${w.eligible} buyers bought again`);
    }
    const cohorts = dashboard.cohorts!;
    const observed = cohorts.cohorts.reduce(
      (s, c) => s + c.share.filter((v, k) => k > 0 && v !== null).length,
      0,
    );
    expect(
      await page.getByTestId('cohort-heatmap').locator('td.heat-cell[data-share]').count(),
    ).toBe(observed);
    expect(await page.getByTestId('cohort-heatmap').locator('tbody tr').count()).toBe(
      cohorts.cohorts.length,
    );
    // Every section says how its figures are computed.
    for (const id of ['attendance', 'conversion', 'repurchase', 'cohorts']) {
      const how = page.getByTestId(`dash-how-${id}`);
      await how.locator('summary').click();
      expect(await how.locator('li').count(), id).toBeGreaterThan(1);
    }
    await page.screenshot({ path: join(SHOTS, 'dash-course-demo-en.png'), fullPage: true });

    // The Workspace view, by keyboard from the Courses tab.
    await page.getByTestId('reports-tab-courses').focus();
    await page.keyboard.press('End');
    await expect
      .poll(() => page.getByTestId('reports-tab-workspace').getAttribute('aria-selected'))
      .toBe('true');
    await page.getByTestId('workspace-overview').waitFor({ timeout: JOB_TIMEOUT_MS });
    const months = overview.revenue.months.filter((m) => (m.byCurrency.CNY ?? 0) > 0).length;
    await expect
      .poll(() => page.getByTestId('revenue-chart').locator('.recharts-bar-rectangle path').count())
      .toBe(months);
    expect(
      await page.getByTestId('buyers-chart').locator('.recharts-bar-rectangle path').count(),
    ).toBeGreaterThan(0);
    expect(
      await page.getByTestId('spent-chart').locator('.recharts-bar-rectangle path').count(),
    ).toBeGreaterThan(0);
    expect(
      await page.getByTestId('predicted-chart').locator('.recharts-bar-rectangle path').count(),
    ).toBeGreaterThan(0);
    // The forecast: a band drawn as an area and the expected line, and the numbers of the core.
    const forecastChart = page.getByTestId('forecast-chart');
    await expect
      .poll(() => forecastChart.locator('.recharts-area-area').getAttribute('d'))
      .toMatch(/^M/);
    expect(await forecastChart.locator('.recharts-line-curve').count()).toBe(1);
    const end = overview.forecast!.weeks[overview.forecast!.weeks.length - 1]!;
    const summary = await page.getByTestId('forecast-summary').textContent();
    expect(summary).toContain(Math.round(end.expected).toLocaleString('en'));
    expect(summary).toContain(Math.round(end.lower).toLocaleString('en'));
    expect(summary).toContain(Math.round(end.upper).toLocaleString('en'));
    for (const id of ['revenue', 'buyers', 'values', 'forecast']) {
      const how = page.getByTestId(`dash-how-${id}`);
      await how.locator('summary').click();
      expect(await how.locator('li').count(), id).toBeGreaterThan(1);
    }
    await expect
      .poll(() => page.getByTestId('dash-how-forecast').textContent())
      .toMatch(/Not covered/);
    // The monthly sales forecast: the method the back-test chose and why, or why there is none.
    for (const kind of ['revenue', 'newBuyers'] as const) {
      const series = overview.salesForecast[kind]!;
      const block = page.getByTestId(`sales-forecast-${kind}`);
      if (series.status === 'tooShort') {
        expect(await block.getByTestId(`sales-forecast-${kind}-short`).textContent()).toContain(
          `${series.needed} complete months`,
        );
      } else {
        expect(await block.getAttribute('data-method')).toBe(series.method);
        expect(
          await page.getByTestId(`sales-forecast-${kind}-table`).locator('tbody tr').count(),
        ).toBe(series.points.length);
        expect(await page.getByTestId(`sales-forecast-${kind}-why`).textContent()).toMatch(
          series.method === 'sarima' ? /Seasonal ARIMA is shown/ : /Seasonal naive is shown/,
        );
      }
    }
    await page.getByTestId('dash-how-sales-forecast').locator('summary').click();
    await page
      .getByTestId('dash-section-sales-forecast')
      .screenshot({ path: join(SHOTS, 'dash-sales-forecast-demo-en.png') });
    await page.screenshot({ path: join(SHOTS, 'dash-workspace-demo-en.png'), fullPage: true });

    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws a course’s trend across several classes, in English and Chinese', async () => {
    // The default workspace, closed while the demo is open, filled with the demo generator at
    // three classes per course.
    const db = openDatabase(databaseFile(workspaceDir(dataDir, 'default')));
    generateDemoWorkspace(db, { seed: 7, now: Date.now(), sessions: 36 });
    db.close();
    await call('workspace.open', { name: 'default' });
    const dashboard = await call('analytics.course', { courseId: 1 });
    expect(dashboard.classes.length).toBe(3);

    for (const language of ['en', 'zh-CN'] as const) {
      const { page, errors } = await openPage(language);
      await page.getByTestId('reports-tab-courses').click();
      await page.getByTestId('open-course-1').click();
      await page.getByTestId('course-dashboard').waitFor({ timeout: JOB_TIMEOUT_MS });
      const lines = page.getByTestId('attendance-trend-chart').locator('.recharts-line-curve');
      await expect.poll(() => lines.count()).toBe(3);
      expect(await lines.first().getAttribute('d')).toMatch(/^M[^L]*L/);
      expect(await page.getByTestId('trend-note').count()).toBe(0);
      if (language === 'zh-CN') {
        await expect
          .poll(() => page.locator('#dash-attendance-title').textContent())
          .toBe('各节课的到课情况');
      }
      await page.screenshot({ path: join(SHOTS, `dash-course-${language}.png`), fullPage: true });
      // Return rate from class to class: one row per class, the last without a next class.
      const returnRows = page.getByTestId('return-rate-table').locator('tbody tr');
      await expect.poll(() => returnRows.count()).toBe(dashboard.classes.length);
      expect(await page.getByTestId('return-rate-summary').textContent()).toMatch(/\d/);
      await page
        .getByTestId('dash-section-return-rate')
        .screenshot({ path: join(SHOTS, `dash-return-rate-${language}.png`) });

      await page.getByTestId('reports-tab-workspace').click();
      await page.getByTestId('workspace-overview').waitFor({ timeout: JOB_TIMEOUT_MS });
      await page
        .getByTestId('forecast-chart')
        .locator('.recharts-area-area')
        .waitFor({ timeout: JOB_TIMEOUT_MS });
      await page.screenshot({
        path: join(SHOTS, `dash-workspace-${language}.png`),
        fullPage: true,
      });
      await page
        .getByTestId('dash-section-sales-forecast')
        .screenshot({ path: join(SHOTS, `dash-sales-forecast-${language}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
