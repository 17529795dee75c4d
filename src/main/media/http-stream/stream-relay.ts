import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { STREAM_PATH_PATTERN } from '../../../shared/contract/stream-protocol';
import type { Logger } from '../../kernel/logger';
import { refuseUpgrade } from '../../net/guard-listeners';
import { parseRequestTarget, sameOrigin } from '../../net/request-target';
import type { Db } from '../../storage/connection';
import { sessionByJoinCode } from '../../storage/queries/live/sessions';
import { StreamFanout, type FanoutTuning } from './stream-fanout';

/** Viewers send nothing on this path; anything bigger than a ping is refused. */
const STREAM_INBOUND_MAX_BYTES = 1_024;
/** Sessions whose viewers may wait for the picture (the same rooms the audience server opens). */
const OPEN_STATUSES = new Set(['scheduled', 'live', 'paused', 'interrupted']);

export interface StreamRelayOptions {
  db: () => Db;
  logger: Logger;
  tuning?: Partial<FanoutTuning>;
}

/**
 * The HTTP stream's server side: accepts viewers on the audience server's `/stream/<code>` and
 * owns one `StreamFanout` per session. Plugged into the audience server as an upgrade route, so
 * learners reach it on the same LAN address and port as the viewer page.
 */
export class StreamRelay {
  readonly #options: StreamRelayOptions;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: STREAM_INBOUND_MAX_BYTES });
  readonly #fanouts = new Map<number, StreamFanout>();
  #closed = false;

  private constructor(options: StreamRelayOptions) {
    this.#options = options;
  }

  static create(options: StreamRelayOptions): StreamRelay {
    return new StreamRelay(options);
  }

  fanout(sessionId: number): StreamFanout {
    let fanout = this.#fanouts.get(sessionId);
    if (!fanout) {
      fanout = new StreamFanout(this.#options.tuning);
      this.#fanouts.set(sessionId, fanout);
    }
    return fanout;
  }

  viewers(sessionId: number): number {
    return this.#fanouts.get(sessionId)?.viewers ?? 0;
  }

  /** Takes the upgrade if it is a stream path; returns false to let the audience server try. */
  handle(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    settle: () => void = () => {},
  ): boolean {
    const target = parseRequestTarget(req.url);
    const match = target ? STREAM_PATH_PATTERN.exec(target.path) : null;
    if (!match) return false;
    const session =
      sameOrigin(req.headers) && !this.#closed
        ? sessionByJoinCode(this.#options.db(), (match[1] ?? '').toUpperCase())
        : undefined;
    if (!session || !OPEN_STATUSES.has(session.status)) {
      refuseUpgrade(socket, 404);
      return true;
    }
    // `?feed=webm`: the page plays WebM, so it may take the low-latency feed (stream-fanout.ts).
    const acceptsFeed = target?.query.get('feed') === 'webm';
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      settle();
      this.#accept(session.id, ws, acceptsFeed);
    });
    return true;
  }

  #accept(sessionId: number, ws: WebSocket, acceptsFeed: boolean): void {
    const fanout = this.fanout(sessionId);
    const sink = {
      get buffered() {
        return ws.bufferedAmount;
      },
      send(data: Uint8Array | string) {
        if (ws.readyState === ws.OPEN) ws.send(data, { binary: typeof data !== 'string' });
      },
    };
    fanout.add(sink, { acceptsFeed });
    ws.on('message', () => ws.close(1008, 'viewers send nothing on the stream path'));
    ws.on('close', () => fanout.remove(sink));
    ws.on('error', (error) => this.#options.logger.debug({ err: error }, 'stream socket error'));
  }

  /** Cuts every viewer (their pages reconnect when the studio is back). */
  close(): void {
    this.#closed = true;
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }
}
