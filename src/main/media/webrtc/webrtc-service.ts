import { availableParallelism } from 'node:os';
import type { types as ms } from 'mediasoup';
import {
  RTC_CONSUMERS_PER_VIEWER,
  RTC_TRANSPORTS_PER_VIEWER,
  type RtcRequest,
  type SingleServerFrame,
} from '../../../shared/contract/audience-protocol';
import { StudioError } from '../../../shared/contract';
import type {
  ConsumerInfo,
  DtlsParameters,
  MediaKind,
  RouterRtpCapabilities,
  RtpCapabilities,
  RtpParameters,
  TransportInfo,
} from '../../../shared/contract/rtc-parameters';
import type {
  WebRtcSessionStats,
  WebRtcStatus,
  WebRtcUnavailableReason,
} from '../../../shared/contract/webrtc-api';
import type { SessionId } from '../../../shared/model/ids';
import { RtcRefusal, type AudienceRtc } from '../../audience/audience-rtc';
import { guarded } from '../../kernel/guarded';
import type { Logger } from '../../kernel/logger';
import { MEDIA_CODECS } from './media-codecs';
import { probeMediasoup, type MediasoupModule, type MediasoupProbe } from './mediasoup-loader';
import { placeConsumer, placeRoom, workerCount, type WorkerLoad } from './placement';

/** Workers at most, whatever the core count: each is a process with its own memory. */
export const MAX_WORKERS = 4;
/**
 * Consumers one worker carries before viewers spill to another worker's router (mediasoup's own
 * guidance is ~500 consumers per worker on a modern core; a laptop core also runs the studio).
 */
export const DEFAULT_CONSUMERS_PER_WORKER = 400;
/** A viewer's transport is counted as this many consumers until it consumes (video + audio). */
const EXPECTED_CONSUMERS_PER_VIEWER = 2;
/** The studio's send transports per class (one is what a publisher needs; a reload makes two). */
const STUDIO_TRANSPORTS_PER_ROOM = 2;
/** At most one keyframe request to the studio's encoder per this, however many viewers join. */
const KEYFRAME_REQUEST_DELAY_MS = 1_000;
/** What the studio may send in: the program at 1080p with headroom. */
const MAX_INCOMING_BITRATE = 8_000_000;
/** A viewer's first estimate before congestion control has measured anything. */
const INITIAL_OUTGOING_BITRATE = 1_000_000;
const RESPAWN_DELAY_MS = 1_000;
/** Restarts of one worker slot in the studio's lifetime; a worker that keeps dying stays down. */
const MAX_RESPAWNS = 3;
/** `webrtc.changed` leaves at most this often per class. */
const CHANGED_EVENT_MS = 250;

export interface WebRtcConfig {
  /** False turns WebRTC delivery off (viewers use the HTTP stream). */
  enabled?: boolean;
  /**
   * The mediasoup-worker binary; default MEDIASOUP_WORKER_BIN, then the worker built by
   * `npm run setup:webrtc` (worker-location.ts), then mediasoup's own path.
   */
  workerBin?: string;
  /** Worker processes; default one per core, at most MAX_WORKERS. */
  workers?: number;
  consumersPerWorker?: number;
  /**
   * Where transports listen: an address of this machine, or 0.0.0.0 with `announcedAddresses`
   * (the LAN addresses learners reach), which browsers are given as ICE candidates instead.
   */
  listenIp: string;
  announcedAddresses?: string[];
  /** UDP/TCP ports for transports; mediasoup's default range when absent. */
  portRange?: { min: number; max: number };
}

interface WorkerSlot {
  index: number;
  worker: ms.Worker | null;
  respawns: number;
}

interface RouterEntry {
  worker: number;
  router: ms.Router;
  /** Producers of the room piped into this router (the origin has them all natively). */
  piped: Set<string>;
  /** Pipes run one at a time per router, so that none is made twice. */
  syncing: Promise<void>;
}

interface TransportEntry {
  transport: ms.WebRtcTransport;
  room: Room;
  /** 'studio', or the viewer's key. */
  owner: string;
  worker: number;
  consumers: Map<string, ms.Consumer>;
}

interface ViewerPeer {
  transports: Set<string>;
}

interface Room {
  sessionId: number;
  origin: RouterEntry;
  /** By worker index, the origin included. */
  routers: Map<number, RouterEntry>;
  /** Routers being opened on other workers. */
  opening: Map<number, Promise<RouterEntry>>;
  producers: Map<string, ms.Producer>;
  studioTransports: Set<string>;
  viewers: Map<string, ViewerPeer>;
  closed: boolean;
}

type NoticeListener = (
  sessionId: number,
  viewerKey: string | null,
  frame: SingleServerFrame,
) => void;

export interface WebRtcServiceOptions {
  config: WebRtcConfig;
  logger: Logger;
  /** `webrtc.changed` to the studio. */
  emit: (status: WebRtcStatus) => void;
}

/**
 * WebRTC delivery's one owner in the core: the mediasoup workers (one per core, started with the
 * first class that uses them), a router per live class, the studio's send transports and the
 * viewers' receive transports, and the pipes between routers when one worker is full
 * (placement.ts). A worker that dies is logged, its classes are closed (their viewers are told to
 * use the HTTP stream) and it is restarted; the core carries on.
 */
export class WebRtcService implements AudienceRtc {
  readonly #config: WebRtcConfig;
  readonly #logger: Logger;
  readonly #emit: (status: WebRtcStatus) => void;
  readonly #probe: Promise<MediasoupProbe>;
  #probed: MediasoupProbe | null = null;
  #slots: WorkerSlot[] = [];
  #starting: Promise<void> | null = null;
  #failure: { reason: WebRtcUnavailableReason; detail: string } | null = null;
  readonly #rooms = new Map<number, Room>();
  readonly #opening = new Map<number, Promise<Room>>();
  readonly #transports = new Map<string, TransportEntry>();
  readonly #producerRoom = new Map<string, Room>();
  readonly #listeners = new Set<NoticeListener>();
  readonly #dirty = new Set<number>();
  #dirtyTimer: NodeJS.Timeout | null = null;
  #closed = false;

  private constructor(options: WebRtcServiceOptions) {
    this.#config = options.config;
    this.#logger = options.logger;
    this.#emit = options.emit;
    this.#probe =
      options.config.enabled === false
        ? Promise.resolve({ available: false, reason: 'disabled', detail: 'WebRTC is turned off' })
        : probeMediasoup(options.config.workerBin);
    void this.#probe.then((probe) => {
      this.#probed = probe;
      if (probe.available) {
        this.#logger.info(
          { mediasoup: probe.mediasoup.version, workerBin: probe.workerBin },
          'WebRTC delivery is available',
        );
        probe.mediasoup.setLogEventListeners?.({
          onwarn: (namespace, log) => this.#logger.warn({ namespace }, log),
          onerror: (namespace, log, error) => this.#logger.error({ namespace, err: error }, log),
        });
      } else {
        // Said once, here; the studio shows the same reason from `webrtc.status`.
        this.#logger.warn(
          { reason: probe.reason, detail: probe.detail },
          'WebRTC delivery is off; viewers use the HTTP stream',
        );
      }
    });
  }

  /** Probes for mediasoup at once; workers start with the first class that needs them. */
  static create(options: WebRtcServiceOptions): WebRtcService {
    return new WebRtcService(options);
  }

  // ---- status ----------------------------------------------------------------------------------

  offered(): boolean {
    return this.#probed?.available === true && this.#failure === null && !this.#closed;
  }

  async status(sessionId?: number): Promise<WebRtcStatus> {
    await this.#probe;
    return this.#statusNow(sessionId ?? null);
  }

  #statusNow(sessionId: number | null): WebRtcStatus {
    const probe = this.#probed;
    const off = !probe
      ? { reason: 'worker-failed' as const, detail: 'still starting' }
      : !probe.available
        ? { reason: probe.reason, detail: probe.detail }
        : this.#failure;
    return {
      available: off === null && !this.#closed,
      reason: off?.reason ?? null,
      detail: off?.detail ?? null,
      workers: this.#slots.filter((s) => s.worker !== null).length,
      session: sessionId === null ? null : this.sessionStats(sessionId),
    };
  }

  sessionStats(sessionId: number): WebRtcSessionStats {
    const room = this.#rooms.get(sessionId);
    let viewers = 0;
    for (const peer of room?.viewers.values() ?? []) {
      const consuming = [...peer.transports].some(
        (id) => (this.#transports.get(id)?.consumers.size ?? 0) > 0,
      );
      if (consuming) viewers += 1;
    }
    return {
      sessionId: sessionId as SessionId,
      producers: room?.producers.size ?? 0,
      viewers,
      routers: room?.routers.size ?? 0,
    };
  }

  /** Consumers per live worker, for tests and the log. */
  workerLoads(): WorkerLoad[] {
    return this.#slots.map((slot) => ({
      index: slot.index,
      alive: slot.worker !== null,
      consumers: this.#load(slot.index),
    }));
  }

  /** The worker processes' ids (index → pid), for tests that kill one. */
  workerPids(): (number | null)[] {
    return this.#slots.map((slot) => slot.worker?.pid ?? null);
  }

  #load(worker: number): number {
    let load = 0;
    for (const entry of this.#transports.values()) {
      if (entry.worker !== worker || entry.owner === 'studio') continue;
      load += Math.max(entry.consumers.size, EXPECTED_CONSUMERS_PER_VIEWER);
    }
    return load;
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

  // ---- workers ---------------------------------------------------------------------------------

  async #mediasoup(): Promise<MediasoupModule> {
    const probe = await this.#probe;
    if (!probe.available) throw new StudioError('UNAVAILABLE', `WebRTC is off: ${probe.detail}`);
    if (this.#closed) throw new StudioError('UNAVAILABLE', 'the studio is shutting down');
    if (this.#failure)
      throw new StudioError('UNAVAILABLE', `WebRTC is off: ${this.#failure.detail}`);
    return probe.mediasoup;
  }

  async #ensureWorkers(): Promise<void> {
    const mediasoup = await this.#mediasoup();
    if (this.#slots.some((s) => s.worker !== null)) return;
    this.#starting ??= (async () => {
      const count = this.#config.workers ?? workerCount(availableParallelism(), MAX_WORKERS);
      const slots: WorkerSlot[] = [];
      for (let index = 0; index < count; index += 1)
        slots.push({ index, worker: null, respawns: 0 });
      this.#slots = slots;
      const started = await Promise.allSettled(slots.map((slot) => this.#spawn(mediasoup, slot)));
      const failed = started.filter((r) => r.status === 'rejected');
      if (failed.length === slots.length) {
        const first = failed[0] as PromiseRejectedResult;
        const detail = `mediasoup-worker would not start: ${String(first.reason)}`;
        this.#failure = { reason: 'worker-failed', detail };
        this.#logger.error(
          { err: first.reason },
          'WebRTC delivery is off; viewers use the HTTP stream',
        );
      }
    })().finally(() => {
      this.#starting = null;
    });
    await this.#starting;
    await this.#mediasoup();
  }

  async #spawn(mediasoup: MediasoupModule, slot: WorkerSlot): Promise<void> {
    const probe = this.#probed;
    const worker = await mediasoup.createWorker({
      logLevel: 'warn',
      ...(probe?.available ? { workerBin: probe.workerBin } : {}),
      appData: { slot: slot.index },
    });
    if (this.#closed) {
      worker.close();
      return;
    }
    slot.worker = worker;
    worker.on(
      'died',
      guarded({ logger: this.#logger }, 'WebRTC worker death', (error: Error) =>
        this.#onWorkerDied(slot, worker, error),
      ),
    );
  }

  #onWorkerDied(slot: WorkerSlot, worker: ms.Worker, error: Error): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    this.#logger.error(
      { err: error, worker: slot.index, pid: worker.pid },
      'a mediasoup worker died; its classes fall back to the HTTP stream',
    );
    for (const room of [...this.#rooms.values()]) {
      if (room.origin.worker === slot.index) {
        this.#closeRoom(room, 'worker-failed');
        continue;
      }
      const entry = room.routers.get(slot.index);
      if (!entry) continue;
      room.routers.delete(slot.index);
      // Viewers on the lost router only: the rest of the class keeps its picture.
      for (const [key, peer] of room.viewers) {
        const lost = [...peer.transports].filter(
          (id) => this.#transports.get(id)?.worker === slot.index,
        );
        if (lost.length === 0) continue;
        for (const id of lost) this.#dropTransport(id);
        this.#notify(room.sessionId, key, { type: 'rtc.closed', reason: 'worker-failed' });
      }
      this.#changed(room.sessionId);
    }
    if (this.#closed || slot.respawns >= MAX_RESPAWNS) {
      if (this.#slots.every((s) => s.worker === null) && !this.#closed) {
        this.#failure = { reason: 'worker-failed', detail: 'every mediasoup worker died' };
        this.#emit(this.#statusNow(null));
      }
      return;
    }
    slot.respawns += 1;
    setTimeout(
      guarded({ logger: this.#logger }, 'WebRTC worker respawn', () => {
        const probe = this.#probed;
        if (this.#closed || !probe?.available) return;
        this.#spawn(probe.mediasoup, slot).then(
          () => this.#logger.info({ worker: slot.index }, 'mediasoup worker restarted'),
          (respawnError: unknown) => {
            this.#logger.error(
              { err: respawnError, worker: slot.index },
              'mediasoup worker restart failed',
            );
            if (this.#slots.every((s) => s.worker === null)) {
              this.#failure = {
                reason: 'worker-failed',
                detail: 'mediasoup workers could not be restarted',
              };
              this.#emit(this.#statusNow(null));
            }
          },
        );
      }),
      RESPAWN_DELAY_MS,
    ).unref();
  }

  #loads(): WorkerLoad[] {
    return this.workerLoads();
  }

  // ---- rooms -----------------------------------------------------------------------------------

  /** The class's room, opened on the least-loaded worker if needed. */
  async #room(sessionId: number): Promise<Room> {
    const existing = this.#rooms.get(sessionId);
    if (existing) return existing;
    let opening = this.#opening.get(sessionId);
    if (!opening) {
      opening = (async () => {
        await this.#ensureWorkers();
        const index = placeRoom(this.#loads());
        const worker = index === null ? null : this.#slots[index]?.worker;
        if (index === null || !worker)
          throw new StudioError('UNAVAILABLE', 'no mediasoup worker is running');
        const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
        const origin: RouterEntry = {
          worker: index,
          router,
          piped: new Set(),
          syncing: Promise.resolve(),
        };
        const room: Room = {
          sessionId,
          origin,
          routers: new Map([[index, origin]]),
          opening: new Map(),
          producers: new Map(),
          studioTransports: new Set(),
          viewers: new Map(),
          closed: false,
        };
        this.#rooms.set(sessionId, room);
        this.#logger.info({ sessionId, worker: index }, 'WebRTC room opened');
        return room;
      })().finally(() => this.#opening.delete(sessionId));
      this.#opening.set(sessionId, opening);
    }
    return opening;
  }

  /** The room's router on `worker`, opened and fed the room's producers through pipes. */
  async #routerOn(room: Room, worker: number): Promise<RouterEntry> {
    const existing = room.routers.get(worker);
    if (existing) {
      await this.#syncPipes(room, existing);
      return existing;
    }
    let opening = room.opening.get(worker);
    if (!opening) {
      opening = (async () => {
        const target = this.#slots[worker]?.worker;
        if (!target) throw new StudioError('UNAVAILABLE', 'that mediasoup worker is not running');
        const router = await target.createRouter({ mediaCodecs: MEDIA_CODECS });
        const entry: RouterEntry = { worker, router, piped: new Set(), syncing: Promise.resolve() };
        if (room.closed) {
          router.close();
          throw new StudioError('UNAVAILABLE', 'the class closed');
        }
        room.routers.set(worker, entry);
        this.#logger.info(
          { sessionId: room.sessionId, worker, origin: room.origin.worker },
          'WebRTC class piped to another worker',
        );
        this.#changed(room.sessionId);
        return entry;
      })().finally(() => room.opening.delete(worker));
      room.opening.set(worker, opening);
    }
    const entry = await opening;
    await this.#syncPipes(room, entry);
    return entry;
  }

  /** Pipes every producer of the room the router does not have yet (one pipe at a time). */
  #syncPipes(room: Room, entry: RouterEntry): Promise<void> {
    if (entry === room.origin) return Promise.resolve();
    entry.syncing = entry.syncing
      .catch(() => undefined)
      .then(async () => {
        for (const producerId of [...room.producers.keys()]) {
          if (entry.piped.has(producerId) || room.closed || entry.router.closed) continue;
          await room.origin.router.pipeToRouter({
            producerId,
            router: entry.router,
            listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
          });
          entry.piped.add(producerId);
        }
      });
    return entry.syncing;
  }

  /** Ends the class's WebRTC: every transport closes; viewers are told to use the HTTP stream. */
  closeSession(sessionId: number): void {
    const room = this.#rooms.get(sessionId);
    if (room) this.#closeRoom(room, 'closed');
  }

  #closeRoom(room: Room, reason: 'worker-failed' | 'closed'): void {
    if (room.closed) return;
    room.closed = true;
    this.#rooms.delete(room.sessionId);
    for (const [id, entry] of [...this.#transports])
      if (entry.room === room) this.#dropTransport(id);
    for (const id of room.producers.keys()) this.#producerRoom.delete(id);
    room.producers.clear();
    for (const entry of room.routers.values()) entry.router.close();
    room.routers.clear();
    this.#notify(room.sessionId, null, { type: 'rtc.closed', reason });
    this.#logger.info({ sessionId: room.sessionId, reason }, 'WebRTC room closed');
    this.#changed(room.sessionId);
  }

  #dropTransport(id: string): void {
    const entry = this.#transports.get(id);
    if (!entry) return;
    this.#transports.delete(id);
    entry.room.studioTransports.delete(id);
    const peer = entry.room.viewers.get(entry.owner);
    if (peer) {
      peer.transports.delete(id);
      if (peer.transports.size === 0) entry.room.viewers.delete(entry.owner);
    }
    if (!entry.transport.closed) entry.transport.close();
    this.#changed(entry.room.sessionId);
  }

  async #createTransport(room: Room, entry: RouterEntry, owner: string): Promise<TransportEntry> {
    const transport = await entry.router.createWebRtcTransport({
      listenInfos: this.#listenInfos(),
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: INITIAL_OUTGOING_BITRATE,
      appData: { owner },
    });
    const record: TransportEntry = {
      transport,
      room,
      owner,
      worker: entry.worker,
      consumers: new Map(),
    };
    this.#transports.set(transport.id, record);
    transport.on('routerclose', () => this.#dropTransport(transport.id));
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') {
        this.#logger.debug(
          { transport: transport.id, owner, state },
          'WebRTC transport DTLS ended',
        );
        this.#dropTransport(transport.id);
      }
    });
    return record;
  }

  #listenInfos(): ms.TransportListenInfo[] {
    const { listenIp, announcedAddresses = [], portRange } = this.#config;
    // One socket per announced address (each becomes an ICE candidate); none: the bound one.
    const targets =
      announcedAddresses.length > 0
        ? announcedAddresses.map((address) => ({ ip: listenIp, announcedAddress: address }))
        : [{ ip: listenIp }];
    return targets.flatMap((target) =>
      (['udp', 'tcp'] as const).map((protocol) => ({
        protocol,
        ...target,
        ...(portRange ? { portRange } : {}),
      })),
    );
  }

  // ---- the studio's side -----------------------------------------------------------------------

  /** Opens the room (if needed) for the studio; a new publisher replaces the previous one. */
  async join(sessionId: number): Promise<{ rtpCapabilities: RouterRtpCapabilities }> {
    const room = await this.#room(sessionId);
    this.leave(sessionId);
    return { rtpCapabilities: room.origin.router.rtpCapabilities as RouterRtpCapabilities };
  }

  async createSendTransport(sessionId: number): Promise<TransportInfo> {
    const room = this.#rooms.get(sessionId);
    if (!room) throw new StudioError('CONFLICT', 'call webrtc.join first');
    if (room.studioTransports.size >= STUDIO_TRANSPORTS_PER_ROOM) {
      throw new StudioError('CONFLICT', 'the studio already has its transports for this class');
    }
    const entry = await this.#createTransport(room, room.origin, 'studio');
    room.studioTransports.add(entry.transport.id);
    await entry.transport.setMaxIncomingBitrate(MAX_INCOMING_BITRATE);
    return transportInfo(entry.transport);
  }

  async connectTransport(transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const entry = this.#studioTransport(transportId);
    await entry.transport.connect({ dtlsParameters });
  }

  async produce(
    transportId: string,
    kind: MediaKind,
    rtpParameters: RtpParameters,
  ): Promise<string> {
    const entry = this.#studioTransport(transportId);
    const room = entry.room;
    let producer: ms.Producer;
    try {
      producer = await entry.transport.produce({
        kind,
        rtpParameters: rtpParameters as ms.RtpParameters,
        ...(kind === 'video' ? { keyFrameRequestDelay: KEYFRAME_REQUEST_DELAY_MS } : {}),
      });
    } catch (error) {
      throw new StudioError(
        'BAD_INPUT',
        `cannot produce: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    room.producers.set(producer.id, producer);
    this.#producerRoom.set(producer.id, room);
    const forget = (): void => {
      if (room.producers.delete(producer.id)) {
        this.#producerRoom.delete(producer.id);
        this.#notify(room.sessionId, null, { type: 'rtc.state', kinds: kindsOf(room) });
        this.#changed(room.sessionId);
      }
    };
    producer.on('transportclose', forget);
    producer.observer.on('close', forget);
    // Routers on other workers get the new track before viewers are told about it.
    await Promise.all(
      [...room.routers.values()].map((r) =>
        this.#syncPipes(room, r).catch((error: unknown) =>
          this.#logger.error(
            { err: error, sessionId: room.sessionId },
            'could not pipe a producer',
          ),
        ),
      ),
    );
    this.#notify(room.sessionId, null, { type: 'rtc.state', kinds: kindsOf(room) });
    this.#changed(room.sessionId);
    return producer.id;
  }

  closeProducer(producerId: string): void {
    const room = this.#producerRoom.get(producerId);
    const producer = room?.producers.get(producerId);
    if (!producer) throw new StudioError('NOT_FOUND', 'no such producer');
    producer.close();
  }

  /** The studio stops publishing: its transports (and so its producers) close; the room stays. */
  leave(sessionId: number): void {
    const room = this.#rooms.get(sessionId);
    if (!room) return;
    for (const id of [...room.studioTransports]) this.#dropTransport(id);
  }

  #studioTransport(transportId: string): TransportEntry {
    const entry = this.#transports.get(transportId);
    if (!entry || entry.owner !== 'studio') throw new StudioError('NOT_FOUND', 'no such transport');
    return entry;
  }

  // ---- viewers (AudienceRtc) -------------------------------------------------------------------

  async request(
    sessionId: number,
    viewerKey: string,
    frame: RtcRequest,
  ): Promise<SingleServerFrame> {
    if (!this.offered())
      throw new RtcRefusal('UNAVAILABLE', 'WebRTC is not offered for this class');
    const owner = `viewer:${viewerKey}`;
    switch (frame.type) {
      case 'rtc.caps': {
        // A page starts (or starts over): whatever this viewer negotiated before is dropped.
        this.release(sessionId, viewerKey);
        const room = await this.#viewerRoom(sessionId);
        return {
          type: 'rtc.caps',
          id: frame.id,
          rtpCapabilities: room.origin.router.rtpCapabilities as RouterRtpCapabilities,
        };
      }
      case 'rtc.transport': {
        const room = await this.#viewerRoom(sessionId);
        const peer = room.viewers.get(owner) ?? { transports: new Set<string>() };
        if (peer.transports.size >= RTC_TRANSPORTS_PER_VIEWER) {
          throw new RtcRefusal(
            'LIMIT_REACHED',
            'too many WebRTC transports; send rtc.caps to start over',
          );
        }
        const placement = placeConsumer(
          this.#loads(),
          { origin: room.origin.worker, routers: [...room.routers.keys()] },
          this.#config.consumersPerWorker ?? DEFAULT_CONSUMERS_PER_WORKER,
          EXPECTED_CONSUMERS_PER_VIEWER,
        );
        if (!placement) throw new RtcRefusal('UNAVAILABLE', 'no mediasoup worker is running');
        const router = await this.#routerOn(room, placement.worker);
        const entry = await this.#createTransport(room, router, owner);
        peer.transports.add(entry.transport.id);
        room.viewers.set(owner, peer);
        return { type: 'rtc.transport', id: frame.id, transport: transportInfo(entry.transport) };
      }
      case 'rtc.connect': {
        const entry = this.#viewerTransport(sessionId, owner, frame.transportId);
        await entry.transport.connect({ dtlsParameters: frame.dtlsParameters });
        return { type: 'rtc.ok', id: frame.id };
      }
      case 'rtc.consume': {
        const entry = this.#viewerTransport(sessionId, owner, frame.transportId);
        const consumers = await this.#consume(entry, owner, frame.rtpCapabilities);
        return { type: 'rtc.consumers', id: frame.id, consumers };
      }
      case 'rtc.resume': {
        const room = this.#rooms.get(sessionId);
        const peer = room?.viewers.get(owner);
        const mine = new Map<string, ms.Consumer>();
        for (const id of peer?.transports ?? []) {
          for (const [cid, consumer] of this.#transports.get(id)?.consumers ?? [])
            mine.set(cid, consumer);
        }
        const picked: ms.Consumer[] = [];
        for (const id of frame.consumerIds) {
          const consumer = mine.get(id);
          if (!consumer) throw new RtcRefusal('NOT_FOUND', 'no such consumer');
          picked.push(consumer);
        }
        await Promise.all(picked.map((c) => c.resume()));
        return { type: 'rtc.ok', id: frame.id };
      }
      case 'rtc.close': {
        this.release(sessionId, viewerKey);
        return { type: 'rtc.ok', id: frame.id };
      }
    }
  }

  release(sessionId: number, viewerKey: string): void {
    const peer = this.#rooms.get(sessionId)?.viewers.get(`viewer:${viewerKey}`);
    for (const id of [...(peer?.transports ?? [])]) this.#dropTransport(id);
  }

  async #viewerRoom(sessionId: number): Promise<Room> {
    try {
      return await this.#room(sessionId);
    } catch (error) {
      if (error instanceof StudioError) throw new RtcRefusal('UNAVAILABLE', error.message);
      throw error;
    }
  }

  #viewerTransport(sessionId: number, owner: string, transportId: string): TransportEntry {
    const entry = this.#transports.get(transportId);
    if (!entry || entry.owner !== owner || entry.room.sessionId !== sessionId) {
      throw new RtcRefusal('NOT_FOUND', 'no such transport');
    }
    return entry;
  }

  /** Consumers (paused) for every producer of the class this transport does not carry yet. */
  async #consume(
    entry: TransportEntry,
    owner: string,
    rtpCapabilities: RtpCapabilities,
  ): Promise<ConsumerInfo[]> {
    const room = entry.room;
    const router = room.routers.get(entry.worker);
    if (!router) throw new RtcRefusal('NOT_FOUND', 'this transport lost its router');
    await this.#syncPipes(room, router);
    const held = [...(room.viewers.get(owner)?.transports ?? [])].reduce(
      (sum, id) => sum + (this.#transports.get(id)?.consumers.size ?? 0),
      0,
    );
    const consuming = new Set([...entry.consumers.values()].map((c) => c.producerId));
    const wanted = [...room.producers.keys()].filter((id) => !consuming.has(id));
    if (held + wanted.length > RTC_CONSUMERS_PER_VIEWER) {
      throw new RtcRefusal(
        'LIMIT_REACHED',
        'too many WebRTC consumers; send rtc.caps to start over',
      );
    }
    const caps = rtpCapabilities as ms.RtpCapabilities;
    const infos: ConsumerInfo[] = [];
    for (const producerId of wanted) {
      if (!router.router.canConsume({ producerId, rtpCapabilities: caps })) continue;
      // Paused until the page has its track wired, as mediasoup advises for video.
      const consumer = await entry.transport.consume({
        producerId,
        rtpCapabilities: caps,
        paused: true,
      });
      entry.consumers.set(consumer.id, consumer);
      const forget = (): void => {
        if (entry.consumers.delete(consumer.id)) this.#changed(room.sessionId);
      };
      consumer.on('transportclose', forget);
      consumer.on('producerclose', forget);
      consumer.observer.on('close', forget);
      infos.push({
        id: consumer.id,
        producerId,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters as RtpParameters,
      });
    }
    this.#changed(room.sessionId);
    return infos;
  }

  // ---- shutdown --------------------------------------------------------------------------------

  /** Closes every room and stops the workers. */
  close(): void {
    if (this.#closed) return;
    for (const room of [...this.#rooms.values()]) this.#closeRoom(room, 'closed');
    this.#closed = true;
    if (this.#dirtyTimer) clearTimeout(this.#dirtyTimer);
    for (const slot of this.#slots) {
      slot.worker?.close();
      slot.worker = null;
    }
  }
}

function kindsOf(room: Room): MediaKind[] {
  return [...new Set([...room.producers.values()].map((p) => p.kind))].sort();
}

function transportInfo(transport: ms.WebRtcTransport): TransportInfo {
  return {
    id: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates,
    dtlsParameters: transport.dtlsParameters,
  };
}
