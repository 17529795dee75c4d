import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  API_FRAME_MAX_BYTES,
  ClientFrame,
  describeZodError,
  fail,
  type ServerFrame,
} from '../../shared/contract';
import { BINARY_FIELD, decodeBinaryInvoke } from '../../shared/contract/binary-wire';
import { RECORDING_CHUNK_MAX_BYTES } from '../../shared/contract/broadcast-api';
import { buildContentSecurityPolicy } from '../../shared/security/csp';
import type { Studio } from '../app/create-studio';
import { EXPORTS_DIR, resolveExport } from '../exports/report-export';
import {
  ConnectionGate,
  DEFAULT_TIMEOUTS,
  httpServerOptions,
  type ConnectionLimits,
} from '../net/connection-gate';
import { guardRequests, guardUpgrades, refuseUpgrade } from '../net/guard-listeners';
import { parseRequestTarget, sameOrigin } from '../net/request-target';
import { resolveStaticFile, sendFile } from '../net/static-files';
import { wsBytes, wsSize, wsText } from '../net/ws-text';
import { RECORDING_MEDIA_PREFIX } from '../../shared/contract/review-api';
import { resolveRecordingFile, sendRecording } from '../review/recording-media';

/**
 * The browser host: serves the built studio UI and the studio API over a WebSocket, so that the
 * whole studio runs in any browser (and in end-to-end tests) without Electron. It is the
 * educator's own control surface, so it listens on loopback and demands a per-run token.
 */
export interface BrowserHostOptions {
  studio: Studio;
  /** out/renderer of an electron-vite build. */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to a fresh random token. */
  token?: string;
  limits?: Partial<ConnectionLimits>;
}

/**
 * The educator's own browser on loopback: a few tabs, each a page's handful of requests and one
 * API socket. Everything comes from one address, so the per-address caps are the totals.
 */
export const BROWSER_HOST_LIMITS: ConnectionLimits = {
  maxSockets: 256,
  maxPendingSockets: 128,
  maxSocketsPerAddress: 256,
  maxPendingPerAddress: 128,
  ...DEFAULT_TIMEOUTS,
  trustLoopback: false,
};

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_COOKIE = 'encore_token';
const API_PATH = '/api';
const EXPORTS_PREFIX = `/${EXPORTS_DIR}/`;

const SECURITY_HEADERS = {
  'Content-Security-Policy': buildContentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  // The token travels in the first URL; never let it leak to another site as a referrer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { studio, rendererDir } = options;
  const token = options.token ?? createToken();
  const host = options.host ?? '127.0.0.1';
  const studioIndex = join(rendererDir, 'studio', 'index.html');
  if (!existsSync(studioIndex)) {
    throw new Error(`the studio UI is not built (${studioIndex} is missing): run npm run build`);
  }

  const authorised = (req: IncomingMessage, query: URLSearchParams): boolean =>
    sameToken(query.get('token'), token) || sameToken(cookieToken(req), token);
  const limits: ConnectionLimits = { ...BROWSER_HOST_LIMITS, ...options.limits };
  const logger = studio.logger;

  const server = createServer(
    httpServerOptions(limits),
    guardRequests(logger, 'browser host', (req, res) => serve(req, res)),
  );
  const gate = ConnectionGate.attach(server, limits, logger, 'browser host');

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'method not allowed');
      return;
    }
    const url = parseRequestTarget(req.url);
    if (!url) {
      refuse(res, 400, 'bad request');
      return;
    }
    if (!authorised(req, url.query)) {
      refuse(
        res,
        401,
        'Encore Studio: this address needs the token printed when the studio started.',
      );
      return;
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (url.query.has('token')) {
      // Later requests (assets, the API socket) carry the token as a same-site cookie.
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    if (url.path.startsWith(EXPORTS_PREFIX)) {
      // Report exports (exports-api.ts): the studio's own files, as downloads.
      const file = resolveExport(studio.workspace().dir, url.path.slice(EXPORTS_PREFIX.length));
      if (!file) {
        refuse(res, 404, 'no such export');
        return;
      }
      const name = basename(file);
      headers['Content-Disposition'] =
        `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
      sendFile(res, file, headers);
      return;
    }
    if (url.path.startsWith(RECORDING_MEDIA_PREFIX)) {
      // Class recordings for the Review screen's player, with byte ranges (review/recording-media.ts).
      const workspace = studio.workspace();
      const target = resolveRecordingFile(
        workspace.db,
        workspace.dir,
        url.path.slice(RECORDING_MEDIA_PREFIX.length),
      );
      if (!target) {
        refuse(res, 404, 'no such recording');
        return;
      }
      sendRecording(req, res, target, headers);
      return;
    }
    if (url.path === '/' || url.path === '/studio' || url.path === '/studio/') {
      sendFile(res, studioIndex, headers);
      return;
    }
    const file = resolveStaticFile(rendererDir, url.path);
    if (!file) {
      refuse(res, 404, 'not found');
      return;
    }
    sendFile(res, file, headers);
  };

  // Binary frames carry recording chunks (binary-wire.ts) and may be that large; text frames are
  // still held to API_FRAME_MAX_BYTES below.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: Math.max(API_FRAME_MAX_BYTES, RECORDING_CHUNK_MAX_BYTES + 64 * 1024),
  });
  server.on(
    'upgrade',
    guardUpgrades(logger, 'browser host', (req, socket, head) => {
      const url = parseRequestTarget(req.url);
      // A page on another site must not drive the studio through the user's browser.
      if (
        !url ||
        url.path !== API_PATH ||
        !sameOrigin(req.headers) ||
        !authorised(req, url.query)
      ) {
        refuseUpgrade(socket, 401);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        gate.settle(socket);
        wss.emit('connection', ws, req);
      });
    }),
  );

  const send = (ws: WebSocket, frame: ServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      // Text frames keep the API's small limit (as `ws` enforced before binary frames existed).
      if (!isBinary && wsSize(data) > API_FRAME_MAX_BYTES) {
        ws.close(1009, 'frame too large');
        return;
      }
      void (async () => {
        let raw: unknown;
        let bytes: Uint8Array | null = null;
        if (isBinary) {
          const decoded = decodeBinaryInvoke(wsBytes(data));
          if (decoded.ok) {
            raw = decoded.header;
            bytes = decoded.bytes;
          }
        } else {
          try {
            raw = JSON.parse(wsText(data));
          } catch {
            raw = undefined;
          }
        }
        const frame = ClientFrame.safeParse(raw);
        if (!frame.success) {
          const id =
            typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number'
              ? raw.id
              : -1;
          send(ws, {
            type: 'result',
            id,
            envelope: fail('BAD_INPUT', `bad frame: ${describeZodError(frame.error)}`),
          });
          return;
        }
        // A binary frame's payload is the input's `bytes`; the method's schema then checks it.
        const input =
          bytes === null
            ? frame.data.input
            : typeof frame.data.input === 'object' && frame.data.input !== null
              ? { ...frame.data.input, [BINARY_FIELD]: bytes }
              : frame.data.input;
        const envelope = await studio.router.handle(frame.data.method, input, {
          transport: 'websocket',
        });
        send(ws, { type: 'result', id: frame.data.id, envelope });
      })().catch((error: unknown) => logger.error({ err: error }, 'studio API frame failed'));
    });
    ws.on('error', (error) => studio.logger.warn({ err: error }, 'studio API socket error'));
  });

  const unsubscribe = studio.events.subscribe((event, payload) => {
    for (const client of wss.clients) send(client, { type: 'event', event, payload });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
