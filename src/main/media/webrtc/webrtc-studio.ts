import type { types as ms } from 'mediasoup';
import { StudioError } from '../../../shared/contract';
import type {
  DtlsParameters,
  MediaKind,
  RouterRtpCapabilities,
  RtpParameters,
  TransportInfo,
} from '../../../shared/contract/rtc-parameters';
import type { RoomRegistry } from './webrtc-rooms';
import {
  KEYFRAME_REQUEST_DELAY_MS,
  MAX_INCOMING_BITRATE,
  STUDIO_TRANSPORTS_PER_ROOM,
  kindsOf,
  transportInfo,
  type RtcContext,
  type TransportEntry,
} from './webrtc-types';

// The studio's side of a class: it joins the room, opens its send transports and produces the
// program's tracks; a new publisher replaces the previous one.

export class StudioSide {
  readonly #ctx: RtcContext;
  readonly #rooms: RoomRegistry;

  constructor(ctx: RtcContext, rooms: RoomRegistry) {
    this.#ctx = ctx;
    this.#rooms = rooms;
  }

  /** Opens the room (if needed) for the studio; a new publisher replaces the previous one. */
  async join(sessionId: number): Promise<{ rtpCapabilities: RouterRtpCapabilities }> {
    const room = await this.#rooms.room(sessionId);
    this.leave(sessionId);
    return { rtpCapabilities: room.origin.router.rtpCapabilities as RouterRtpCapabilities };
  }

  async createSendTransport(sessionId: number): Promise<TransportInfo> {
    const room = this.#rooms.rooms.get(sessionId);
    if (!room) throw new StudioError('CONFLICT', 'call webrtc.join first');
    if (room.studioTransports.size >= STUDIO_TRANSPORTS_PER_ROOM) {
      throw new StudioError('CONFLICT', 'the studio already has its transports for this class');
    }
    const entry = await this.#rooms.createTransport(room, room.origin, 'studio');
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
    this.#rooms.producerRoom.set(producer.id, room);
    const forget = (): void => {
      if (room.producers.delete(producer.id)) {
        this.#rooms.producerRoom.delete(producer.id);
        this.#ctx.notify(room.sessionId, null, { type: 'rtc.state', kinds: kindsOf(room) });
        this.#ctx.changed(room.sessionId);
      }
    };
    producer.on('transportclose', forget);
    producer.observer.on('close', forget);
    // Routers on other workers get the new track before viewers are told about it.
    await Promise.all(
      [...room.routers.values()].map((r) =>
        this.#rooms
          .syncPipes(room, r)
          .catch((error: unknown) =>
            this.#ctx.logger.error(
              { err: error, sessionId: room.sessionId },
              'could not pipe a producer',
            ),
          ),
      ),
    );
    this.#ctx.notify(room.sessionId, null, { type: 'rtc.state', kinds: kindsOf(room) });
    this.#ctx.changed(room.sessionId);
    return producer.id;
  }

  closeProducer(producerId: string): void {
    const room = this.#rooms.producerRoom.get(producerId);
    const producer = room?.producers.get(producerId);
    if (!producer) throw new StudioError('NOT_FOUND', 'no such producer');
    producer.close();
  }

  /** The studio stops publishing: its transports (and so its producers) close; the room stays. */
  leave(sessionId: number): void {
    const room = this.#rooms.rooms.get(sessionId);
    if (!room) return;
    for (const id of [...room.studioTransports]) this.#rooms.dropTransport(id);
  }

  #studioTransport(transportId: string): TransportEntry {
    const entry = this.#rooms.transports.get(transportId);
    if (!entry || entry.owner !== 'studio') throw new StudioError('NOT_FOUND', 'no such transport');
    return entry;
  }
}
