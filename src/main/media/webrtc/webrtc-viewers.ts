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
  RouterRtpCapabilities,
  RtpCapabilities,
  RtpParameters,
} from '../../../shared/contract/rtc-parameters';
import { RtcRefusal } from '../../audience/audience-rtc';
import { placeConsumer } from './placement';
import type { RoomRegistry } from './webrtc-rooms';
import {
  DEFAULT_CONSUMERS_PER_WORKER,
  EXPECTED_CONSUMERS_PER_VIEWER,
  transportInfo,
  type Room,
  type RtcContext,
  type TransportEntry,
} from './webrtc-types';

// The viewers' side (AudienceRtc's requests): capabilities, a receive transport placed on a
// worker with room (piping the class there when the origin is full), consumers and their resume.

export class ViewerSide {
  readonly #ctx: RtcContext;
  readonly #rooms: RoomRegistry;
  readonly #offered: () => boolean;

  constructor(ctx: RtcContext, rooms: RoomRegistry, offered: () => boolean) {
    this.#ctx = ctx;
    this.#rooms = rooms;
    this.#offered = offered;
  }

  async request(
    sessionId: number,
    viewerKey: string,
    frame: RtcRequest,
  ): Promise<SingleServerFrame> {
    if (!this.#offered())
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
          this.#rooms.loads(),
          { origin: room.origin.worker, routers: [...room.routers.keys()] },
          this.#ctx.config.consumersPerWorker ?? DEFAULT_CONSUMERS_PER_WORKER,
          EXPECTED_CONSUMERS_PER_VIEWER,
        );
        if (!placement) throw new RtcRefusal('UNAVAILABLE', 'no mediasoup worker is running');
        const router = await this.#rooms.routerOn(room, placement.worker);
        const entry = await this.#rooms.createTransport(room, router, owner);
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
        const room = this.#rooms.rooms.get(sessionId);
        const peer = room?.viewers.get(owner);
        const mine = new Map<string, ms.Consumer>();
        for (const id of peer?.transports ?? []) {
          for (const [cid, consumer] of this.#rooms.transports.get(id)?.consumers ?? [])
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
    const peer = this.#rooms.rooms.get(sessionId)?.viewers.get(`viewer:${viewerKey}`);
    for (const id of [...(peer?.transports ?? [])]) this.#rooms.dropTransport(id);
  }

  async #viewerRoom(sessionId: number): Promise<Room> {
    try {
      return await this.#rooms.room(sessionId);
    } catch (error) {
      if (error instanceof StudioError) throw new RtcRefusal('UNAVAILABLE', error.message);
      throw error;
    }
  }

  #viewerTransport(sessionId: number, owner: string, transportId: string): TransportEntry {
    const entry = this.#rooms.transports.get(transportId);
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
    await this.#rooms.syncPipes(room, router);
    const held = [...(room.viewers.get(owner)?.transports ?? [])].reduce(
      (sum, id) => sum + (this.#rooms.transports.get(id)?.consumers.size ?? 0),
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
        if (entry.consumers.delete(consumer.id)) this.#ctx.changed(room.sessionId);
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
    this.#ctx.changed(room.sessionId);
    return infos;
  }

  // ---- shutdown --------------------------------------------------------------------------------
}
