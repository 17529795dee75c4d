import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import type { MethodOutput } from '../../src/shared/contract';
import { launchChromium } from '../helpers/chromium';
import { collectErrors, openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { makeFragmentedMp4 } from '../helpers/media';
import { useTempDirs } from '../helpers/temp-dir';

// The offline HTML replay: exported from Review on a recorded class (two parts, 30 chat lines by
// three learners with contact details on file), opened from disk in Chromium with every request
// that is not a file refused; it plays, and after each seek the chat list highlights and shows
// the line at the current time. The anonymised export names nobody.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);
const NAMES = ['Mei Lin', 'Tom Baker', 'Ana Souza'];
const EMAILS = ['mei@example.com', 'tom@example.com', 'ana@example.com'];
/** Chat line i is sent 0.45 s × i after the first part starts (0 … 13.05 s). */
const chatT = (i: number): number => 0.45 * i;
const LINES = 30;

describe('offline HTML replay', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];

  const api = async <T>(method: string, input: unknown): Promise<T> => {
    const envelope = await studio.router.handle(method, input, { transport: 'test' });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    const dir = tempDir();
    ({ studio, host } = await startE2eStudio(dir));
    const workspace = studio.workspace();
    const db = workspace.db;
    const folder = join(workspace.dir, 'recordings', 'replay-test');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '1.mp4'), makeFragmentedMp4({ seconds: 8, size: '320x180' }));
    writeFileSync(join(folder, '2.mp4'), makeFragmentedMp4({ seconds: 6, size: '320x180' }));
    const run = (sql: string, ...params: unknown[]): void => {
      db.prepare(sql).run(...params);
    };
    run(
      `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at)
       VALUES (501, 'Replay: light & shade <b>', 'ended', ?, ?, ?)`,
      T0,
      T0 + 20_000,
      T0,
    );
    const insert = `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes, duration_ms)
       VALUES (?, 501, ?, 'video/mp4;codecs=avc1,mp4a', 'finalised', ?, ?, 1000, ?)`;
    run(insert, 501, join(folder, '1.mp4'), T0, T0 + 8_000, 8_000);
    // The page was closed between 8 s and 10 s: the second part sits at 10 s on the timeline.
    run(insert, 502, join(folder, '2.mp4'), T0 + 10_000, T0 + 16_000, 6_000);
    NAMES.forEach((name, i) => {
      const id = 501 + i;
      run(`INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, ?)`, id, name, T0);
      run(
        `INSERT INTO learner_identities (learner_id, kind, value, created_at) VALUES (?, 'email', ?, ?)`,
        id,
        EMAILS[i],
        T0,
      );
      run(
        `INSERT INTO live_viewers (session_id, learner_id, public_id, name, first_joined_at)
         VALUES (501, ?, ?, ?, ?)`,
        id,
        `pub-${String(id)}`,
        name,
        T0,
      );
    });
    for (let i = 0; i < LINES; i += 1) {
      run(
        `INSERT INTO chat_messages (session_id, learner_id, text, at) VALUES (501, ?, ?, ?)`,
        501 + (i % NAMES.length),
        `line ${String(i)}`,
        T0 + Math.round(chatT(i) * 1_000),
      );
    }
    // A line moderated away never reaches a replay.
    run(
      `INSERT INTO chat_messages (session_id, learner_id, text, at, hidden_at, hidden_by)
       VALUES (501, 501, 'hidden line', ?, ?, 'host')`,
      T0 + 3_000,
      T0 + 4_000,
    );
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await host.close();
    studio.close();
  });

  /** Opens a replay file with every non-file request refused; returns the refused URLs. */
  async function openOffline(
    path: string,
    locale: string,
  ): Promise<{ page: Page; refused: string[]; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
    contexts.push(context);
    const refused: string[] = [];
    await context.route(
      (url) => url.protocol !== 'file:',
      async (route) => {
        refused.push(route.request().url());
        await route.abort();
      },
    );
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(pathToFileURL(path).href);
    await expect
      .poll(() => page.locator('#video').evaluate((v: { readyState: number }) => v.readyState))
      .toBeGreaterThanOrEqual(1);
    return { page, refused, errors };
  }

  const seconds = async (page: Page): Promise<number> =>
    Number(await page.locator('#clock').getAttribute('data-seconds'));
  const current = async (page: Page): Promise<number> =>
    Number(await page.locator('#chat li.current').getAttribute('data-index'));
  /** Whether the highlighted line lies inside the chat list's visible area. */
  const inView = (page: Page): Promise<unknown> =>
    page.evaluate(`(() => {
      const list = document.getElementById('chat').getBoundingClientRect();
      const line = document.querySelector('#chat li.current').getBoundingClientRect();
      return line.top >= list.top - 1 && line.bottom <= list.bottom + 1;
    })()`);

  it('exports from Review and plays from disk with the network refused, chat in sync', async () => {
    const { page, errors } = await openStudioPage(browser, host, contexts);
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-open-501').click();
    await page.getByTestId('review-replay').waitFor();
    // First with names, then anonymised (the switch is on by default).
    await page.getByTestId('replay-anonymise').uncheck();
    await page.getByTestId('replay-export').click();
    await page.getByTestId('replay-done').waitFor({ timeout: 30_000 });
    const named = (await page.getByTestId('replay-done').locator('code').textContent())!;
    await page.getByTestId('replay-anonymise').check();
    await page.getByTestId('replay-export').click();
    await expect
      .poll(() => page.getByTestId('replay-done').locator('code').textContent(), {
        timeout: 30_000,
      })
      .not.toBe(named);
    const anonymous = (await page.getByTestId('replay-done').locator('code').textContent())!;
    await page.getByTestId('review-replay').scrollIntoViewIfNeeded();
    await page
      .getByTestId('review-replay')
      .screenshot({ path: join(SHOTS, 'review-replay-en.png') });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect
      .poll(() => page.getByTestId('review-replay').locator('h2').textContent())
      .toBe('给学员的回放');
    await page
      .getByTestId('review-replay')
      .screenshot({ path: join(SHOTS, 'review-replay-zh-CN.png') });
    expect(errors).toEqual([]);

    // What the files hold: chat and chapters, no contact details, no learner ids, nothing hidden.
    const namedHtml = readFileSync(named, 'utf8');
    const anonymousHtml = readFileSync(anonymous, 'utf8');
    for (const html of [namedHtml, anonymousHtml]) {
      for (const email of EMAILS) expect(html).not.toContain(email);
      expect(html).not.toContain('pub-50');
      expect(html).not.toContain('hidden line');
      expect(html).toContain('line 29');
      expect(html).not.toContain('<b>');
    }
    for (const name of NAMES) expect(namedHtml).toContain(name);
    for (const name of NAMES) expect(anonymousHtml).not.toContain(name);

    const timeline = await api<MethodOutput<'review.timeline'>>('review.timeline', {
      sessionId: 501,
    });
    expect(timeline.chat).toHaveLength(LINES);

    const { page: replay, refused, errors: replayErrors } = await openOffline(named, 'en');
    expect(await replay.locator('#chat li').count()).toBe(LINES);
    expect(await replay.locator('#chat li').nth(4).textContent()).toContain('Tom Baker');
    // Seek by clicking a line in the first part, then one in the second part.
    for (const index of [6, 25]) {
      await replay.locator('#chat li').nth(index).click();
      await expect.poll(() => seconds(replay)).toBeCloseTo(chatT(index), 1);
      expect(await current(replay)).toBe(index);
      await expect.poll(() => inView(replay)).toBe(true);
    }
    // Seek with the video's own control inside the second part (which starts at 10 s on the
    // class's timeline), between two lines: the earlier line is highlighted.
    await replay.locator('#video').evaluate((v: { currentTime: number }) => {
      v.currentTime = 0.5;
    });
    await expect.poll(() => seconds(replay)).toBeCloseTo(10.5, 1);
    await expect.poll(() => current(replay)).toBe(23);
    await expect.poll(() => inView(replay)).toBe(true);
    expect(await replay.locator('#chat li.future').count()).toBe(LINES - 24);
    // It plays: the clock runs and the highlight follows it.
    await replay.locator('#video').evaluate((v: { muted: boolean; play: () => Promise<void> }) => {
      v.muted = true;
      return v.play();
    });
    await expect.poll(() => seconds(replay), { timeout: 20_000 }).toBeGreaterThan(12.2);
    await expect.poll(() => current(replay)).toBeGreaterThanOrEqual(27);
    const now = await seconds(replay);
    expect(chatT(await current(replay))).toBeLessThanOrEqual(now + 0.5);
    await replay.locator('#video').evaluate((v: { pause: () => void }) => v.pause());
    // Chapters are listed, and clicking one seeks there.
    expect(await replay.locator('#chapters li').count()).toBe(timeline.chapters.length);
    await replay.screenshot({ path: join(SHOTS, 'replay-offline-en.png') });

    const zh = await openOffline(anonymous, 'zh-CN');
    expect(await zh.page.locator('#chat li').nth(1).textContent()).toContain('观众 2');
    await zh.page.locator('#chat li').nth(12).click();
    await expect.poll(() => current(zh.page)).toBe(12);
    await zh.page.screenshot({ path: join(SHOTS, 'replay-offline-zh-CN.png') });

    expect(refused).toEqual([]);
    expect(zh.refused).toEqual([]);
    expect(replayErrors).toEqual([]);
    expect(zh.errors).toEqual([]);
  }, 180_000);
});
