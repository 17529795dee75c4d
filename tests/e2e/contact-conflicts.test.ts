import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { call, joinViewer, liveSession } from '../helpers/audience';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { useTempDirs } from '../helpers/temp-dir';

// Library → Learners → "Contact conflicts" in Chromium through the browser host: two viewers
// typed the address of an imported customer into the viewer page (real WebSocket viewers on
// loopback); the educator sees both, masked, rejects one and merges the other.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
const VICTIM = 'vera.victim@example.com';

describe('contact conflicts in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(tempDir()));
    await call(studio, 'settings.update', { language: 'en' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    const closing = studio.audience.close();
    await host.close();
    studio.close();
    await closing;
  });

  it('lists who claims an imported customer’s email, and rejects or merges each', async () => {
    await call(studio, 'imports.run', {
      fileName: 'shop.csv',
      source: 'shop',
      text: `order_id,ordered_at,email,name,course,amount,currency,status\r\nV-1,2026-01-05 10:00,${VICTIM},Vera Victim,Piano basics,199.00,CNY,paid\r\n`,
    });
    const session = await liveSession(studio, 'Piano night');
    const mallory = await joinViewer(session.wsUrl, {
      name: 'Mallory',
      contact: { email: VICTIM },
    });
    const vera = await joinViewer(session.wsUrl, { name: 'Vera', contact: { email: VICTIM } });
    await mallory.close();
    await vera.close();
    await call(studio, 'session.end', { sessionId: session.sessionId });
    const { conflicts } = await call(studio, 'learner.conflicts', {});
    const byName = (name: string) => conflicts.find((c) => c.claimant.displayName === name)!;

    const { page, errors } = await openStudioPage(browser, host, contexts);
    await page.getByRole('tab', { name: /Learners/ }).click();
    const section = page.getByTestId('contact-conflicts');
    await expect.poll(() => page.getByTestId('contact-conflicts-count').textContent()).toBe('2');
    await expect
      .poll(() => section.textContent())
      .toContain('Mallory typed the email v•••@example.com');
    expect(await section.textContent()).toContain('It belongs to Vera Victim (1 order');
    expect(await page.content()).not.toContain(VICTIM);
    await page.screenshot({ path: join(SHOTS, 'contact-conflicts-en.png'), fullPage: true });

    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => section.textContent()).toContain('联系方式冲突');
    await page.screenshot({ path: join(SHOTS, 'contact-conflicts-zh-CN.png'), fullPage: true });
    await page.getByTestId('language-select').selectOption('en');

    await page.getByTestId(`conflict-reject-${byName('Mallory').claimId}`).click();
    await expect.poll(() => page.getByTestId('contact-conflicts-count').textContent()).toBe('1');
    await page.getByText('The claim of Mallory was rejected.').waitFor();

    await page.getByTestId(`conflict-merge-${byName('Vera').claimId}`).click();
    await page.getByText('Vera was merged into Vera Victim').waitFor();
    await expect.poll(() => page.getByTestId('contact-conflicts-count').textContent()).toBe('0');
    expect((await call(studio, 'learner.conflicts', {})).total).toBe(0);
    const holder = byName('Vera').holder!.learnerId;
    const attended = studio
      .workspace()
      .db.prepare('SELECT count(*) AS n FROM attendance WHERE learner_id = ?')
      .get(holder) as { n: number };
    expect(attended.n).toBe(1);
    expect(errors).toEqual([]);
  }, 120_000);
});
