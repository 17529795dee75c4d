import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import type { MethodOutput } from '../../src/shared/contract';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { rtmpServerUnavailable, startRtmpServer, type RtmpServer } from '../helpers/rtmp-server';
import { useTempDirs } from '../helpers/temp-dir';

// Both canvases at once (issue #16): the studio composes a portrait program (1080×1920) beside
// the landscape one (1280×720) from the same sources, and each RTMP output takes the canvas it
// chose. Two outputs to a local nginx (libnginx-mod-rtmp), one per canvas; ffprobe reads what
// nginx recorded of each.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
const unavailable = rtmpServerUnavailable();

function videoSize(file: string): { width: number; height: number } {
  const probed = execFileSync(
    'ffprobe',
    [
      ...['-v', 'error', '-select_streams', 'v:0'],
      ...['-show_entries', 'stream=width,height', '-of', 'json', file],
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const stream = (JSON.parse(probed) as { streams: { width: number; height: number }[] })
    .streams[0];
  if (!stream) throw new Error(`no video stream in ${file}`);
  return { width: stream.width, height: stream.height };
}

/** The largest file nginx recorded for a stream key. */
function recordOf(server: RtmpServer, key: string): string {
  const files = readdirSync(server.recordDir)
    .filter((f) => f.startsWith(key))
    .map((f) => join(server.recordDir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  if (!files[0]) throw new Error(`nginx recorded nothing for ${key}`);
  return files[0];
}

describe.skipIf(unavailable !== null)(
  'broadcast: a landscape and a portrait canvas at once, each RTMP output on its own',
  () => {
    let browser: Browser;
    let studio: Studio;
    let host: BrowserHost;
    let rtmp: RtmpServer;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      const dir = tempDir();
      rtmp = await startRtmpServer(join(dir, 'rtmp'));
      browser = await launchChromium();
      ({ studio, host } = await startE2eStudio(join(dir, 'data'), {
        webrtc: { workerBin: join(dir, 'no-mediasoup-worker') },
      }));
    });

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await host.close();
      studio.close();
      await rtmp.stop();
    });

    const api = async <T>(method: string, input: unknown): Promise<T> => {
      const envelope = await studio.router.handle(method, input, { transport: 'test' });
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.value as T;
    };

    it('sends 1280×720 to the landscape output and 1080×1920 to the portrait one', async () => {
      await api('output.save', {
        name: 'Landscape site',
        platform: 'custom',
        url: rtmp.url,
        streamKey: 'landscape-key',
        canvas: 'landscape',
        enabled: true,
      });
      await api('output.save', {
        name: 'Vertical app',
        platform: 'custom',
        url: rtmp.url,
        streamKey: 'portrait-key',
        canvas: 'portrait',
        enabled: true,
      });
      const { page, errors } = await openStudioPage(browser, host, contexts);
      await page.getByTestId('nav-broadcast').click();
      await page.getByTestId('broadcast-new-title').fill('Two canvases');
      await page.getByTestId('broadcast-create').click();
      await expect
        .poll(() => page.getByTestId('broadcast-session').locator('option').first().textContent())
        .toContain('Two canvases');
      await page.getByTestId('scene-camera').click();
      await page.getByTestId('portrait-enabled').check();
      await page.getByTestId('portrait-layout-camera').selectOption('camera-large');
      // The class records the portrait canvas too: a second file.
      await page.getByTestId('portrait-record').check();
      await page.getByTestId('overlay-title').fill('Ada Lovelace');
      await page.getByTestId('overlay-visible').check();
      await expect
        .poll(() => page.getByTestId('health-portrait').getAttribute('data-state'))
        .not.toBe('off');

      await page.getByTestId('broadcast-go-live').click();
      await expect
        .poll(() => page.getByTestId('broadcast-state').getAttribute('data-phase'))
        .toBe('live');
      await expect.poll(() => page.getByTestId('portrait-streaming').textContent()).toContain('1');
      // Both outputs go live, each with its own stream on the server.
      await expect
        .poll(
          async () =>
            (await api<MethodOutput<'output.list'>>('output.list', {})).map((o) => o.status.state),
          { timeout: 60_000 },
        )
        .toEqual(['live', 'live']);
      await expect
        .poll(() => rtmp.recordedBytes('portrait-key'), { timeout: 60_000 })
        .toBeGreaterThan(100_000);
      await expect
        .poll(() => rtmp.recordedBytes('landscape-key'), { timeout: 60_000 })
        .toBeGreaterThan(100_000);

      await expect
        .poll(() => page.getByTestId('portrait-recording').getAttribute('data-status'))
        .toBe('recording');
      await page.screenshot({ path: join(SHOTS, 'broadcast-two-canvases-en.png'), fullPage: true });
      // The portrait rate lowered (what the portrait feed reports when the machine cannot keep
      // up): the banner above every screen says so. On a busy machine the feed's own reports
      // race this one, hence any rate; the clearing is in tests/integration/recording-canvas.
      const banner = page.getByTestId('health-banner');
      await api('canvas.load', { canvas: 'portrait', fps: 15, fullFps: 30 });
      await expect.poll(() => banner.textContent()).toMatch(/^The portrait canvas runs at \d+ fps/);
      await page.screenshot({ path: join(SHOTS, 'health-portrait-lowered-en.png') });
      await page.getByTestId('language-select').selectOption('zh-CN');
      await expect.poll(() => page.getByTestId('broadcast-state').textContent()).toBe('直播中');
      await expect
        .poll(() => page.getByTestId('portrait-card').textContent())
        .toContain('竖屏画布');
      await expect.poll(() => banner.textContent()).toMatch(/^竖屏画布以 \d+ 帧/);
      await page.screenshot({ path: join(SHOTS, 'health-portrait-lowered-zh-CN.png') });
      await page.screenshot({
        path: join(SHOTS, 'broadcast-two-canvases-zh-CN.png'),
        fullPage: true,
      });

      // The class on air (its report replaces this screen once it ends).
      const sessionId = Number(await page.getByTestId('broadcast-session').inputValue());
      await page.getByTestId('broadcast-end').click();
      // The class has ended (after both canvases' streams): its report opens by itself.
      await page.getByTestId('report-title').waitFor({ timeout: 120_000 });
      await expect
        .poll(
          async () =>
            (await api<MethodOutput<'output.list'>>('output.list', {})).map((o) => o.status.state),
          { timeout: 30_000 },
        )
        .toEqual(['idle', 'idle']);

      expect(videoSize(recordOf(rtmp, 'landscape-key'))).toEqual({ width: 1280, height: 720 });
      expect(videoSize(recordOf(rtmp, 'portrait-key'))).toEqual({ width: 1080, height: 1920 });
      // Both recordings of the class, each a playable file of its canvas.
      let recordings: MethodOutput<'recording.list'> = [];
      await expect
        .poll(
          async () => {
            recordings = await api<MethodOutput<'recording.list'>>('recording.list', {
              sessionId,
            });
            // The order of the list (newest first) does not matter here.
            return recordings.map((r) => `${r.canvas}:${r.status}:${String(r.finalising)}`).sort();
          },
          { timeout: 120_000 },
        )
        .toEqual(['landscape:finalised:false', 'portrait:finalised:false']);
      for (const recording of recordings) {
        expect(videoSize(recording.path)).toEqual(
          recording.canvas === 'portrait'
            ? { width: 1080, height: 1920 }
            : { width: 1280, height: 720 },
        );
        // Playable: every frame decodes.
        const decodeErrors = execFileSync(
          'ffmpeg',
          ['-v', 'error', '-i', recording.path, '-f', 'null', '-'],
          { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        expect(decodeErrors.trim()).toBe('');
      }
      expect(errors).toEqual([]);
      // Chromium encoding two canvases and two ffmpeg pushes: minutes on a busy 2-core machine
      // (a guard against a hang, not a figure).
    }, 360_000);
  },
);
