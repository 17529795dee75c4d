import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, RENDERER_OUT_DIR } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { launchChromium } from '../helpers/chromium';
import { cspViolations, openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { createLiveClass, joinViewerPage, openDetails } from '../helpers/e2e-steps';
import { useTempDirs } from '../helpers/temp-dir';

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
interface Viewer {
  name: string;
  context: BrowserContext;
  page: Page;
}

describe('a live class: studio panel and three viewer pages in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(tempDir()));
    const demo = await studio.router.handle('workspace.loadDemo', {}, { transport: 'test' });
    expect(demo.ok).toBe(true);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await host.close();
    studio.close();
  });

  async function joinAs(
    url: string,
    name: string,
    locale: string,
    email?: string,
  ): Promise<Viewer> {
    const page = await joinViewerPage(browser, contexts, {
      url,
      name,
      locale,
      ...(email ? { email } : {}),
    });
    return { name, context: page.context(), page };
  }

  it('runs chat, questions, a poll, a quiz, an offer, a lottery and a ban end to end', async () => {
    const { page: panel, errors: panelErrors } = await openStudioPage(browser, host, contexts);

    // The host creates a class for a course; its room opens at once (warm-up chat).
    const { sessionId, url: joinUrl } = await createLiveClass(studio, panel, {
      title: 'Live: pandas in practice',
      course: 'Data Wrangling with pandas',
    });
    expect(sessionId).toBeGreaterThan(0);
    const joinCode = joinUrl.slice(joinUrl.lastIndexOf('/') + 1);
    expect(await panel.getByTestId('join-code').textContent()).toBe(joinCode);

    const ann = await joinAs(joinUrl, 'Ann', 'en', 'ann@example.com');
    const bo = await joinAs(joinUrl, 'Bo', 'zh-CN');
    const cai = await joinAs(joinUrl, 'Cai', 'en');
    await expect.poll(() => panel.getByTestId('viewers-now').textContent()).toBe('3');

    await panel.getByTestId('go-live').click();
    await expect.poll(() => panel.getByTestId('live-status').textContent()).toBe('Live');

    // Chat flows both ways and shows in the panel.
    await ann.page.getByTestId('chat-input').fill('Hello from Ann');
    await ann.page.getByTestId('chat-send').click();
    await bo.page.getByTestId('chat-input').fill('大家好');
    await bo.page.getByTestId('chat-send').click();
    await cai.page.getByText('Hello from Ann').waitFor();
    await panel.getByTestId('live-chat').getByText('大家好').waitFor();
    await panel.getByTestId('host-chat-input').fill('Welcome, everyone!');
    await panel.getByTestId('host-chat-input').press('Enter');
    await ann.page.getByText('Welcome, everyone!').waitFor();

    // Bo asks; Ann and Cai upvote; the host answers and pins it.
    await bo.page.getByTestId('tab-questions').click();
    await bo.page.getByTestId('question-input').fill('How do I merge two DataFrames?');
    await bo.page.getByTestId('question-send').click();
    for (const viewer of [ann, cai]) {
      await viewer.page.getByTestId('tab-questions').click();
      await viewer.page.getByRole('button', { name: 'Upvote' }).click();
    }
    await expect.poll(() => panel.getByTestId('live-questions').textContent()).toContain('▲ 2');
    await panel.getByTestId('question-pin').click();
    await panel.getByTestId('question-answer').click();
    await ann.page.getByText('Pinned').waitFor();
    await ann.page.getByText('Answered').waitFor();

    // A poll: Ann and Bo vote, the host closes it, everyone sees the results.
    await openDetails(panel, 'New poll or quiz');
    await panel.getByTestId('poll-question').fill('Which join do you use most?');
    await panel.getByTestId('poll-options').fill('inner\nleft\nouter');
    await panel.getByTestId('poll-create').click();
    for (const [viewer, option] of [
      [ann, 'left'],
      [bo, 'inner'],
    ] as const) {
      await viewer.page.getByTestId('poll-card').getByRole('button', { name: option }).click();
      await viewer.page.getByTestId('poll-submit').click();
    }
    await expect
      .poll(() => panel.getByTestId('poll-run').first().textContent())
      .toContain('2 voted');
    await panel.getByTestId('poll-close').click();
    await cai.page.getByTestId('poll-card').getByText('2 votes').waitFor();

    // A quiz: Ann right, Cai wrong; revealed with scores.
    await openDetails(panel, 'New poll or quiz');
    await panel.getByTestId('poll-kind-quiz').check();
    await panel.getByTestId('poll-question').fill('Which method removes duplicate rows?');
    await panel.getByTestId('poll-options').fill('dropna\ndrop_duplicates\nunique');
    await panel.getByTestId('poll-correct').fill('2');
    await panel.getByTestId('poll-create').click();
    await ann.page
      .getByTestId('poll-card')
      .getByRole('button', { name: 'drop_duplicates' })
      .click();
    await ann.page.getByTestId('poll-submit').click();
    await cai.page.getByTestId('poll-card').getByRole('button', { name: 'dropna' }).click();
    await cai.page.getByTestId('poll-submit').click();
    await expect
      .poll(() => panel.getByTestId('poll-run').first().textContent())
      .toContain('2 voted');
    await panel.getByTestId('poll-close').click();
    await panel.getByTestId('poll-reveal').click();
    await ann.page.getByText('Correct!').waitFor();
    await cai.page.getByText('Not quite').waitFor();
    await ann.page.getByText('Your quiz score: 1 of 1').waitFor();

    // An offer with a coupon: everyone sees it, Cai clicks Buy (its checkout opens in a new tab).
    await openDetails(panel, 'Push an offer');
    // The offer form starts on the class's own course.
    expect(await panel.getByTestId('offer-course').locator('option:checked').textContent()).toMatch(
      /^Data Wrangling with pandas/,
    );
    await panel.getByTestId('offer-coupon').fill('LIVE20');
    await panel.getByTestId('offer-push').click();
    await bo.page.getByTestId('offer-card').getByText('LIVE20').waitFor();
    const checkout = cai.context.waitForEvent('page');
    await cai.page.getByTestId('offer-buy').click();
    expect((await checkout).url()).toMatch(/^https:\/\/shop\.example\.com\//);
    await expect
      .poll(() => panel.getByTestId('live-offer').first().textContent())
      .toContain('1 clicked');

    // Class points: the host switches them on; the leaderboard comes from what was stored (Ann:
    // chat, an upvote, a poll vote and a quiz answer) and every page shows its own rank.
    // (A controlled box: it shows the stored switch once the studio answered.)
    await panel.getByTestId('points-switch').click();
    await expect.poll(() => panel.getByTestId('points-switch').isChecked()).toBe(true);
    await expect.poll(() => panel.getByTestId('points-leaderboard').locator('li').count()).toBe(3);
    await ann.page.getByTestId('leaderboard').waitFor();
    await expect
      .poll(() => ann.page.getByTestId('my-points').textContent())
      .toMatch(/^You: #\d · [\d.]+ points$/);
    await expect
      .poll(() => bo.page.getByTestId('my-points').textContent())
      .toMatch(/^我：第 \d 名 · [\d.]+ 分$/);
    // Ann's page and the host's board agree on her rank and points.
    const [, rank, points] = /#(\d) · ([\d.]+)/.exec(
      (await ann.page.getByTestId('my-points').textContent()) ?? '',
    ) ?? ['', '', ''];
    expect(
      await panel
        .getByTestId('points-leaderboard')
        .locator('li')
        .filter({ hasText: 'Ann' })
        .textContent(),
    ).toBe(`${rank}. Ann — ${points}`);
    await ann.page
      .getByTestId('leaderboard')
      .screenshot({ path: join(SHOTS, 'viewer-points-en.png') });
    await bo.page
      .getByTestId('leaderboard')
      .screenshot({ path: join(SHOTS, 'viewer-points-zh-CN.png') });
    await panel.getByTestId('points-card').screenshot({ path: join(SHOTS, 'live-points-en.png') });

    // A lottery among the voters of the first poll (Ann and Bo), drawn with a stored seed.
    await panel.getByTestId('lottery-rule').selectOption('votedInRun');
    await panel.getByTestId('lottery-run').selectOption({ label: 'Which join do you use most?' });
    await panel.getByTestId('lottery-draw').click();
    await panel
      .getByTestId('lottery-result')
      .getByText(/Drawn from 2 eligible viewers/)
      .waitFor();
    await ann.page.getByTestId('lottery').waitFor();

    await ann.page.screenshot({ path: join(SHOTS, 'viewer-phone-en.png'), fullPage: true });
    await bo.page.screenshot({ path: join(SHOTS, 'viewer-phone-zh-CN.png'), fullPage: true });
    await panel.screenshot({ path: join(SHOTS, 'live-panel-en.png'), fullPage: true });
    await panel.getByTestId('language-select').selectOption('zh-CN');
    await panel.getByText('聊天').first().waitFor();
    await panel.screenshot({ path: join(SHOTS, 'live-panel-zh-CN.png'), fullPage: true });
    await panel
      .getByTestId('points-card')
      .screenshot({ path: join(SHOTS, 'live-points-zh-CN.png') });
    await panel.getByTestId('language-select').selectOption('en');

    // The host bans Bo; Bo's page says so, and a rejoin under a new name is refused.
    await panel.getByTestId('ban-Bo').first().click();
    await bo.page.getByText('你已无法参与本节课').waitFor();
    const again = await bo.context.newPage();
    await again.goto(joinUrl);
    await again.getByTestId('join-name').fill('Bobby');
    await again.getByTestId('join-submit').click();
    await again.getByText('你已无法参与本节课').waitFor();

    // Everything is in the database.
    const db = studio.workspace().db;
    const kinds = Object.fromEntries(
      (
        db
          .prepare('SELECT kind, count(*) AS n FROM events WHERE session_id = ? GROUP BY kind')
          .all(sessionId) as {
          kind: string;
          n: number;
        }[]
      ).map((r) => [r.kind, r.n]),
    );
    expect(kinds).toMatchObject({ chat: 2, question: 1, upvote: 2, poll_vote: 4, offer_click: 1 });
    expect(
      db
        .prepare(
          'SELECT status, pinned_at IS NOT NULL AS pinned, upvotes FROM questions WHERE session_id = ?',
        )
        .get(sessionId),
    ).toEqual({
      status: 'answered',
      pinned: 1,
      upvotes: 2,
    });
    expect(
      db.prepare('SELECT count(*) AS n FROM poll_runs WHERE session_id = ?').get(sessionId),
    ).toEqual({ n: 2 });
    // What she typed into the viewer page is kept as a claim (unverified), not an identity.
    const claims = db
      .prepare(
        `SELECT value FROM identity_claims WHERE kind = 'email' AND value = 'ann@example.com'`,
      )
      .all();
    expect(claims).toHaveLength(1);
    expect(db.prepare('SELECT count(*) AS n FROM bans').get()).toEqual({ n: 1 });
    const lottery = db.prepare('SELECT seed, candidates, winners FROM lotteries').get() as {
      seed: number;
      candidates: string;
      winners: string;
    };
    expect(JSON.parse(lottery.candidates)).toHaveLength(2);

    expect(panelErrors).toEqual([]);
  });

  it('serves learners the viewer page and its own assets only, and no page breaks the CSP', async () => {
    const { page: panel } = await openStudioPage(browser, host, contexts);
    await panel.getByTestId('nav-live').waitFor();
    expect(await cspViolations(panel)).toEqual([]);

    const created = await studio.router.handle(
      'session.create',
      { title: 'Asset check' },
      { transport: 'test' },
    );
    if (!created.ok) throw new Error(created.error.message);
    const sessionId = (created.value as { id: number }).id;
    const info = await studio.router.handle('audience.info', { sessionId }, { transport: 'test' });
    if (!info.ok) throw new Error(info.error.message);
    const { joinCode, port } = info.value as { joinCode: string; port: number };
    const audience = `http://127.0.0.1:${String(port)}`;

    const viewer = await joinAs(`${audience}/j/${joinCode}`, 'Dee', 'en');
    expect(await cspViolations(viewer.page)).toEqual([]);

    // The studio app's own entry chunk is built into the same assets folder: never on the LAN.
    const studioHtml = readFileSync(join(RENDERER_OUT_DIR, 'studio', 'index.html'), 'utf8');
    const viewerHtml = readFileSync(join(RENDERER_OUT_DIR, 'viewer', 'index.html'), 'utf8');
    const assetsOf = (html: string): string[] =>
      [...html.matchAll(/assets\/([A-Za-z0-9_.-]+)/g)].map((m) => m[1] ?? '');
    // The page's own chunks, and the chunks they import (mediasoup-client is fetched only when a
    // class offers WebRTC, so the page names it in its script, not in its HTML).
    const viewerAssets = assetsOf(viewerHtml);
    for (let i = 0; i < viewerAssets.length; i++) {
      const name = viewerAssets[i] ?? '';
      if (!name.endsWith('.js')) continue;
      const code = readFileSync(join(RENDERER_OUT_DIR, 'assets', name), 'utf8');
      for (const m of code.matchAll(/["'`]\.\/([A-Za-z0-9_.-]+\.js)["'`]/g)) {
        const imported = m[1] ?? '';
        if (imported && !viewerAssets.includes(imported)) viewerAssets.push(imported);
      }
    }
    const studioOnly = assetsOf(studioHtml).filter((name) => !viewerAssets.includes(name));
    expect(studioOnly.some((name) => name.endsWith('.js'))).toBe(true);
    for (const name of studioOnly) {
      expect((await fetch(`${audience}/assets/${name}`)).status, name).toBe(404);
    }
    for (const name of viewerAssets) {
      expect((await fetch(`${audience}/assets/${name}`)).status, name).toBe(200);
    }
  });
});
