import type { RtcRequest, SingleServerFrame } from '../../../shared/contract/audience-protocol';
import type { Logger } from '../../kernel/logger';
import { RtcRefusal, type AudienceRtc } from '../audience-rtc';
import type { Outbox } from './outbox';
import type { Conn, Viewer } from './state';

/** WebRTC requests of one viewer waiting behind the one being answered; more are refused. */
const RTC_QUEUE_MAX = 4;

/**
 * WebRTC signalling over the audience socket: a viewer's requests go to media/webrtc, rate-limited
 * per viewer and answered in order, one at a time; pushes from media/webrtc go out through the
 * outbox.
 */
export class RtcQueue {
  readonly #rtc: AudienceRtc | null;
  readonly #out: Outbox;
  readonly #logger: Logger;
  readonly #sessionId: number;
  readonly #closed: () => boolean;

  constructor(deps: {
    rtc: AudienceRtc | null;
    out: Outbox;
    logger: Logger;
    sessionId: number;
    closed: () => boolean;
  }) {
    this.#rtc = deps.rtc;
    this.#out = deps.out;
    this.#logger = deps.logger;
    this.#sessionId = deps.sessionId;
    this.#closed = deps.closed;
  }

  offered(): boolean {
    return this.#rtc?.offered() ?? false;
  }

  /** The viewer is gone for good: what they received over WebRTC is freed. */
  release(publicId: string): void {
    this.#rtc?.release(this.#sessionId, publicId);
  }

  /**
   * Hands a viewer's WebRTC request to media/webrtc and sends the answer back on the socket the
   * request came from. Rate-limited per viewer and answered in order, one at a time.
   */
  request(conn: Conn, viewer: Viewer, frame: RtcRequest, now: number): void {
    const rtc = this.#rtc;
    if (!rtc?.offered()) {
      this.#out.sendError(conn, frame.id, 'UNAVAILABLE', 'WebRTC is not offered for this class');
      return;
    }
    const wait = viewer.rtc.take(now);
    if (wait > 0) {
      this.#out.sendError(
        conn,
        frame.id,
        'RATE_LIMITED',
        'too many WebRTC requests; slow down',
        wait,
      );
      return;
    }
    if (viewer.rtcQueued >= RTC_QUEUE_MAX) {
      this.#out.sendError(
        conn,
        frame.id,
        'RATE_LIMITED',
        'wait for the previous WebRTC answers',
        500,
      );
      return;
    }
    viewer.rtcQueued += 1;
    viewer.rtcChain = viewer.rtcChain.then(async () => {
      try {
        const reply = await rtc.request(this.#sessionId, viewer.publicId, frame);
        if (!this.#closed()) this.#out.reply(conn, JSON.stringify(reply));
      } catch (error) {
        if (this.#closed()) return;
        if (error instanceof RtcRefusal) {
          this.#out.sendError(conn, frame.id, error.code, error.message);
        } else {
          // mediasoup refused the parameters (or failed): the page gives WebRTC up.
          this.#logger.debug({ err: error, type: frame.type }, 'WebRTC request failed');
          this.#out.sendError(
            conn,
            frame.id,
            'BAD_FRAME',
            'the server could not use these WebRTC parameters',
          );
        }
      } finally {
        viewer.rtcQueued -= 1;
      }
    });
  }

  /** A WebRTC push from media/webrtc: to one viewer (by public id) or to the whole class. */
  notice(viewerKey: string | null, frame: SingleServerFrame): void {
    if (this.#closed()) return;
    const json = JSON.stringify(frame);
    if (viewerKey === null) {
      this.#out.broadcast(json);
      return;
    }
    for (const conn of this.#out.conns)
      if (conn.viewer?.publicId === viewerKey) this.#out.enqueue(conn, json);
  }
}
