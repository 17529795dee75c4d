/**
 * Viewers per core over WebRTC's media path: how many consumers one mediasoup worker forwards a
 * 720p30 VP8 stream to before its CPU saturates or packets go missing. Loopback only.
 *
 * ffmpeg sends a test picture as RTP to a plain transport on router A (worker 1); router A pipes
 * the producer to router B (worker 2), as the studio spreads viewers over workers; simulated
 * viewers are plain RTP consumers on router B that all send to one UDP socket here. For each step
 * of consumers the bench measures worker 2's CPU from /proc and, from mediasoup's stats, the
 * packets the worst consumer sent against those router B got over the pipe. A loaded machine's
 * ffmpeg sends fewer packets than the studio, so consumers per core is also given scaled to the
 * studio's packet rate (the worker's CPU grows with packets forwarded).
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
const MAX_LOSS_PCT = 2;
const SETTLE_POLLS = 10;
const SINK_BUFFER_BYTES = 4 * 1024 * 1024;
/** RTP packets a second of the studio's 720p30 at 2.5 Mbit/s in ~1,200-byte packets. */
const STUDIO_PACKETS_PER_S = Math.round(2_500_000 / 8 / 1_200);

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
  /** RTP packets router B got over the pipe in the window. */
  inboundPackets: number;
  worstConsumerPackets: number;
  worstConsumerLossPct: number | null;
  workerCores: number;
  consumersPerCore: number | null;
  /** Scaled to a producer sending STUDIO_PACKETS_PER_S (CPU grows with packets forwarded). */
  consumersPerCoreAtStudioRate: number | null;
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
    const { pipeProducer } = await routerA.pipeToRouter({
      producerId: producer.id,
      router: routerB,
    });
    if (!pipeProducer) throw new Error('piping the producer to the second router gave no producer');

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

    // One sink for every consumer to send to (what reaches it is the loopback's business).
    const sink = createSocket({ type: 'udp4', recvBufferSize: SINK_BUFFER_BYTES });
    sink.on('error', () => undefined);
    sink.on('message', () => undefined);
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
    cleanup.defer('close the RTP sink', () => sink.close());
    const sinkPort = sink.address().port;

    const consumers: ms.Consumer[] = [];
    /** RTP packets router B got from the pipe, and each consumer sent, in one round of requests. */
    const counts = async (): Promise<{ inbound: number; sent: number[] }> => {
      const [inbound, ...sent] = await Promise.all([
        pipeProducer.getStats().then((stats) => stats[0]?.packetCount ?? 0),
        ...consumers.map((consumer) =>
          consumer
            .getStats()
            .then((stats) => stats.find((stat) => stat.type === 'outbound-rtp')?.packetCount ?? 0),
        ),
      ]);
      return { inbound, sent };
    };
    const results: CapacityStep[] = [];
    for (const target of steps) {
      while (consumers.length < target) {
        const transport = await routerB.createPlainTransport({
          listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
          rtcpMux: true,
          comedia: false,
        });
        await transport.connect({ ip: '127.0.0.1', port: sinkPort });
        consumers.push(
          await transport.consume({
            producerId: producer.id,
            rtpCapabilities: routerB.rtpCapabilities,
          }),
        );
      }
      // Settle: a new consumer sends nothing before the next keyframe (ffmpeg ignores PLIs).
      for (let i = 0; i < SETTLE_POLLS; i += 1) {
        await sleep(500);
        if ((await counts()).sent.every((n) => n > 0)) break;
      }
      const before = await counts();
      const ticksBefore = ticks(w2.pid);
      const started = performance.now();
      await sleep(seconds * 1_000);
      const elapsed = (performance.now() - started) / 1_000;
      const workerCores = (ticks(w2.pid) - ticksBefore) / 100 / elapsed;
      const after = await counts();
      const inbound = after.inbound - before.inbound;
      const sent = after.sent.map((n, i) => n - (before.sent[i] ?? 0));
      const worst = Math.min(inbound, ...sent);
      // Loss is what the worker did not forward: the worst consumer against the pipe's input.
      const lossPct = inbound > 0 ? Number(((1 - worst / inbound) * 100).toFixed(2)) : null;
      const step: CapacityStep = {
        consumers: target,
        inboundPackets: inbound,
        worstConsumerPackets: worst,
        worstConsumerLossPct: lossPct,
        workerCores: Number(workerCores.toFixed(3)),
        consumersPerCore: workerCores > 0 ? Math.round(target / workerCores) : null,
        // The producer slows down on a loaded machine: per core at the studio's 720p rate too.
        consumersPerCoreAtStudioRate:
          workerCores > 0 && inbound > 0
            ? Math.round(target / workerCores / (STUDIO_PACKETS_PER_S / (inbound / elapsed)))
            : null,
        loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      };
      console.error(`webrtc-capacity: ${JSON.stringify(step)}`);
      results.push(step);
      // A little (< 2 %) is allowed: the counts are read a few milliseconds apart.
      if (workerCores >= SATURATED_CORES || inbound === 0 || (lossPct ?? 100) > MAX_LOSS_PCT) break;
    }
    const healthy = results.filter(
      (r) => r.workerCores < SATURATED_CORES && (r.worstConsumerLossPct ?? 100) <= MAX_LOSS_PCT,
    );
    const best = healthy[healthy.length - 1];
    return {
      stream: 'VP8 1280x720@30 ~2.5 Mbit/s (ffmpeg testsrc2) → router A → pipe → router B',
      seconds,
      steps: results,
      consumersPerCore: best?.consumersPerCore ?? null,
      consumersPerCoreAtStudioRate: best?.consumersPerCoreAtStudioRate ?? null,
      mediasoupGuidance: '~500 consumers per worker (one worker uses one core)',
    };
  });
}
