import { connect } from 'node:net';

/** What came back for one raw request. */
export type RawOutcome =
  /** A status line arrived (the socket is then cut by us). */
  | { kind: 'status'; status: number; head: string }
  /** The server closed (or reset) the socket without a status line. */
  | { kind: 'closed' }
  /** Nothing within the time bound (a slow or half-open request the server still holds). */
  | { kind: 'silent' }
  /** Could not connect at all: the server is gone. */
  | { kind: 'refused'; code: string };

export interface RawRequest {
  /** Bytes (or chunks written one after the other, `gapMs` apart). */
  chunks: (string | Buffer)[];
  gapMs?: number;
  /** Wait at most this long for an answer. */
  waitMs?: number;
  localAddress?: string;
}

/**
 * Sends `chunks` over a plain TCP socket to 127.0.0.1:`port` and reports what came back. Always
 * settles within `waitMs` (plus the writes) and always destroys its socket.
 */
export function rawRequest(port: number, request: RawRequest): Promise<RawOutcome> {
  const waitMs = request.waitMs ?? 2_000;
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ...(request.localAddress ? { localAddress: request.localAddress } : {}),
    });
    let received = '';
    let settled = false;
    let connected = false;
    const timers: NodeJS.Timeout[] = [];
    const done = (outcome: RawOutcome): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const statusOf = (): RawOutcome | null => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      return match ? { kind: 'status', status: Number(match[1]), head: received } : null;
    };
    socket.on('connect', () => {
      connected = true;
      request.chunks.forEach((chunk, index) => {
        const write = (): void => {
          if (!settled && socket.writable) socket.write(chunk);
        };
        if (index === 0 || !request.gapMs) write();
        else timers.push(setTimeout(write, index * request.gapMs));
      });
      const writing = (request.chunks.length - 1) * (request.gapMs ?? 0);
      timers.push(setTimeout(() => done(statusOf() ?? { kind: 'silent' }), writing + waitMs));
    });
    socket.on('data', (data: Buffer) => {
      received += data.toString('latin1');
      if (received.includes('\r\n')) {
        const status = statusOf();
        if (status) done(status);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) done({ kind: 'refused', code: error.code ?? 'error' });
      else done(statusOf() ?? { kind: 'closed' });
    });
    socket.on('close', () => done(statusOf() ?? { kind: 'closed' }));
  });
}

/** A short label for a failure message. */
export function describeOutcome(outcome: RawOutcome): string {
  switch (outcome.kind) {
    case 'status':
      return `HTTP ${String(outcome.status)}`;
    case 'refused':
      return `connection refused (${outcome.code})`;
    default:
      return outcome.kind;
  }
}

/** Mulberry32: a small seeded PRNG, so that a failing fuzz run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
