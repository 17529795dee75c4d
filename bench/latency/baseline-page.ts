/**
 * Runs inside the baseline pages (bundled by bench/latency/baselines.ts as `EncoreBaseline`): the
 * bare pipelines the studio's delivery paths are compared with. A producer page draws the same
 * 1280×720 picture at 30 fps with the same burned-in clock as the studio's program, and either
 * sends it over WebRTC to a plain mediasoup router or records it with MediaRecorder (WebM/VP8,
 * 100 ms chunks) to a plain HTTP relay; a consumer page plays it in a <video> the probe reads.
 * No studio code paths beyond the clock drawing and the live-edge policy the viewer uses too.
 */
import { Device, type types as msc } from 'mediasoup-client';
import { drawTimecode } from '../../src/renderer/studio/screens/broadcast/draw-timecode';
import { liveEdgeAction } from '../../src/renderer/viewer/live-edge';

const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;

/** Node's side of the signalling (playwright's exposeFunction). */
declare function benchSignal(method: string, data: unknown): Promise<unknown>;

function stageVideo(): HTMLVideoElement {
  const video = document.createElement('video');
  video.dataset.testid = 'stage-video';
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.width = WIDTH;
  video.height = HEIGHT;
  document.body.append(video);
  return video;
}

/** The program picture: moving shapes (work for the encoder) and the clock, drawn every frame. */
function program(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  const draw = (): void => {
    const now = Date.now();
    ctx.fillStyle = '#204060';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    ctx.fillStyle = '#e0a030';
    const x = ((now / 5) % (WIDTH + 200)) - 200;
    ctx.fillRect(x, 300, 200, 200);
    drawTimecode(ctx, WIDTH, now);
  };
  draw();
  setInterval(draw, 1_000 / FPS);
  return canvas.captureStream(FPS);
}

interface TransportInfo {
  id: string;
  iceParameters: msc.IceParameters;
  iceCandidates: msc.IceCandidate[];
  dtlsParameters: msc.DtlsParameters;
}

async function device(): Promise<Device> {
  const d = new Device();
  const routerRtpCapabilities = (await benchSignal('caps', null)) as msc.RtpCapabilities;
  await d.load({ routerRtpCapabilities });
  return d;
}

function connect(transport: msc.Transport): void {
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    benchSignal('connect', { transportId: transport.id, dtlsParameters }).then(
      () => callback(),
      errback,
    );
  });
}

export async function webrtcProduce(): Promise<void> {
  const d = await device();
  const transport = d.createSendTransport((await benchSignal('transport', null)) as TransportInfo);
  connect(transport);
  transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
    benchSignal('produce', { transportId: transport.id, kind, rtpParameters }).then(
      (id) => callback({ id: id as string }),
      errback,
    );
  });
  const [track] = program().getVideoTracks();
  if (!track) throw new Error('no canvas track');
  await transport.produce({ track, encodings: [{ maxBitrate: 2_500_000, maxFramerate: FPS }] });
}

export async function webrtcConsume(): Promise<void> {
  const d = await device();
  const transport = d.createRecvTransport((await benchSignal('transport', null)) as TransportInfo);
  connect(transport);
  const info = (await benchSignal('consume', {
    transportId: transport.id,
    rtpCapabilities: d.recvRtpCapabilities,
  })) as { id: string; producerId: string; kind: 'video'; rtpParameters: msc.RtpParameters };
  const consumer = await transport.consume(info);
  await benchSignal('resume', { consumerId: consumer.id });
  const video = stageVideo();
  video.srcObject = new MediaStream([consumer.track]);
  await video.play();
}

export const HTTP_MIME = 'video/webm;codecs=vp8';

/** MediaRecorder, 100 ms chunks, each sent in order to the relay. */
export async function httpProduce(): Promise<void> {
  const socket = new WebSocket(`ws://${location.host}/push`);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  // A keyframe every half second, as the studio's recorder: a seek decodes from the one before.
  const options: MediaRecorderOptions & { videoKeyFrameIntervalDuration: number } = {
    mimeType: HTTP_MIME,
    videoBitsPerSecond: 2_500_000,
    videoKeyFrameIntervalDuration: 500,
  };
  const recorder = new MediaRecorder(program(), options);
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0) socket.send(event.data);
  };
  recorder.start(100);
}

/** Reads the relay's chunked response into MSE; holds close to the live edge. */
export async function httpConsume(): Promise<void> {
  const video = stageVideo();
  const source = new MediaSource();
  video.src = URL.createObjectURL(source);
  await new Promise((resolve) => source.addEventListener('sourceopen', resolve, { once: true }));
  const buffer = source.addSourceBuffer(HTTP_MIME);
  const queue: Uint8Array<ArrayBuffer>[] = [];
  let cadence = 0.1;
  let last = 0;
  const pump = (): void => {
    if (buffer.updating) return;
    const next = queue.shift();
    if (next) buffer.appendBuffer(next);
  };
  buffer.addEventListener('updateend', () => {
    const ranges = video.buffered;
    // A seek under way: its target is not reached yet, so the lag means nothing.
    if (ranges.length > 0 && !video.seeking) {
      const action = liveEdgeAction({
        lag: ranges.end(ranges.length - 1) - video.currentTime,
        cadence,
        inBuffered: video.currentTime >= ranges.start(ranges.length - 1),
        jump: false,
      });
      if (action.seekTo !== null) video.currentTime = ranges.end(ranges.length - 1) - action.seekTo;
      video.playbackRate = action.rate;
      if (video.paused) void video.play().catch(() => undefined);
    }
    pump();
  });
  const response = await fetch('/live');
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no response body');
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const now = performance.now();
      if (last > 0) cadence = cadence * 0.8 + Math.min(1, (now - last) / 1_000) * 0.2;
      last = now;
      queue.push(new Uint8Array(value));
      pump();
    }
  })();
}
