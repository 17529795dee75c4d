/**
 * Viewers per core over WebRTC's media path: how many consumers one mediasoup worker forwards a
 * 720p30 VP8 stream to before its CPU saturates or packets go missing. Loopback only.
 *
 * ffmpeg sends a test picture as RTP to a plain transport on router A (worker 1); router A pipes
 * the producer to router B (worker 2), as the studio spreads viewers over workers; simulated
 * viewers are plain RTP consumers on router B that all send to one UDP socket here, which counts
 * packets per consumer (by SSRC). For each step of consumers the bench measures worker 2's CPU
 * from /proc and the packets the worst consumer got against the best one.
 *
 * `npm run bench -- webrtc-capacity [--steps=50,100,200,400] [--seconds=8]` prints JSON; the last
 * step that neither saturated (worker ≥ 0.9 of a core) nor lost packets gives consumers per core,
 * printed beside mediasoup's guidance (~500 consumers per worker).
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { loadavg } from 'node:os';
import type { types as ms } from 'mediasoup';
import { MEDIA_CODECS } from '../src/main/media/webrtc/media-codecs';
import { probeMediasoup } from '../src/main/media/webrtc/mediasoup-loader';
import { runGuarded } from './latency/cleanup';
import { processTable } from './latency/procs';

const MAX_CONSUMERS = 2_000;
const MAX_SECONDS = 60;
const SATURATED_CORES = 0.9;
const SSRC = 22_222_222;
const PAYLOAD_TYPE = 101;

function flag(argv: readonly string[], name: string): string | undefined {
  return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export function parseCapacityFlags(argv: readonly string[]): { steps: number[]; seconds: number } {
  const steps = (flag(argv, 'steps') ?? '50,100,200,400').split(',').map(Number);
  if (steps.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_CONSUMERS))
    throw new Error(`--steps: whole numbers from 1 to ${String(MAX_CONSUMERS)}, comma-separated`);
  const seconds = Number(flag(argv, 'seconds') ?? '8');
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > MAX_SECONDS)
    throw new Error(`--seconds: from 1 to ${String(MAX_SECONDS)}`);
  return { steps: [...new Set(steps)].sort((a, b) => a - b), seconds };
}

interface CapacityStep {
  consumers: number;
  producerPackets: number;
  bestConsumerPackets: number;
  worstConsumerLossPct: number | null;
  workerCores: number;
  consumersPerCore: number | null;
  loadAverage1m: number;
}

function ticks(pid: number): number {
  return processTable().get(pid)?.ticks ?? 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(argv: readonly string[] = process.argv): Promise<unknown> {
  const { steps, seconds } = parseCapacityFlags(argv);
  const probe = await probeMediasoup();
  if (!probe.available) return { skipped: probe.detail };
  const { mediasoup, workerBin } = probe;
  return runGuarded(async (cleanup) => {
    const worker = async (): Promise<ms.Worker> => {
      const w = await mediasoup.createWorker({ logLevel: 'warn', workerBin });
      cleanup.defer('close a mediasoup worker', () => w.close());
      return w;
    };
    const w1 = await worker();
    const w2 = await worker();
    const routerA = await w1.createRouter({ mediaCodecs: MEDIA_CODECS });
    const routerB = await w2.createRouter({ mediaCodecs: MEDIA_CODECS });
    const input = await routerA.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: true,
    });
    const producer = await input.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', clockRate: 90_000, payloadType: PAYLOAD_TYPE }],
        encodings: [{ ssrc: SSRC }],
      },
    });
    await routerA.pipeToRouter({ producerId: producer.id, router: routerB });

    const ffmpeg = spawn(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-re'],
        ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30'],
        ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-b:v', '2500k'],
        ...['-g', '15', '-ssrc', String(SSRC), '-payload_type', String(PAYLOAD_TYPE)],
        ...['-f', 'rtp', `rtp://127.0.0.1:${String(input.tuple.localPort)}?pkt_size=1200`],
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    ffmpeg.on('error', () => undefined);
    ffmpeg.stderr.on('data', () => undefined);
    cleanup.defer('stop ffmpeg', () => {
      ffmpeg.kill('SIGKILL');
    });

    const sink = createSocket('udp4');
    const received = new Map<number, number>();
    sink.on('error', () => undefined);
    sink.on('message', (packet) => {
      if (packet.length < 12) return;
      const ssrc = packet.readUInt32BE(8);
      received.set(ssrc, (received.get(ssrc) ?? 0) + 1);
    });
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
    cleanup.defer('close the RTP sink', () => sink.close());
    const sinkPort = sink.address().port;

    const consumers: { consumer: ms.Consumer; ssrc: number }[] = [];
    const results: CapacityStep[] = [];
    for (const target of steps) {
      while (consumers.length < target) {
        const transport = await routerB.createPlainTransport({
          listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
          rtcpMux: true,
          comedia: false,
        });
        await transport.connect({ ip: '127.0.0.1', port: sinkPort });
        const consumer = await transport.consume({
          producerId: producer.id,
          rtpCapabilities: routerB.rtpCapabilities,
        });
        consumers.push({ consumer, ssrc: consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0 });
      }
      await sleep(1_000); // Settle: the new consumers' first keyframe requests.
      received.clear();
      const sentBefore = (await producer.getStats())[0]?.packetCount ?? 0;
      const before = ticks(w2.pid);
      const started = performance.now();
      await sleep(seconds * 1_000);
      const elapsed = (performance.now() - started) / 1_000;
      const workerCores = (ticks(w2.pid) - before) / 100 / elapsed;
      const sent = ((await producer.getStats())[0]?.packetCount ?? 0) - sentBefore;
      // Every consumer forwards the same packets: loss is the worst one against the best one (a
      // consumer also drops what comes before its first keyframe, which is not the worker's).
      const counts = consumers.map(({ ssrc }) => received.get(ssrc) ?? 0);
      const most = Math.max(0, ...counts);
      const least = Math.min(most, ...counts);
      const lossPct = most > 0 ? Number(((1 - least / most) * 100).toFixed(2)) : null;
      const step: CapacityStep = {
        consumers: target,
        producerPackets: sent,
        bestConsumerPackets: most,
        worstConsumerLossPct: lossPct,
        workerCores: Number(workerCores.toFixed(3)),
        consumersPerCore: workerCores > 0 ? Math.round(target / workerCores) : null,
        loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      };
      console.error(`webrtc-capacity: ${JSON.stringify(step)}`);
      results.push(step);
      // A little loss (< 2 %) is allowed for UDP on a loaded machine's loopback.
      if (workerCores >= SATURATED_CORES || sent === 0 || (lossPct ?? 100) > 2) break;
    }
    const healthy = results.filter(
      (r) => r.workerCores < SATURATED_CORES && (r.worstConsumerLossPct ?? 100) <= 2,
    );
    const best = healthy[healthy.length - 1];
    return {
      stream: 'VP8 1280x720@30 ~2.5 Mbit/s (ffmpeg testsrc2) → router A → pipe → router B',
      seconds,
      steps: results,
      consumersPerCore: best?.consumersPerCore ?? null,
      mediasoupGuidance: '~500 consumers per worker (one worker uses one core)',
    };
  });
}
