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
/** Every message is a text message (ws copies its options: one object serves every send). */
const TEXT = { binary: false } as const;

/** Frames (already JSON) as one text message: the frame itself, or a `batch` of them. */
function frameText(frames: readonly string[]): string {
  return frames.length === 1
    ? (frames[0] ?? '')
    : `{"type":"batch","frames":[${frames.join(',')}]}`;
}

/** One window's class frames, each shape framed at most once and shared by every socket. */
class Window {
  #whole: Buffer | null = null;
  #head: Buffer | null = null;
  #tail: Buffer | null = null;

  constructor(
    readonly frames: readonly string[],
    /** Where the window's commit placed its replies (acks, refusals), or null. */
    readonly cut: number | null,
  ) {}

  get whole(): Buffer {
    this.#whole ??= Buffer.from(frameText(this.frames), 'utf8');
    return this.#whole;
  }

  /** The frames before the commit's replies. */
  get head(): Buffer {
    this.#head ??= Buffer.from(frameText(this.frames.slice(0, this.cut ?? 0)), 'utf8');
    return this.#head;
  }

  /** The frames after the commit's replies (the actions' broadcasts, and later ones). */
  get tail(): Buffer {
    this.#tail ??= Buffer.from(frameText(this.frames.slice(this.cut ?? 0)), 'utf8');
    return this.#tail;
  }
}

/**
 * The hub's connections and what is queued for them. Everything sent to a viewer leaves once per
 * outbound window (`flushAll`, on the hub's timer):
 * - what the whole class receives (chat, reactions, counts, session changes) is framed ONCE per
 *   window into one Buffer, and that same Buffer is written to every joined socket (no string is
 *   built per viewer);
 * - a connection's own frames (welcome, acks, refusals, its view of a poll or question) leave as
 *   a small message of their own, only to the sockets that have some.
 * Every viewer still receives its frames in the order they were queued: the acks and refusals of
 * the window's commit are placed where the commit began (before the broadcasts of the actions it
 * stored), so a sender receives the class frames queued before the commit, its replies, then the
 * rest — two more pre-built Buffers, shared by every sender of the window. A frame of its own
 * queued anywhere else between class frames (rare: a pong, a poll view) makes that viewer's
 * window one message of its own, as it always was. A viewer who joined during the window
 * receives the class frames queued after its join. A connection whose queue or socket buffer
 * grows too long is dropped (backpressure).
 */
export class Outbox {
  readonly conns = new Set<Conn>();
  readonly #logger: Logger;
  /** The class's frames of the current window, in order. */
  #shared: string[] = [];
  /** Inside `commitReplies`: where its replies are placed among the class frames. */
  #replyAt: number | null = null;
  #cut: number | null = null;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** A frame of this connection's own, in its place among the class's frames. */
  enqueue(conn: Conn, json: string): void {
    this.#push(conn, json, this.#shared.length);
  }

  /** A reply: inside `commitReplies`, placed where the commit began; else as `enqueue`. */
  reply(conn: Conn, json: string): void {
    this.#push(conn, json, this.#replyAt ?? this.#shared.length);
  }

  /** Runs the commit's acknowledgements and broadcasts: its replies precede its broadcasts. */
  commitReplies(run: () => void): void {
    this.#replyAt = this.#shared.length;
    this.#cut = this.#replyAt;
    try {
      run();
    } finally {
      this.#replyAt = null;
    }
  }

  /** The connection now carries a viewer: it receives the class's frames queued from now on. */
  attach(conn: Conn): void {
    conn.sharedFrom = this.#shared.length;
  }

  /** To every joined connection (framed once per window, see `flushAll`). */
  broadcast(json: string): void {
    this.#shared.push(json);
    // A window that grew this long leaves at once rather than waiting for its timer.
    if (this.#shared.length >= MAX_QUEUED_FRAMES) this.flushAll();
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
    this.reply(conn, JSON.stringify({ type: 'error', id, code, message, retryAfterMs }));
  }

  /** The window's end: every joined socket gets the class's frames, each its own frames. */
  flushAll(): void {
    const window = new Window(this.#shared, this.#cut);
    this.#shared = [];
    this.#cut = null;
    // A flush inside a commit (a window grown too long): its remaining replies start the next.
    if (this.#replyAt !== null) this.#replyAt = 0;
    for (const conn of this.conns) {
      const from = conn.sharedFrom;
      if (from !== null) conn.sharedFrom = 0;
      if (conn.queue.length === 0) {
        // Most sockets have nothing of their own: the window's Buffer, with nothing allocated.
        if (from === null || from >= window.frames.length || !this.#writable(conn)) continue;
        conn.ws.send(from === 0 ? window.whole : frameText(window.frames.slice(from)), TEXT);
        continue;
      }
      const messages = this.#messages(conn, window, from);
      if (messages.length === 0 || !this.#writable(conn)) continue;
      for (const message of messages) conn.ws.send(message, TEXT);
    }
  }

  /** Sends what is queued for one connection now, as it is closed (no class frames after it). */
  flushConn(conn: Conn): void {
    const messages = this.#messages(conn, new Window(this.#shared, null), conn.sharedFrom);
    conn.sharedFrom = null;
    if (messages.length === 0 || !this.#writable(conn)) return;
    for (const message of messages) conn.ws.send(message, TEXT);
  }

  /**
   * What one connection would receive at the window's end, taken off the queue without being
   * sent, one frame per entry: for the hub's unit tests, which run without sockets.
   */
  take(conn: Conn): string[] {
    const own = conn.queue;
    const at = conn.queueAt;
    conn.queue = [];
    conn.queueAt = [];
    const from = conn.sharedFrom;
    if (from === null) return own;
    conn.sharedFrom = this.#shared.length;
    return interleave(this.#shared, from, own, at);
  }

  goodbye(conn: Conn, reason: GoodbyeReason): void {
    this.enqueue(conn, JSON.stringify({ type: 'goodbye', reason }));
    this.flushConn(conn);
    conn.ws.close(reason === 'server-shutdown' ? 1001 : 1000, reason);
  }

  #push(conn: Conn, json: string, at: number): void {
    const sharedPending = conn.sharedFrom === null ? 0 : this.#shared.length - conn.sharedFrom;
    if (conn.queue.length + sharedPending >= MAX_QUEUED_FRAMES) {
      conn.ws.terminate();
      return;
    }
    conn.queue.push(json);
    conn.queueAt.push(at);
  }

  /** The messages one connection receives for this window (its queue is emptied). */
  #messages(conn: Conn, window: Window, from: number | null): (string | Buffer)[] {
    const own = conn.queue;
    const at = conn.queueAt;
    conn.queue = [];
    conn.queueAt = [];
    const frames = window.frames;
    if (from === null || from >= frames.length) return own.length > 0 ? [frameText(own)] : [];
    const first = at[0] ?? from;
    const same = at.every((position) => position === first);
    // Nothing of its own, or all of it before its share: its own message, then the class's.
    if (own.length === 0 || (same && first <= from)) {
      const shared = from === 0 ? window.whole : frameText(frames.slice(from));
      return own.length > 0 ? [frameText(own), shared] : [shared];
    }
    // The window's commit's replies: the shared head, its replies, the shared tail.
    if (same && from === 0 && first === window.cut) {
      const messages: (string | Buffer)[] = [];
      if (first > 0) messages.push(window.head);
      messages.push(frameText(own));
      if (first < frames.length) messages.push(window.tail);
      return messages;
    }
    return [frameText(interleave(frames, from, own, at))];
  }

  /** Open and keeping up; a socket too far behind is dropped. */
  #writable(conn: Conn): boolean {
    if (conn.ws.readyState !== conn.ws.OPEN) return false;
    if (conn.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#logger.warn('an audience socket fell too far behind; dropped');
      conn.ws.terminate();
      return false;
    }
    return true;
  }
}

/** The class's frames from `from` with a connection's own frames at their places, in order. */
function interleave(
  shared: readonly string[],
  from: number,
  own: readonly string[],
  at: readonly number[],
): string[] {
  const frames: string[] = [];
  let next = from;
  for (let i = 0; i < own.length; i++) {
    const position = at[i] ?? next;
    while (next < position && next < shared.length) frames.push(shared[next++] ?? '');
    frames.push(own[i] ?? '');
  }
  while (next < shared.length) frames.push(shared[next++] ?? '');
  return frames;
}
