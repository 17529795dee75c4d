import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import type { MethodOutput } from '../../src/shared/contract';
import type { SessionId } from '../../src/shared/model/ids';
import { launchChromium } from '../helpers/chromium';
import {
  collectErrors,
  keepOnLoopback,
  openStudioPage,
  startE2eStudio,
} from '../helpers/e2e-studio';
import { useTempDirs } from '../helpers/temp-dir';
import { findMediasoupWorker } from '../../src/main/media/webrtc/worker-location';

// The studio's own lookup: MEDIASOUP_WORKER_BIN, else the worker `npm run setup:webrtc` built.
const WORKER_BIN = findMediasoupWorker()?.path;
const SHOTS = process.env.ENCORE_SHOTS_DIR ?? join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

if (!WORKER_BIN) {
  console.warn(
    'WebRTC end-to-end tests are SKIPPED: run `npm run setup:webrtc` (or set MEDIASOUP_WORKER_BIN to a mediasoup-worker 3.27.1 binary) to run them (the HTTP-stream fallback is covered by broadcast.test.ts).',
  );
}

/** The page's <video>, as far as these tests use it (the test files have no DOM types). */
interface VideoLike {
  videoWidth: number;
  currentTime: number;
  requestVideoFrameCallback(callback: () => void): number;
  addEventListener(type: string, listener: () => void): void;
}

interface Harness {
  browser: Browser;
  studio: Studio;
  host: BrowserHost;
  contexts: BrowserContext[];
}

async function api(studio: Studio, method: string, input: unknown): Promise<unknown> {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value;
}

/** The studio page creates a class and goes live with Chromium's fake camera and microphone. */
async function goLive(
  h: Harness,
  title: string,
): Promise<{ page: Page; errors: string[]; sessionId: SessionId }> {
  const { page, errors } = await openStudioPage(h.browser, h.host, h.contexts);
  await page.evaluate(KEEP_PEER_CONNECTIONS);
  await page.getByTestId('nav-broadcast').click();
  await page.getByTestId('broadcast-new-title').fill(title);
  await page.getByTestId('broadcast-create').click();
  await expect
    .poll(() => page.getByTestId('broadcast-session').locator('option').first().textContent())
    .toContain(title);
  await expect
    .poll(() => page.getByTestId('broadcast-camera').locator('option').count())
    .toBeGreaterThan(0);
  await page.getByTestId('scene-camera').click();
  const sessions = (await api(
    h.studio,
    'library.sessions',
    {},
  )) as MethodOutput<'library.sessions'>;
  const sessionId = sessions.find((s) => s.title === title)?.id;
  if (sessionId === undefined) throw new Error('the class was not created');
  await page.getByTestId('broadcast-go-live').click();
  await expect
    .poll(() => page.getByTestId('broadcast-state').getAttribute('data-phase'))
    .toBe('live');
  return { page, errors, sessionId };
}

/**
 * Keeps a page's RTCPeerConnections in `encorePcs`, for what their descriptions and senders say
 * (syncGroups, sentContentHint). Source text: these files have no DOM types.
 */
const KEEP_PEER_CONNECTIONS = `(() => {
  if (globalThis.encorePcs) return;
  const Original = globalThis.RTCPeerConnection;
  const kept = [];
  globalThis.encorePcs = kept;
  globalThis.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); kept.push(this); }
  };
})()`;

/** The content hint of the video track the studio page sends over WebRTC. */
const sentContentHint = (page: Page): Promise<string[]> =>
  page.evaluate(`globalThis.encorePcs.flatMap((pc) =>
    pc.getSenders().filter((s) => s.track?.kind === 'video').map((s) => s.track.contentHint))`);

/** A learner's page joins the class; a frame counter is installed on its video element. */
async function openViewer(
  h: Harness,
  url: string,
  name: string,
  options: { locale: 'en' | 'zh-CN'; phone: boolean },
): Promise<{ page: Page; errors: string[] }> {
  const context = await h.browser.newContext({
    ...(options.phone ? PHONE : { viewport: { width: 1024, height: 768 } }),
    locale: options.locale,
  });
  h.contexts.push(context);
  await keepOnLoopback(context);
  await context.addInitScript({ content: KEEP_PEER_CONNECTIONS });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('stage-video').evaluate((video: VideoLike) => {
    const counter = globalThis as unknown as { encoreFrames: number };
    counter.encoreFrames = 0;
    const tick = (): void => {
      counter.encoreFrames += 1;
      video.requestVideoFrameCallback(tick);
    };
    video.requestVideoFrameCallback(tick);
    // A new source (the move to the HTTP stream) may drop pending callbacks: ask again.
    video.addEventListener('loadstart', () => video.requestVideoFrameCallback(tick));
  });
  return { page, errors };
}

/**
 * The media stream (the `a=msid` stream id: Chromium's lip-sync group) of each kind the page
 * receives, from its peer connections' remote descriptions.
 */
const syncGroups = (page: Page): Promise<{ kind: string; stream: string }[]> =>
  page.evaluate(`(() => {
    const found = [];
    for (const pc of globalThis.encorePcs) {
      let kind = '';
      for (const line of (pc.remoteDescription?.sdp ?? '').split(/\\r?\\n/)) {
        if (line.startsWith('m=')) kind = line.slice(2).split(' ')[0];
        if (line.startsWith('a=msid:')) found.push({ kind, stream: line.slice(7).split(' ')[0] });
      }
    }
    return found;
  })()`);

const framesShown = (page: Page): Promise<number> =>
  page.evaluate(() => (globalThis as unknown as { encoreFrames: number }).encoreFrames);

/** The page plays over `path`: a picture with a size, and frames that keep coming. */
async function expectPlaying(page: Page, path: 'webrtc' | 'http'): Promise<void> {
  const stage = page.getByTestId('video-area');
  await expect.poll(() => stage.getAttribute('data-path'), { timeout: 30_000 }).toBe(path);
  await expect.poll(() => stage.getAttribute('data-player'), { timeout: 30_000 }).toBe('playing');
  const video = page.getByTestId('stage-video');
  expect(await video.evaluate((v: VideoLike) => v.videoWidth)).toBeGreaterThan(0);
  const before = await framesShown(page);
  await expect.poll(() => framesShown(page)).toBeGreaterThan(before + 10);
  const t1 = await video.evaluate((v: VideoLike) => v.currentTime);
  await expect.poll(() => video.evaluate((v: VideoLike) => v.currentTime)).toBeGreaterThan(t1);
}

async function closeHarness(h: Harness | undefined): Promise<void> {
  if (!h) return;
  for (const context of h.contexts) await context.close();
  await h.browser.close();
  await h.host.close();
  h.studio.close();
}

describe.skipIf(!WORKER_BIN)('WebRTC: the studio publishes, three viewers receive it', () => {
  let h: Harness | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const browser = await launchChromium();
    // Two workers, two viewers each: the third viewer is served through a pipe to worker two.
    const { studio, host } = await startE2eStudio(tempDir(), {
      webrtc: { workers: 2, consumersPerWorker: 4 },
    });
    h = { browser, studio, host, contexts: [] };
  });

  afterAll(() => closeHarness(h));

  it('plays on three pages over WebRTC, one through a pipe; a crashed worker falls back to HTTP', async () => {
    if (!h) throw new Error('no harness');
    const { page, errors, sessionId } = await goLive(h, 'WebRTC: fake camera');
    const publish = page.getByTestId('health-webrtc');
    await expect
      .poll(() => publish.getAttribute('data-state'), { timeout: 30_000 })
      .not.toBe('connecting');
    // When it fails, the studio says why (e.g. the worker died during the DTLS handshake).
    expect(
      await publish.getAttribute('data-state'),
      `WebRTC publishing: ${String(await publish.getAttribute('title'))}`,
    ).toBe('live');
    // Sent as a live picture: 'detail' made Chromium encode it as a screen share (OpenH264's
    // screen mode skips frames, and the viewers' jitter buffers grow with the uneven frames).
    expect(await sentContentHint(page)).toEqual(['motion']);

    const info = (await api(h.studio, 'audience.info', {
      sessionId,
    })) as MethodOutput<'audience.info'>;
    const url = `http://127.0.0.1:${String(info.port)}/j/${info.joinCode}`;
    const viewers: { page: Page; errors: string[] }[] = [];
    const looks = [
      { locale: 'en', phone: true },
      { locale: 'zh-CN', phone: true },
      { locale: 'en', phone: false },
    ] as const;
    for (const [i, look] of looks.entries()) {
      const viewer = await openViewer(h, url, `Viewer ${String(i + 1)}`, look);
      viewers.push(viewer);
      await expectPlaying(viewer.page, 'webrtc');
      expect(await viewer.page.getByTestId('delivery-path').textContent()).toContain('WebRTC');
    }
    // The picture and the sound are in one lip-sync group (one media stream id).
    const groups = await syncGroups(viewers[0]?.page ?? page);
    // (mediasoup's bandwidth probe is a video section of its own, stream `probator`.)
    const video = groups
      .filter((g) => g.kind === 'video' && g.stream !== 'probator')
      .map((g) => g.stream);
    const audio = groups.filter((g) => g.kind === 'audio').map((g) => g.stream);
    expect(video).toHaveLength(1);
    expect(audio).toEqual(video);

    const status = (await api(h.studio, 'webrtc.status', {
      sessionId,
    })) as MethodOutput<'webrtc.status'>;
    expect(status.session).toMatchObject({ producers: 2, viewers: 3, routers: 2 });
    await expect.poll(() => page.getByTestId('health-webrtc-viewers').textContent()).toBe('3');
    await expect.poll(() => page.getByTestId('health-http-viewers').textContent()).toBe('0');
    // Every page still advances with all three watching.
    for (const viewer of viewers) {
      const before = await framesShown(viewer.page);
      await expect.poll(() => framesShown(viewer.page)).toBeGreaterThan(before + 10);
    }

    const [first, second, third] = viewers;
    if (!first || !second || !third) throw new Error('viewers missing');
    await first.page.screenshot({ path: join(SHOTS, 'viewer-webrtc-en.png') });
    await second.page.screenshot({ path: join(SHOTS, 'viewer-webrtc-zh-CN.png') });
    await page.screenshot({ path: join(SHOTS, 'broadcast-webrtc-en.png') });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('broadcast-state').textContent()).toBe('直播中');
    await page.screenshot({ path: join(SHOTS, 'broadcast-webrtc-zh-CN.png') });

    // The worker serving the third viewer through the pipe crashes: that page moves to the HTTP
    // stream and keeps playing; the others keep WebRTC; the core answers throughout.
    const loads = h.studio.webrtc.workerLoads();
    const piped = loads.findIndex((w) => w.consumers === 2);
    const pid = h.studio.webrtc.workerPids()[piped];
    if (piped < 0 || pid === null || pid === undefined)
      throw new Error(`no piped worker: ${JSON.stringify(loads)}`);
    process.kill(pid, 'SIGKILL');
    await expectPlaying(third.page, 'http');
    // Told by the core (rtc.closed) or noticed by the browser first (the transport failed).
    expect(['closed', 'transport-failed']).toContain(
      await third.page.getByTestId('video-area').getAttribute('data-fallback'),
    );
    await expectPlaying(first.page, 'webrtc');
    await expectPlaying(second.page, 'webrtc');
    await expect.poll(() => page.getByTestId('health-http-viewers').textContent()).toBe('1');
    await third.page.screenshot({ path: join(SHOTS, 'viewer-fell-back-to-http-en.png') });

    await page.getByTestId('broadcast-end').click();
    await expect
      .poll(() => first.page.getByTestId('video-area').getAttribute('data-player'))
      .toBe('ended');
    expect(errors).toEqual([]);
    for (const viewer of viewers) expect(viewer.errors).toEqual([]);
    // Three pages, two mediasoup workers and a pipe: on a busy 2-core machine this takes over a
    // minute (a guard against a hang, not a figure).
  }, 180_000);
});

describe.skipIf(!WORKER_BIN)('WebRTC that cannot connect falls back to the HTTP stream', () => {
  let h: Harness | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const browser = await launchChromium();
    // ICE candidates name 127.0.0.3 while the sockets are bound to 127.0.0.1: nothing answers
    // the browser's checks (all on loopback), as when a network blocks UDP and TCP to the studio.
    const { studio, host } = await startE2eStudio(tempDir(), {
      webrtc: { workers: 1, listenIp: '127.0.0.1', announcedAddresses: ['127.0.0.3'] },
    });
    h = { browser, studio, host, contexts: [] };
  });

  afterAll(() => closeHarness(h));

  it('tries WebRTC, times out, and plays the HTTP stream', async () => {
    if (!h) throw new Error('no harness');
    const { page, sessionId } = await goLive(h, 'WebRTC: blocked');
    const info = (await api(h.studio, 'audience.info', {
      sessionId,
    })) as MethodOutput<'audience.info'>;
    const viewer = await openViewer(
      h,
      `http://127.0.0.1:${String(info.port)}/j/${info.joinCode}`,
      'Blocked',
      {
        locale: 'en',
        phone: true,
      },
    );
    await expect
      .poll(() => viewer.page.getByTestId('video-area').getAttribute('data-path'))
      .toBe('webrtc');
    await expectPlaying(viewer.page, 'http');
    expect(await viewer.page.getByTestId('video-area').getAttribute('data-fallback')).toBe(
      'timeout',
    );
    expect(await viewer.page.getByTestId('delivery-path').textContent()).toContain('HTTP');
    await viewer.page.screenshot({ path: join(SHOTS, 'viewer-webrtc-timeout-fell-back-en.png') });
    // The studio cannot get through either: it keeps trying while the HTTP stream carries the class.
    expect(await page.getByTestId('health-webrtc').getAttribute('data-state')).toBe('connecting');
    await page.screenshot({ path: join(SHOTS, 'broadcast-webrtc-connecting-en.png') });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('broadcast-state').textContent()).toBe('直播中');
    await page.screenshot({ path: join(SHOTS, 'broadcast-webrtc-connecting-zh-CN.png') });
    expect(viewer.errors).toEqual([]);
  });
});
