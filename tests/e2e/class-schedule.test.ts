import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { launchChromium } from '../helpers/chromium';
import {
  collectErrors,
  cspViolations,
  keepOnLoopback,
  startE2eStudio,
  watchCspViolations,
} from '../helpers/e2e-studio';
import { downloadText, localInput } from '../helpers/e2e-steps';
import { useTempDirs } from '../helpers/temp-dir';

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const DAY_MS = 24 * 3_600_000;
const tempDir = useTempDirs();

describe('classes ahead of time in the studio', () => {
  let browser: Browser;
  const running: { studio: Studio; host: BrowserHost }[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    for (const { studio, host } of running.splice(0)) {
      await host.close();
      const closing = studio.audience.close();
      studio.close();
      await closing;
    }
  });
  afterAll(async () => {
    await browser.close();
  });

  it('schedules a class, lists it with its join link, downloads its .ics, edits and cancels it', async () => {
    const started = await startE2eStudio(tempDir());
    running.push(started);
    const { studio, host } = started;
    const demo = await studio.router.handle('workspace.loadDemo', {}, { transport: 'test' });
    expect(demo.ok).toBe(true);
    const downloads = tempDir();

    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'en',
      acceptDownloads: true,
    });
    contexts.push(context);
    await keepOnLoopback(context);
    await watchCspViolations(context);
    const page = await context.newPage();
    const errors = collectErrors(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(host.url);
    await page.getByTestId('language-select').selectOption('en');
    await page.getByTestId('nav-library').click();
    await page.getByRole('tab', { name: /Classes/ }).click();
    await page.getByTestId('upcoming-empty').waitFor();

    // The form, filled in.
    await page.getByTestId('schedule-open').click();
    const form = page.getByTestId('schedule-form');
    await form.waitFor();
    const courseOptions = page.getByTestId('schedule-course').locator('option');
    await expect.poll(() => courseOptions.count()).toBeGreaterThan(1);
    const courseTitle = (await courseOptions.nth(1).textContent()) ?? '';
    await page.getByTestId('schedule-course').selectOption({ index: 1 });
    await page.getByTestId('schedule-title').fill('Pricing, part 2; Q&A');
    const startsAt = Math.ceil((Date.now() + 3 * DAY_MS) / 3_600_000) * 3_600_000;
    await page.getByTestId('schedule-start').fill(localInput(startsAt));
    await page.getByTestId('schedule-length').fill('90');
    await page.getByTestId('schedule-warmup').fill('20');
    await form.screenshot({ path: join(SHOTS, 'schedule-form-en.png') });

    // A start in the past is refused with the core's message, and nothing is scheduled.
    await page.getByTestId('schedule-start').fill(localInput(Date.now() - DAY_MS));
    await page.getByTestId('schedule-submit').click();
    await expect
      .poll(() => page.getByTestId('schedule-error').textContent())
      .toContain('the start is in the past');
    await page.getByTestId('schedule-start').fill(localInput(startsAt));
    await page.getByTestId('schedule-submit').click();

    // Listed at once, with its code and join link.
    const rows = page.getByTestId('upcoming-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    expect(await row.textContent()).toContain('Pricing, part 2; Q&A');
    expect(await row.textContent()).toContain(courseTitle);
    const code = (await row.getByTestId('upcoming-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z0-9]{4,12}$/);
    const link = (await row.getByTestId('upcoming-link').getAttribute('href')) ?? '';
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/j/${code}$`));
    await row.getByTestId('upcoming-qr').click();
    await page.getByTestId('upcoming-share').locator('img.qr').waitFor();
    await page.getByTestId('upcoming-classes').screenshot({
      path: join(SHOTS, 'schedule-upcoming-en.png'),
    });

    // The calendar file: CRLF lines, the join link, escaped text, UTC times.
    const ics = await downloadText(page, 'upcoming-ics', downloads);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nSUMMARY:Pricing\\, part 2\\; Q&A');
    expect(unfolded).toContain(`\r\nURL:${link}\r\n`);
    expect(unfolded).toContain('\r\nSEQUENCE:0\r\n');
    expect(unfolded).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
    const courseIcs = await downloadText(page, 'upcoming-course-ics', downloads);
    expect(courseIcs).toContain('BEGIN:VEVENT');

    // A learner who opens the link now is told when the room opens.
    const viewerContext = await browser.newContext({ viewport: { width: 390, height: 780 } });
    contexts.push(viewerContext);
    await keepOnLoopback(viewerContext);
    const viewer = await viewerContext.newPage();
    await viewer.goto(link);
    await viewer.getByTestId('join-name').fill('Early Ann');
    await viewer.getByTestId('join-submit').click();
    await expect
      .poll(() => viewer.getByRole('alert').first().textContent())
      .toMatch(/opens at|将于/);

    // In Chinese: the list and the form.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByText('即将开始的课程').waitFor();
    await page.getByTestId('upcoming-classes').screenshot({
      path: join(SHOTS, 'schedule-upcoming-zh-CN.png'),
    });
    await page.getByTestId('upcoming-edit').click();
    await page.getByTestId('schedule-form').waitFor();
    await page.getByTestId('schedule-form').screenshot({
      path: join(SHOTS, 'schedule-form-zh-CN.png'),
    });

    // Edit: a new title and an hour later; the calendar's SEQUENCE goes up.
    await page.getByTestId('schedule-title').fill('定价策略（第二讲）');
    await page.getByTestId('schedule-start').fill(localInput(startsAt + 3_600_000));
    await page.getByTestId('schedule-submit').click();
    await expect.poll(() => rows.first().textContent()).toContain('定价策略（第二讲）');
    const edited = (await downloadText(page, 'upcoming-ics', downloads)).replace(/\r\n /g, '');
    expect(edited).toContain('\r\nSEQUENCE:1\r\n');
    expect(edited).toContain('\r\nSUMMARY:定价策略（第二讲）');

    // Cancel (the confirmation is accepted): gone from the list and from the other lists.
    await page.getByTestId('upcoming-cancel').click();
    await page.getByTestId('upcoming-empty').waitFor();
    const sessions = await studio.router.handle('library.sessions', {}, { transport: 'test' });
    expect(sessions.ok).toBe(true);
    const titles = sessions.ok ? (sessions.value as { title: string }[]).map((s) => s.title) : [];
    expect(titles).not.toContain('定价策略（第二讲）');

    expect(errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});
