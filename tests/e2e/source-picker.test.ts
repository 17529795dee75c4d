import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import type { DesktopSource } from '../../src/shared/contract/capture-api';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { useTempDirs } from '../helpers/temp-dir';

// The desktop app's screen picker, in the built studio page: the studio runs as Electron would
// run it (host 'electron'), with Electron's desktopCapturer replaced by a lister of two sources
// whose thumbnails are real PNGs (ffmpeg's test pattern). Opening a chosen source needs
// Electron's getUserMedia and is not exercised here; the shell adapter has its unit test.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();

function testPatternPng(): string {
  const png = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180',
      '-frames:v',
      '1',
      '-f',
      'image2',
      '-c:v',
      'png',
      '-',
    ],
    { maxBuffer: 10 * 1024 * 1024 },
  ).stdout;
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('desktop screen picker', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];
  const asked: unknown[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    const thumbnail = testPatternPng();
    const sources: DesktopSource[] = [
      { id: 'screen:0:0', name: 'Built-in Retina Display', kind: 'screen', thumbnail },
      { id: 'window:4242:0', name: 'Lesson 3 — Slides', kind: 'window', thumbnail },
      { id: 'window:77:0', name: 'Minimised notes', kind: 'window', thumbnail: null },
    ];
    ({ studio, host } = await startE2eStudio(tempDir(), {
      host: 'electron',
      desktopSources: (options) => {
        asked.push(options);
        return Promise.resolve(sources);
      },
    }));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await host.close();
    studio.close();
  });

  it('lists screens and windows with thumbnails, in both languages, and cancels with Escape', async () => {
    const { page, errors } = await openStudioPage(browser, host, contexts);
    await page.getByTestId('nav-broadcast').click();
    await page.getByTestId('broadcast-share-screen').click();
    const picker = page.getByTestId('source-picker');
    await picker.waitFor();
    await page.getByTestId('source-screen:0:0').waitFor();
    expect(await picker.locator('img').count()).toBe(2);
    expect(await picker.locator('h3').allTextContents()).toEqual(['Screens', 'Windows']);
    expect(await page.getByTestId('source-window:4242:0').textContent()).toContain('Lesson 3');
    expect(asked).toEqual([{ kinds: ['screen', 'window'], thumbnailWidth: 320 }]);
    await page.screenshot({ path: join(SHOTS, 'source-picker-en.png') });

    await page.keyboard.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);

    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByTestId('broadcast-share-screen').click();
    await page.getByTestId('source-screen:0:0').waitFor();
    expect(await picker.locator('h2').textContent()).toBe('共享屏幕或窗口');
    await page.screenshot({ path: join(SHOTS, 'source-picker-zh-CN.png') });
    await page.getByTestId('source-picker-cancel').click();
    await expect.poll(() => picker.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
