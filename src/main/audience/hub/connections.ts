import type { WebSocket } from 'ws';
import { ViewerFrame, isRtcRequest } from '../../../shared/contract/audience-protocol';
import { describeZodError } from '../../../shared/contract';
import { guarded } from '../../kernel/guarded';
import { wsText } from '../../net/ws-text';
import { TokenBucket } from '../../kernel/token-bucket';
import type { CommitQueue } from './commit-queue';
import type { HubContext } from './context';
import type { Presence } from './presence';
import { quickReact } from './quick-frames';
import type { RtcQueue } from './rtc-queue';
import type { Conn, HubPeer } from './state';

/**
 * The viewers' sockets: accepted, every frame parsed, validated and rate-limited (per socket,
 * then per viewer), then routed — `join` and heartbeats to presence, WebRTC signalling to its
 * queue, actions to the commit queue. Idle sockets and sockets that never join are dropped.
 */
export class Connections {
  readonly #ctx: HubContext;
  readonly #presence: Presence;
  readonly #commits: CommitQueue;
  readonly #rtc: RtcQueue;

  constructor(ctx: HubContext, presence: Presence, commits: CommitQueue, rtc: RtcQueue) {
    this.#ctx = ctx;
    this.#presence = presence;
    this.#commits = commits;
    this.#rtc = rtc;
  }

  /** Takes over an upgraded socket; the first frame must be `join`. */
  accept(ws: WebSocket, peer: HubPeer | null): void {
    const { out, logger, sink } = this.#ctx;
    const now = this.#ctx.clock();
    const conn: Conn = {
      ws,
      viewer: null,
      queue: [],
      queueAt: [],
      sharedFrom: null,
      bucket: TokenBucket.create(this.#ctx.tuning.connectionBucket, now),
      lastFrameAt: now,
      acceptedAt: now,
      peer,
    };
    if (this.#ctx.closed) {
      ws.close(1001, 'closed');
      return;
    }
    out.conns.add(conn);
    ws.on('message', (data, isBinary) => {
      try {
        this.#onMessage(conn, isBinary ? null : wsText(data));
      } catch (error) {
        logger.error({ err: error }, 'audience frame failed');
        sink.health?.writeFailed(error);
        out.sendError(conn, null, 'UNAVAILABLE', 'the server could not handle this frame');
        // A join that could not be saved (a full disk): the page reconnects with back-off and
        // joins again, instead of waiting on an open socket for a welcome that never comes.
        if (!conn.viewer) {
          out.flushConn(conn);
          conn.ws.close(1013, 'try again later');
        }
      }
    });
    ws.on(
      'close',
      guarded(sink, 'audience socket close', () => {
        out.conns.delete(conn);
        this.#presence.left(conn);
      }),
    );
    ws.on('error', (error) => logger.debug({ err: error }, 'audience socket error'));
  }

  #onMessage(conn: Conn, text: string | null): void {
    const { out } = this.#ctx;
    const now = this.#ctx.clock();
    conn.lastFrameAt = now;
    let raw: unknown;
    try {
      raw = text === null ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const readableId =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string'
        ? raw.id.slice(0, 64)
        : null;
    const wait = conn.bucket.take(now);
    if (wait > 0) {
      out.sendError(conn, readableId, 'RATE_LIMITED', 'too many frames; slow down', wait);
      return;
    }
    if (raw === undefined) {
      out.sendError(conn, null, 'BAD_FRAME', 'frames are JSON text');
      return;
    }
    let frame: ViewerFrame | null = quickReact(raw);
    if (frame === null) {
      const parsed = ViewerFrame.safeParse(raw);
      if (!parsed.success) {
        out.sendError(conn, readableId, 'BAD_FRAME', describeZodError(parsed.error));
        return;
      }
      frame = parsed.data;
    }
    if (frame.type === 'join') {
      this.#presence.join(conn, frame);
      return;
    }
    const viewer = conn.viewer;
    if (frame.type === 'ping') {
      out.reply(conn, JSON.stringify({ type: 'pong', t: frame.t }));
      if (viewer) this.#presence.seen(viewer, now);
      return;
    }
    if (!viewer) {
      out.sendError(conn, frame.id, 'NOT_JOINED', 'send join first');
      return;
    }
    this.#presence.seen(viewer, now);
    if (isRtcRequest(frame)) {
      this.#rtc.request(conn, viewer, frame, now);
      return;
    }
    const limit = (frame.type === 'react' ? viewer.reactions : viewer.actions).take(now);
    if (limit > 0) {
      out.sendError(conn, frame.id, 'RATE_LIMITED', 'too many actions; slow down', limit);
      return;
    }
    this.#commits.push(conn, viewer, frame);
  }

  /** Drops sockets that went quiet, and sockets that never joined. */
  sweep(): void {
    const now = this.#ctx.clock();
    const before = now - this.#ctx.tuning.idleTimeoutMs;
    const joinBy = now - this.#ctx.tuning.joinTimeoutMs;
    for (const conn of this.#ctx.out.conns) {
      if (conn.lastFrameAt < before || (!conn.viewer && conn.acceptedAt < joinBy)) {
        conn.ws.terminate();
      }
    }
  }
}
