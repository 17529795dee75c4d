import type {
  AudienceErrorCode,
  SingleServerFrame,
} from '../../../shared/contract/audience-protocol';
import type { Logger } from '../../kernel/logger';
import type { Conn, GoodbyeReason, Viewer } from './state';

/** A viewer whose socket buffers more than this is too slow to follow the class: dropped. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Frames waiting for one connection's next batch; beyond it the connection is dropped. */
const MAX_QUEUED_FRAMES = 2_000;

/**
 * The hub's connections and what is queued for them. Everything sent to a viewer is queued and
 * leaves as one `batch` per outbound window (`flushAll`, on the hub's timer); a connection whose
 * queue or socket buffer grows too long is dropped (backpressure).
 */
export class Outbox {
  readonly conns = new Set<Conn>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  enqueue(conn: Conn, json: string): void {
    if (conn.queue.length >= MAX_QUEUED_FRAMES) {
      conn.ws.terminate();
      return;
    }
    conn.queue.push(json);
  }

  /** To every joined connection. */
  broadcast(json: string): void {
    for (const conn of this.conns) if (conn.viewer) this.enqueue(conn, json);
  }

  /** To every joined connection, a frame of its own. */
  broadcastEach(frame: (viewer: Viewer) => SingleServerFrame): void {
    for (const conn of this.conns)
      if (conn.viewer) this.enqueue(conn, JSON.stringify(frame(conn.viewer)));
  }

  sendError(
    conn: Conn,
    id: string | null,
    code: AudienceErrorCode,
    message: string,
    retryAfterMs: number | null = null,
  ): void {
    this.enqueue(conn, JSON.stringify({ type: 'error', id, code, message, retryAfterMs }));
  }

  flushConn(conn: Conn): void {
    if (conn.queue.length === 0) return;
    const frames = conn.queue;
    conn.queue = [];
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    if (conn.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#logger.warn('an audience socket fell too far behind; dropped');
      conn.ws.terminate();
      return;
    }
    // The frames are already JSON: a batch is assembled by concatenation, never re-serialised.
    conn.ws.send(
      frames.length === 1 ? (frames[0] ?? '') : `{"type":"batch","frames":[${frames.join(',')}]}`,
    );
  }

  flushAll(): void {
    for (const conn of this.conns) this.flushConn(conn);
  }

  goodbye(conn: Conn, reason: GoodbyeReason): void {
    this.enqueue(conn, JSON.stringify({ type: 'goodbye', reason }));
    this.flushConn(conn);
    conn.ws.close(reason === 'server-shutdown' ? 1001 : 1000, reason);
  }
}
