import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Studio } from '../../src/main/app/create-studio';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { launchChromium } from './chromium';
import { closeE2eStudio, keepOnLoopback, startE2eStudio, watchCspViolations } from './e2e-studio';

// Steps that more than one e2e test takes through the studio's UI: filling the course dialog,
// typing a local date into a datetime-local field, downloading a file, opening a <details>
// section, and making the bytes a Chinese Windows export has.

/** Where e2e tests save their screenshots. */
export const SCREENSHOTS_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots');

export interface CourseValues {
  title: string;
  series?: string;
  price: string;
  currency?: string;
  tags?: string;
}

/** Fills the open course dialog (Library → Courses → Add or Edit). */
export async function fillCourse(page: Page, values: CourseValues): Promise<void> {
  const dialog = page.getByTestId('course-dialog');
  await dialog.getByTestId('course-title').fill(values.title);
  if (values.series)
    await dialog.getByTestId('course-series').selectOption({ label: values.series });
  await dialog.getByTestId('course-price').fill(values.price);
  if (values.currency) await dialog.getByTestId('course-currency').fill(values.currency);
  if (values.tags) await dialog.getByTestId('course-tags').fill(values.tags);
}

/** Saves the course dialog and waits for it to close. */
export async function saveCourse(page: Page): Promise<void> {
  await page.getByTestId('course-save').click();
  await page.getByTestId('course-dialog').waitFor({ state: 'detached' });
}

/** `YYYY-MM-DDTHH:mm` in the machine's zone (the browser runs in the same one). */
export function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/** Clicks the first element with `testId`, saves the download into `dir`, returns its text. */
export async function downloadText(page: Page, testId: string, dir: string): Promise<string> {
  const started = page.waitForEvent('download', { timeout: 10_000 });
  await page.getByTestId(testId).first().click();
  const file = await started;
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return readFileSync(path, 'utf8');
}

/** Opens a <details> section by its summary (a click would close one already open). */
export async function openDetails(page: Page, summary: string): Promise<void> {
  await page
    .locator('details', { has: page.locator('summary', { hasText: summary }) })
    .evaluate((element: { open: boolean }) => {
      element.open = true;
    });
}

/** The bytes of `text` in GB18030, made by Debian's iconv (libc-bin). */
export function gb18030(text: string): Buffer {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });
}

/**
 * A suite's Chromium and studio (started on an empty workspace in `dataDir()` before the suite,
 * closed after it with every context pushed to `contexts`), read through getters.
 */
export function useChromiumStudio(
  dataDir: () => string,
  extra?: (dir: string) => Parameters<typeof startE2eStudio>[1],
): {
  browser: () => Browser;
  studio: () => Studio;
  host: () => BrowserHost;
  contexts: BrowserContext[];
} {
  let browser: Browser | null = null;
  let started: { studio: Studio; host: BrowserHost } | null = null;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    browser = await launchChromium();
    const dir = dataDir();
    started = await startE2eStudio(dir, extra?.(dir));
  });
  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser?.close();
    if (started) await closeE2eStudio(started.studio, started.host);
  });
  const need = <T>(value: T | null): T => {
    if (value === null) throw new Error('the suite has not started');
    return value;
  };
  return {
    browser: () => need(browser),
    studio: () => need(started).studio,
    host: () => need(started).host,
    contexts,
  };
}

/** A phone-sized viewer page (the audience mostly joins from phones). */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

/**
 * Opens the join link in a new phone context (kept on loopback, CSP violations watched, pushed
 * to `contexts`), joins as `name`, with an e-mail and consent when given; returns the page once
 * the class is on screen.
 */
export async function joinViewerPage(
  browser: Browser,
  contexts: BrowserContext[],
  args: { url: string; name: string; locale: string; email?: string },
): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, locale: args.locale });
  contexts.push(context);
  await keepOnLoopback(context);
  await watchCspViolations(context);
  const page = await context.newPage();
  await page.goto(args.url);
  await page.getByTestId('join-name').fill(args.name);
  if (args.email) {
    await page.locator('input[type=email]').fill(args.email);
    await page.locator('.consent input').check();
  }
  await page.getByTestId('join-submit').click();
  await page.getByTestId('video-area').waitFor();
  return page;
}

/**
 * Live screen → a new class for `course`; returns its id and join link (the room opens at once).
 */
export async function createLiveClass(
  studio: Studio,
  panel: Page,
  args: { title: string; course: string },
): Promise<{ sessionId: number; url: string }> {
  await panel.getByTestId('nav-live').click();
  await panel.getByTestId('new-session-title').fill(args.title);
  await panel.getByTestId('new-session-course').selectOption({ label: args.course });
  await panel.getByTestId('new-session-create').click();
  await panel.getByTestId('join-code').waitFor();
  const sessions = await studio.router.handle('library.sessions', {}, { transport: 'test' });
  if (!sessions.ok) throw new Error('no sessions');
  const session = (sessions.value as { id: number; title: string }[]).find(
    (s) => s.title === args.title,
  );
  const sessionId = session?.id ?? 0;
  const info = await studio.router.handle('audience.info', { sessionId }, { transport: 'test' });
  if (!info.ok) throw new Error(info.error.message);
  const { joinCode, port } = info.value as { joinCode: string; port: number };
  return { sessionId, url: `http://127.0.0.1:${String(port)}/j/${joinCode}` };
}

/** Clicks the survey card's stars and the recommendation score. */
export async function rateSurvey(
  page: Page,
  stars: [number, number, number],
  recommend: number,
): Promise<void> {
  await page.getByTestId(`survey-class-${String(stars[0])}`).click();
  await page.getByTestId(`survey-teacher-${String(stars[1])}`).click();
  await page.getByTestId(`survey-content-${String(stars[2])}`).click();
  await page.getByTestId(`survey-recommend-${String(recommend)}`).click();
}

/** Calls a studio method as the tests' own transport; a refusal throws with its message. */
export function studioApi(studio: () => Studio): <T>(method: string, input: unknown) => Promise<T> {
  return async <T>(method: string, input: unknown): Promise<T> => {
    const envelope = await studio().router.handle(method, input, { transport: 'test' });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
}
