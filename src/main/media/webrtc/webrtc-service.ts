import type { RtcRequest, SingleServerFrame } from '../../../shared/contract/audience-protocol';
import type {
  DtlsParameters,
  MediaKind,
  RouterRtpCapabilities,
  RtpParameters,
  TransportInfo,
} from '../../../shared/contract/rtc-parameters';
import type { WebRtcSessionStats, WebRtcStatus } from '../../../shared/contract/webrtc-api';
import type { AudienceRtc } from '../../audience/audience-rtc';
import { guarded } from '../../kernel/guarded';
import type { Logger } from '../../kernel/logger';
import type { WorkerLoad } from './placement';
import { RoomRegistry } from './webrtc-rooms';
import { StudioSide } from './webrtc-studio';
import {
  CHANGED_EVENT_MS,
  type NoticeListener,
  type RtcContext,
  type WebRtcConfig,
  type WebRtcServiceOptions,
} from './webrtc-types';
import { ViewerSide } from './webrtc-viewers';
import { WorkerPool } from './webrtc-worker-pool';

export { DEFAULT_CONSUMERS_PER_WORKER, MAX_WORKERS } from './webrtc-types';
export type { WebRtcConfig, WebRtcServiceOptions } from './webrtc-types';

/**
 * WebRTC delivery's one owner in the core: the mediasoup workers (one per core, started with the
 * first class that uses them; webrtc-worker-pool.ts), a router per live class, the studio's send
 * transports and the viewers' receive transports, and the pipes between routers when one worker
 * is full (webrtc-rooms.ts, placement.ts), the studio's side (webrtc-studio.ts) and the viewers'
 * (webrtc-viewers.ts). A worker that dies is logged, its classes are closed (their viewers are
 * told to use the HTTP stream) and it is restarted; the core carries on.
 */
export class WebRtcService implements AudienceRtc {
  readonly #config: WebRtcConfig;
  readonly #logger: Logger;
  readonly #emit: (status: WebRtcStatus) => void;
  readonly #pool: WorkerPool;
  readonly #rooms: RoomRegistry;
  readonly #studio: StudioSide;
  readonly #viewers: ViewerSide;
  readonly #listeners = new Set<NoticeListener>();
  readonly #dirty = new Set<number>();
  #dirtyTimer: NodeJS.Timeout | null = null;
  #closed = false;

  private constructor(options: WebRtcServiceOptions) {
    this.#config = options.config;
    this.#logger = options.logger;
    this.#emit = options.emit;
    const ctx: RtcContext = {
      config: this.#config,
      logger: this.#logger,
      changed: (sessionId) => this.#changed(sessionId),
      notify: (sessionId, viewerKey, frame) => this.#notify(sessionId, viewerKey, frame),
      closed: () => this.#closed,
    };
    this.#pool = new WorkerPool(
      ctx,
      (slot) => this.#rooms.workerDied(slot),
      () => this.#emit(this.#statusNow(null)),
    );
    this.#rooms = new RoomRegistry(ctx, this.#pool);
    this.#studio = new StudioSide(ctx, this.#rooms);
    this.#viewers = new ViewerSide(ctx, this.#rooms, () => this.offered());
  }

  /** Probes for mediasoup at once; workers start with the first class that needs them. */
  static create(options: WebRtcServiceOptions): WebRtcService {
    return new WebRtcService(options);
  }

  // ---- status ----------------------------------------------------------------------------------

  offered(): boolean {
    return this.#pool.probed?.available === true && this.#pool.failure === null && !this.#closed;
  }

  async status(sessionId?: number): Promise<WebRtcStatus> {
    await this.#pool.probe;
    return this.#statusNow(sessionId ?? null);
  }

  #statusNow(sessionId: number | null): WebRtcStatus {
    const probe = this.#pool.probed;
    const off = !probe
      ? { reason: 'worker-failed' as const, detail: 'still starting' }
      : !probe.available
        ? { reason: probe.reason, detail: probe.detail }
        : this.#pool.failure;
    return {
      available: off === null && !this.#closed,
      reason: off?.reason ?? null,
      detail: off?.detail ?? null,
      workers: this.#pool.slots.filter((s) => s.worker !== null).length,
      session: sessionId === null ? null : this.sessionStats(sessionId),
    };
  }

  sessionStats(sessionId: number): WebRtcSessionStats {
    return this.#rooms.sessionStats(sessionId);
  }

  /** Consumers per live worker, for tests and the log. */
  workerLoads(): WorkerLoad[] {
    return this.#rooms.loads();
  }

  /** The worker processes' ids (index → pid), for tests that kill one. */
  workerPids(): (number | null)[] {
    return this.#pool.slots.map((slot) => slot.worker?.pid ?? null);
  }

  #changed(sessionId: number): void {
    this.#dirty.add(sessionId);
    if (this.#dirtyTimer || this.#closed) return;
    this.#dirtyTimer = setTimeout(
      guarded({ logger: this.#logger }, 'WebRTC status event', () => {
        this.#dirtyTimer = null;
        const ids = [...this.#dirty];
        this.#dirty.clear();
        for (const id of ids) this.#emit(this.#statusNow(id));
      }),
      CHANGED_EVENT_MS,
    );
    this.#dirtyTimer.unref();
  }

  onNotice(listener: NoticeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(sessionId: number, viewerKey: string | null, frame: SingleServerFrame): void {
    for (const listener of this.#listeners) {
      try {
        listener(sessionId, viewerKey, frame);
      } catch (error) {
        this.#logger.error({ err: error }, 'WebRTC notice listener failed');
      }
    }
  }

  /** Ends the class's WebRTC: every transport closes; viewers are told to use the HTTP stream. */
  closeSession(sessionId: number): void {
    const room = this.#rooms.rooms.get(sessionId);
    if (room) this.#rooms.closeRoom(room, 'closed');
  }

  // ---- the studio's side (webrtc-studio.ts) ----------------------------------------------------

  /** Opens the room (if needed) for the studio; a new publisher replaces the previous one. */
  join(sessionId: number): Promise<{ rtpCapabilities: RouterRtpCapabilities }> {
    return this.#studio.join(sessionId);
  }

  createSendTransport(sessionId: number): Promise<TransportInfo> {
    return this.#studio.createSendTransport(sessionId);
  }

  connectTransport(transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    return this.#studio.connectTransport(transportId, dtlsParameters);
  }

  produce(transportId: string, kind: MediaKind, rtpParameters: RtpParameters): Promise<string> {
    return this.#studio.produce(transportId, kind, rtpParameters);
  }

  closeProducer(producerId: string): void {
    this.#studio.closeProducer(producerId);
  }

  /** The studio stops publishing: its transports (and so its producers) close; the room stays. */
  leave(sessionId: number): void {
    this.#studio.leave(sessionId);
  }

  // ---- viewers (AudienceRtc; webrtc-viewers.ts) ------------------------------------------------

  request(sessionId: number, viewerKey: string, frame: RtcRequest): Promise<SingleServerFrame> {
    return this.#viewers.request(sessionId, viewerKey, frame);
  }

  release(sessionId: number, viewerKey: string): void {
    this.#viewers.release(sessionId, viewerKey);
  }

  // ---- shutdown --------------------------------------------------------------------------------

  /** Closes every room and stops the workers. */
  close(): void {
    if (this.#closed) return;
    for (const room of [...this.#rooms.rooms.values()]) this.#rooms.closeRoom(room, 'closed');
    this.#closed = true;
    if (this.#dirtyTimer) clearTimeout(this.#dirtyTimer);
    this.#pool.close();
  }
}
