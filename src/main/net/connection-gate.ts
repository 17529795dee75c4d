import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../kernel/logger';

/**
 * Limits on one HTTP server's sockets. "Pending" sockets are those not (yet) a real client: an
 * HTTP request in progress or kept alive, an audience WebSocket that has not joined. A socket
 * stops being pending when its server says so (`settle`): a viewer joined over it, the stream
 * relay or the studio API accepted it.
 */
export interface ConnectionLimits {
  maxSockets: number;
  maxPendingSockets: number;
  maxSocketsPerAddress: number;
  maxPendingPerAddress: number;
  /** Whole request head must arrive within this (slow-header clients). */
  headersTimeoutMs: number;
  /** Whole request (head and body) within this. */
  requestTimeoutMs: number;
  /** An idle kept-alive HTTP connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A socket silent for this long before it is upgraded (or between requests) is closed. */
  idleTimeoutMs: number;
  /** How often Node checks the header and request timeouts. */
  timeoutCheckMs: number;
  /**
   * Per-address caps do not apply to loopback: on the audience server that is the educator's own
   * machine (the `npm run simulate` load test, a preview window). Tests turn this off.
   */
  trustLoopback: boolean;
}

/**
 * Timeouts for phones on a school's Wi-Fi: a page's requests may stall a few seconds on a
 * roaming phone, but a request head never needs 15 s, and a kept-alive socket that has been idle
 * for 10 s is cheaper to reopen than to hold.
 */
export const DEFAULT_TIMEOUTS = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  timeoutCheckMs: 2_000,
} as const;

/** Node's http server options that carry the timeouts (set when the server is created). */
export function httpServerOptions(limits: ConnectionLimits): {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.timeoutCheckMs,
  };
}

/** `::ffff:10.0.0.5` and `10.0.0.5` are one client. */
export function clientAddress(socket: Duplex): string | null {
  // An upgrade hands over a net.Socket typed as a Duplex.
  const address =
    'remoteAddress' in socket && typeof socket.remoteAddress === 'string'
      ? socket.remoteAddress
      : null;
  if (!address) return null;
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

interface Tracked {
  address: string;
  counted: boolean;
  pending: boolean;
}

/**
 * Counts a server's sockets (in total, pending, per remote address) and closes a new socket at
 * once when it would exceed a cap, so that one client, or a flood of half-open connections,
 * cannot take every descriptor the studio has.
 */
export class ConnectionGate {
  readonly #limits: ConnectionLimits;
  readonly #logger: Logger;
  readonly #name: string;
  readonly #sockets = new Map<Duplex, Tracked>();
  readonly #perAddress = new Map<string, { sockets: number; pending: number }>();
  #pending = 0;
  #refused = 0;

  private constructor(limits: ConnectionLimits, logger: Logger, name: string) {
    this.#limits = limits;
    this.#logger = logger;
    this.#name = name;
  }

  /** Applies the limits to `server` (its timeouts too) from now on. */
  static attach(
    server: Server,
    limits: ConnectionLimits,
    logger: Logger,
    name: string,
  ): ConnectionGate {
    const gate = new ConnectionGate(limits, logger, name);
    server.setTimeout(limits.idleTimeoutMs);
    server.on('connection', (socket: Socket) => {
      try {
        gate.#admit(socket);
      } catch (error) {
        logger.error({ err: error }, `${name}: connection check failed`);
        socket.destroy();
      }
    });
    return gate;
  }

  get sockets(): number {
    return this.#sockets.size;
  }

  get pending(): number {
    return this.#pending;
  }

  /** The socket now carries a real client: it no longer counts as pending. */
  settle(socket: Duplex): void {
    const tracked = this.#sockets.get(socket);
    if (!tracked?.pending) return;
    tracked.pending = false;
    this.#pending -= 1;
    const counts = this.#perAddress.get(tracked.address);
    if (counts && tracked.counted) counts.pending -= 1;
  }

  #admit(socket: Socket): void {
    const address = clientAddress(socket);
    if (address === null) {
      socket.destroy();
      return;
    }
    const limits = this.#limits;
    const counted = !(limits.trustLoopback && isLoopback(address));
    const counts = this.#perAddress.get(address) ?? { sockets: 0, pending: 0 };
    const over =
      this.#sockets.size >= limits.maxSockets
        ? 'sockets'
        : this.#pending >= limits.maxPendingSockets
          ? 'pending sockets'
          : counted && counts.sockets >= limits.maxSocketsPerAddress
            ? 'sockets of one address'
            : counted && counts.pending >= limits.maxPendingPerAddress
              ? 'pending sockets of one address'
              : null;
    if (over) {
      this.#refused += 1;
      // One line per hundred refusals: a flood must not also flood the log.
      if (this.#refused % 100 === 1) {
        this.#logger.warn({ address, refused: this.#refused }, `${this.#name}: too many ${over}`);
      }
      socket.destroy();
      return;
    }
    const tracked: Tracked = { address, counted, pending: true };
    this.#sockets.set(socket, tracked);
    this.#pending += 1;
    if (counted) {
      counts.sockets += 1;
      counts.pending += 1;
      this.#perAddress.set(address, counts);
    }
    socket.once('close', () => this.#release(socket));
  }

  #release(socket: Duplex): void {
    const tracked = this.#sockets.get(socket);
    if (!tracked) return;
    this.#sockets.delete(socket);
    if (tracked.pending) this.#pending -= 1;
    if (!tracked.counted) return;
    const counts = this.#perAddress.get(tracked.address);
    if (!counts) return;
    counts.sockets -= 1;
    if (tracked.pending) counts.pending -= 1;
    if (counts.sockets <= 0) this.#perAddress.delete(tracked.address);
  }
}
