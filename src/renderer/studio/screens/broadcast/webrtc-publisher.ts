import { Device } from 'mediasoup-client';
import type { types as msc } from 'mediasoup-client';
import type { StudioClient } from '../../../../shared/contract';
import type { RtpParameters } from '../../../../shared/contract/rtc-parameters';
import type { WebRtcUnavailableReason } from '../../../../shared/contract/webrtc-api';
import type { SessionId } from '../../../../shared/model/ids';
import { pickVideoCodec, WEBRTC_CONTENT_HINT } from './webrtc-encoding';

/**
 * The page's one mediasoup-client owner (DESIGN.md §1 principle 4): publishes the program
 * stream's video and mixed audio to the class's router in the core while the class is live. It
 * never holds the broadcast up: where WebRTC is unavailable or fails, it says so and viewers use
 * the HTTP stream, which the recorder feeds regardless.
 */
export type PublishState = 'idle' | 'unavailable' | 'connecting' | 'live' | 'failed';

export interface PublishStatus {
  state: PublishState;
  /** Why WebRTC is unavailable (from the core). */
  reason: WebRtcUnavailableReason | null;
  /** What went wrong when `failed`, for the log and the curious. */
  detail: string | null;
  /** The video codec sent, e.g. `H264` or `VP8`. */
  codec: string | null;
}

export const IDLE_PUBLISH_STATUS: PublishStatus = {
  state: 'idle',
  reason: null,
  detail: null,
  codec: null,
};

const MAX_RESTARTS = 3;
const RESTART_DELAY_MS = 1_500;

export class WebRtcPublisher {
  readonly #client: StudioClient;
  readonly #onChange: (status: PublishStatus) => void;
  #status: PublishStatus = IDLE_PUBLISH_STATUS;
  #sessionId: SessionId | null = null;
  #transport: msc.Transport | null = null;
  #producers: msc.Producer[] = [];
  /** Bumped by every start and stop: an older start that is still running gives up. */
  #generation = 0;
  /** What `start` was given, to publish again after the core lost the class's router. */
  #source: { sessionId: SessionId; stream: MediaStream; videoBitrate: number } | null = null;
  #restarts = 0;

  constructor(client: StudioClient, onChange: (status: PublishStatus) => void) {
    this.#client = client;
    this.#onChange = onChange;
  }

  get status(): PublishStatus {
    return this.#status;
  }

  /** Whether WebRTC can be used for this class: shown before going live. */
  async check(sessionId: SessionId): Promise<void> {
    if (this.#publishing()) return;
    try {
      const status = await this.#client.invoke('webrtc.status', { sessionId });
      if (this.#publishing()) return;
      this.#set(
        status.available
          ? IDLE_PUBLISH_STATUS
          : {
              ...IDLE_PUBLISH_STATUS,
              state: 'unavailable',
              reason: status.reason,
              detail: status.detail,
            },
      );
    } catch {
      // The status is informative only; going live will ask again.
    }
  }

  /**
   * Publishes `stream` (one video, one audio track) for the class. Resolves when the producers
   * exist or when WebRTC turned out unavailable; never rejects.
   */
  async start(sessionId: SessionId, stream: MediaStream, videoBitrate: number): Promise<void> {
    await this.stop();
    this.#source = { sessionId, stream, videoBitrate };
    this.#restarts = 0;
    await this.#publish(sessionId, stream, videoBitrate);
  }

  /**
   * The core closed the class's router while this page published (its worker crashed and was
   * restarted): viewers went to the HTTP stream; publish again so that new viewers get WebRTC.
   */
  roomLost(): void {
    const source = this.#source;
    if (!source || (this.#status.state !== 'live' && this.#status.state !== 'connecting')) return;
    if (this.#restarts >= MAX_RESTARTS) {
      this.#set({ state: 'failed', detail: 'the WebRTC router kept failing' });
      return;
    }
    this.#restarts += 1;
    this.#set({ state: 'connecting' });
    setTimeout(() => {
      if (this.#source === source)
        void this.#publish(source.sessionId, source.stream, source.videoBitrate);
    }, RESTART_DELAY_MS);
  }

  async #publish(sessionId: SessionId, stream: MediaStream, videoBitrate: number): Promise<void> {
    await this.#teardown();
    const generation = ++this.#generation;
    const stale = (): boolean => generation !== this.#generation;
    this.#sessionId = sessionId;
    try {
      const status = await this.#client.invoke('webrtc.status', { sessionId });
      if (stale()) return;
      if (!status.available) {
        this.#set({
          ...IDLE_PUBLISH_STATUS,
          state: 'unavailable',
          reason: status.reason,
          detail: status.detail,
        });
        return;
      }
      this.#set({ ...IDLE_PUBLISH_STATUS, state: 'connecting' });
      const { rtpCapabilities } = await this.#client.invoke('webrtc.join', { sessionId });
      const device = new Device();
      await device.load({ routerRtpCapabilities: rtpCapabilities as msc.RtpCapabilities });
      if (!device.canProduce('video'))
        throw new Error('this browser cannot send a video codec the class accepts');
      const info = await this.#client.invoke('webrtc.createTransport', { sessionId });
      if (stale()) return;
      const transport = device.createSendTransport(info);
      this.#transport = transport;
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        this.#client
          .invoke('webrtc.connectTransport', { transportId: transport.id, dtlsParameters })
          .then(() => callback(), errback);
      });
      transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
        this.#client
          .invoke('webrtc.produce', {
            transportId: transport.id,
            kind,
            rtpParameters: rtpParameters as RtpParameters,
          })
          .then(({ producerId }) => callback({ id: producerId }), errback);
      });
      transport.on('connectionstatechange', (state) => {
        if (stale()) return;
        if (state === 'connected' && this.#status.state === 'connecting')
          this.#set({ state: 'live' });
        if (state === 'failed') {
          this.#set({ state: 'failed', detail: 'the connection to the studio core failed' });
        }
      });

      const codec = pickVideoCodec(device.sendRtpCapabilities.codecs);
      const [video] = stream.getVideoTracks();
      const [audio] = stream.getAudioTracks();
      if (!video) throw new Error('the program has no video track');
      // Clones: the recorder keeps the originals, and the hint below is for this encoder only.
      const videoTrack = video.clone();
      videoTrack.contentHint = WEBRTC_CONTENT_HINT;
      this.#producers.push(
        await transport.produce({
          track: videoTrack,
          ...(codec ? { codec } : {}),
          encodings: [{ maxBitrate: videoBitrate, maxFramerate: 30 }],
          codecOptions: { videoGoogleStartBitrate: 1_000 },
        }),
      );
      if (audio) {
        this.#producers.push(
          await transport.produce({
            track: audio.clone(),
            codecOptions: { opusStereo: true, opusFec: true, opusDtx: false },
          }),
        );
      }
      if (stale()) return;
      const sent = this.#producers[0]?.rtpParameters.codecs[0]?.mimeType.split('/')[1] ?? null;
      this.#set({
        codec: sent,
        state: transport.connectionState === 'connected' ? 'live' : this.#status.state,
      });
    } catch (error) {
      if (stale()) return;
      this.#set({
        state: 'failed',
        detail: error instanceof Error ? error.message : String(error),
      });
      await this.#teardown();
    }
  }

  /** Stops publishing: producers and transport close, the core forgets them. */
  async stop(): Promise<void> {
    this.#generation += 1;
    this.#source = null;
    await this.#teardown();
    if (this.#status.state !== 'unavailable') this.#set(IDLE_PUBLISH_STATUS);
  }

  async #teardown(): Promise<void> {
    for (const producer of this.#producers) producer.close();
    this.#producers = [];
    this.#transport?.close();
    this.#transport = null;
    const sessionId = this.#sessionId;
    this.#sessionId = null;
    if (sessionId !== null) {
      await this.#client.invoke('webrtc.leave', { sessionId }).catch(() => undefined);
    }
  }

  /** A method, not the field: TypeScript keeps a field's narrowing across awaits. */
  #publishing(): boolean {
    return this.#sessionId !== null;
  }

  #set(patch: Partial<PublishStatus>): void {
    this.#status = { ...this.#status, ...patch };
    this.#onChange(this.#status);
  }
}
