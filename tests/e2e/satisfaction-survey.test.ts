import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { createLiveClass, joinViewerPage, rateSurvey } from '../helpers/e2e-steps';
import { useTempDirs } from '../helpers/temp-dir';

// The end-of-class survey end to end in Chromium: the host opens it from the Live screen, two
// viewer pages (en, zh-CN) answer it, one changes her answer, the host closes it; then the class
// report's Satisfaction section on a demo class, in en and zh-CN.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
const test = { transport: 'test' } as const;

describe('satisfaction survey in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(tempDir()));
    const demo = await studio.router.handle('workspace.loadDemo', {}, test);
    expect(demo.ok).toBe(true);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await host.close();
    studio.close();
  });

  const joinAs = (url: string, name: string, locale: string): Promise<Page> =>
    joinViewerPage(browser, contexts, { url, name, locale });

  it('the host opens the survey, viewers answer and change it, the host closes it', async () => {
    const { page: panel, errors } = await openStudioPage(browser, host, contexts);
    const { sessionId, url } = await createLiveClass(studio, panel, {
      title: 'Live: survey check',
      course: 'Data Wrangling with pandas',
    });

    const ann = await joinAs(url, 'Ann', 'en');
    const bo = await joinAs(url, 'Bo', 'zh-CN');
    await panel.getByTestId('go-live').click();
    await expect.poll(() => panel.getByTestId('live-status').textContent()).toBe('Live');

    await panel.getByTestId('survey-open').click();
    await ann.getByTestId('survey-card').waitFor();
    await bo.getByTestId('survey-card').waitFor();
    expect(await ann.getByTestId('survey-submit').isDisabled()).toBe(true);

    await rateSurvey(ann, [5, 4, 5], 9);
    await ann.getByTestId('survey-comment').fill('Clear and useful, thank you!');
    await ann.getByTestId('survey-card').screenshot({ path: join(SHOTS, 'viewer-survey-en.png') });
    await ann.getByTestId('survey-submit').click();
    await ann.getByTestId('survey-thanks').waitFor();

    await rateSurvey(bo, [3, 4, 2], 6);
    await bo.getByTestId('survey-comment').fill('节奏有点快');
    await bo.getByTestId('survey-submit').click();
    await bo.getByTestId('survey-thanks').waitFor();
    await bo
      .getByTestId('survey-card')
      .screenshot({ path: join(SHOTS, 'viewer-survey-zh-CN.png') });

    // Ann changes her mind about the teacher: still one answer, now updated.
    await ann.getByTestId('survey-teacher-2').click();
    await ann.getByTestId('survey-submit').click();
    const db = studio.workspace().db;
    const answers = () =>
      db
        .prepare(
          `SELECT l.display_name AS name, a.class_rating AS c, a.teacher_rating AS t,
             a.content_rating AS k, a.recommend AS r, a.comment
           FROM satisfaction_answers a JOIN satisfaction_surveys s ON s.id = a.survey_id
           JOIN learners l ON l.id = a.learner_id WHERE s.session_id = ? ORDER BY name`,
        )
        .all(sessionId);
    await expect.poll(() => JSON.stringify(answers())).toContain('"t":2');
    expect(answers()).toEqual([
      { name: 'Ann', c: 5, t: 2, k: 5, r: 9, comment: 'Clear and useful, thank you!' },
      { name: 'Bo', c: 3, t: 4, k: 2, r: 6, comment: '节奏有点快' },
    ]);

    await expect
      .poll(() => panel.getByTestId('survey-live-status').textContent())
      .toContain('2 answers');
    await panel.getByTestId('survey-close').click();
    await ann.getByTestId('survey-card').and(ann.locator('[data-state=closed]')).waitFor();
    await bo.getByText('问卷已关闭，谢谢参与！').waitFor();
    // The survey at End is on for a new class, and can be switched off from the card.
    const card = panel.locator('section.survey-live');
    expect(await card.getByTestId('survey-at-end').isChecked()).toBe(true);
    await card.screenshot({ path: join(SHOTS, 'live-survey-card-en.png') });
    await panel.getByTestId('language-select').selectOption('zh-CN');
    await card.getByText('下课时自动发起', { exact: false }).waitFor();
    await card.screenshot({ path: join(SHOTS, 'live-survey-card-zh-CN.png') });
    await card.getByTestId('survey-at-end').click();
    await expect.poll(() => card.getByTestId('survey-at-end').isChecked()).toBe(false);
    await expect
      .poll(async () => {
        const r = await studio.router.handle('survey.configure', { sessionId }, test);
        return r.ok ? (r.value as { atEnd: boolean }).atEnd : null;
      })
      .toBe(false);
    await panel.getByTestId('language-select').selectOption('en');
    expect(errors).toEqual([]);
  }, 180_000);

  it('shows the Satisfaction section of a demo class report, in en and zh-CN', async () => {
    const { page } = await openStudioPage(browser, host, contexts);
    const sessions = await studio.router.handle('library.sessions', {}, test);
    if (!sessions.ok) throw new Error('no sessions');
    const ended = (sessions.value as { id: number; status: string; startedAt: number | null }[])
      .filter((s) => s.status === 'ended')
      .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
    const newest = ended[0];
    if (!newest) throw new Error('no ended class');
    await page.getByTestId('nav-reports').click();
    await page.getByTestId(`open-report-${String(newest.id)}`).click();
    // The report is computed by the analytics worker: slow on a busy machine.
    await page.getByTestId('report-body').waitFor({ timeout: 120_000 });
    const section = page.getByTestId('report-section-satisfaction');
    await section.getByTestId('satisfaction-card-score').waitFor({ timeout: 30_000 });
    expect(await section.getByTestId('satisfaction-card-nps').textContent()).toMatch(/[+−]?\d+/);
    await section.screenshot({ path: join(SHOTS, 'report-satisfaction-en.png') });

    // The weights are visible and adjustable: 1:1:2 is saved as 0.25, 0.25, 0.5.
    await section.getByTestId('satisfaction-weight-class').fill('1');
    await section.getByTestId('satisfaction-weight-teacher').fill('1');
    await section.getByTestId('satisfaction-weight-content').fill('2');
    await section.getByRole('button', { name: 'Save weights' }).click();
    await expect
      .poll(() => section.getByTestId('satisfaction-weight-content').inputValue())
      .toBe('0.5');

    await page.getByTestId('language-select').selectOption('zh-CN');
    await section.getByText('满意度得分', { exact: true }).waitFor();
    await section.screenshot({ path: join(SHOTS, 'report-satisfaction-zh-CN.png') });
  }, 240_000);
});
