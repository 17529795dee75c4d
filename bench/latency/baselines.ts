/**
 * The bare pipelines the studio's delivery paths are compared with, measured in the same run as
 * the studio (bench/latency.ts) so that the ratio holds whatever the machine's load:
 * - WebRTC: a Chromium page sends a 720p30 canvas with the burned-in clock to a plain mediasoup
 *   router on loopback; a second Chromium consumes it (no studio, no audience server);
 * - HTTP: the same canvas recorded with MediaRecorder (WebM/VP8, 100 ms chunks), sent over a
 *   WebSocket to a plain Node HTTP relay that writes every chunk to a chunked response; the
 *   consumer page plays it with MSE, held near the live edge by the viewer's own policy
 *   (src/renderer/viewer/live-edge.ts).
 * The page side is bench/latency/baseline-page.ts.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';
import type { types as ms } from 'mediasoup';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import { MEDIA_CODECS } from '../../src/main/media/webrtc/media-codecs';
import { probeMediasoup } from '../../src/main/media/webrtc/mediasoup-loader';
import { keepOnLoopback } from '../../tests/helpers/e2e-studio';
import type { Cleanup } from './cleanup';
import type { ProbeSample } from './sample';

export type Sample = ProbeSample;

export type SampleDelays = (viewer: Page) => Promise<Sample[]>;

async function pageScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, 'bench/latency/baseline-page.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'EncoreBaseline',
    write: false,
    target: 'chrome120',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Serves the page, and relays /push WebSocket messages to every GET /live response. */
async function startServer(cleanup: Cleanup): Promise<string> {
  const script = await pageScript();
  const html = `<!doctype html><meta charset="utf-8"><title>baseline</title><body><script>${script}</script></body>`;
  const listeners = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    res.on('error', () => listeners.delete(res));
    if (req.url === '/live') {
      res.writeHead(200, { 'content-type': 'video/webm', 'cache-control': 'no-store' });
      res.flushHeaders();
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  // The producer's chunks come over one WebSocket (a POST per chunk queued up at this load).
  const pushes = new WebSocketServer({ server, path: '/push' });
  pushes.on('connection', (socket) => {
    socket.on('error', () => socket.terminate());
    socket.on('message', (data: Buffer) => {
      for (const listener of listeners) listener.write(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.defer('close the baseline server', () => {
    for (const client of pushes.clients) client.terminate();
    pushes.close();
    for (const listener of listeners) listener.destroy();
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`;
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await keepOnLoopback(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** A plain mediasoup router: signalling for the pages over playwright's exposeFunction. */
async function mediasoupSignal(
  cleanup: Cleanup,
): Promise<((method: string, data: unknown) => Promise<unknown>) | string> {
  const probe = await probeMediasoup();
  if (!probe.available) return probe.detail;
  const worker = await probe.mediasoup.createWorker({
    logLevel: 'warn',
    workerBin: probe.workerBin,
  });
  cleanup.defer('close the baseline mediasoup worker', () => worker.close());
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const transports = new Map<string, ms.WebRtcTransport>();
  const consumers = new Map<string, ms.Consumer>();
  let producer: ms.Producer | null = null;
  return async (method, data) => {
    const d = data as Record<string, unknown>;
    const transport = (): ms.WebRtcTransport => {
      const found = transports.get(String(d.transportId));
      if (!found) throw new Error(`no transport ${String(d.transportId)}`);
      return found;
    };
    switch (method) {
      case 'caps':
        return router.rtpCapabilities;
      case 'transport': {
        const t = await router.createWebRtcTransport({
          listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }],
          enableUdp: true,
          initialAvailableOutgoingBitrate: 1_000_000,
        });
        transports.set(t.id, t);
        const { id, iceParameters, iceCandidates, dtlsParameters } = t;
        return { id, iceParameters, iceCandidates, dtlsParameters };
      }
      case 'connect':
        await transport().connect({ dtlsParameters: d.dtlsParameters as ms.DtlsParameters });
        return null;
      case 'produce':
        producer = await transport().produce({
          kind: d.kind as ms.MediaKind,
          rtpParameters: d.rtpParameters as ms.RtpParameters,
        });
        return producer.id;
      case 'consume': {
        if (!producer) throw new Error('nothing produced yet');
        const consumer = await transport().consume({
          producerId: producer.id,
          rtpCapabilities: d.rtpCapabilities as ms.RtpCapabilities,
          paused: true,
        });
        consumers.set(consumer.id, consumer);
        const { id, kind, rtpParameters } = consumer;
        return { id, producerId: producer.id, kind, rtpParameters };
      }
      case 'resume':
        await consumers.get(String(d.consumerId))?.resume();
        return null;
      default:
        throw new Error(`unknown signal ${method}`);
    }
  };
}

/** Waits until the consumer's <video> shows frames, warms up, then samples. */
async function sampleConsumer(
  consumer: Page,
  warmUpMs: number,
  sample: SampleDelays,
): Promise<Sample[]> {
  // Source text: the page's DOM is not in this file's types.
  await consumer.waitForFunction(
    "(() => { const v = document.querySelector('video'); return v !== null && v.readyState >= 2 && !v.paused; })()",
    null,
    { timeout: 30_000 },
  );
  await consumer.waitForTimeout(warmUpMs);
  return sample(consumer);
}

export async function bareWebrtc(
  cleanup: Cleanup,
  browsers: { producer: Browser; consumer: Browser },
  warmUpMs: number,
  sample: SampleDelays,
): Promise<Sample[] | string> {
  const signal = await mediasoupSignal(cleanup);
  if (typeof signal === 'string') return signal;
  const url = await startServer(cleanup);
  const producer = await openPage(browsers.producer, url);
  const consumer = await openPage(browsers.consumer, url);
  await producer.exposeFunction('benchSignal', signal);
  await consumer.exposeFunction('benchSignal', signal);
  await producer.evaluate('EncoreBaseline.webrtcProduce()');
  await consumer.evaluate('EncoreBaseline.webrtcConsume()');
  return sampleConsumer(consumer, warmUpMs, sample);
}

export async function bareHttp(
  cleanup: Cleanup,
  browsers: { producer: Browser; consumer: Browser },
  warmUpMs: number,
  sample: SampleDelays,
): Promise<Sample[]> {
  const url = await startServer(cleanup);
  const consumer = await openPage(browsers.consumer, url);
  // The consumer listens first: it gets the WebM header with the first chunk.
  await consumer.evaluate('EncoreBaseline.httpConsume()');
  const producer = await openPage(browsers.producer, url);
  await producer.evaluate('EncoreBaseline.httpProduce()');
  return sampleConsumer(consumer, warmUpMs, sample);
}
