/**
 * Glass-to-glass delay on loopback, and what broadcasting costs the studio's CPU.
 *
 * The studio (the built renderer in Debian's Chromium, fake camera and microphone, 720p30) goes
 * live with the burned-in clock on (src/renderer/common/timecode.ts), recording, and — when
 * nginx's RTMP module is installed — one RTMP output to a local nginx. A viewer page in a second
 * Chromium plays the class; for every frame it presents (requestVideoFrameCallback) it reads the
 * clock out of the picture and subtracts it from the wall-clock time the frame is shown. Both run
 * on this machine, so they share one clock.
 *
 * The delay is from the frame being composed on the studio's canvas to it being shown in the
 * viewer's <video>; the camera's own capture delay (one frame of the fake device) comes on top.
 * CPU is measured over the sampling window from /proc: the studio's Chromium (all its
 * processes), the core (this Node process: the browser host, the audience server, the recorder
 * and the outputs) and its ffmpeg children; the viewer's Chromium and nginx are left out.
 *
 * `npm run bench:latency` (or `npm run bench -- latency`) prints JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/main/cli/project-paths';
import { ensureBuilt } from '../src/main/cli/run-build';
import { call } from '../tests/helpers/audience';
import { launchChromium } from '../tests/helpers/chromium';
import { keepOnLoopback, openStudioPage, startE2eStudio } from '../tests/helpers/e2e-studio';
import {
  rtmpServerUnavailable,
  startRtmpServer,
  type RtmpServer,
} from '../tests/helpers/rtmp-server';
import { findMediasoupWorker } from '../src/main/media/webrtc/worker-location';
import { bareHttp, bareWebrtc, type Sample } from './latency/baselines';
import { Cleanup, runGuarded } from './latency/cleanup';
import { httpBreakdown, summarise } from './latency/http-breakdown';
import { tapStream } from './latency/stream-tap';
import { childPids, descendants, processTable } from './latency/procs';
import {
  encoderFigures,
  receiverFigures,
  rtcSnapshot,
  trackPeerConnections,
} from './latency/rtc-stats';

/** Playing time before sampling starts, so start-up catch-up does not count. */
const WARM_UP_MS = 5_000;
const SAMPLE_MS = 20_000;
const CLOCK_TICKS_PER_S = 100;

// ---------------------------------------------------------------------------------------------
// CPU from /proc (Linux): bench/latency/procs.ts
// ---------------------------------------------------------------------------------------------

interface CpuGroups {
  studioBrowser: number;
  core: number;
  ffmpeg: number;
}

/** CPU ticks per group; processes that exit mid-window are lost (none should here). */
function cpuTicks(studioBrowserPid: number, exclude: Set<number>): CpuGroups {
  const table = processTable();
  const studio = descendants(table, studioBrowserPid);
  const core = table.get(process.pid)?.ticks ?? 0;
  let ffmpeg = 0;
  for (const pid of descendants(table, process.pid)) {
    if (pid === process.pid || studio.has(pid) || exclude.has(pid)) continue;
    const info = table.get(pid);
    if (info?.name === 'ffmpeg') ffmpeg += info.ticks;
  }
  let browser = 0;
  for (const pid of studio) browser += table.get(pid)?.ticks ?? 0;
  return { studioBrowser: browser, core, ffmpeg };
}

function cpuShare(before: CpuGroups, after: CpuGroups, seconds: number): Record<string, number> {
  const share = (key: keyof CpuGroups) =>
    Number(((after[key] - before[key]) / CLOCK_TICKS_PER_S / seconds).toFixed(2));
  const result = {
    studioBrowserCores: share('studioBrowser'),
    coreCores: share('core'),
    ffmpegCores: share('ffmpeg'),
  };
  return {
    ...result,
    totalCores: Number(
      (result.studioBrowserCores + result.coreCores + result.ffmpegCores).toFixed(2),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// The viewer side: read the clock from every presented frame
// ---------------------------------------------------------------------------------------------

/** bench/latency/probe.ts bundled for the viewer page, exposed as `EncoreProbe`. */
async function probeScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, 'bench/latency/probe.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'globalThis.EncoreProbe',
    write: false,
    target: 'chrome120',
  });
  return result.outputFiles[0]?.text ?? '';
}

async function sampleDelays(viewer: Page, ms: number): Promise<Sample[]> {
  // Source text, not a function: tsx's transform would add helpers the page does not have.
  return viewer.evaluate(
    `${await probeScript()}\n;globalThis.EncoreProbe.sampleDelays(${String(ms)})`,
  );
}

// ---------------------------------------------------------------------------------------------

/** `--canvases`: also the studio's CPU with one and with two canvases (720p30 + 1080×1920@30). */
export const CANVASES_FLAG = '--canvases';
/** `--webrtc-only`: the studio over WebRTC only (with both baselines), for quicker A/B runs. */
export const WEBRTC_ONLY_FLAG = '--webrtc-only';
/** `--http-only`: the studio over the HTTP stream only (with both baselines), for quick A/B runs. */
export const HTTP_ONLY_FLAG = '--http-only';
/** `--baselines-only`: the bare pipelines alone (bench/latency/baselines.ts), no studio. */
export const BASELINES_ONLY_FLAG = '--baselines-only';

export async function run(
  argv: readonly string[] = process.argv,
): Promise<Record<string, unknown>> {
  ensureBuilt((line) => console.error(line));
  // Every process started here ends whatever happens; a reset socket is not a crash.
  return runGuarded(async (cleanup) => {
    const baselines = await measureBaselines(cleanup);
    if (argv.includes(BASELINES_ONLY_FLAG)) return { baselines };
    // A run that fails (a timeout on a loaded machine) is reported; the others' figures stay.
    const attempt = async (
      ...args: Parameters<typeof measure>
    ): Promise<Measured | { error: string }> => {
      try {
        return await measure(...args);
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    };
    const http = argv.includes(WEBRTC_ONLY_FLAG)
      ? { skipped: WEBRTC_ONLY_FLAG }
      : await attempt(cleanup, 'http');
    // The same path for a browser that plays no WebM (the recording's fMP4 fragments only).
    const httpMp4 = argv.includes(WEBRTC_ONLY_FLAG)
      ? { skipped: WEBRTC_ONLY_FLAG }
      : await attempt(cleanup, 'http', { mp4Only: true });
    const webrtc = argv.includes(HTTP_ONLY_FLAG)
      ? { skipped: HTTP_ONLY_FLAG }
      : findMediasoupWorker()
        ? await attempt(cleanup, 'webrtc')
        : {
            skipped:
              'no mediasoup worker to deliver over WebRTC (run npm run setup:webrtc or set MEDIASOUP_WORKER_BIN)',
          };
    const vsBaseline = {
      http: ratios('delay' in http ? http.delay : undefined, baselines.http),
      httpMp4: ratios('delay' in httpMp4 ? httpMp4.delay : undefined, baselines.http),
      webrtc: ratios('delay' in webrtc ? webrtc.delay : undefined, baselines.webrtc),
    };
    if (!argv.includes(CANVASES_FLAG)) return { http, httpMp4, webrtc, baselines, vsBaseline };
    const one = await measure(cleanup, 'http', { portrait: false });
    const two = await measure(cleanup, 'http', { portrait: true });
    return {
      http,
      httpMp4,
      webrtc,
      baselines,
      vsBaseline,
      canvases: {
        oneCanvas: { canvases: ['1280x720@30'], cpu: one.cpu, studioHealth: one.studioHealth },
        twoCanvases: {
          canvases: ['1280x720@30', '1080x1920@30'],
          cpu: two.cpu,
          studioHealth: two.studioHealth,
          rtmp: two.rtmp,
        },
      },
    };
  });
}

type Measured = Record<string, unknown> & {
  cpu: unknown;
  studioHealth: unknown;
  rtmp: unknown;
  delay?: unknown;
};
type Delays = Record<string, number | null>;

/** The studio's delay over the bare pipeline's, per percentile (null when either is missing). */
function ratios(studio: unknown, bare: unknown): Record<string, number | null> | null {
  const s = studio as Delays | undefined;
  const b = (bare as { delay?: Delays } | undefined)?.delay;
  if (!s || !b) return null;
  const ratio = (key: string): number | null => {
    const top = s[key];
    const bottom = b[key];
    return typeof top === 'number' && typeof bottom === 'number' && bottom > 0
      ? Number((top / bottom).toFixed(2))
      : null;
  };
  return { p50: ratio('p50Ms'), p90: ratio('p90Ms'), p99: ratio('p99Ms') };
}

/**
 * The bare pipelines (bench/latency/baselines.ts), each with its own Chromiums, ended before the
 * studio runs so that they do not compete for the CPU.
 */
async function measureBaselines(outer: Cleanup): Promise<Record<string, unknown>> {
  const one = async (
    run: (
      cleanup: Cleanup,
      browsers: { producer: Browser; consumer: Browser },
    ) => Promise<Sample[] | string>,
  ): Promise<Record<string, unknown>> => {
    const cleanup = new Cleanup();
    outer.defer('end a baseline run', () => cleanup.run());
    try {
      const producer = await launchChromium();
      cleanup.defer('close a Chromium', () => producer.close());
      const consumer = await launchChromium();
      cleanup.defer('close a Chromium', () => consumer.close());
      const samples = await run(cleanup, { producer, consumer });
      if (typeof samples === 'string') return { skipped: samples };
      return {
        delay: summarise(samples.map((s) => s.delayMs)),
        bufferedAhead: summarise(samples.map((s) => s.bufferedAheadMs)),
      };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    } finally {
      await cleanup.run();
    }
  };
  const sample = (viewer: Page) => sampleDelays(viewer, SAMPLE_MS);
  return {
    webrtc: {
      pipeline: 'canvas 1280x720@30 → mediasoup router (loopback) → Chromium consumer',
      ...(await one((c, b) => bareWebrtc(c, b, WARM_UP_MS, sample))),
    },
    http: {
      pipeline: 'MediaRecorder WebM/VP8 100 ms chunks → Node HTTP chunked relay → MSE',
      ...(await one((c, b) => bareHttp(c, b, WARM_UP_MS, sample))),
    },
  };
}

interface RunOptions {
  /** Compose the portrait canvas too (true), or turn it off (false). */
  portrait?: boolean;
  /** The viewer's browser plays no WebM: it gets the recording's fMP4, not the low-latency feed. */
  mp4Only?: boolean;
}

/** One run with its own cleanup, ended before the next run starts (and by `outer` on a crash). */
async function measure(
  outer: Cleanup,
  deliveryPath: 'http' | 'webrtc',
  options: RunOptions = {},
): Promise<Measured> {
  const cleanup = new Cleanup();
  outer.defer(`end the ${deliveryPath} run`, () => cleanup.run());
  try {
    return await measureOnce(cleanup, deliveryPath, options);
  } finally {
    await cleanup.run();
  }
}

/** One class live with one viewer on the given delivery path. */
async function measureOnce(
  cleanup: Cleanup,
  deliveryPath: 'http' | 'webrtc',
  options: RunOptions,
): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-latency-'));
  cleanup.defer('remove the temporary folder', () => rmSync(dir, { recursive: true, force: true }));
  const contexts: BrowserContext[] = [];
  let rtmp: RtmpServer | null = null;
  const { studio, host } = await startE2eStudio(
    join(dir, 'data'),
    // The HTTP path is measured with WebRTC unavailable (a worker path that does not exist).
    deliveryPath === 'http' ? { webrtc: { workerBin: join(dir, 'no-mediasoup-worker') } } : {},
  );
  cleanup.defer('close the studio', () => studio.close());
  cleanup.defer('close the browser host', () => host.close());
  const rtmpMissing = rtmpServerUnavailable();
  if (rtmpMissing === null) {
    const server = await startRtmpServer(join(dir, 'rtmp'));
    rtmp = server;
    cleanup.defer('stop nginx', () => server.stop());
    await call(studio, 'output.save', {
      name: 'Local nginx',
      platform: 'custom',
      url: server.url,
      streamKey: 'bench',
      enabled: true,
    });
    if (options.portrait === true) {
      await call(studio, 'output.save', {
        name: 'Local nginx (portrait)',
        platform: 'custom',
        url: server.url,
        streamKey: 'bench-portrait',
        canvas: 'portrait',
        enabled: true,
      });
    }
  }

  // playwright's launch() does not say its process id: take the child that appears.
  const launchTracked = async (): Promise<{ browser: Browser; pid: number }> => {
    const before = new Set(childPids());
    const browser = await launchChromium();
    cleanup.defer('close a Chromium', () => browser.close());
    const pid = childPids().find((p) => !before.has(p));
    if (pid === undefined) throw new Error('cannot find the Chromium process');
    return { browser, pid };
  };
  const { browser: studioBrowser, pid: studioPid } = await launchTracked();
  const { browser: viewerBrowser, pid: viewerPid } = await launchTracked();

  const { page } = await openStudioPage(studioBrowser, host, contexts);
  await trackPeerConnections(page);
  await page.getByTestId('nav-broadcast').click();
  await page.getByTestId('broadcast-new-title').fill('Latency check');
  await page.getByTestId('broadcast-create').click();
  await page
    .getByTestId('broadcast-session')
    .locator('option')
    .first()
    .waitFor({ state: 'attached' });
  await page.getByTestId('scene-camera').click();
  await page.getByTestId('overlay-timecode').check();
  if (options.portrait !== undefined) {
    const box = page.getByTestId('portrait-enabled');
    if (options.portrait) await box.check();
    else await box.uncheck();
  }
  await page.getByTestId('broadcast-go-live').click();
  await page.locator('[data-testid="broadcast-state"][data-phase="live"]').waitFor();

  const sessions = await call(studio, 'library.sessions', {});
  const session = sessions.find((s) => s.title === 'Latency check');
  if (!session) throw new Error('the class was not created');
  const info = await call(studio, 'audience.info', { sessionId: session.id });

  const viewerContext = await viewerBrowser.newContext({
    viewport: { width: 1280, height: 800 },
  });
  contexts.push(viewerContext);
  await keepOnLoopback(viewerContext);
  if (options.mp4Only === true) {
    // As in a browser without WebM in MSE: the page then never asks for the low-latency feed.
    await viewerContext.addInitScript(() => {
      const source = (
        globalThis as unknown as { MediaSource: { isTypeSupported(type: string): boolean } }
      ).MediaSource;
      const supported = source.isTypeSupported.bind(source);
      source.isTypeSupported = (type: string) => !/webm/i.test(type) && supported(type);
    });
  }
  const viewer = await viewerContext.newPage();
  await viewer.goto(`http://127.0.0.1:${String(info.port)}/j/${info.joinCode}`);
  await trackPeerConnections(viewer);
  await viewer.getByTestId('join-name').fill('Latency');
  await viewer.getByTestId('join-submit').click();
  await viewer
    .locator(`[data-testid="video-area"][data-player="playing"][data-path="${deliveryPath}"]`)
    .waitFor({ timeout: 30_000 });
  if (deliveryPath === 'http' && options.mp4Only !== true) {
    // The studio starts the low-latency feed once it hears of this viewer; it moves onto it.
    await viewer
      .locator('[data-testid="video-area"][data-media="video/webm"]')
      .waitFor({ timeout: 30_000 });
  }
  await viewer.waitForTimeout(WARM_UP_MS);
  const path = await viewer.getByTestId('delivery-path').textContent();
  const media = await viewer.getByTestId('video-area').getAttribute('data-media');

  const exclude = new Set<number>();
  for (const pid of descendants(processTable(), viewerPid)) exclude.add(pid);
  const rtc = deliveryPath === 'webrtc';
  const rtcBefore = rtc ? await Promise.all([rtcSnapshot(page), rtcSnapshot(viewer)]) : null;
  const cpuBefore = cpuTicks(studioPid, exclude);
  // A second viewer in this process: when each fragment leaves the core, and what it carries
  // (the recording's fMP4: only when the measured viewer plays that too).
  const tap =
    rtc || options.mp4Only !== true
      ? null
      : tapStream(`ws://127.0.0.1:${String(info.port)}/stream/${info.joinCode}`);
  const startedAt = performance.now();
  const samples = await sampleDelays(viewer, SAMPLE_MS);
  const seconds = (performance.now() - startedAt) / 1_000;
  const cpuAfter = cpuTicks(studioPid, exclude);
  const fragments = tap?.stop() ?? [];
  const rtcAfter = rtc ? await Promise.all([rtcSnapshot(page), rtcSnapshot(viewer)]) : null;

  const health = {
    fps: await page.getByTestId('health-fps').textContent(),
    dropped: await page.getByTestId('health-dropped').textContent(),
  };
  const outputs = await call(studio, 'output.list', {});

  // Ending the class is not measured: on a loaded machine its report may be slow, and that
  // must not throw away the figures above.
  let endError: string | null = null;
  try {
    await page.getByTestId('broadcast-end').click();
    await page.getByTestId('report-title').waitFor({ timeout: 30_000 });
  } catch (error) {
    endError = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  }

  return {
    path: path?.trim() ?? null,
    ...(deliveryPath === 'http' ? { media } : {}),
    canvas: options.portrait === true ? '1280x720@30 + 1080x1920@30' : '1280x720@30',
    delay: summarise(samples.map((s) => s.delayMs)),
    // The part of the delay spent buffered in the viewer (the rest is capture to arrival).
    bufferedAhead: summarise(samples.map((s) => s.bufferedAheadMs)),
    cpu: cpuShare(cpuBefore, cpuAfter, seconds),
    ...(rtc
      ? {}
      : { breakdown: { ...httpBreakdown(samples, fragments), tapError: tap?.error() ?? null } }),
    studioHealth: health,
    ...(rtcBefore && rtcAfter
      ? {
          encoder: encoderFigures(rtcBefore[0], rtcAfter[0]),
          receiver: receiverFigures(rtcBefore[1], rtcAfter[1]),
        }
      : {}),
    rtmp:
      rtmp === null
        ? { skipped: rtmpMissing }
        : outputs.map((o) => ({
            state: o.status.state,
            bitrateKbps: o.status.bitrateKbps,
            frames: o.status.frames,
          })),
    sampledSeconds: Number(seconds.toFixed(1)),
    ...(endError === null ? {} : { endError }),
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
