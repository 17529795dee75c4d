import type { types as ms } from 'mediasoup';
import type { SingleServerFrame } from '../../../shared/contract/audience-protocol';
import type { MediaKind, TransportInfo } from '../../../shared/contract/rtc-parameters';
import type { WebRtcStatus } from '../../../shared/contract/webrtc-api';
import type { Logger } from '../../kernel/logger';

// WebRTC delivery's shared shapes and limits: what the worker pool (webrtc-worker-pool.ts), the
// rooms (webrtc-rooms.ts), the studio's side (webrtc-studio.ts) and the viewers' side
// (webrtc-viewers.ts) hold, behind the WebRtcService facade (webrtc-service.ts).

/** Workers at most, whatever the core count: each is a process with its own memory. */
export const MAX_WORKERS = 4;
/**
 * Consumers one worker carries before viewers spill to another worker's router (mediasoup's own
 * guidance is ~500 consumers per worker on a modern core; a laptop core also runs the studio).
 */
export const DEFAULT_CONSUMERS_PER_WORKER = 400;
/** A viewer's transport is counted as this many consumers until it consumes (video + audio). */
export const EXPECTED_CONSUMERS_PER_VIEWER = 2;
/** The studio's send transports per class (one is what a publisher needs; a reload makes two). */
export const STUDIO_TRANSPORTS_PER_ROOM = 2;
/** At most one keyframe request to the studio's encoder per this, however many viewers join. */
export const KEYFRAME_REQUEST_DELAY_MS = 1_000;
/** What the studio may send in: the program at 1080p with headroom. */
export const MAX_INCOMING_BITRATE = 8_000_000;
/** A viewer's first estimate before congestion control has measured anything. */
export const INITIAL_OUTGOING_BITRATE = 1_000_000;
export const RESPAWN_DELAY_MS = 1_000;
/** Restarts of one worker slot in the studio's lifetime; a worker that keeps dying stays down. */
export const MAX_RESPAWNS = 3;
/** `webrtc.changed` leaves at most this often per class. */
export const CHANGED_EVENT_MS = 250;

export interface WebRtcConfig {
  /** False turns WebRTC delivery off (viewers use the HTTP stream). */
  enabled?: boolean;
  /**
   * The mediasoup-worker binary; default MEDIASOUP_WORKER_BIN, then the worker built by
   * `npm run setup:webrtc` (worker-location.ts), then mediasoup's own path.
   */
  workerBin?: string;
  /** Worker processes; default one per core, at most MAX_WORKERS. */
  workers?: number;
  consumersPerWorker?: number;
  /**
   * Where transports listen: an address of this machine, or 0.0.0.0 with `announcedAddresses`
   * (the LAN addresses learners reach), which browsers are given as ICE candidates instead.
   */
  listenIp: string;
  announcedAddresses?: string[];
  /** UDP/TCP ports for transports; mediasoup's default range when absent. */
  portRange?: { min: number; max: number };
}

export interface WorkerSlot {
  index: number;
  worker: ms.Worker | null;
  respawns: number;
}

export interface RouterEntry {
  worker: number;
  router: ms.Router;
  /** Producers of the room piped into this router (the origin has them all natively). */
  piped: Set<string>;
  /** Pipes run one at a time per router, so that none is made twice. */
  syncing: Promise<void>;
}

export interface TransportEntry {
  transport: ms.WebRtcTransport;
  room: Room;
  /** 'studio', or the viewer's key. */
  owner: string;
  worker: number;
  consumers: Map<string, ms.Consumer>;
}

export interface ViewerPeer {
  transports: Set<string>;
}

export interface Room {
  sessionId: number;
  origin: RouterEntry;
  /** By worker index, the origin included. */
  routers: Map<number, RouterEntry>;
  /** Routers being opened on other workers. */
  opening: Map<number, Promise<RouterEntry>>;
  producers: Map<string, ms.Producer>;
  studioTransports: Set<string>;
  viewers: Map<string, ViewerPeer>;
  closed: boolean;
}

export type NoticeListener = (
  sessionId: number,
  viewerKey: string | null,
  frame: SingleServerFrame,
) => void;

export interface WebRtcServiceOptions {
  config: WebRtcConfig;
  logger: Logger;
  /** `webrtc.changed` to the studio. */
  emit: (status: WebRtcStatus) => void;
}

/** What every part of the service shares: its configuration, its log and its two outlets. */
export interface RtcContext {
  readonly config: WebRtcConfig;
  readonly logger: Logger;
  /** The class's status changed: `webrtc.changed` soon (coalesced). */
  changed(sessionId: number): void;
  /** A frame to the class's viewers (viewerKey null) or to one of them. */
  notify(sessionId: number, viewerKey: string | null, frame: SingleServerFrame): void;
  /** The service is closed (or closing down its workers). */
  closed(): boolean;
}

export function kindsOf(room: Room): MediaKind[] {
  return [...new Set([...room.producers.values()].map((p) => p.kind))].sort();
}

export function transportInfo(transport: ms.WebRtcTransport): TransportInfo {
  return {
    id: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates,
    dtlsParameters: transport.dtlsParameters,
  };
}
