import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { AUDIENCE_FRAME_MAX_BYTES } from '../../shared/contract/audience-protocol';
import { StudioError } from '../../shared/contract';
import { buildContentSecurityPolicy } from '../../shared/security/csp';
import { guarded } from '../kernel/guarded';
import type { Db } from '../storage/connection';
import {
  getLiveSettings,
  getSession,
  insertLiveSettings,
  joinCodeTaken,
  sessionByJoinCode,
  sessionsWithStatus,
} from '../storage/queries/live/sessions';
import {
  ConnectionGate,
  clientAddress,
  httpServerOptions,
  isLoopback,
} from '../net/connection-gate';
import { guardRequests, guardUpgrades, refuseUpgrade } from '../net/guard-listeners';
import { IdentityLimiter } from '../net/identity-limiter';
import { parseRequestTarget, sameOrigin } from '../net/request-target';
import { resolveStaticFile } from '../net/static-files';
import { VIEWER_FILES, viewerFilesToWarm } from './viewer-files';
import {
  DEFAULT_AUDIENCE_HOST,
  DEFAULT_AUDIENCE_PORT,
  defaultAudienceLimits,
  type AudienceLimits,
  type AudienceServerOptions,
  type HttpRoute,
  type UpgradeRoute,
} from './audience-config';
import { AudienceHub, DEFAULT_HUB_TUNING, type HubPeer } from './audience-hub';
import { JOIN_CODE_PATTERN, newJoinCode } from './join-code';
import { lanAddresses } from './lan';
import { ViewerAssets } from './viewer-assets';
import { closeSurveysOfEndedClasses } from '../storage/queries/live/satisfaction';
import { scheduleGate } from '../storage/queries/live/schedules';

export {
  DEFAULT_AUDIENCE_HOST,
  DEFAULT_AUDIENCE_PORT,
  defaultAudienceLimits,
  type AudienceLimits,
  type AudienceServerOptions,
  type HttpRoute,
  type UpgradeRoute,
} from './audience-config';

/** Statuses whose room is open: a scheduled class opens its chat for warm-up before going live. */
const OPEN_STATUSES = ['scheduled', 'live', 'paused'];

const SECURITY_HEADERS = {
  'Content-Security-Policy': buildContentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const FALLBACK_PAGE = `<!doctype html><meta charset="utf-8"><title>Encore</title>
<p>The viewer page is not built (npm run build).</p>`;

/** What a viewer is told when a planned class's room is not open (a goodbye frame). */
type ClosedRoom = { reason: 'cancelled' } | { reason: 'not-open'; opensAt: number };

/**
 * The audience server: the learners' side of a class, on the LAN. It serves the viewer page at
 * `/j/<code>` (and its assets) and the audience WebSocket at `/ws/<code>`, and owns one
 * `AudienceHub` per open session. Unlike the browser host it has no token: learners are
 * untrusted and anonymous, so every frame is parsed, sized and rate-limited by the hub.
 */
export class AudienceServer {
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #hubs = new Map<number, AudienceHub>();
  readonly #options: AudienceServerOptions;
  readonly #listening: Promise<void>;
  readonly #routes: UpgradeRoute[] = [];
  readonly #httpRoutes: HttpRoute[] = [];
  readonly #limits: AudienceLimits;
  readonly #gate: ConnectionGate;
  readonly #identities: IdentityLimiter;
  readonly #viewerAssets: ViewerAssets | null;
  #db: Db;
  #port = 0;
  #closing: Promise<void> | null = null;

  private constructor(options: AudienceServerOptions) {
    this.#options = options;
    this.#db = options.db;
    this.#limits = { ...defaultAudienceLimits(), ...options.limits };
    this.#identities = IdentityLimiter.create(this.#limits);
    this.#viewerAssets = options.rendererDir ? ViewerAssets.create(options.rendererDir) : null;
    const logger = options.logger;
    this.#server = createServer(
      httpServerOptions(this.#limits),
      guardRequests(logger, 'audience server', (req, res) => this.#serveHttp(req, res)),
    );
    this.#gate = ConnectionGate.attach(this.#server, this.#limits, logger, 'audience server');
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: AUDIENCE_FRAME_MAX_BYTES });
    const upgrade = guarded(
      { logger, health: options.health },
      'audience upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(req, socket, head),
    );
    this.#server.on(
      'upgrade',
      guardUpgrades(logger, 'audience server', (req, socket, head) => {
        // A hub that cannot open (its database refuses writes): the page is told to come back,
        // and it does, with back-off.
        if (!upgrade(req, socket, head) && !socket.destroyed) {
          socket.end(
            'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 2\r\n\r\n',
          );
        }
      }),
    );
    const listen = (port: number): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        this.#server.once('error', reject);
        this.#server.listen(port, options.host ?? DEFAULT_AUDIENCE_HOST, () => {
          this.#server.off('error', reject);
          this.#port = (this.#server.address() as AddressInfo).port;
          resolve();
        });
      });
    this.#listening = listen(options.port ?? DEFAULT_AUDIENCE_PORT).catch((error: unknown) => {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (inUse && options.port === undefined) return listen(0);
      throw error;
    });
    this.#listening.then(
      // The page and its assets are compressed once, before the first phone asks.
      () => void VIEWER_FILES.warm(viewerFilesToWarm(options.rendererDir, this.#viewerAssets)),
      (error: unknown) => options.logger.error({ err: error }, 'audience server cannot listen'),
    );
    options.rtc?.onNotice((sessionId, viewerKey, frame) =>
      this.#hubs.get(sessionId)?.rtcNotice(viewerKey, frame),
    );
  }

  /** Starts listening at once; `ready()` resolves when the port is bound. */
  static create(options: AudienceServerOptions): AudienceServer {
    return new AudienceServer(options);
  }

  async ready(): Promise<{ port: number }> {
    await this.#listening;
    return { port: this.#port };
  }

  addUpgradeRoute(route: UpgradeRoute): void {
    this.#routes.push(route);
  }

  addHttpRoute(route: HttpRoute): void {
    this.#httpRoutes.push(route);
  }

  get port(): number {
    return this.#port;
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = parseRequestTarget(req.url);
    if (!target) {
      refuseUpgrade(socket, 400);
      return;
    }
    const settle = (): void => this.#gate.settle(socket);
    if (this.#routes.some((route) => route.handle(req, socket, head, settle))) return;
    const match = /^\/ws\/([A-Za-z0-9]{4,12})$/.exec(target.path);
    const room =
      match && sameOrigin(req.headers) ? this.#roomForCode((match[1] ?? '').toUpperCase()) : null;
    if (!room) {
      refuseUpgrade(socket, 404);
      return;
    }
    if (!(room instanceof AudienceHub)) {
      // A planned class outside its warm-up window, or cancelled: the page is told why (and
      // when it opens) in one frame, not with a bare 404 it would retry blindly.
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        ws.send(JSON.stringify({ type: 'goodbye', ...room }));
        ws.close(1000, room.reason);
      });
      return;
    }
    const hub = room;
    const peer: HubPeer = { newIdentity: () => this.#newIdentity(req), joined: settle };
    this.#wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws, peer));
  }

  /** Milliseconds before this request's address may mint another learner (0: now). */
  #newIdentity(req: IncomingMessage): number {
    const address = clientAddress(req.socket) ?? 'unknown';
    if (this.#limits.trustLoopback && isLoopback(address)) return 0;
    return this.#identities.take(address, this.#options.clock());
  }

  #serveHttp(req: IncomingMessage, res: ServerResponse): void {
    const target = parseRequestTarget(req.url);
    if (!target) {
      res.writeHead(400, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('bad request');
      return;
    }
    const path = target.path;
    const ctx = { path, headers: SECURITY_HEADERS, newIdentity: () => this.#newIdentity(req) };
    if (this.#httpRoutes.some((route) => route.handle(req, res, ctx))) return;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS);
      res.end();
      return;
    }
    const rendererDir = this.#options.rendererDir;
    if (path === '/' || /^\/j\/[A-Za-z0-9]{4,12}\/?$/.test(path)) {
      const page = rendererDir ? join(rendererDir, 'viewer', 'index.html') : null;
      if (page && existsSync(page)) {
        VIEWER_FILES.send(req, res, page, { headers: SECURITY_HEADERS, cacheControl: 'no-cache' });
      } else {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
        res.end(FALLBACK_PAGE);
      }
      return;
    }
    // Only the viewer page's own assets (viewer-assets.ts): never the studio app's chunks, never
    // anything outside out/renderer/assets. Built asset names are plain ASCII, never encoded.
    const name = /^\/assets\/([A-Za-z0-9_.-]+)$/.exec(path)?.[1];
    const file =
      rendererDir && name && this.#viewerAssets?.allows(name)
        ? resolveStaticFile(join(rendererDir, 'assets'), `/${name}`)
        : null;
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    VIEWER_FILES.send(req, res, file, {
      headers: SECURITY_HEADERS,
      cacheControl: 'public, max-age=31536000, immutable',
    });
  }

  #roomForCode(code: string): AudienceHub | ClosedRoom | null {
    if (!JOIN_CODE_PATTERN.test(code) || this.#closing) return null;
    for (const hub of this.#hubs.values()) {
      if (hub.joinCode === code) return this.#closedRoom(hub.sessionId) ?? hub;
    }
    const session = sessionByJoinCode(this.#db, code);
    if (!session || !OPEN_STATUSES.includes(session.status)) return null;
    return this.#closedRoom(session.id) ?? this.openHub(session.id);
  }

  /**
   * Why a planned class's room is closed to viewers now, if it is: cancelled, or not yet in its
   * warm-up window (which opens `warmup_minutes` before the planned start). A class the host has
   * started is open whatever its plan said; sessions without a plan open as before.
   */
  #closedRoom(sessionId: number): ClosedRoom | null {
    const plan = scheduleGate(this.#db, sessionId);
    if (!plan) return null;
    if (plan.cancelled_at !== null) return { reason: 'cancelled' };
    if (plan.status !== 'scheduled' || plan.scheduled_at === null) return null;
    const opensAt = plan.scheduled_at - plan.warmup_minutes * 60_000;
    return this.#options.clock() < opensAt ? { reason: 'not-open', opensAt } : null;
  }

  /** The session's join code, created (and stored) on first use. */
  ensureJoinCode(sessionId: number): string {
    const row = getSession(this.#db, sessionId);
    if (!row) throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
    if (row.join_code) return row.join_code;
    const code = newJoinCode((c) => joinCodeTaken(this.#db, c));
    insertLiveSettings(this.#db, { sessionId, joinCode: code, now: this.#options.clock() });
    return code;
  }

  /** Sessions whose hub is open: their viewers' state lives in memory as well as on disk. */
  openSessionIds(): number[] {
    return [...this.#hubs.keys()];
  }

  hub(sessionId: number): AudienceHub | undefined {
    return this.#hubs.get(sessionId);
  }

  /** The session's hub, opened if needed (one per session). */
  openHub(sessionId: number): AudienceHub {
    const existing = this.#hubs.get(sessionId);
    if (existing) return existing;
    if (this.#closing) throw new StudioError('UNAVAILABLE', 'the audience server is shutting down');
    this.ensureJoinCode(sessionId);
    const hub = AudienceHub.create({
      db: this.#db,
      sessionId,
      clock: this.#options.clock,
      logger: this.#options.logger,
      emit: this.#options.emit,
      ...(this.#options.tuning ? { tuning: this.#options.tuning } : {}),
      ...(this.#options.rtc ? { rtc: this.#options.rtc } : {}),
      ...(this.#options.health ? { health: this.#options.health } : {}),
    });
    this.#hubs.set(sessionId, hub);
    return hub;
  }

  /**
   * The class ended: its room closes now, or, with the survey at End and viewers still there,
   * once the survey's grace period is over (or the host closed the survey: survey-handlers).
   */
  endHub(sessionId: number): void {
    const hub = this.#hubs.get(sessionId);
    const atEnd = getLiveSettings(this.#db, sessionId)?.survey_at_end === 1;
    if (hub && atEnd && hub.endWithSurvey(() => this.closeHub(sessionId, 'ended'))) return;
    this.closeHub(sessionId, 'ended');
  }

  closeHub(sessionId: number, reason: 'ended' | 'server-shutdown' | 'cancelled'): void {
    this.#options.rtc?.closeSession(sessionId);
    const hub = this.#hubs.get(sessionId);
    if (!hub) return;
    this.#hubs.delete(sessionId);
    hub.close(reason);
  }

  /**
   * Reopens the hubs of sessions still live (or paused) in the database: after a restart, or a
   * crash, the class goes on and viewers' pages reconnect by themselves.
   */
  resumeSessions(): number[] {
    const resumed: number[] = [];
    const sink = { logger: this.#options.logger, health: this.#options.health };
    // A survey at End whose grace period a stopped studio never finished is closed now.
    guarded(sink, 'closing the surveys of ended classes', () =>
      closeSurveysOfEndedClasses(
        this.#db,
        this.#options.tuning?.surveyGraceMs ?? DEFAULT_HUB_TUNING.surveyGraceMs,
        this.#options.clock(),
      ),
    )();
    for (const row of sessionsWithStatus(this.#db, ['live', 'paused'])) {
      // One class that cannot reopen does not keep the others closed; its viewers' reconnects
      // try again (#upgrade opens it on demand).
      if (guarded(sink, `resuming session ${String(row.id)}`, () => this.openHub(row.id))())
        resumed.push(row.id);
    }
    return resumed;
  }

  /** Closes every hub (goodbye server-shutdown) and serves another workspace's database. */
  switchDatabase(db: Db): void {
    for (const id of [...this.#hubs.keys()]) this.closeHub(id, 'server-shutdown');
    this.#db = db;
  }

  /** Where learners can open the class: LAN addresses first, loopback last. */
  urls(joinCode: string): { address: string; url: string }[] {
    const host = this.#options.host ?? DEFAULT_AUDIENCE_HOST;
    const wildcard = host === '0.0.0.0' || host === '::';
    const addresses = wildcard ? [...lanAddresses(), '127.0.0.1'] : [host];
    return addresses.map((address) => {
      const shown = address.includes(':') ? `[${address}]` : address;
      return { address, url: `http://${shown}:${String(this.#port)}/j/${joinCode}` };
    });
  }

  /**
   * Graceful shutdown: every viewer is told `server-shutdown` (their page reconnects when the
   * studio is back), attendance intervals are closed, then the listener stops. The database is
   * written synchronously here, so the caller may close it as soon as this returns a promise.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    for (const id of [...this.#hubs.keys()]) this.closeHub(id, 'server-shutdown');
    for (const route of this.#routes) route.close();
    this.#closing = (async () => {
      await this.#listening.catch(() => undefined);
      // Sockets that did not finish their closing handshake promptly are cut.
      const cut = setTimeout(() => {
        for (const client of this.#wss.clients) client.terminate();
      }, 1_000);
      cut.unref();
      await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        this.#server.close(() => resolve());
        this.#server.closeAllConnections();
      });
      clearTimeout(cut);
    })();
    return this.#closing;
  }
}
