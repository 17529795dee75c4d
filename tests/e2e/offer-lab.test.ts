import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import { assignVariant } from '../../src/main/kernel/variant-split';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { launchChromium } from '../helpers/chromium';
import { keepOnLoopback, openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { useTempDirs } from '../helpers/temp-dir';

// "Recommended for you" (each of three viewers with different purchases sees their own next
// course) and an offer with two variants (viewers see different ones), on real viewer pages in
// Chromium; the viewer offer cards and the report's section photographed in en and zh-CN.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 };
const DAY_MS = 86_400_000;

describe('offer experiments and personal offers in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(tempDir()));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await host.close();
    studio.close();
  });

  async function api<T>(method: string, input: unknown): Promise<T> {
    const envelope = await studio.router.handle(method, input, {
      transport: 'test',
    });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  }

  it('shows each viewer their own course, then different variants, and reports both', async () => {
    const db = studio.workspace().db;
    const course = (title: string, price: number, series: string, position: number): number =>
      Number(
        db
          .prepare(
            `INSERT INTO courses (title, price_minor, currency, series, series_position, created_at)
             VALUES (?, ?, 'CNY', ?, ?, 0)`,
          )
          .run(title, price, series, position).lastInsertRowid,
      );
    const pass = course('Live class pass', 1900, 'Pass', 1);
    const py1 = course('Python 1', 19900, 'Python', 1);
    course('Python 2', 29900, 'Python', 2);
    const go1 = course('Go 1', 19900, 'Go', 1);
    course('Go 2', 29900, 'Go', 2);
    const art1 = course('Drawing 1', 9900, 'Drawing', 1);
    course('Drawing 2', 12900, 'Drawing', 2);
    const session = await api<{ id: number }>('session.create', {
      title: 'Offers in practice',
      courseId: pass,
    });
    await api('session.start', { sessionId: session.id });
    const info = await api<{ joinCode: string; port: number }>('audience.info', {
      sessionId: session.id,
    });
    const joinUrl = `http://127.0.0.1:${String(info.port)}/j/${info.joinCode}`;

    const joinAs = async (name: string, locale: string): Promise<Page> => {
      const context = await browser.newContext({ ...PHONE, locale });
      contexts.push(context);
      await keepOnLoopback(context);
      const page = await context.newPage();
      await page.goto(joinUrl);
      await page.getByTestId('join-name').fill(name);
      await page.locator('input[type=email]').fill(`${name.toLowerCase()}@example.com`);
      await page.locator('.consent input').check();
      await page.getByTestId('join-submit').click();
      await page.getByTestId('video-area').waitFor();
      return page;
    };
    const ann = await joinAs('Ann', 'en');
    const bo = await joinAs('Bo', 'en');
    const cai = await joinAs('Cai', 'zh-CN');
    const learnerOf = (name: string): number =>
      (
        db
          .prepare('SELECT learner_id FROM live_viewers WHERE session_id = ? AND name = ?')
          .get(session.id, name) as { learner_id: number }
      ).learner_id;
    const past = Date.now() - 30 * DAY_MS;
    let n = 0;
    for (const [name, courseId] of [
      ['Ann', py1],
      ['Bo', go1],
      ['Cai', art1],
    ] as const) {
      n += 1;
      const order = db
        .prepare(
          `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor,
             status, imported_at) VALUES ('test', ?, ?, ?, 'CNY', 9900, 'paid', ?)`,
        )
        .run(`e2e-${String(n)}`, learnerOf(name), past, past).lastInsertRowid;
      db.prepare(
        `INSERT INTO order_lines (order_id, course_id, title, amount_minor) VALUES (?, ?, 'x', 9900)`,
      ).run(order, courseId);
    }

    // "Recommended for you": each sees the next course of their own series, with its reason.
    await api('offer.pushPersonal', { sessionId: session.id });
    const card = (page: Page) => page.getByTestId('offer-card');
    await card(ann).getByText('Python 2').waitFor();
    await card(bo).getByText('Go 2').waitFor();
    await card(cai).getByText('Drawing 2').waitFor();
    await card(ann).getByTestId('offer-reason').getByText('Python 1', { exact: false }).waitFor();
    await card(cai).getByText('为你推荐').waitFor();
    await card(ann).screenshot({ path: join(SHOTS, 'offer-personal-en.png') });
    await card(cai).screenshot({ path: join(SHOTS, 'offer-personal-zh-CN.png') });
    await card(ann).getByTestId('offer-buy').click();
    // Stored before the next push withdraws the personal offer (a click still in the outbound
    // window when its offer is withdrawn is refused).
    await expect
      .poll(() => (db.prepare('SELECT count(*) AS n FROM offer_clicks').get() as { n: number }).n)
      .toBe(1);

    // Two variants: a seed that splits these three viewers, so that both are on screen.
    const ids = ['Ann', 'Bo', 'Cai'].map(learnerOf);
    let seed = '';
    for (let i = 0; i < 50 && seed === ''; i++) {
      const arms = new Set(ids.map((id) => assignVariant(`e2e-${String(i)}`, String(id), 2)));
      if (arms.size === 2) seed = `e2e-${String(i)}`;
    }
    expect(seed).not.toBe('');
    await api('offer.pushExperiment', {
      sessionId: session.id,
      courseId: pass,
      seed,
      variants: [
        { label: 'A', headline: 'Join every class this term' },
        { label: 'B', priceMinor: 990, headline: 'Half price, today only', couponCode: 'HALF' },
      ],
    });
    const pages = [ann, bo, cai];
    const headlines: string[] = [];
    for (const [i, page] of pages.entries()) {
      const idx = assignVariant(seed, String(ids[i]), 2);
      const text = idx === 0 ? 'Join every class this term' : 'Half price, today only';
      await card(page).getByTestId('offer-headline').getByText(text).waitFor();
      headlines.push(text);
    }
    expect(new Set(headlines).size).toBe(2);
    await card(ann).screenshot({ path: join(SHOTS, 'offer-variant-en.png') });
    await card(cai).screenshot({ path: join(SHOTS, 'offer-variant-zh-CN.png') });
    for (const page of pages) await card(page).getByTestId('offer-buy').click();
    await expect
      .poll(() => (db.prepare('SELECT count(*) AS n FROM offer_clicks').get() as { n: number }).n)
      .toBe(4);

    await api('session.end', { sessionId: session.id });
    const { page } = await openStudioPage(browser, host, contexts);
    await page.getByTestId('nav-reports').click();
    await page.getByTestId(`open-report-${String(session.id)}`).click();
    const section = page.getByTestId('report-offer-lab');
    await section.getByTestId('experiment-report').waitFor({ timeout: 60_000 });
    expect(await section.getByTestId('variant-row').count()).toBe(2);
    expect(await section.getByTestId('experiment-verdict').count()).toBe(2);
    expect(await section.getByTestId('personal-row').count()).toBe(3);
    await section.screenshot({ path: join(SHOTS, 'report-offer-lab-en.png') });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await section.getByText('优惠实验与个性化推荐').waitFor();
    await section.screenshot({ path: join(SHOTS, 'report-offer-lab-zh-CN.png') });
  });
});
