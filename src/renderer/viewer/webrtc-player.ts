// Types only: the library itself is fetched when a class offers WebRTC (see #start), so that a
// phone on the HTTP stream never downloads it.
import type { Device, types as msc } from 'mediasoup-client';
import type { SingleServerFrame } from '../../shared/contract/audience-protocol';
import type { RtpCapabilities } from '../../shared/contract/rtc-parameters';
import type { AudienceClient } from './audience-client';
import type { PlayerStatus } from './stream-player';

/**
 * Plays the class over WebRTC: mediasoup-client's Device, one receive transport, the studio's
 * tracks consumed paused and resumed once wired (signalling over the audience socket, see
 * audience-protocol.ts). It gives up — and the video stage moves to the HTTP stream — when the
 * browser cannot do WebRTC, when no picture arrives in time (ICE or DTLS blocked), when the
 * transport fails, or when the server says WebRTC is gone for this class.
 */
export type WebRtcFailure =
  'unsupported' | 'refused' | 'timeout' | 'transport-failed' | 'closed' | 'not-published';

/** From resume to the first video frame: ICE and DTLS on a LAN take well under a second. */
const FIRST_FRAME_TIMEOUT_MS = 8_000;
/** A transport that is `disconnected` this long is not coming back. */
const DISCONNECTED_GRACE_MS = 5_000;
/** The class is live but nothing is published over WebRTC this long: the studio uses HTTP only. */
const PUBLISH_WAIT_MS = 12_000;

export function webrtcSupported(): boolean {
  return typeof RTCPeerConnection !== 'undefined';
}

export class WebRtcPlayer {
  readonly #client: AudienceClient;
  readonly #video: HTMLVideoElement;
  readonly #onStatus: (status: PlayerStatus) => void;
  readonly #onFail: (reason: WebRtcFailure) => void;
  #status: PlayerStatus = { state: 'connecting', mimeType: null, delay: 0, mutedByBrowser: false };
  #device: Device | null = null;
  #transport: msc.Transport | null = null;
  readonly #consumers = new Map<string, msc.Consumer>();
  #offFrames: (() => void) | null = null;
  #timers = new Set<number>();
  #firstFrame: number | null = null;
  #publishWait: number | null = null;
  #disconnected: number | null = null;
  #consuming: Promise<void> = Promise.resolve();
  #frames = 0;
  #watching = false;
  #live = false;
  #closed = false;

  constructor(
    client: AudienceClient,
    video: HTMLVideoElement,
    onStatus: (status: PlayerStatus) => void,
    onFail: (reason: WebRtcFailure) => void,
  ) {
    this.#client = client;
    this.#video = video;
    this.#onStatus = onStatus;
    this.#onFail = onFail;
    this.#onStatus(this.#status);
    void this.#start();
  }

  /** Frames shown so far (for the stage and for tests). */
  get frames(): number {
    return this.#frames;
  }

  /** Whether the class is live: then a missing picture counts against WebRTC. */
  setLive(live: boolean): void {
    this.#live = live;
    this.#watchPublish();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#offFrames?.();
    for (const consumer of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
    this.#transport?.close();
    this.#video.srcObject = null;
    // Tell the server to free what this page held (best effort; it frees it anyway later).
    this.#client.request({ type: 'rtc.close' }).catch(() => undefined);
  }

  end(): void {
    this.close();
    this.#set({ state: 'ended' });
  }

  unmute(): void {
    this.#video.muted = false;
    void this.#video.play().catch(() => undefined);
    this.#set({ mutedByBrowser: false });
  }

  /** A method, not the field: TypeScript keeps a field's narrowing across awaits. */
  #isClosed(): boolean {
    return this.#closed;
  }

  #set(patch: Partial<PlayerStatus>): void {
    this.#status = { ...this.#status, ...patch };
    this.#onStatus(this.#status);
  }

  #fail(reason: WebRtcFailure): void {
    if (this.#isClosed()) return;
    this.close();
    this.#onFail(reason);
  }

  #after(ms: number, run: () => void): number {
    const timer = window.setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #clear(timer: number | null): null {
    if (timer !== null) {
      clearTimeout(timer);
      this.#timers.delete(timer);
    }
    return null;
  }

  async #start(): Promise<void> {
    try {
      this.#offFrames = this.#client.on('frame', (frame) => this.#push(frame));
      // Fetched while the capabilities are asked for; a failed fetch is handled below.
      const library = import('mediasoup-client');
      void library.catch(() => undefined);
      const caps = await this.#client.request({ type: 'rtc.caps' });
      if (caps.type !== 'rtc.caps' || this.#isClosed()) return;
      let device: Device;
      try {
        device = new (await library).Device();
        await device.load({
          routerRtpCapabilities: caps.rtpCapabilities as msc.RtpCapabilities,
        });
      } catch {
        this.#fail('unsupported');
        return;
      }
      if (!device.loaded || this.#isClosed()) return;
      this.#device = device;
      const created = await this.#client.request({ type: 'rtc.transport' });
      if (created.type !== 'rtc.transport' || this.#isClosed()) return;
      const transport = device.createRecvTransport(created.transport);
      this.#transport = transport;
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        this.#client
          .request({
            type: 'rtc.connect',
            transportId: transport.id,
            dtlsParameters,
          })
          .then(() => callback(), errback);
      });
      transport.on('connectionstatechange', (state) => {
        if (state === 'failed' || state === 'closed') this.#fail('transport-failed');
        else if (state === 'disconnected') {
          this.#disconnected ??= this.#after(DISCONNECTED_GRACE_MS, () =>
            this.#fail('transport-failed'),
          );
        } else if (state === 'connected') {
          this.#disconnected = this.#clear(this.#disconnected);
        }
      });
      this.#set({ state: 'waiting' });
      this.#watchPublish();
      await this.#consume();
    } catch {
      this.#fail('refused');
    }
  }

  #push(frame: SingleServerFrame): void {
    if (this.#isClosed()) return;
    if (frame.type === 'rtc.closed') this.#fail('closed');
    else if (frame.type === 'rtc.state') {
      if (frame.kinds.length > 0) {
        this.#consuming = this.#consuming
          .then(() => this.#consume())
          .catch(() => this.#fail('refused'));
      } else if (this.#status.state !== 'connecting') {
        this.#set({ state: 'waiting' });
      }
    } else if (frame.type === 'goodbye' && frame.reason !== 'server-shutdown') {
      this.close();
    }
  }

  /** Consumes what the studio publishes and this page does not receive yet. */
  async #consume(): Promise<void> {
    const device = this.#device;
    const transport = this.#transport;
    if (!device || !transport || this.#isClosed()) return;
    const reply = await this.#client.request({
      type: 'rtc.consume',
      transportId: transport.id,
      rtpCapabilities: device.recvRtpCapabilities as RtpCapabilities,
    });
    if (reply.type !== 'rtc.consumers' || this.#isClosed()) return;
    if (reply.consumers.length === 0) return;
    const added: string[] = [];
    for (const info of reply.consumers) {
      const consumer = await transport.consume({
        id: info.id,
        producerId: info.producerId,
        kind: info.kind,
        rtpParameters: info.rtpParameters as msc.RtpParameters,
        // One stream for the class's picture and sound (mediasoup-client's default: the studio's
        // send stream, else the RTCP CNAME), so Chromium keeps them in lip sync: the picture
        // waits for the sound's jitter buffer. A stream each cut the delay under heavy load
        // (bench:latency at load 5-8: p50 168 → 80 ms) but let the sound trail the teacher's
        // lips by ~170 ms, which learners notice.
      });
      this.#consumers.set(consumer.id, consumer);
      consumer.on('trackended', () => this.#consumers.delete(consumer.id));
      consumer.on('transportclose', () => this.#consumers.delete(consumer.id));
      added.push(consumer.id);
    }
    const tracks = [...this.#consumers.values()].filter((c) => !c.closed).map((c) => c.track);
    this.#video.srcObject = new MediaStream(tracks);
    await this.#client.request({ type: 'rtc.resume', consumerIds: added });
    if (this.#isClosed()) return;
    this.#watchFrames();
    this.#play();
    if (reply.consumers.some((c) => c.kind === 'video')) {
      this.#firstFrame = this.#clear(this.#firstFrame);
      const framesBefore = this.#frames;
      this.#firstFrame = this.#after(FIRST_FRAME_TIMEOUT_MS, () => {
        if (this.#frames === framesBefore) this.#fail('timeout');
      });
    }
  }

  /** Counts frames as the browser presents them; the first one means the picture is here. */
  #watchFrames(): void {
    const video = this.#video as HTMLVideoElement & {
      requestVideoFrameCallback?: (callback: () => void) => number;
    };
    if (this.#frames > 0 || this.#watching) return;
    this.#watching = true;
    const onFrame = (): void => {
      if (this.#isClosed()) return;
      this.#frames += 1;
      if (this.#frames === 1 || this.#status.state !== 'playing') {
        this.#firstFrame = this.#clear(this.#firstFrame);
        this.#publishWait = this.#clear(this.#publishWait);
        this.#set({ state: 'playing' });
      }
      schedule();
    };
    const schedule = (): void => {
      if (typeof video.requestVideoFrameCallback === 'function') {
        video.requestVideoFrameCallback(onFrame);
      } else {
        video.addEventListener('timeupdate', onFrame, { once: true });
      }
    };
    schedule();
  }

  #watchPublish(): void {
    const needed = this.#live && this.#status.state === 'waiting' && this.#frames === 0;
    if (!needed) {
      this.#publishWait = this.#clear(this.#publishWait);
      return;
    }
    this.#publishWait ??= this.#after(PUBLISH_WAIT_MS, () => {
      this.#publishWait = null;
      if (this.#frames === 0 && this.#live) this.#fail('not-published');
    });
  }

  #play(): void {
    const video = this.#video;
    video.play().then(
      () => undefined,
      () => {
        // Autoplay with sound refused: play muted and offer a tap.
        video.muted = true;
        this.#set({ mutedByBrowser: true });
        void video.play().catch(() => undefined);
      },
    );
  }
}
