import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { HealthMonitor } from '../kernel/health';
import type { Logger } from '../kernel/logger';
import type { Db } from '../storage/connection';
import { DEFAULT_TIMEOUTS, type ConnectionLimits } from '../net/connection-gate';
import { socketBudget } from '../net/fd-limit';
import { DEFAULT_IDENTITY_LIMITS, type IdentityLimits } from '../net/identity-limiter';
import type { HubTuning } from './hub/tuning';
import type { AudienceRtc } from './audience-rtc';

/** The audience server's options, limits and default address. */

export interface AudienceServerOptions {
  /** The open workspace's database; the server is re-pointed when the workspace changes. */
  db: Db;
  clock: Clock;
  logger: Logger;
  emit: EventBus['emit'];
  /** 0.0.0.0 (every interface) so that the LAN can reach it; tests bind 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** out/renderer of an electron-vite build; the viewer page is `viewer/index.html` in it. */
  rendererDir?: string;
  tuning?: Partial<HubTuning>;
  /** Socket caps, timeouts and new-identity limits; tests use small numbers. */
  limits?: Partial<AudienceLimits>;
  /** WebRTC delivery (media/webrtc), when the studio has it; its signalling rides the socket. */
  rtc?: AudienceRtc;
  /** The studio's health: the hubs report writes that fail in the background (a full disk). */
  health?: HealthMonitor;
}

export type AudienceLimits = ConnectionLimits & IdentityLimits;

/**
 * The audience server's limits: its socket caps come from this process's descriptor limit
 * (net/fd-limit.ts), so that half-open connections can hold at most a quarter of them and one
 * address at most a phone's handful, and new viewers always find room.
 */
export function defaultAudienceLimits(budget: number = socketBudget()): AudienceLimits {
  return {
    maxSockets: budget,
    maxPendingSockets: Math.max(32, Math.floor(budget / 4)),
    // A phone opens ~6 connections for the page, then one socket each for the room and stream.
    maxSocketsPerAddress: 64,
    maxPendingPerAddress: 24,
    ...DEFAULT_TIMEOUTS,
    trustLoopback: true,
    ...DEFAULT_IDENTITY_LIMITS,
  };
}

export const DEFAULT_AUDIENCE_HOST = '0.0.0.0';
/**
 * A fixed port keeps the join address the same from one class to the next (learners bookmark it,
 * schools print it); when it is taken the server falls back to any free port.
 */
export const DEFAULT_AUDIENCE_PORT = 4620;

/**
 * Another WebSocket path on the audience port (the HTTP stream's `/stream/<code>`, owned by
 * media/http-stream). `handle` returns false for paths it does not own.
 */
export interface UpgradeRoute {
  /** `settle` is called when the route takes the socket as a client (see ConnectionGate). */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer, settle: () => void): boolean;
  close(): void;
}

/**
 * Another HTTP path on the audience port (the LAN replay's `/j/<code>/replay…`, owned by
 * review/lan-replay-route.ts). `handle` returns false for paths it does not own; it answers every
 * request it takes, with the server's security headers.
 */
export interface HttpRoute {
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: { path: string; headers: Record<string, string>; newIdentity: () => number },
  ): boolean;
}
