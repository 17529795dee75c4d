import { describe, expect, it } from 'vitest';
import { MEDIA_CODECS } from '../../src/main/media/webrtc/media-codecs';
import { probeMediasoup } from '../../src/main/media/webrtc/mediasoup-loader';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';
import type { RtpCapabilities } from '../../src/shared/contract/rtc-parameters';
import type { WebRtcStatus } from '../../src/shared/contract/webrtc-api';
import type { SessionId } from '../../src/shared/model/ids';
import {
  actionId,
  call,
  callError,
  eventually,
  joinViewer,
  liveSession,
  startStudio,
  useLiveCleanup,
  type TestViewer,
} from '../helpers/audience';
import { useTempDirs } from '../helpers/temp-dir';
import { findMediasoupWorker } from '../../src/main/media/webrtc/worker-location';

// The studio's own lookup: MEDIASOUP_WORKER_BIN, else the worker `npm run setup:webrtc` built.
const WORKER_BIN = findMediasoupWorker()?.path;
const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();

if (!WORKER_BIN) {
  console.warn(
    'WebRTC integration tests with a real mediasoup worker are SKIPPED: run `npm run setup:webrtc` (or set MEDIASOUP_WORKER_BIN to a mediasoup-worker 3.27.1 binary) to run them.',
  );
}

type Reply =
  Extract<SingleServerFrame, { id: string }> | Extract<SingleServerFrame, { type: 'error' }>;

/** Sends a WebRTC request and resolves with the frame answering it (its reply or an error). */
async function ask(viewer: TestViewer, frame: Record<string, unknown>): Promise<Reply> {
  const id = actionId();
  viewer.send({ ...frame, id });
  return (await viewer.waitFor(
    (f) => 'id' in f && f.id === id && f.type !== 'ack',
    10_000,
  )) as Reply;
}

function expectType<T extends Reply['type']>(reply: Reply, type: T): Extract<Reply, { type: T }> {
  if (reply.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(reply)}`);
  return reply as Extract<Reply, { type: T }>;
}

/** What a browser would send after Device.load: the router's codecs, as a device supports them. */
function deviceCaps(router: RtpCapabilities): RtpCapabilities {
  return {
    codecs: (router.codecs ?? []).map((codec) => ({
      kind: codec.kind,
      mimeType: codec.mimeType,
      preferredPayloadType: codec.preferredPayloadType,
      clockRate: codec.clockRate,
      ...(codec.channels !== undefined ? { channels: codec.channels } : {}),
      ...(codec.parameters ? { parameters: codec.parameters } : {}),
      ...(codec.rtcpFeedback ? { rtcpFeedback: codec.rtcpFeedback } : {}),
    })),
    headerExtensions: (router.headerExtensions ?? []).map((ext) => ({
      kind: ext.kind,
      uri: ext.uri,
      preferredId: ext.preferredId,
      ...(ext.preferredEncrypt !== undefined ? { preferredEncrypt: ext.preferredEncrypt } : {}),
      ...(ext.direction !== undefined ? { direction: ext.direction } : {}),
    })),
  };
}

/** The RTP parameters a browser's send transport would produce with (one plain encoding). */
const OPUS_PARAMETERS = {
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2 }],
  encodings: [{ ssrc: 11_111_111 }],
  rtcp: { cname: 'studio' },
};
const VP8_PARAMETERS = {
  mid: '1',
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90_000 }],
  encodings: [{ ssrc: 22_222_222, maxBitrate: 1_500_000 }],
  rtcp: { cname: 'studio' },
};

describe('WebRTC delivery without a mediasoup worker', () => {
  it('says why once, offers viewers only the HTTP stream, and refuses signalling', async () => {
    const studio = startStudio(tempDir(), {
      webrtc: { workerBin: '/nonexistent/mediasoup-worker' },
    });
    studios.push(studio);
    const { sessionId, wsUrl } = await liveSession(studio);
    const status = await call(studio, 'webrtc.status', { sessionId: sessionId });
    expect(status).toMatchObject({ available: false, reason: 'worker-missing', workers: 0 });
    expect(status.detail).toContain('/nonexistent/mediasoup-worker');
    expect(await callError(studio, 'webrtc.join', { sessionId: sessionId })).toBe('UNAVAILABLE');

    const viewer = await joinViewer(wsUrl);
    viewers.push(viewer);
    expect(viewer.welcome.webrtc).toBe(false);
    const refused = expectType(await ask(viewer, { type: 'rtc.caps' }), 'error');
    expect(refused.code).toBe('UNAVAILABLE');
  });

  it('can be turned off by configuration', async () => {
    const studio = startStudio(tempDir(), { webrtc: { enabled: false } });
    studios.push(studio);
    expect(await call(studio, 'webrtc.status', {})).toMatchObject({
      available: false,
      reason: 'disabled',
    });
  });
});

describe.skipIf(!WORKER_BIN)('WebRTC delivery with a mediasoup worker', () => {
  it('places viewers on the origin worker, then pipes the class to a second worker', async () => {
    const studio = startStudio(tempDir(), { webrtc: { workers: 2, consumersPerWorker: 4 } });
    studios.push(studio);
    const changes: WebRtcStatus[] = [];
    studio.events.subscribe((event, payload) => {
      if (event === 'webrtc.changed') changes.push(payload as WebRtcStatus);
    });
    const { sessionId, wsUrl } = await liveSession(studio);
    const id = sessionId as SessionId;

    const { rtpCapabilities } = await call(studio, 'webrtc.join', { sessionId: id });
    expect(rtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(
      expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']),
    );
    const h264 = rtpCapabilities.codecs?.find((c) => c.mimeType === 'video/H264');
    expect(h264?.parameters).toMatchObject({
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
    });
    const send = await call(studio, 'webrtc.createTransport', { sessionId: id });
    expect(send.iceCandidates.map((c) => c.address)).toContain('127.0.0.1');
    const audio = await call(studio, 'webrtc.produce', {
      transportId: send.id,
      kind: 'audio',
      rtpParameters: OPUS_PARAMETERS,
    });
    const video = await call(studio, 'webrtc.produce', {
      transportId: send.id,
      kind: 'video',
      rtpParameters: VP8_PARAMETERS,
    });

    const origin = studio.webrtc.workerLoads().findIndex((w) => w.alive);
    const received: { viewer: TestViewer; transportId: string }[] = [];
    for (let i = 0; i < 3; i += 1) {
      const viewer = await joinViewer(wsUrl, { name: `Viewer ${String(i + 1)}` });
      viewers.push(viewer);
      expect(viewer.welcome.webrtc).toBe(true);
      const caps = expectType(await ask(viewer, { type: 'rtc.caps' }), 'rtc.caps');
      const transport = expectType(await ask(viewer, { type: 'rtc.transport' }), 'rtc.transport');
      const consumed = expectType(
        await ask(viewer, {
          type: 'rtc.consume',
          transportId: transport.transport.id,
          rtpCapabilities: deviceCaps(caps.rtpCapabilities as RtpCapabilities),
        }),
        'rtc.consumers',
      );
      expect(consumed.consumers.map((c) => c.producerId).sort()).toEqual(
        [audio.producerId, video.producerId].sort(),
      );
      expectType(
        await ask(viewer, { type: 'rtc.resume', consumerIds: consumed.consumers.map((c) => c.id) }),
        'rtc.ok',
      );
      received.push({ viewer, transportId: transport.transport.id });
    }

    // Two viewers (four consumers) fill the origin worker; the third is on the other one,
    // consuming the producers piped there under the same ids.
    const loads = studio.webrtc.workerLoads();
    expect(loads.map((w) => w.consumers)).toEqual(origin === 0 ? [4, 2] : [2, 4]);
    const stats = await call(studio, 'webrtc.status', { sessionId: id });
    expect(stats.session).toMatchObject({ producers: 2, viewers: 3, routers: 2 });
    await eventually(() => changes.some((c) => c.session?.viewers === 3));

    // A producer the studio closes is gone for every viewer, piped ones included.
    await call(studio, 'webrtc.closeProducer', { producerId: video.producerId });
    for (const { viewer } of received) {
      await viewer.waitFor((f) => f.type === 'rtc.state' && f.kinds.join() === 'audio');
    }
    expect(studio.webrtc.workerLoads().map((w) => w.consumers)).toEqual(
      origin === 0 ? [4, 2] : [2, 4],
    );

    // Limits: a viewer's transports are bounded, and foreign ids are refused.
    const [first, second] = received;
    if (!first || !second) throw new Error('viewers missing');
    expectType(await ask(first.viewer, { type: 'rtc.transport' }), 'rtc.transport');
    const third = expectType(await ask(first.viewer, { type: 'rtc.transport' }), 'error');
    expect(third.code).toBe('LIMIT_REACHED');
    const foreign = expectType(
      await ask(first.viewer, {
        type: 'rtc.consume',
        transportId: second.transportId,
        rtpCapabilities: { codecs: [] },
      }),
      'error',
    );
    expect(foreign.code).toBe('NOT_FOUND');
  });

  it('refuses malformed signalling from viewers with an error frame', async () => {
    const studio = startStudio(tempDir(), { webrtc: { workers: 1 } });
    studios.push(studio);
    const { sessionId, wsUrl } = await liveSession(studio);
    const id = sessionId as SessionId;
    await call(studio, 'webrtc.join', { sessionId: id });
    const send = await call(studio, 'webrtc.createTransport', { sessionId: id });
    await call(studio, 'webrtc.produce', {
      transportId: send.id,
      kind: 'audio',
      rtpParameters: OPUS_PARAMETERS,
    });
    const viewer = await joinViewer(wsUrl);
    viewers.push(viewer);
    const caps = expectType(await ask(viewer, { type: 'rtc.caps' }), 'rtc.caps');
    const transport = expectType(await ask(viewer, { type: 'rtc.transport' }), 'rtc.transport');
    const bad = [
      { type: 'rtc.connect', transportId: 'not-a-uuid', dtlsParameters: { fingerprints: [] } },
      {
        type: 'rtc.connect',
        transportId: transport.transport.id,
        dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'md5', value: 'AB' }] },
      },
      {
        type: 'rtc.consume',
        transportId: transport.transport.id,
        rtpCapabilities: { codecs: Array.from({ length: 65 }, () => ({})) },
      },
      { type: 'rtc.resume', consumerIds: [] },
    ];
    for (const frame of bad) {
      const refused = expectType(await ask(viewer, frame), 'error');
      expect(refused.code).toBe('BAD_FRAME');
    }
    // A device that cannot receive the studio's audio gets no consumer; the socket stays open.
    const unusable = expectType(
      await ask(viewer, {
        type: 'rtc.consume',
        transportId: transport.transport.id,
        rtpCapabilities: {
          codecs: [
            { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 96, clockRate: 90_000 },
          ],
        },
      }),
      'rtc.consumers',
    );
    expect(unusable.consumers).toEqual([]);
    expect(caps.rtpCapabilities.codecs?.length).toBeGreaterThan(0);
    expect(viewer.ws.readyState).toBe(viewer.ws.OPEN);
  });

  it('survives a crashed worker: its viewers fall back, the core restarts it', async () => {
    const studio = startStudio(tempDir(), { webrtc: { workers: 1 } });
    studios.push(studio);
    const { sessionId, wsUrl } = await liveSession(studio);
    const id = sessionId as SessionId;
    await call(studio, 'webrtc.join', { sessionId: id });
    const send = await call(studio, 'webrtc.createTransport', { sessionId: id });
    await call(studio, 'webrtc.produce', {
      transportId: send.id,
      kind: 'audio',
      rtpParameters: OPUS_PARAMETERS,
    });
    const viewer = await joinViewer(wsUrl);
    viewers.push(viewer);
    const caps = expectType(await ask(viewer, { type: 'rtc.caps' }), 'rtc.caps');
    const transport = expectType(await ask(viewer, { type: 'rtc.transport' }), 'rtc.transport');
    expectType(
      await ask(viewer, {
        type: 'rtc.consume',
        transportId: transport.transport.id,
        rtpCapabilities: deviceCaps(caps.rtpCapabilities as RtpCapabilities),
      }),
      'rtc.consumers',
    );

    const [pid] = studio.webrtc.workerPids();
    if (pid === null || pid === undefined) throw new Error('no worker');
    process.kill(pid, 'SIGKILL');
    const closed = await viewer.waitFor((f) => f.type === 'rtc.closed', 10_000);
    expect(closed).toEqual({ type: 'rtc.closed', reason: 'worker-failed' });

    // The core answers throughout, and a restarted worker takes the class again.
    expect((await call(studio, 'live.state', { sessionId: id })).session.status).toBe('live');
    await eventually(() => studio.webrtc.workerPids()[0] ?? undefined, 10_000);
    expect(studio.webrtc.workerPids()[0]).not.toBe(pid);
    const again = await call(studio, 'webrtc.join', { sessionId: id });
    expect(again.rtpCapabilities.codecs?.length).toBeGreaterThan(0);
    expect((await call(studio, 'webrtc.status', {})).available).toBe(true);
  });

  it('carries RTP across a pipe between two workers (mediasoup with the studio codecs)', async () => {
    const probe = await probeMediasoup();
    if (!probe.available) throw new Error(probe.detail);
    const workers = await Promise.all(
      // The probed worker (MEDIASOUP_WORKER_BIN or the setup:webrtc cache), not mediasoup's default.
      [0, 1].map(() =>
        probe.mediasoup.createWorker({ logLevel: 'warn', workerBin: probe.workerBin }),
      ),
    );
    try {
      const [a, b] = await Promise.all(
        workers.map((w) => w.createRouter({ mediaCodecs: MEDIA_CODECS })),
      );
      if (!a || !b) throw new Error('routers missing');
      const inbound = await a.createDirectTransport();
      const producer = await inbound.produce({
        kind: 'audio',
        rtpParameters: OPUS_PARAMETERS,
      });
      const { pipeProducer } = await a.pipeToRouter({
        producerId: producer.id,
        router: b,
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      });
      expect(pipeProducer?.id).toBe(producer.id);
      const outbound = await b.createDirectTransport();
      const consumer = await outbound.consume({
        producerId: producer.id,
        rtpCapabilities: b.rtpCapabilities,
      });
      const got: Buffer[] = [];
      consumer.on('rtp', (packet) => got.push(packet));
      const payload = Buffer.from('encore-opus-frame');
      for (let seq = 0; seq < 50 && got.length < 5; seq += 1) {
        producer.send(rtpPacket(100, seq, seq * 960, 11_111_111, payload));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(got.length).toBeGreaterThanOrEqual(5);
      // The consumer rewrites the header for its own stream; the payload crosses untouched.
      const first = got[0];
      if (!first) throw new Error('no packet');
      expect(first.subarray(first.length - payload.length).toString()).toBe('encore-opus-frame');
    } finally {
      for (const w of workers) w.close();
    }
  });
});

/** A minimal RTP packet: version 2, no padding, extension or CSRC. */
function rtpPacket(
  pt: number,
  seq: number,
  timestamp: number,
  ssrc: number,
  payload: Buffer,
): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt8(0x80, 0);
  header.writeUInt8(pt & 0x7f, 1);
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  return Buffer.concat([header, payload]);
}
