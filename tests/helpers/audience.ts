import { randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { createStudio, type Studio, type StudioConfig } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';
import { wsText } from '../../src/main/net/ws-text';

/**
 * Studios and viewers a test file starts, closed after each test: push them into the returned
 * arrays.
 */
export function useLiveCleanup(): { studios: Studio[]; viewers: TestViewer[] } {
  const studios: Studio[] = [];
  const viewers: TestViewer[] = [];
  afterEach(async () => {
    for (const viewer of viewers.splice(0)) await viewer.close();
    for (const studio of studios.splice(0)) {
      const closing = studio.audience.close();
      studio.close();
      await closing;
    }
  });
  return { studios, viewers };
}

/** Test tuning: a short presence grace so that leaving is observable within a test. */
export const TEST_TUNING = { presenceGraceMs: 400 };

export function startStudio(dataDir: string, extra: Partial<StudioConfig> = {}): Studio {
  return createStudio({
    dataDir,
    host: 'test',
    logger: createSilentLogger(),
    audience: { host: '127.0.0.1', port: 0, tuning: TEST_TUNING },
    ...extra,
  });
}

/** Calls the studio API like the UI does, and unwraps the envelope. */
export async function call<M extends MethodName>(
  studio: Studio,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as MethodOutput<M>;
}

export async function callError<M extends MethodName>(
  studio: Studio,
  method: M,
  input: MethodInput<M>,
): Promise<string> {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (envelope.ok) throw new Error(`${method} succeeded`);
  return envelope.error.code;
}

/** A live session on a fresh studio; returns its id and the loopback WebSocket URL. */
export async function liveSession(
  studio: Studio,
  title = 'Live class',
): Promise<{ sessionId: number; wsUrl: string; joinCode: string; port: number }> {
  const session = await call(studio, 'session.create', { title });
  await call(studio, 'session.start', { sessionId: session.id });
  const info = await call(studio, 'audience.info', { sessionId: session.id });
  return {
    sessionId: session.id,
    joinCode: info.joinCode,
    port: info.port,
    wsUrl: `ws://127.0.0.1:${String(info.port)}/ws/${info.joinCode}`,
  };
}

export function newDeviceToken(): string {
  return randomBytes(16).toString('base64url');
}

let counter = 0;
export function actionId(): string {
  counter += 1;
  return `t${Date.now().toString(36)}${counter.toString(36).padStart(6, '0')}`;
}

export interface TestViewer {
  ws: WebSocket;
  /** Every frame received, batches unpacked, in order. */
  frames: SingleServerFrame[];
  raw: string[];
  send(frame: unknown): void;
  waitFor<T extends SingleServerFrame>(
    predicate: (frame: SingleServerFrame) => frame is T,
    timeoutMs?: number,
  ): Promise<T>;
  waitFor(
    predicate: (frame: SingleServerFrame) => boolean,
    timeoutMs?: number,
  ): Promise<SingleServerFrame>;
  /** Sends an action and resolves with its ack or error frame. */
  act(frame: { type: string; id?: string } & Record<string, unknown>): Promise<SingleServerFrame>;
  closed: Promise<{ code: number }>;
  close(): Promise<void>;
}

/** `localAddress` picks the source address (127.0.0.2 is another client on loopback). */
export async function connectViewer(
  url: string,
  options: { localAddress?: string } = {},
): Promise<TestViewer> {
  const ws = new WebSocket(url, options.localAddress ? { localAddress: options.localAddress } : {});
  const frames: SingleServerFrame[] = [];
  const raw: string[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const text = wsText(data);
    raw.push(text);
    const frame = JSON.parse(text) as
      SingleServerFrame | { type: 'batch'; frames: SingleServerFrame[] };
    if (frame.type === 'batch') frames.push(...frame.frames);
    else frames.push(frame);
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number }>((resolve) =>
    ws.once('close', (code) => resolve({ code })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waitFor = (predicate: (frame: SingleServerFrame) => boolean, timeoutMs = 5_000) =>
    new Promise<SingleServerFrame>((resolve, reject) => {
      let seen = 0;
      const check = (): void => {
        for (; seen < frames.length; seen++) {
          const frame = frames[seen];
          if (frame && predicate(frame)) {
            cleanup();
            resolve(frame);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no matching frame within ${String(timeoutMs)} ms; got ${JSON.stringify(frames.slice(-5))}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const viewer: TestViewer = {
    ws,
    frames,
    raw,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    waitFor: waitFor,
    async act(frame) {
      const id = frame.id ?? actionId();
      const start = frames.length;
      viewer.send({ ...frame, id });
      let index = 0;
      return waitFor((f) => {
        index += 1;
        return index > start && (f.type === 'ack' || f.type === 'error') && f.id === id;
      });
    },
    closed,
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      ws.close();
      await closed;
    },
  };
  return viewer;
}

export async function joinViewer(
  url: string,
  options: {
    name?: string;
    deviceToken?: string;
    contact?: { email?: string; phone?: string };
    localAddress?: string;
  } = {},
): Promise<
  TestViewer & {
    viewerId: string;
    deviceToken: string;
    welcome: Extract<SingleServerFrame, { type: 'welcome' }>;
  }
> {
  const viewer = await connectViewer(
    url,
    options.localAddress ? { localAddress: options.localAddress } : {},
  );
  const deviceToken = options.deviceToken ?? newDeviceToken();
  viewer.send({
    type: 'join',
    protocol: 1,
    deviceToken,
    name: options.name ?? 'Learner',
    ...(options.contact
      ? { contact: options.contact, consent: { linkPurchases: true, followUp: true } }
      : {}),
  });
  const welcome = await viewer.waitFor(
    (f): f is Extract<SingleServerFrame, { type: 'welcome' }> => f.type === 'welcome',
  );
  return Object.assign(viewer, { viewerId: welcome.viewerId, deviceToken, welcome });
}

/** Polls `check` until it returns a value that is not undefined (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => T | undefined | false,
  timeoutMs = 5_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) {
      // One last look after the event loop has had a turn for I/O: when the loop stalled past
      // the deadline (a loaded machine), due timers run first and their effects (a socket
      // closed, a frame received) arrive only in the poll phase after them.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const last = check();
      if (last !== undefined && last !== false) return last;
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
