import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { actionId, joinViewer, liveSession, type TestViewer } from '../helpers/audience';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { fillDisk, useSmallDisk } from '../helpers/small-disk';

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const disk = useSmallDisk('8m');

describe('the studio health banner', () => {
  let browser: Browser | null = null;
  let studio: Studio | null = null;
  let host: BrowserHost | null = null;
  let viewer: TestViewer | null = null;
  const contexts: BrowserContext[] = [];

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await viewer?.close();
    await host?.close();
    if (studio) {
      const closing = studio.audience.close();
      studio.close();
      await closing;
    }
  });

  it('warns on every screen while the disk is full, in en and zh-CN, and clears once space returns', async (ctx) => {
    if (!disk.mounted) {
      console.warn(`health banner test skipped: ${disk.skipReason}`);
      ctx.skip();
    }
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(join(disk.root, 'data')));
    const { wsUrl } = await liveSession(studio);
    viewer = await joinViewer(wsUrl, { name: 'Ada' });
    const { page, errors } = await openStudioPage(browser, host, contexts);
    await page.getByTestId('nav-live').click();
    const banner = page.getByTestId('health-banner');
    expect(await banner.count()).toBe(0);

    // The disk fills up to the last byte: chats are saved while the database's log has room it
    // already owns (its checkpoint thread lets the log start over), then one cannot be saved.
    const filler = join(disk.root, 'filler');
    fillDisk(filler);
    let reply: { type: string; code?: string } = { type: 'none' };
    for (let i = 0; i < 1_000 && reply.type !== 'error'; i++) {
      reply = await viewer.act({ type: 'chat', id: actionId(), text: 'x'.repeat(400) });
    }
    expect(reply).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/^The disk is full: new chat and attendance/);
    await page.screenshot({ path: join(SHOTS, 'health-disk-full-en.png') });
    // The banner is above every screen, not only the live one.
    await page.getByTestId('nav-library').click();
    await banner.waitFor();

    // The language is a setting, saved to the same disk: switch while there is room, then fill it
    // again. The warning stays meanwhile: only a write to the class's database clears it.
    rmSync(filler);
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => banner.textContent()).toMatch(/^磁盘已满/);
    fillDisk(filler);
    await page.screenshot({ path: join(SHOTS, 'health-disk-full-zh-CN.png') });

    // Space returns: the next write goes through and the banner goes away by itself.
    rmSync(filler);
    expect(await viewer.act({ type: 'chat', id: actionId(), text: 'back' })).toMatchObject({
      type: 'ack',
    });
    await expect.poll(() => banner.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
