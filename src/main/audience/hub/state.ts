import type { WebSocket } from 'ws';
import type { AudienceErrorCode } from '../../../shared/contract/audience-protocol';
import type { QuestionRow } from '../../storage/queries/live/questions';
import type { RunRow } from '../../storage/queries/live/polls';
import type { TokenBucket } from '../../kernel/token-bucket';

/** The in-memory state the hub's modules share: connections, viewers and current items. */

/** What the audience server knows of a socket's client (its remote address's limits). */
export interface HubPeer {
  /** A join would create a new learner: 0 when this client may, else ms until it may. */
  newIdentity(): number;
  /** The socket now carries a joined viewer. */
  joined(): void;
}

export interface Conn {
  ws: WebSocket;
  viewer: Viewer | null;
  /** Frames of this connection's own, for the outbox's next window. */
  queue: string[];
  /** Per queued frame: its place among the window's class frames, or -1 for a reply. */
  queueAt: number[];
  /**
   * Null until the connection joined (and again once it was flushed for closing); else where, in
   * the outbox's current window of class frames, this connection's share starts.
   */
  sharedFrom: number | null;
  bucket: TokenBucket;
  lastFrameAt: number;
  acceptedAt: number;
  peer: HubPeer | null;
}

export interface Viewer {
  learnerId: number;
  publicId: string;
  name: string;
  deviceToken: string;
  conn: Conn | null;
  attendanceId: number | null;
  lastSeenAt: number;
  lastSeenWrittenAt: number;
  graceTimer: NodeJS.Timeout | null;
  actions: TokenBucket;
  reactions: TokenBucket;
  lastChatAt: number;
  handRaised: boolean;
  mutedUntil: number;
  rtc: TokenBucket;
  /** WebRTC requests are answered one at a time, in order. */
  rtcChain: Promise<void>;
  rtcQueued: number;
}

export interface QuestionState {
  row: QuestionRow;
  voters: Set<number>;
}

export interface CurrentRun {
  row: RunRow;
  options: string[];
  correct: number[] | null;
  votes: Map<number, number[]>;
  scores: Map<number, { correct: number; answered: number }> | null;
}

export interface CurrentCheckin {
  id: number;
  closesAt: number | null;
  done: Set<number>;
}

export type GoodbyeReason = 'banned' | 'ended' | 'replaced' | 'server-shutdown' | 'cancelled';

export type Changed =
  'viewers' | 'chat' | 'questions' | 'polls' | 'offers' | 'checkins' | 'moderation';

/** A refusal of a viewer's action, sent back as an `error` frame. */
export class Refusal extends Error {
  constructor(
    readonly code: AudienceErrorCode,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export const HOST_VIEWER_ID = 'host';
export const ACTOR_HOST = 'host';

/** `q12` → 12; anything else → 0 (which matches no row). */
export function publicNumber(id: string, prefix: string): number {
  if (!id.startsWith(prefix)) return 0;
  const n = Number(id.slice(prefix.length));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
