import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  REACTIONS,
  ViewerFrame,
  isRtcRequest,
  type ChatMessagePublic,
  type Reaction,
  type SingleServerFrame,
  type ViewerAction,
} from '../../shared/contract/audience-protocol';
import type {
  ChatSettings,
  LiveChatMessage,
  LiveCheckin,
  LiveLottery,
  LiveOffer,
  LivePollRun,
  LiveQuestion,
  LotteryRule,
} from '../../shared/contract/live-api';
import { StudioError, describeZodError } from '../../shared/contract';
import type { LearnerId, SessionId } from '../../shared/model/ids';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import { guarded, type GuardSink } from '../kernel/guarded';
import type { HealthMonitor } from '../kernel/health';
import type { Logger } from '../kernel/logger';
import type { Db } from '../storage/connection';
import { stringArray } from '../storage/queries/catalogue';
import { appendEvent } from '../storage/queries/events';
import {
  deleteChatMessage,
  getChatMessage,
  hideChatMessage,
  insertChatMessage,
  recentChat,
} from '../storage/queries/live/chat';
import {
  addReactions,
  announcementsOfSession,
  attendees,
  checkedInLearners,
  checkinsOfSession,
  closeCheckin,
  getCheckin,
  insertAnnouncement,
  insertLottery,
  learnersCheckedIn,
  lotteriesOfSession,
  openCheckin,
  reactionTotals,
  recordCheckin,
} from '../storage/queries/live/engagement';
import {
  courseForOffer,
  getOffer,
  insertOffer,
  offersOfSession,
  recordClick,
  recordImpression,
  withdrawOffers,
  type OfferRow,
  withdrawOffer,
} from '../storage/queries/live/offers';
import {
  closeRun,
  getPoll,
  getRun,
  openRun,
  quizScores,
  revealRun,
  runsOfSession,
  upsertVote,
  votersOfRun,
  votesOfRun,
  type RunRow,
} from '../storage/queries/live/polls';
import {
  addUpvote,
  getQuestion,
  insertQuestion,
  learnersWhoAsked,
  questionsOfSession,
  setQuestionPinned,
  setQuestionStatus,
  upvotersOf,
} from '../storage/queries/live/questions';
import {
  eventIdByClientId,
  getLiveSettings,
  getSession,
  raisePeakViewers,
  updateChatSettings,
  type LiveSessionRow,
} from '../storage/queries/live/sessions';
import {
  activeBan,
  addIdentity,
  recordContactClaims,
  closeAttendance,
  closeStaleAttendance,
  createLearner,
  devicesOfLearner,
  insertBan,
  insertMute,
  insertViewer,
  latestAttendance,
  learnerByDevice,
  logModeration,
  mutedUntil,
  openAttendance,
  openAttendanceOfSession,
  renameViewer,
  reopenAttendance,
  touchAttendance,
  updateConsent,
  viewerByPublicId,
  viewerOf,
  viewersOfSession,
  bansForSession,
} from '../storage/queries/live/viewers';
import { wsText } from '../net/ws-text';
import { newPublicViewerId } from './join-code';
import {
  HOST_NAME,
  parseIndexes,
  parseStrings,
  phaseOf,
  runState,
  toLiveCheckin,
  toLiveLottery,
  toLiveOffer,
  toLivePollRun,
  toLiveQuestion,
} from './live-views';
import type { AudienceRtc } from './audience-rtc';
import { drawWinners } from './lottery';
import { Outbox } from './hub/outbox';
import { RtcQueue } from './hub/rtc-queue';
import {
  SNAPSHOT_CHAT,
  offerLive,
  offerPublic,
  questionPublic,
  runPublic,
  sessionPublic,
  snapshot,
} from './hub/projections';
import {
  ACTOR_HOST,
  HOST_VIEWER_ID,
  Refusal,
  publicNumber,
  type Changed,
  type Conn,
  type CurrentCheckin,
  type CurrentRun,
  type HubPeer,
  type QuestionState,
  type Viewer,
} from './hub/state';

export type { HubPeer } from './hub/state';
import { TokenBucket, type BucketSpec } from '../kernel/token-bucket';

/**
 * One live session's audience: the single owner of its viewers' sockets, presence and in-memory
 * state (DESIGN.md §1 principle 4). Viewer actions are committed to SQLite (the event and its
 * table writes in one transaction; actions arriving in the same tick share a commit) before they
 * are acknowledged. Everything sent to a viewer is queued and leaves as one `batch` per
 * `outboundWindowMs` (§11: one send per client per 20–50 ms carries 300 messages/s to 2,000
 * viewers; one send per message does not). Reactions are counted and broadcast as totals a few
 * times a second.
 *
 * Presence: a viewer's attendance interval opens on join, its `last_seen_at` is written at most
 * every `heartbeatWriteMs`, and it closes `presenceGraceMs` after the last socket went away. A
 * reconnect within the grace period — even across a studio restart — continues the same row.
 * After a crash, rows nobody came back to are closed at their `last_seen_at`.
 */
export interface HubTuning {
  presenceGraceMs: number;
  outboundWindowMs: number;
  /** Reactions, viewer counts and studio events (`live.updated` ...) go out at this cadence. */
  tickMs: number;
  heartbeatWriteMs: number;
  /** A socket that sends nothing (not even a ping) for this long is dropped. */
  idleTimeoutMs: number;
  /** A socket that has not joined this long after it opened is dropped (pages join at once). */
  joinTimeoutMs: number;
  /** Every frame a connection sends, valid or not. */
  connectionBucket: BucketSpec;
  /** A viewer's actions other than reactions, across all their connections. */
  actionBucket: BucketSpec;
  reactionBucket: BucketSpec;
  /** A viewer's WebRTC signalling requests (each may open sockets in a mediasoup worker). */
  rtcBucket: BucketSpec;
}

export const DEFAULT_HUB_TUNING: HubTuning = {
  presenceGraceMs: 60_000,
  outboundWindowMs: 30,
  tickMs: 250,
  heartbeatWriteMs: 15_000,
  idleTimeoutMs: 45_000,
  joinTimeoutMs: 10_000,
  connectionBucket: { ratePerSecond: 40, burst: 80 },
  actionBucket: { ratePerSecond: 10, burst: 20 },
  reactionBucket: { ratePerSecond: 20, burst: 40 },
  rtcBucket: { ratePerSecond: 5, burst: 15 },
};

interface Outcome {
  conn: Conn;
  id: string;
  frame: SingleServerFrame;
  after: (() => void) | null;
}

export interface HubDeps {
  db: Db;
  sessionId: number;
  clock: Clock;
  logger: Logger;
  emit: EventBus['emit'];
  tuning?: Partial<HubTuning>;
  rtc?: AudienceRtc;
  /** The studio's health: background writes that fail (a full disk) are reported there. */
  health?: HealthMonitor;
}

/** A background write that failed (a full disk) is tried again no sooner than this. */
const BACKGROUND_RETRY_MS = 1_000;

export class AudienceHub {
  readonly sessionId: number;
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #emit: EventBus['emit'];
  readonly #tuning: HubTuning;
  readonly #rtcQueue: RtcQueue;
  readonly #out: Outbox;
  readonly #viewers = new Map<number, Viewer>();
  readonly #questions = new Map<number, QuestionState>();
  readonly #timers: NodeJS.Timeout[] = [];
  #session: LiveSessionRow;
  #settings: ChatSettings;
  #blockedLower: string[] = [];
  #run: CurrentRun | null = null;
  #offer: OfferRow | null = null;
  #checkin: CurrentCheckin | null = null;
  #announcement: { id: number; text: string; at: number } | null = null;
  #reactionTotals: Record<Reaction, number>;
  #reactionsDirty = false;
  #viewersNow = 0;
  #viewersSent = -1;
  #peak: number;
  #peakWritten: number;
  #chatTimes: number[] = [];
  #pending: { conn: Conn; viewer: Viewer; frame: ViewerAction }[] = [];
  #flushScheduled = false;
  #orphanTimer: NodeJS.Timeout | null = null;
  readonly #sink: GuardSink;
  /** Attendance intervals to close (id → left at) whose close failed: retried by `#tick`. */
  readonly #closeDue = new Map<number, number>();
  #retryWritesAt = 0;
  // Studio events, coalesced per tick.
  #studioChat: LiveChatMessage[] = [];
  #studioQuestions = new Set<number>();
  #studioRuns = new Set<number>();
  #studioOffers = new Set<number>();
  #changed = new Set<Changed>();
  #closed = false;

  private constructor(deps: HubDeps, session: LiveSessionRow) {
    this.sessionId = deps.sessionId;
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#emit = deps.emit;
    this.#tuning = { ...DEFAULT_HUB_TUNING, ...deps.tuning };
    this.#sink = { logger: deps.logger, health: deps.health };
    this.#out = new Outbox(deps.logger);
    this.#rtcQueue = new RtcQueue({
      rtc: deps.rtc ?? null,
      out: this.#out,
      logger: deps.logger,
      sessionId: deps.sessionId,
      closed: () => this.#closed,
    });
    this.#session = session;
    const settings = getLiveSettings(this.#db, this.sessionId);
    if (!settings) throw new Error(`session ${String(this.sessionId)} has no join code`);
    this.#settings = {
      open: settings.chat_open === 1,
      slowModeSeconds: settings.slow_mode_seconds,
      blockedWords: parseStrings(settings.blocked_words),
    };
    this.#blockedLower = this.#settings.blockedWords.map((w) => w.toLowerCase());
    this.#peak = settings.peak_viewers;
    this.#peakWritten = settings.peak_viewers;
    this.#reactionTotals = Object.fromEntries(REACTIONS.map((r) => [r, 0])) as Record<
      Reaction,
      number
    >;
    for (const row of reactionTotals(this.#db, this.sessionId)) {
      if ((REACTIONS as readonly string[]).includes(row.reaction)) {
        this.#reactionTotals[row.reaction as Reaction] = row.count;
      }
    }
    this.#loadState();
  }

  /**
   * Opens the hub of a session that has a join code. Attendance left open by a previous run of
   * the studio is closed at its `last_seen_at` unless it is recent enough to be continued.
   */
  static create(deps: HubDeps): AudienceHub {
    const session = getSession(deps.db, deps.sessionId);
    if (!session) throw new StudioError('NOT_FOUND', `no session ${String(deps.sessionId)}`);
    const hub = new AudienceHub(deps, session);
    hub.#start();
    return hub;
  }

  get joinCode(): string {
    return this.#session.join_code ?? '';
  }

  get viewersNow(): number {
    return this.#viewersNow;
  }

  get viewersPeak(): number {
    return this.#peak;
  }

  get messagesPerMinute(): number {
    const since = this.#clock() - 60_000;
    return this.#chatTimes.filter((t) => t >= since).length;
  }

  get reactionTotals(): Record<Reaction, number> {
    return { ...this.#reactionTotals };
  }

  get settings(): ChatSettings {
    return { ...this.#settings, blockedWords: [...this.#settings.blockedWords] };
  }

  /** Per learner: connected now, hand raised. */
  presence(): Map<number, { connected: boolean; handRaised: boolean }> {
    const map = new Map<number, { connected: boolean; handRaised: boolean }>();
    for (const viewer of this.#viewers.values()) {
      map.set(viewer.learnerId, { connected: viewer.conn !== null, handRaised: viewer.handRaised });
    }
    return map;
  }

  #start(): void {
    const now = this.#clock();
    const grace = this.#tuning.presenceGraceMs;
    // On a full disk the hub still opens: the stale rows are then closed by the orphan sweep
    // below (and retried by #tick until the disk has room again).
    const staleClosed = this.#backgroundWrite('closing stale attendance', () =>
      closeStaleAttendance(this.#db, this.sessionId, now - grace),
    );
    if (!staleClosed || openAttendanceOfSession(this.#db, this.sessionId).length > 0) {
      // Rows a crash left open but recent: whoever reconnects within the grace period continues
      // theirs; the others are closed at the moment they were last seen.
      this.#orphanTimer = setTimeout(
        guarded(this.#sink, 'closing orphaned attendance', () => {
          for (const row of openAttendanceOfSession(this.#db, this.sessionId)) {
            this.#closeDue.set(row.id, row.last_seen_at);
          }
          this.#closeDueAttendance();
        }),
        grace,
      );
      this.#orphanTimer.unref();
    }
    const out = setInterval(
      guarded(this.#sink, 'audience outbound flush', () => this.#out.flushAll()),
      this.#tuning.outboundWindowMs,
    );
    const tick = setInterval(
      guarded(this.#sink, 'audience tick', () => this.#tick()),
      this.#tuning.tickMs,
    );
    const sweep = setInterval(
      guarded(this.#sink, 'audience idle sweep', () => this.#sweep()),
      Math.min(10_000, this.#tuning.idleTimeoutMs, Math.max(10, this.#tuning.joinTimeoutMs / 2)),
    );
    for (const timer of [out, tick, sweep]) {
      timer.unref();
      this.#timers.push(timer);
    }
  }

  #loadState(): void {
    const voters = new Map<number, Set<number>>();
    for (const vote of upvotersOf(this.#db, this.sessionId)) {
      let set = voters.get(vote.question_id);
      if (!set) voters.set(vote.question_id, (set = new Set()));
      set.add(vote.learner_id);
    }
    for (const row of questionsOfSession(this.#db, this.sessionId)) {
      this.#questions.set(row.id, { row, voters: voters.get(row.id) ?? new Set() });
    }
    const runs = runsOfSession(this.#db, this.sessionId);
    const last = runs.at(-1);
    if (last) this.#setRun(last);
    this.#offer =
      offersOfSession(this.#db, this.sessionId).findLast((o) => o.withdrawn_at === null) ?? null;
    const checkin = checkinsOfSession(this.#db, this.sessionId).at(-1);
    if (checkin && checkin.closed_at === null) {
      this.#checkin = {
        id: checkin.id,
        closesAt: checkin.closes_at,
        done: checkedInLearners(this.#db, checkin.id),
      };
    }
    this.#announcement = announcementsOfSession(this.#db, this.sessionId).at(-1) ?? null;
  }

  #setRun(row: RunRow): void {
    const votes = new Map<number, number[]>();
    for (const vote of votesOfRun(this.#db, row.id))
      votes.set(vote.learner_id, parseIndexes(vote.choices) ?? []);
    this.#run = {
      row,
      options: parseStrings(row.options),
      correct: parseIndexes(row.correct),
      votes,
      scores:
        row.kind === 'quiz' && row.revealed_at !== null
          ? quizScores(this.#db, this.sessionId)
          : null,
    };
  }

  // ---- connections ---------------------------------------------------------------------------

  /** Takes over an upgraded socket; the first frame must be `join`. */
  accept(ws: WebSocket, peer: HubPeer | null = null): void {
    const now = this.#clock();
    const conn: Conn = {
      ws,
      viewer: null,
      queue: [],
      bucket: TokenBucket.create(this.#tuning.connectionBucket, now),
      lastFrameAt: now,
      acceptedAt: now,
      peer,
    };
    if (this.#closed) {
      ws.close(1001, 'closed');
      return;
    }
    this.#out.conns.add(conn);
    ws.on('message', (data, isBinary) => {
      try {
        this.#onMessage(conn, isBinary ? null : wsText(data));
      } catch (error) {
        this.#logger.error({ err: error }, 'audience frame failed');
        this.#sink.health?.writeFailed(error);
        this.#out.sendError(conn, null, 'UNAVAILABLE', 'the server could not handle this frame');
        // A join that could not be saved (a full disk): the page reconnects with back-off and
        // joins again, instead of waiting on an open socket for a welcome that never comes.
        if (!conn.viewer) {
          this.#out.flushConn(conn);
          conn.ws.close(1013, 'try again later');
        }
      }
    });
    ws.on(
      'close',
      guarded(this.#sink, 'audience socket close', () => this.#onClose(conn)),
    );
    ws.on('error', (error) => this.#logger.debug({ err: error }, 'audience socket error'));
  }

  #onMessage(conn: Conn, text: string | null): void {
    const now = this.#clock();
    conn.lastFrameAt = now;
    let raw: unknown;
    try {
      raw = text === null ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const readableId =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string'
        ? raw.id.slice(0, 64)
        : null;
    const wait = conn.bucket.take(now);
    if (wait > 0) {
      this.#out.sendError(conn, readableId, 'RATE_LIMITED', 'too many frames; slow down', wait);
      return;
    }
    if (raw === undefined) {
      this.#out.sendError(conn, null, 'BAD_FRAME', 'frames are JSON text');
      return;
    }
    const parsed = ViewerFrame.safeParse(raw);
    if (!parsed.success) {
      this.#out.sendError(conn, readableId, 'BAD_FRAME', describeZodError(parsed.error));
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'join') {
      this.#join(conn, frame);
      return;
    }
    const viewer = conn.viewer;
    if (frame.type === 'ping') {
      this.#out.enqueue(conn, JSON.stringify({ type: 'pong', t: frame.t }));
      if (viewer) this.#seen(viewer, now);
      return;
    }
    if (!viewer) {
      this.#out.sendError(conn, frame.id, 'NOT_JOINED', 'send join first');
      return;
    }
    this.#seen(viewer, now);
    if (isRtcRequest(frame)) {
      this.#rtcQueue.request(conn, viewer, frame, now);
      return;
    }
    const limit = (frame.type === 'react' ? viewer.reactions : viewer.actions).take(now);
    if (limit > 0) {
      this.#out.sendError(conn, frame.id, 'RATE_LIMITED', 'too many actions; slow down', limit);
      return;
    }
    this.#pending.push({ conn, viewer, frame });
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#applyPending());
    }
  }

  #seen(viewer: Viewer, now: number): void {
    viewer.lastSeenAt = now;
    if (
      viewer.attendanceId !== null &&
      now - viewer.lastSeenWrittenAt >= this.#tuning.heartbeatWriteMs
    ) {
      viewer.lastSeenWrittenAt = now;
      const attendanceId = viewer.attendanceId;
      // Dropped when it fails: the next heartbeat write rewrites last_seen_at anyway.
      this.#backgroundWrite('touching attendance', () =>
        touchAttendance(this.#db, attendanceId, now),
      );
    }
  }

  #join(conn: Conn, frame: Extract<ViewerFrame, { type: 'join' }>): void {
    if (conn.viewer) {
      this.#out.sendError(conn, null, 'BAD_FRAME', 'already joined');
      return;
    }
    const now = this.#clock();
    if (phaseOf(this.#session.status) === 'ended') {
      this.#out.goodbye(conn, 'ended');
      return;
    }
    if (activeBan(this.#db, frame.deviceToken, this.sessionId)) {
      this.#out.sendError(conn, null, 'BANNED', 'this device is banned from the class');
      this.#out.goodbye(conn, 'banned');
      return;
    }
    if (conn.peer && learnerByDevice(this.#db, frame.deviceToken) === undefined) {
      const wait = conn.peer.newIdentity();
      if (wait > 0) {
        this.#out.sendError(
          conn,
          null,
          'RATE_LIMITED',
          'too many new viewers from this network address; try again in a minute',
          wait,
        );
        return;
      }
    }
    const grace = this.#tuning.presenceGraceMs;
    const joined = this.#db.transaction(() => {
      let learnerId = learnerByDevice(this.#db, frame.deviceToken);
      if (learnerId === undefined) {
        learnerId = createLearner(this.#db, { name: frame.name, now });
        addIdentity(this.#db, { learnerId, kind: 'device', value: frame.deviceToken, now });
      }
      if (frame.consent) {
        updateConsent(this.#db, { learnerId, ...frame.consent, now });
        // Typed contact details are unverified: claims, never identities (imports/README.md).
        if (frame.consent.linkPurchases && frame.contact) {
          recordContactClaims(
            this.#db,
            { learnerId, sessionId: this.sessionId, now },
            frame.contact,
          );
        }
      }
      let row = viewerOf(this.#db, this.sessionId, learnerId);
      if (!row) {
        insertViewer(this.#db, {
          sessionId: this.sessionId,
          learnerId,
          publicId: newPublicViewerId(),
          name: frame.name,
          now,
        });
        row = viewerOf(this.#db, this.sessionId, learnerId);
      } else if (row.name !== frame.name) {
        renameViewer(this.#db, row.id, frame.name);
      }
      if (!row) throw new Error('viewer row vanished');
      // Continue the last interval if it is open or ended within the grace period.
      let attendanceId: number;
      const last = latestAttendance(this.#db, this.sessionId, learnerId);
      if (last && last.left_at === null && last.last_seen_at >= now - grace) {
        attendanceId = last.id;
        touchAttendance(this.#db, last.id, now);
      } else if (last && last.left_at !== null && last.left_at >= now - grace) {
        attendanceId = last.id;
        reopenAttendance(this.#db, last.id, now);
      } else {
        if (last && last.left_at === null) closeAttendance(this.#db, last.id, last.last_seen_at);
        attendanceId = openAttendance(this.#db, { sessionId: this.sessionId, learnerId, at: now });
      }
      if (this.#offer && offerLive(this.#offer, now)) {
        recordImpression(this.#db, { offerId: this.#offer.id, learnerId, at: now });
        this.#studioOffers.add(this.#offer.id);
      }
      return {
        learnerId,
        publicId: row.public_id,
        attendanceId,
        muted: mutedUntil(this.#db, this.sessionId, learnerId, now),
      };
    })();
    this.#sink.health?.writeSucceeded();

    let viewer = this.#viewers.get(joined.learnerId);
    if (!viewer) {
      viewer = {
        learnerId: joined.learnerId,
        publicId: joined.publicId,
        name: frame.name,
        deviceToken: frame.deviceToken,
        conn: null,
        attendanceId: null,
        lastSeenAt: now,
        lastSeenWrittenAt: now,
        graceTimer: null,
        actions: TokenBucket.create(this.#tuning.actionBucket, now),
        reactions: TokenBucket.create(this.#tuning.reactionBucket, now),
        lastChatAt: 0,
        handRaised: false,
        mutedUntil: 0,
        rtc: TokenBucket.create(this.#tuning.rtcBucket, now),
        rtcChain: Promise.resolve(),
        rtcQueued: 0,
      };
      this.#viewers.set(joined.learnerId, viewer);
    }
    viewer.name = frame.name;
    viewer.deviceToken = frame.deviceToken;
    viewer.attendanceId = joined.attendanceId;
    viewer.lastSeenAt = now;
    viewer.lastSeenWrittenAt = now;
    viewer.mutedUntil = joined.muted ?? 0;
    if (viewer.graceTimer) {
      clearTimeout(viewer.graceTimer);
      viewer.graceTimer = null;
    }
    const previous = viewer.conn;
    const wasConnected = previous !== null;
    if (previous) {
      previous.viewer = null;
      this.#out.goodbye(previous, 'replaced');
    }
    viewer.conn = conn;
    conn.viewer = viewer;
    conn.peer?.joined();
    if (!wasConnected) this.#setViewersNow(this.#viewersNow + 1);
    this.#out.enqueue(
      conn,
      JSON.stringify({
        type: 'welcome',
        viewerId: viewer.publicId,
        session: sessionPublic(this.#session, this.#settings),
        state: snapshot({
          learnerId: viewer.learnerId,
          handRaised: viewer.handRaised,
          now: this.#clock(),
          chat: recentChat(this.#db, {
            sessionId: this.sessionId,
            limit: SNAPSHOT_CHAT,
            includeHidden: false,
          }),
          questions: this.#questions.values(),
          run: this.#run,
          offer: this.#offer,
          checkin: this.#checkin,
          announcement: this.#announcement,
          reactions: this.#reactionTotals,
          viewers: this.#viewersNow,
        }),
        webrtc: this.#rtcQueue.offered(),
      } satisfies SingleServerFrame),
    );
    if (!wasConnected) {
      this.#emit('audience.joined', {
        sessionId: this.sessionId as SessionId,
        viewerId: viewer.publicId,
        name: viewer.name,
        viewersNow: this.#viewersNow,
      });
    }
  }

  #onClose(conn: Conn): void {
    this.#out.conns.delete(conn);
    const viewer = conn.viewer;
    conn.viewer = null;
    if (!viewer || viewer.conn !== conn) return;
    viewer.conn = null;
    const leftAt = this.#clock();
    this.#setViewersNow(this.#viewersNow - 1);
    if (!this.#closed) {
      viewer.graceTimer = setTimeout(
        guarded(this.#sink, 'presence grace', () => {
          viewer.graceTimer = null;
          if (viewer.conn === null && viewer.attendanceId !== null) {
            // Retried by #tick while it fails (a full disk), unless the viewer comes back first.
            this.#closeDue.set(viewer.attendanceId, leftAt);
            viewer.attendanceId = null;
            this.#closeDueAttendance();
          }
          // Gone for good: what they received over WebRTC is freed (a page that comes back
          // within the grace period keeps its picture).
          if (viewer.conn === null) this.#rtcQueue.release(viewer.publicId);
        }),
        this.#tuning.presenceGraceMs,
      );
      viewer.graceTimer.unref();
      this.#emit('audience.left', {
        sessionId: this.sessionId as SessionId,
        viewerId: viewer.publicId,
        name: viewer.name,
        viewersNow: this.#viewersNow,
      });
    }
  }

  #setViewersNow(count: number): void {
    this.#viewersNow = Math.max(0, count);
    if (this.#viewersNow > this.#peak) this.#peak = this.#viewersNow;
    this.#changed.add('viewers');
  }

  /** A WebRTC push from media/webrtc: to one viewer (by public id) or to the whole class. */
  rtcNotice(viewerKey: string | null, frame: SingleServerFrame): void {
    this.#rtcQueue.notice(viewerKey, frame);
  }

  // ---- viewer actions --------------------------------------------------------------------------

  /** Applies every queued action in one transaction, then acknowledges them (commit before ack). */
  #applyPending(): void {
    this.#flushScheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0 || this.#closed) return;
    const outcomes: Outcome[] = [];
    const now = this.#clock();
    try {
      this.#db.transaction(() => {
        for (const { conn, viewer, frame } of batch) {
          outcomes.push(this.#applyOne(conn, viewer, frame, now));
        }
      })();
    } catch (error) {
      this.#logger.error({ err: error }, 'could not store viewer actions');
      this.#sink.health?.writeFailed(error);
      for (const { conn, frame } of batch) {
        this.#out.sendError(conn, frame.id, 'UNAVAILABLE', 'not stored; try again', 1_000);
      }
      return;
    }
    this.#sink.health?.writeSucceeded();
    for (const outcome of outcomes) {
      this.#out.enqueue(outcome.conn, JSON.stringify(outcome.frame));
      outcome.after?.();
    }
  }

  #applyOne(conn: Conn, viewer: Viewer, frame: ViewerAction, now: number): Outcome {
    const ack = (duplicate: boolean, after: (() => void) | null = null): Outcome => ({
      conn,
      id: frame.id,
      frame: { type: 'ack', id: frame.id, duplicate },
      after,
    });
    const clientId = { sessionId: this.sessionId, learnerId: viewer.learnerId, clientId: frame.id };
    if (eventIdByClientId(this.#db, clientId) !== undefined) return ack(true);
    try {
      // A savepoint per action: a refused or failed action never takes its neighbours with it.
      const after = this.#db.transaction(() => this.#apply(viewer, frame, now))();
      return ack(false, after);
    } catch (error) {
      if (error instanceof Refusal) {
        return {
          conn,
          id: frame.id,
          frame: {
            type: 'error',
            id: frame.id,
            code: error.code,
            message: error.message,
            retryAfterMs: error.retryAfterMs,
          },
          after: null,
        };
      }
      throw error;
    }
  }

  #event(viewer: Viewer, frame: ViewerAction, kind: string, payload: unknown, now: number): number {
    return appendEvent(this.#db, {
      sessionId: this.sessionId,
      learnerId: viewer.learnerId,
      kind,
      at: now,
      payload,
      clientId: frame.id,
    }).id;
  }

  #checkSpeech(viewer: Viewer, text: string, now: number): void {
    if (viewer.mutedUntil > now) {
      throw new Refusal('MUTED', 'you are muted for a while', viewer.mutedUntil - now);
    }
    const lower = text.toLowerCase();
    const word = this.#blockedLower.find((w) => lower.includes(w));
    if (word !== undefined)
      throw new Refusal('BLOCKED_WORD', 'the message contains a blocked word');
  }

  /** Stores one action; returns what to broadcast once the transaction has committed. */
  #apply(viewer: Viewer, frame: ViewerAction, now: number): (() => void) | null {
    if (phaseOf(this.#session.status) === 'ended')
      throw new Refusal('SESSION_ENDED', 'the class has ended');
    switch (frame.type) {
      case 'chat': {
        if (!this.#settings.open) throw new Refusal('CHAT_CLOSED', 'the chat is closed');
        this.#checkSpeech(viewer, frame.text, now);
        const slowMs = this.#settings.slowModeSeconds * 1_000;
        if (slowMs > 0 && now - viewer.lastChatAt < slowMs) {
          throw new Refusal('SLOW_MODE', 'slow mode is on', slowMs - (now - viewer.lastChatAt));
        }
        const eventId = this.#event(viewer, frame, 'chat', { text: frame.text }, now);
        const id = insertChatMessage(this.#db, {
          sessionId: this.sessionId,
          eventId,
          learnerId: viewer.learnerId,
          fromHost: false,
          text: frame.text,
          at: now,
          authorName: viewer.name,
        });
        viewer.lastChatAt = now;
        return () => {
          const message: ChatMessagePublic = {
            id: `m${String(id)}`,
            viewerId: viewer.publicId,
            name: viewer.name,
            text: frame.text,
            at: now,
            fromHost: false,
          };
          this.#out.broadcast(JSON.stringify({ type: 'chat', message }));
          this.#chatTimes.push(now);
          this.#studioChat.push({
            id,
            viewerId: viewer.publicId,
            name: viewer.name,
            text: frame.text,
            at: now,
            fromHost: false,
            hidden: false,
          });
          this.#changed.add('chat');
        };
      }
      case 'ask': {
        this.#checkSpeech(viewer, frame.text, now);
        const eventId = this.#event(viewer, frame, 'question', { text: frame.text }, now);
        const id = insertQuestion(this.#db, {
          sessionId: this.sessionId,
          learnerId: viewer.learnerId,
          eventId,
          text: frame.text,
          at: now,
          authorName: viewer.name,
        });
        const row = getQuestion(this.#db, id);
        if (!row) throw new Error('question vanished');
        return () => {
          this.#questions.set(id, { row, voters: new Set() });
          this.#questionChanged(id);
        };
      }
      case 'upvote': {
        const question = this.#questions.get(publicNumber(frame.questionId, 'q'));
        if (!question) throw new Refusal('NOT_FOUND', 'no such question');
        if (question.row.status !== 'open') throw new Refusal('CLOSED', 'the question is closed');
        this.#event(viewer, frame, 'upvote', { questionId: question.row.id }, now);
        const added = addUpvote(this.#db, {
          questionId: question.row.id,
          learnerId: viewer.learnerId,
          at: now,
        });
        if (!added) return null;
        return () => {
          question.voters.add(viewer.learnerId);
          question.row = { ...question.row, upvotes: question.row.upvotes + 1 };
          this.#questionChanged(question.row.id);
        };
      }
      case 'vote': {
        const run = this.#run;
        if (!run || run.row.id !== publicNumber(frame.runId, 'r'))
          throw new Refusal('NOT_FOUND', 'no such poll');
        if (runState(run.row) !== 'open') throw new Refusal('CLOSED', 'the poll is closed');
        if (frame.choices.some((c) => c >= run.options.length))
          throw new Refusal('BAD_FRAME', 'no such option');
        if (!run.row.multiple && frame.choices.length > 1)
          throw new Refusal('BAD_FRAME', 'choose one option');
        this.#event(viewer, frame, 'poll_vote', { runId: run.row.id, choices: frame.choices }, now);
        upsertVote(this.#db, {
          runId: run.row.id,
          learnerId: viewer.learnerId,
          choices: frame.choices,
          at: now,
        });
        return () => {
          run.votes.set(viewer.learnerId, frame.choices);
          this.#studioRuns.add(run.row.id);
          this.#changed.add('polls');
          if (viewer.conn)
            this.#out.enqueue(
              viewer.conn,
              JSON.stringify({ type: 'poll', run: runPublic(run, viewer.learnerId) }),
            );
        };
      }
      case 'react': {
        this.#event(viewer, frame, 'reaction', { reaction: frame.reaction }, now);
        addReactions(this.#db, {
          sessionId: this.sessionId,
          learnerId: viewer.learnerId,
          reaction: frame.reaction,
          count: 1,
          at: now,
        });
        return () => {
          this.#reactionTotals[frame.reaction] += 1;
          this.#reactionsDirty = true;
        };
      }
      case 'hand': {
        this.#event(viewer, frame, 'hand_raise', { raised: frame.raised }, now);
        return () => {
          viewer.handRaised = frame.raised;
          this.#changed.add('viewers');
        };
      }
      case 'checkin': {
        const checkin = this.#checkin;
        if (!checkin || checkin.id !== publicNumber(frame.checkinId, 'c'))
          throw new Refusal('NOT_FOUND', 'no such check-in');
        if (checkin.closesAt !== null && checkin.closesAt <= now)
          throw new Refusal('CLOSED', 'the check-in is closed');
        if (checkin.done.has(viewer.learnerId)) {
          this.#event(viewer, frame, 'check_in', { checkinId: checkin.id, again: true }, now);
          return null;
        }
        const eventId = this.#event(viewer, frame, 'check_in', { checkinId: checkin.id }, now);
        recordCheckin(this.#db, {
          checkinId: checkin.id,
          learnerId: viewer.learnerId,
          eventId,
          at: now,
        });
        return () => {
          checkin.done.add(viewer.learnerId);
          this.#changed.add('checkins');
          if (viewer.conn) {
            this.#out.enqueue(
              viewer.conn,
              JSON.stringify({
                type: 'checkin',
                checkin: { id: `c${String(checkin.id)}`, closesAt: checkin.closesAt, done: true },
              }),
            );
          }
        };
      }
      case 'offerClick': {
        const offer = getOffer(this.#db, publicNumber(frame.offerId, 'o'));
        if (!offer || offer.session_id !== this.sessionId)
          throw new Refusal('NOT_FOUND', 'no such offer');
        if (!offerLive(offer, now)) throw new Refusal('CLOSED', 'the offer has ended');
        this.#event(viewer, frame, 'offer_click', { offerId: offer.id }, now);
        recordClick(this.#db, { offerId: offer.id, learnerId: viewer.learnerId, at: now });
        return () => {
          this.#studioOffers.add(offer.id);
          this.#changed.add('offers');
        };
      }
    }
  }

  #tick(): void {
    const now = this.#clock();
    if (this.#reactionsDirty) {
      this.#reactionsDirty = false;
      this.#out.broadcast(JSON.stringify({ type: 'reactions', totals: this.#reactionTotals }));
    }
    if (this.#viewersNow !== this.#viewersSent) {
      this.#viewersSent = this.#viewersNow;
      this.#out.broadcast(JSON.stringify({ type: 'viewers', count: this.#viewersNow }));
    }
    const peak = this.#peak;
    // Retried on a later tick when it fails: the peak is kept in memory until it is written.
    if (peak > this.#peakWritten) {
      if (
        this.#backgroundWrite('raising peak viewers', () =>
          raisePeakViewers(this.#db, this.sessionId, peak),
        )
      ) {
        this.#peakWritten = peak;
      }
    }
    this.#closeDueAttendance();
    const checkin = this.#checkin;
    // Retried on a later tick when it fails: the check-in stays current until it is closed.
    if (
      checkin &&
      checkin.closesAt !== null &&
      checkin.closesAt <= now &&
      this.#backgroundWrite('closing a check-in', () =>
        closeCheckin(this.#db, checkin.id, checkin.closesAt ?? now),
      )
    ) {
      this.#checkin = null;
      this.#out.broadcast(JSON.stringify({ type: 'checkin', checkin: null }));
      this.#changed.add('checkins');
    }
    const since = now - 60_000;
    while ((this.#chatTimes[0] ?? now) < since) this.#chatTimes.shift();
    this.#emitStudioEvents(now);
  }

  #emitStudioEvents(now: number): void {
    const sessionId = this.sessionId as SessionId;
    if (this.#studioChat.length > 0) {
      this.#emit('chat.posted', { sessionId, messages: this.#studioChat });
      this.#studioChat = [];
    }
    if (this.#studioQuestions.size > 0) {
      const questions = [...this.#studioQuestions]
        .map((id) => this.#questions.get(id)?.row)
        .filter((row) => row !== undefined)
        .map(toLiveQuestion);
      this.#studioQuestions.clear();
      this.#emit('question.changed', { sessionId, questions });
    }
    for (const runId of this.#studioRuns) {
      const row = getRun(this.#db, runId);
      if (row) this.#emit('poll.changed', { sessionId, run: toLivePollRun(this.#db, row) });
    }
    this.#studioRuns.clear();
    for (const offerId of this.#studioOffers) {
      const row = getOffer(this.#db, offerId);
      if (row) this.#emit('offer.changed', { sessionId, offer: toLiveOffer(row) });
    }
    this.#studioOffers.clear();
    const reactionsChanged = this.#reactionsChangedForStudio;
    if (this.#changed.size > 0 || reactionsChanged) {
      this.#emit('live.updated', {
        sessionId,
        at: now,
        viewersNow: this.#viewersNow,
        viewersPeak: this.#peak,
        messagesPerMinute: this.messagesPerMinute,
        reactions: { ...this.#reactionTotals },
        changed: [...this.#changed],
      });
      this.#changed.clear();
    }
  }

  get #reactionsChangedForStudio(): boolean {
    // Reaction totals ride along with live.updated; the broadcast above already cleared the
    // viewers' flag, so compare with what the studio saw last.
    const total = REACTIONS.reduce((sum, r) => sum + this.#reactionTotals[r], 0);
    const changed = total !== this.#studioReactionTotal;
    this.#studioReactionTotal = total;
    return changed;
  }

  #studioReactionTotal = 0;

  /**
   * A write of the hub's own (timers, heartbeats): a failure is logged and reported to the
   * studio's health, and further background writes wait BACKGROUND_RETRY_MS (a full disk is not
   * hammered once per tick). The caller decides whether the work is retried; returns whether it
   * was written.
   */
  #backgroundWrite(what: string, write: () => void): boolean {
    const now = this.#clock();
    if (now < this.#retryWritesAt) return false;
    const written = guarded(this.#sink, what, write)();
    if (written) this.#sink.health?.writeSucceeded();
    else this.#retryWritesAt = now + BACKGROUND_RETRY_MS;
    return written;
  }

  /** Closes the intervals in #closeDue; what fails stays due for the next tick. */
  #closeDueAttendance(): void {
    if (this.#closeDue.size === 0) return;
    const held = new Set<number>();
    for (const viewer of this.#viewers.values()) {
      if (viewer.attendanceId !== null) held.add(viewer.attendanceId);
    }
    for (const [id, leftAt] of this.#closeDue) {
      // A viewer who came back continues this interval: it is theirs again, not to close.
      if (held.has(id)) this.#closeDue.delete(id);
      else if (
        this.#backgroundWrite('closing attendance', () => closeAttendance(this.#db, id, leftAt))
      )
        this.#closeDue.delete(id);
      else return;
    }
  }

  #sweep(): void {
    const now = this.#clock();
    const before = now - this.#tuning.idleTimeoutMs;
    const joinBy = now - this.#tuning.joinTimeoutMs;
    for (const conn of this.#out.conns) {
      if (conn.lastFrameAt < before || (!conn.viewer && conn.acceptedAt < joinBy)) {
        conn.ws.terminate();
      }
    }
  }

  #questionChanged(questionId: number): void {
    const state = this.#questions.get(questionId);
    if (!state) return;
    // Two serialisations serve everyone: with and without "upvoted by me".
    const mine = JSON.stringify({
      type: 'question',
      question: { ...questionPublic(state, null), upvotedByMe: true },
    });
    const others = JSON.stringify({
      type: 'question',
      question: questionPublic(state, null),
    });
    for (const conn of this.#out.conns) {
      if (conn.viewer)
        this.#out.enqueue(conn, state.voters.has(conn.viewer.learnerId) ? mine : others);
    }
    this.#studioQuestions.add(questionId);
    this.#changed.add('questions');
  }

  // ---- host operations (called by the studio API's live handlers) -----------------------------

  /** The session row changed (start, pause, resume, end): tell everyone. */
  sessionChanged(): void {
    const row = getSession(this.#db, this.sessionId);
    if (!row) return;
    this.#session = row;
    this.#out.broadcast(
      JSON.stringify({ type: 'session', session: sessionPublic(this.#session, this.#settings) }),
    );
  }

  configureChat(next: Partial<ChatSettings>): ChatSettings {
    const settings: ChatSettings = { ...this.#settings, ...next };
    const now = this.#clock();
    this.#db.transaction(() => {
      updateChatSettings(this.#db, { sessionId: this.sessionId, ...settings, now });
      logModeration(this.#db, {
        sessionId: this.sessionId,
        action: 'configure_chat',
        target: null,
        actor: ACTOR_HOST,
        at: now,
        detail: settings,
      });
    })();
    this.#settings = settings;
    this.#blockedLower = settings.blockedWords.map((w) => w.toLowerCase());
    this.#out.broadcast(
      JSON.stringify({ type: 'session', session: sessionPublic(this.#session, this.#settings) }),
    );
    this.#changed.add('moderation');
    return this.settings;
  }

  hostChat(text: string): LiveChatMessage {
    const now = this.#clock();
    const id = this.#db.transaction(() => {
      const eventId = appendEvent(this.#db, {
        sessionId: this.sessionId,
        learnerId: null,
        kind: 'host_chat',
        at: now,
        payload: { text },
        clientId: `host-${randomUUID()}`,
      }).id;
      return insertChatMessage(this.#db, {
        sessionId: this.sessionId,
        eventId,
        learnerId: null,
        fromHost: true,
        text,
        at: now,
        authorName: null,
      });
    })();
    const message: ChatMessagePublic = {
      id: `m${String(id)}`,
      viewerId: HOST_VIEWER_ID,
      name: HOST_NAME,
      text,
      at: now,
      fromHost: true,
    };
    this.#out.broadcast(JSON.stringify({ type: 'chat', message }));
    this.#chatTimes.push(now);
    const live: LiveChatMessage = {
      id,
      viewerId: null,
      name: HOST_NAME,
      text,
      at: now,
      fromHost: true,
      hidden: false,
    };
    this.#studioChat.push(live);
    this.#changed.add('chat');
    return live;
  }

  removeMessage(messageId: number, how: 'hide' | 'delete'): void {
    const row = getChatMessage(this.#db, messageId);
    if (!row || row.session_id !== this.sessionId)
      throw new StudioError('NOT_FOUND', 'no such message');
    const now = this.#clock();
    this.#db.transaction(() => {
      const args = { messageId, at: now, actor: ACTOR_HOST };
      if (how === 'hide') hideChatMessage(this.#db, args);
      else deleteChatMessage(this.#db, args);
      logModeration(this.#db, {
        sessionId: this.sessionId,
        action: how === 'hide' ? 'hide_message' : 'delete_message',
        target: `m${String(messageId)}`,
        actor: ACTOR_HOST,
        at: now,
      });
    })();
    this.#out.broadcast(
      JSON.stringify({ type: 'chatRemoved', messageId: `m${String(messageId)}` }),
    );
    this.#changed.add('chat');
    this.#changed.add('moderation');
  }

  #viewerRow(publicId: string): { learnerId: number; name: string } {
    const row = viewerByPublicId(this.#db, this.sessionId, publicId);
    if (!row) throw new StudioError('NOT_FOUND', 'no such viewer in this session');
    return { learnerId: row.learner_id, name: row.name };
  }

  mute(publicId: string, minutes: number): number {
    const { learnerId } = this.#viewerRow(publicId);
    const now = this.#clock();
    const until = now + minutes * 60_000;
    this.#db.transaction(() => {
      insertMute(this.#db, {
        sessionId: this.sessionId,
        learnerId,
        until,
        at: now,
        actor: ACTOR_HOST,
      });
      logModeration(this.#db, {
        sessionId: this.sessionId,
        action: 'mute',
        target: publicId,
        actor: ACTOR_HOST,
        at: now,
        detail: { minutes },
      });
    })();
    const viewer = this.#viewers.get(learnerId);
    if (viewer) viewer.mutedUntil = until;
    this.#changed.add('moderation');
    return until;
  }

  /** Bans every device the viewer used, and closes their live socket with `goodbye banned`. */
  ban(publicId: string, scope: 'session' | 'global', reason: string | null): number {
    const { learnerId } = this.#viewerRow(publicId);
    const now = this.#clock();
    const devices = devicesOfLearner(this.#db, learnerId);
    if (devices.length === 0) throw new StudioError('CONFLICT', 'this viewer has no device to ban');
    const banId = this.#db.transaction(() => {
      let first = 0;
      for (const deviceToken of devices) {
        const id = insertBan(this.#db, {
          sessionId: scope === 'global' ? null : this.sessionId,
          deviceToken,
          learnerId,
          reason,
          at: now,
          actor: ACTOR_HOST,
        });
        if (first === 0) first = id;
      }
      logModeration(this.#db, {
        sessionId: this.sessionId,
        action: 'ban',
        target: publicId,
        actor: ACTOR_HOST,
        at: now,
        detail: { scope, reason },
      });
      return first;
    })();
    const viewer = this.#viewers.get(learnerId);
    if (viewer?.conn) {
      const conn = viewer.conn;
      this.#out.sendError(conn, null, 'BANNED', 'you have been removed from the class');
      this.#out.goodbye(conn, 'banned');
    }
    this.#changed.add('moderation');
    return banId;
  }

  questionAction(questionId: number, action: 'answer' | 'pin' | 'unpin' | 'dismiss'): LiveQuestion {
    const state = this.#questions.get(questionId);
    if (!state) throw new StudioError('NOT_FOUND', 'no such question in this session');
    const now = this.#clock();
    const touched = this.#db.transaction(() => {
      if (action === 'answer')
        setQuestionStatus(this.#db, { questionId, status: 'answered', at: now });
      if (action === 'dismiss')
        setQuestionStatus(this.#db, { questionId, status: 'dismissed', at: now });
      if (action === 'pin' || action === 'unpin') {
        return setQuestionPinned(this.#db, {
          sessionId: this.sessionId,
          questionId,
          pinned: action === 'pin',
          at: now,
        });
      }
      return [];
    })();
    for (const id of [questionId, ...touched]) {
      const row = getQuestion(this.#db, id);
      const known = this.#questions.get(id);
      if (row && known) {
        known.row = row;
        this.#questionChanged(id);
      }
    }
    const row = this.#questions.get(questionId)?.row ?? state.row;
    return toLiveQuestion(row);
  }

  openPoll(pollId: number): LivePollRun {
    const poll = getPoll(this.#db, pollId);
    if (!poll) throw new StudioError('NOT_FOUND', 'no such poll');
    const now = this.#clock();
    const runId = this.#db.transaction(() => {
      // One run open at a time: opening another closes the current one.
      if (this.#run && runState(this.#run.row) === 'open')
        closeRun(this.#db, this.#run.row.id, now);
      return openRun(this.#db, { pollId, sessionId: this.sessionId, at: now });
    })();
    return this.#runChanged(runId);
  }

  pollAction(runId: number, action: 'close' | 'reveal'): LivePollRun {
    const row = getRun(this.#db, runId);
    if (!row || row.session_id !== this.sessionId)
      throw new StudioError('NOT_FOUND', 'no such poll run');
    const now = this.#clock();
    if (action === 'close') closeRun(this.#db, runId, now);
    else revealRun(this.#db, runId, now);
    return this.#runChanged(runId);
  }

  #runChanged(runId: number): LivePollRun {
    const row = getRun(this.#db, runId);
    if (!row) throw new StudioError('NOT_FOUND', 'no such poll run');
    const latest = runsOfSession(this.#db, this.sessionId).at(-1);
    if (latest && latest.id === runId) {
      this.#setRun(row);
      const run = this.#run;
      if (run)
        this.#out.broadcastEach((viewer) => ({
          type: 'poll',
          run: runPublic(run, viewer.learnerId),
        }));
    }
    this.#changed.add('polls');
    return toLivePollRun(this.#db, row);
  }

  pushOffer(args: {
    courseId: number;
    priceMinor?: number | undefined;
    couponCode?: string | undefined;
    checkoutUrl?: string | undefined;
    endsAt?: number | undefined;
    stock?: number | undefined;
  }): LiveOffer {
    const course = courseForOffer(this.#db, args.courseId);
    if (!course) throw new StudioError('NOT_FOUND', 'no such course');
    if (course.archived_at !== null) {
      throw new StudioError('CONFLICT', 'this course is archived: restore it to offer it');
    }
    const defaultCoupon = stringArray(course.coupon_codes)[0] ?? null;
    const now = this.#clock();
    const offerId = this.#db.transaction(() => {
      const withdrawn = withdrawOffers(this.#db, { sessionId: this.sessionId, at: now });
      for (const id of withdrawn) this.#studioOffers.add(id);
      const id = insertOffer(this.#db, {
        sessionId: this.sessionId,
        courseId: course.id,
        title: course.title,
        priceMinor: args.priceMinor ?? course.price_minor,
        currency: course.currency,
        couponCode: args.couponCode ?? defaultCoupon,
        checkoutUrl: args.checkoutUrl ?? course.checkout_url,
        stock: args.stock ?? null,
        endsAt: args.endsAt ?? null,
        at: now,
      });
      // Delivered now to every connected viewer: that is the impression.
      for (const conn of this.#out.conns) {
        if (conn.viewer)
          recordImpression(this.#db, { offerId: id, learnerId: conn.viewer.learnerId, at: now });
      }
      return id;
    })();
    const offer = getOffer(this.#db, offerId);
    if (!offer) throw new Error('offer vanished');
    this.#offer = offer;
    this.#out.broadcast(JSON.stringify({ type: 'offer', offer: offerPublic(offer) }));
    this.#studioOffers.delete(offerId);
    this.#changed.add('offers');
    return toLiveOffer(offer);
  }

  withdrawOffer(offerId: number): LiveOffer {
    const row = getOffer(this.#db, offerId);
    if (!row || row.session_id !== this.sessionId)
      throw new StudioError('NOT_FOUND', 'no such offer');
    const now = this.#clock();
    withdrawOffer(this.#db, { offerId, at: now });
    if (this.#offer?.id === offerId) {
      this.#offer = null;
      this.#out.broadcast(JSON.stringify({ type: 'offer', offer: null }));
    }
    this.#changed.add('offers');
    const updated = getOffer(this.#db, offerId);
    if (!updated) throw new Error('offer vanished');
    return toLiveOffer(updated);
  }

  drawLottery(args: {
    title: string;
    rule: LotteryRule;
    winners: number;
    seed?: number | undefined;
  }): LiveLottery {
    const now = this.#clock();
    const seed = args.seed ?? Math.floor(Math.random() * 4_294_967_296);
    const eligible = this.#eligible(args.rule, now);
    const viewers = new Map(
      viewersOfSession(this.#db, this.sessionId).map((v) => [v.learner_id, v]),
    );
    const banned = new Set(
      bansForSession(this.#db, this.sessionId).flatMap((ban) =>
        ban.learner_id === null ? [] : [ban.learner_id],
      ),
    );
    // Sorted by learner id and stored in that order: drawWinners replays from the stored list.
    const candidates: { learnerId: LearnerId; viewerId: string; name: string }[] = [...eligible]
      .filter((id) => !banned.has(id) && viewers.has(id))
      .sort((a, b) => a - b)
      .map((learnerId) => {
        const viewer = viewers.get(learnerId);
        return {
          learnerId: learnerId as LearnerId,
          viewerId: viewer?.public_id ?? '',
          name: viewer?.name ?? '',
        };
      });
    const winners = drawWinners(candidates, args.winners, seed);
    const id = insertLottery(this.#db, {
      sessionId: this.sessionId,
      title: args.title,
      rule: args.rule,
      seed,
      candidates,
      winners,
      at: now,
    });
    const won = new Set(winners.map((w) => w.learnerId as number));
    this.#out.broadcastEach((viewer) => ({
      type: 'lottery',
      draw: {
        id: `l${String(id)}`,
        title: args.title,
        winners: winners.map((w) => ({ viewerId: w.viewerId, name: w.name })),
        youWon: won.has(viewer.learnerId),
      },
    }));
    const row = lotteriesOfSession(this.#db, this.sessionId).find((l) => l.id === id);
    if (!row) throw new Error('lottery vanished');
    return toLiveLottery(row);
  }

  #eligible(rule: LotteryRule, now: number): Set<number> {
    switch (rule.kind) {
      case 'attended':
        return new Set(attendees(this.#db, this.sessionId, now).map((a) => a.learner_id));
      case 'checkedIn':
        return new Set(learnersCheckedIn(this.#db, this.sessionId, rule.checkinId ?? null));
      case 'votedInRun': {
        const run = getRun(this.#db, rule.runId);
        if (!run || run.session_id !== this.sessionId)
          throw new StudioError('NOT_FOUND', 'no such poll run');
        return new Set(votersOfRun(this.#db, rule.runId));
      }
      case 'askedQuestion':
        return new Set(learnersWhoAsked(this.#db, this.sessionId));
      case 'watchedMinutes':
        return new Set(
          attendees(this.#db, this.sessionId, now)
            .filter((a) => a.ms >= rule.minutes * 60_000)
            .map((a) => a.learner_id),
        );
    }
  }

  openCheckin(durationSeconds: number | undefined): LiveCheckin {
    const now = this.#clock();
    const closesAt = durationSeconds === undefined ? null : now + durationSeconds * 1_000;
    const id = this.#db.transaction(() => {
      if (this.#checkin) closeCheckin(this.#db, this.#checkin.id, now);
      return openCheckin(this.#db, { sessionId: this.sessionId, at: now, closesAt });
    })();
    const checkin: CurrentCheckin = { id, closesAt, done: new Set() };
    this.#checkin = checkin;
    this.#out.broadcast(
      JSON.stringify({ type: 'checkin', checkin: { id: `c${String(id)}`, closesAt, done: false } }),
    );
    this.#changed.add('checkins');
    const row = getCheckin(this.#db, id);
    if (!row) throw new Error('check-in vanished');
    return toLiveCheckin(row);
  }

  closeCheckin(checkinId: number): LiveCheckin {
    const row = getCheckin(this.#db, checkinId);
    if (!row || row.session_id !== this.sessionId)
      throw new StudioError('NOT_FOUND', 'no such check-in');
    closeCheckin(this.#db, checkinId, this.#clock());
    if (this.#checkin?.id === checkinId) {
      this.#checkin = null;
      this.#out.broadcast(JSON.stringify({ type: 'checkin', checkin: null }));
    }
    this.#changed.add('checkins');
    const updated = getCheckin(this.#db, checkinId);
    if (!updated) throw new Error('check-in vanished');
    return toLiveCheckin(updated);
  }

  announce(text: string): { id: number; text: string; at: number } {
    const at = this.#clock();
    const id = insertAnnouncement(this.#db, { sessionId: this.sessionId, text, at });
    this.#announcement = { id, text, at };
    this.#out.broadcast(
      JSON.stringify({ type: 'announcement', announcement: { id: `a${String(id)}`, text, at } }),
    );
    return { id, text, at };
  }

  /**
   * Ends the hub: every viewer gets `goodbye` (ended, or server-shutdown when the studio closes),
   * and every open attendance interval is closed now.
   */
  close(reason: 'ended' | 'server-shutdown' | 'cancelled'): void {
    if (this.#closed) return;
    if (this.#pending.length > 0) this.#applyPending();
    guarded(this.#sink, 'audience tick', () => this.#tick())();
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    if (this.#orphanTimer) clearTimeout(this.#orphanTimer);
    if (reason === 'ended') this.sessionChanged();
    const now = this.#clock();
    for (const conn of [...this.#out.conns]) this.#out.goodbye(conn, reason);
    for (const viewer of this.#viewers.values()) {
      if (viewer.graceTimer) clearTimeout(viewer.graceTimer);
      viewer.graceTimer = null;
    }
    // Dropped when it fails (a full disk): the next start of the hub closes what is still open at
    // the moment it was last seen.
    guarded(this.#sink, 'closing attendance at the end', () =>
      this.#db.transaction(() => {
        for (const [id, leftAt] of this.#closeDue) closeAttendance(this.#db, id, leftAt);
        this.#closeDue.clear();
        for (const viewer of this.#viewers.values()) {
          if (viewer.attendanceId !== null) {
            closeAttendance(this.#db, viewer.attendanceId, viewer.conn ? now : viewer.lastSeenAt);
            viewer.attendanceId = null;
          }
        }
        if (reason === 'ended') {
          for (const row of openAttendanceOfSession(this.#db, this.sessionId)) {
            closeAttendance(this.#db, row.id, row.last_seen_at);
          }
        }
      })(),
    )();
  }
}
