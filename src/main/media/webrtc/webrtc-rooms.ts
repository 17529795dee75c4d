import type { types as ms } from 'mediasoup';
import { StudioError } from '../../../shared/contract';
import type { WebRtcSessionStats } from '../../../shared/contract/webrtc-api';
import type { SessionId } from '../../../shared/model/ids';
import { MEDIA_CODECS } from './media-codecs';
import { placeRoom, type WorkerLoad } from './placement';
import {
  EXPECTED_CONSUMERS_PER_VIEWER,
  INITIAL_OUTGOING_BITRATE,
  type Room,
  type RouterEntry,
  type RtcContext,
  type TransportEntry,
} from './webrtc-types';
import type { WorkerPool } from './webrtc-worker-pool';

// The live classes' rooms: a router per class on the least-loaded worker, routers on other
// workers fed through pipes when one worker is full (placement.ts), and every transport of the
// studio and the viewers, dropped with its router, its worker or its room.

export class RoomRegistry {
  readonly #ctx: RtcContext;
  readonly #pool: WorkerPool;
  readonly rooms = new Map<number, Room>();
  readonly #opening = new Map<number, Promise<Room>>();
  readonly transports = new Map<string, TransportEntry>();
  readonly producerRoom = new Map<string, Room>();

  constructor(ctx: RtcContext, pool: WorkerPool) {
    this.#ctx = ctx;
    this.#pool = pool;
  }

  sessionStats(sessionId: number): WebRtcSessionStats {
    const room = this.rooms.get(sessionId);
    let viewers = 0;
    for (const peer of room?.viewers.values() ?? []) {
      const consuming = [...peer.transports].some(
        (id) => (this.transports.get(id)?.consumers.size ?? 0) > 0,
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

  /** Consumers per live worker. */
  loads(): WorkerLoad[] {
    return this.#pool.slots.map((slot) => ({
      index: slot.index,
      alive: slot.worker !== null,
      consumers: this.#load(slot.index),
    }));
  }

  #load(worker: number): number {
    let load = 0;
    for (const entry of this.transports.values()) {
      if (entry.worker !== worker || entry.owner === 'studio') continue;
      load += Math.max(entry.consumers.size, EXPECTED_CONSUMERS_PER_VIEWER);
    }
    return load;
  }

  /** A worker died: its rooms close, and the viewers on its routers elsewhere are dropped. */
  workerDied(slot: number): void {
    for (const room of [...this.rooms.values()]) {
      if (room.origin.worker === slot) {
        this.closeRoom(room, 'worker-failed');
        continue;
      }
      const entry = room.routers.get(slot);
      if (!entry) continue;
      room.routers.delete(slot);
      // Viewers on the lost router only: the rest of the class keeps its picture.
      for (const [key, peer] of room.viewers) {
        const lost = [...peer.transports].filter((id) => this.transports.get(id)?.worker === slot);
        if (lost.length === 0) continue;
        for (const id of lost) this.dropTransport(id);
        this.#ctx.notify(room.sessionId, key, { type: 'rtc.closed', reason: 'worker-failed' });
      }
      this.#ctx.changed(room.sessionId);
    }
  }

  /** The class's room, opened on the least-loaded worker if needed. */
  async room(sessionId: number): Promise<Room> {
    const existing = this.rooms.get(sessionId);
    if (existing) return existing;
    let opening = this.#opening.get(sessionId);
    if (!opening) {
      opening = (async () => {
        await this.#pool.ensureWorkers();
        const index = placeRoom(this.loads());
        const worker = index === null ? null : this.#pool.worker(index);
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
        this.rooms.set(sessionId, room);
        this.#ctx.logger.info({ sessionId, worker: index }, 'WebRTC room opened');
        return room;
      })().finally(() => this.#opening.delete(sessionId));
      this.#opening.set(sessionId, opening);
    }
    return opening;
  }

  /** The room's router on `worker`, opened and fed the room's producers through pipes. */
  async routerOn(room: Room, worker: number): Promise<RouterEntry> {
    const existing = room.routers.get(worker);
    if (existing) {
      await this.syncPipes(room, existing);
      return existing;
    }
    let opening = room.opening.get(worker);
    if (!opening) {
      opening = (async () => {
        const target = this.#pool.worker(worker);
        if (!target) throw new StudioError('UNAVAILABLE', 'that mediasoup worker is not running');
        const router = await target.createRouter({ mediaCodecs: MEDIA_CODECS });
        const entry: RouterEntry = { worker, router, piped: new Set(), syncing: Promise.resolve() };
        if (room.closed) {
          router.close();
          throw new StudioError('UNAVAILABLE', 'the class closed');
        }
        room.routers.set(worker, entry);
        this.#ctx.logger.info(
          { sessionId: room.sessionId, worker, origin: room.origin.worker },
          'WebRTC class piped to another worker',
        );
        this.#ctx.changed(room.sessionId);
        return entry;
      })().finally(() => room.opening.delete(worker));
      room.opening.set(worker, opening);
    }
    const entry = await opening;
    await this.syncPipes(room, entry);
    return entry;
  }

  /** Pipes every producer of the room the router does not have yet (one pipe at a time). */
  syncPipes(room: Room, entry: RouterEntry): Promise<void> {
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

  closeRoom(room: Room, reason: 'worker-failed' | 'closed'): void {
    if (room.closed) return;
    room.closed = true;
    this.rooms.delete(room.sessionId);
    for (const [id, entry] of [...this.transports]) if (entry.room === room) this.dropTransport(id);
    for (const id of room.producers.keys()) this.producerRoom.delete(id);
    room.producers.clear();
    for (const entry of room.routers.values()) entry.router.close();
    room.routers.clear();
    this.#ctx.notify(room.sessionId, null, { type: 'rtc.closed', reason });
    this.#ctx.logger.info({ sessionId: room.sessionId, reason }, 'WebRTC room closed');
    this.#ctx.changed(room.sessionId);
  }

  dropTransport(id: string): void {
    const entry = this.transports.get(id);
    if (!entry) return;
    this.transports.delete(id);
    entry.room.studioTransports.delete(id);
    const peer = entry.room.viewers.get(entry.owner);
    if (peer) {
      peer.transports.delete(id);
      if (peer.transports.size === 0) entry.room.viewers.delete(entry.owner);
    }
    if (!entry.transport.closed) entry.transport.close();
    this.#ctx.changed(entry.room.sessionId);
  }

  async createTransport(room: Room, entry: RouterEntry, owner: string): Promise<TransportEntry> {
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
    this.transports.set(transport.id, record);
    transport.on('routerclose', () => this.dropTransport(transport.id));
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') {
        this.#ctx.logger.debug(
          { transport: transport.id, owner, state },
          'WebRTC transport DTLS ended',
        );
        this.dropTransport(transport.id);
      }
    });
    return record;
  }

  #listenInfos(): ms.TransportListenInfo[] {
    const { listenIp, announcedAddresses = [], portRange } = this.#ctx.config;
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
}
