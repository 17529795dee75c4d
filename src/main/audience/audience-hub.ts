import type { WebSocket } from 'ws';
import type { Reaction, SingleServerFrame } from '../../shared/contract/audience-protocol';
import type {
  ChatSettings,
  LiveChatMessage,
  LiveCheckin,
  LiveLottery,
  LiveOffer,
  LivePollRun,
  LiveQuestion,
} from '../../shared/contract/live-api';
import { StudioError } from '../../shared/contract';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import { guarded } from '../kernel/guarded';
import type { HealthMonitor } from '../kernel/health';
import type { Logger } from '../kernel/logger';
import type { Db } from '../storage/connection';
import { recentChat } from '../storage/queries/live/chat';
import { getLiveSettings, getSession } from '../storage/queries/live/sessions';
import type { AudienceRtc } from './audience-rtc';
import { CommitQueue } from './hub/commit-queue';
import { Connections } from './hub/connections';
import { HubContext } from './hub/context';
import type { ActionHandlers } from './hub/feature';
import { Announcements, type Announcement } from './hub/features/announcements';
import { Chat } from './hub/features/chat';
import { Checkins } from './hub/features/checkins';
import { Hands } from './hub/features/hands';
import { Lottery, type DrawArgs } from './hub/features/lottery';
import { Moderation } from './hub/features/moderation';
import { Offers, type OfferArgs } from './hub/features/offers';
import { Points } from './hub/features/points';
import { Polls } from './hub/features/polls';
import { Questions } from './hub/features/questions';
import { Reactions } from './hub/features/reactions';
import { Satisfaction } from './hub/features/satisfaction';
import { Outbox } from './hub/outbox';
import { Presence } from './hub/presence';
import { SNAPSHOT_CHAT, sessionPublic, snapshot } from './hub/projections';
import { RtcQueue } from './hub/rtc-queue';
import type { HubPeer, Viewer } from './hub/state';
import { StudioFeed } from './hub/studio-feed';
import { DEFAULT_HUB_TUNING, type HubTuning } from './hub/tuning';

export type { HubPeer } from './hub/state';
export { DEFAULT_HUB_TUNING, type HubTuning } from './hub/tuning';

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

/**
 * One live session's audience: the single owner of its viewers' sockets, presence and in-memory
 * state (DESIGN.md §1 principle 4). It wires the modules under hub/ together and is the API the
 * live handlers, the audience server and WebRTC see:
 * - connections (hub/connections) accept sockets, validate and rate-limit frames;
 * - presence (hub/presence) joins viewers and keeps their attendance;
 * - viewer actions are committed to SQLite by the commit queue (hub/commit-queue) before they are
 *   acknowledged, each stored by its feature (hub/features), found by frame type;
 * - everything sent to a viewer leaves through the outbox (hub/outbox) once per
 *   `outboundWindowMs`: the class's frames framed once into a Buffer written to every socket,
 *   a viewer's own frames (acks, refusals) in a small message only to that viewer (§11: one send
 *   per client per 20–50 ms carries 300 messages/s to 2,000 viewers; one send per message does
 *   not); reactions and counts go out on the tick;
 * - the studio is told what changed on the tick (hub/studio-feed).
 */
export class AudienceHub {
  readonly sessionId: number;
  readonly #ctx: HubContext;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #rtcQueue: RtcQueue;
  readonly #presence: Presence;
  readonly #commits: CommitQueue;
  readonly #connections: Connections;
  readonly #moderation: Moderation;
  readonly #chat: Chat;
  readonly #questions: Questions;
  readonly #polls: Polls;
  readonly #offers: Offers;
  readonly #checkins: Checkins;
  readonly #reactions: Reactions;
  readonly #lottery: Lottery;
  readonly #announcements: Announcements;
  readonly #satisfaction: Satisfaction;
  readonly #points: Points;

  private constructor(deps: HubDeps, ctx: HubContext, peak: number) {
    this.sessionId = deps.sessionId;
    this.#ctx = ctx;
    this.#rtcQueue = new RtcQueue({
      rtc: deps.rtc ?? null,
      out: ctx.out,
      logger: deps.logger,
      sessionId: deps.sessionId,
      closed: () => ctx.closed,
    });
    this.#moderation = new Moderation(ctx);
    this.#reactions = new Reactions(ctx);
    this.#questions = new Questions(ctx, this.#moderation);
    this.#polls = new Polls(ctx);
    this.#offers = new Offers(ctx);
    this.#checkins = new Checkins(ctx);
    this.#announcements = new Announcements(ctx);
    this.#chat = new Chat(ctx, this.#moderation);
    this.#points = new Points(ctx);
    this.#lottery = new Lottery(ctx, this.#points);
    this.#satisfaction = new Satisfaction(ctx);
    const handlers: ActionHandlers = {
      ...this.#chat.actions,
      ...this.#questions.actions,
      ...this.#polls.actions,
      ...this.#reactions.actions,
      ...new Hands(ctx).actions,
      ...this.#checkins.actions,
      ...this.#offers.actions,
      ...this.#satisfaction.actions,
    };
    this.#commits = new CommitQueue(ctx, handlers, [this.#reactions, this.#points]);
    this.#presence = new Presence(ctx, peak, {
      joining: (learnerId, now) => this.#offers.joined(learnerId, now),
      welcome: (viewer) =>
        this.#points.withPoints(
          viewer.learnerId,
          this.#satisfaction.withSurvey(viewer.learnerId, this.#welcome(viewer)),
        ),
      gone: (viewer) => this.#rtcQueue.release(viewer.publicId),
    });
    this.#connections = new Connections(ctx, this.#presence, this.#commits, this.#rtcQueue);
  }

  /**
   * Opens the hub of a session that has a join code. Attendance left open by a previous run of
   * the studio is closed at its `last_seen_at` unless it is recent enough to be continued.
   */
  static create(deps: HubDeps): AudienceHub {
    const session = getSession(deps.db, deps.sessionId);
    if (!session) throw new StudioError('NOT_FOUND', `no session ${String(deps.sessionId)}`);
    const settings = getLiveSettings(deps.db, deps.sessionId);
    if (!settings) throw new Error(`session ${String(deps.sessionId)} has no join code`);
    const out = new Outbox(deps.logger);
    const ctx = new HubContext({
      db: deps.db,
      sessionId: deps.sessionId,
      clock: deps.clock,
      logger: deps.logger,
      emit: deps.emit,
      tuning: { ...DEFAULT_HUB_TUNING, ...deps.tuning },
      sink: { logger: deps.logger, health: deps.health },
      out,
      feed: new StudioFeed(deps.db, deps.sessionId, deps.emit, deps.clock),
      session,
    });
    const hub = new AudienceHub(deps, ctx, settings.peak_viewers);
    hub.#start();
    return hub;
  }

  #start(): void {
    const { sink, tuning, out } = this.#ctx;
    this.#presence.start();
    // One transaction per window for the actions that arrived during it, then their acks and
    // everything else queued leave together.
    const commit = guarded(sink, 'audience commit', () => this.#commits.commit());
    const flush = setInterval(
      guarded(sink, 'audience outbound flush', () => {
        commit();
        out.flushAll();
      }),
      tuning.outboundWindowMs,
    );
    const tick = setInterval(
      guarded(sink, 'audience tick', () => this.#tick()),
      tuning.tickMs,
    );
    const sweep = setInterval(
      guarded(sink, 'audience idle sweep', () => this.#connections.sweep()),
      Math.min(10_000, tuning.idleTimeoutMs, Math.max(10, tuning.joinTimeoutMs / 2)),
    );
    for (const timer of [flush, tick, sweep]) {
      timer.unref();
      this.#timers.push(timer);
    }
  }

  get joinCode(): string {
    return this.#ctx.session.join_code ?? '';
  }

  get viewersNow(): number {
    return this.#presence.viewersNow;
  }

  get viewersPeak(): number {
    return this.#presence.peak;
  }

  get messagesPerMinute(): number {
    return this.#ctx.feed.messagesPerMinute();
  }

  get reactionTotals(): Record<Reaction, number> {
    return { ...this.#reactions.totals };
  }

  get settings(): ChatSettings {
    return this.#moderation.settings;
  }

  /** Per learner: connected now, hand raised. */
  presence(): Map<number, { connected: boolean; handRaised: boolean }> {
    const map = new Map<number, { connected: boolean; handRaised: boolean }>();
    for (const viewer of this.#ctx.viewers.values()) {
      map.set(viewer.learnerId, { connected: viewer.conn !== null, handRaised: viewer.handRaised });
    }
    return map;
  }

  /** Takes over an upgraded socket; the first frame must be `join`. */
  accept(ws: WebSocket, peer: HubPeer | null = null): void {
    this.#connections.accept(ws, peer);
  }

  /** A WebRTC push from media/webrtc: to one viewer (by public id) or to the whole class. */
  rtcNotice(viewerKey: string | null, frame: SingleServerFrame): void {
    this.#rtcQueue.notice(viewerKey, frame);
  }

  #welcome(viewer: Viewer): SingleServerFrame {
    const { db, sessionId } = this.#ctx;
    return {
      type: 'welcome',
      viewerId: viewer.publicId,
      session: sessionPublic(this.#ctx.session, this.#moderation.current),
      state: snapshot({
        learnerId: viewer.learnerId,
        handRaised: viewer.handRaised,
        now: this.#ctx.clock(),
        chat: recentChat(db, { sessionId, limit: SNAPSHOT_CHAT, includeHidden: false }),
        questions: this.#questions.all(),
        run: this.#polls.current,
        offer: this.#offers.currentFor(viewer.learnerId, this.#ctx.clock()),
        checkin: this.#checkins.current,
        announcement: this.#announcements.current,
        reactions: this.#reactions.totals,
        viewers: this.#presence.viewersNow,
      }),
      webrtc: this.#rtcQueue.offered(),
    };
  }

  #tick(): void {
    const now = this.#ctx.clock();
    this.#reactions.tick();
    this.#presence.tick();
    this.#checkins.tick(now);
    this.#satisfaction.tick();
    this.#points.tick(now);
    this.#ctx.feed.flush(now, {
      questions: (ids) => this.#questions.live(ids),
      viewersNow: this.#presence.viewersNow,
      viewersPeak: this.#presence.peak,
      reactions: this.#reactions.totals,
    });
  }

  // ---- host operations (called by the studio API's live handlers) -----------------------------

  /** The session row changed (start, pause, resume, end): tell everyone. */
  sessionChanged(): void {
    const row = getSession(this.#ctx.db, this.sessionId);
    if (!row) return;
    this.#ctx.session = row;
    this.#ctx.out.broadcast(
      JSON.stringify({ type: 'session', session: sessionPublic(row, this.#moderation.current) }),
    );
  }

  configureChat(next: Partial<ChatSettings>): ChatSettings {
    return this.#moderation.configureChat(next);
  }

  hostChat(text: string): LiveChatMessage {
    return this.#chat.hostChat(text);
  }

  removeMessage(messageId: number, how: 'hide' | 'delete'): void {
    this.#moderation.removeMessage(messageId, how);
  }

  mute(publicId: string, minutes: number): number {
    return this.#moderation.mute(publicId, minutes);
  }

  /** Bans every device the viewer used, and closes their live socket with `goodbye banned`. */
  ban(publicId: string, scope: 'session' | 'global', reason: string | null): number {
    return this.#moderation.ban(publicId, scope, reason);
  }

  questionAction(questionId: number, action: 'answer' | 'pin' | 'unpin' | 'dismiss'): LiveQuestion {
    return this.#questions.questionAction(questionId, action);
  }

  openPoll(pollId: number): LivePollRun {
    return this.#polls.openPoll(pollId);
  }

  pollAction(runId: number, action: 'close' | 'reveal'): LivePollRun {
    return this.#polls.pollAction(runId, action);
  }

  pushOffer(args: OfferArgs): LiveOffer {
    return this.#offers.pushOffer(args);
  }

  withdrawOffer(offerId: number): LiveOffer {
    return this.#offers.withdrawOffer(offerId);
  }

  drawLottery(args: DrawArgs): LiveLottery {
    return this.#lottery.drawLottery(args);
  }

  openCheckin(durationSeconds: number | undefined): LiveCheckin {
    return this.#checkins.openCheckin(durationSeconds);
  }

  closeCheckin(checkinId: number): LiveCheckin {
    return this.#checkins.closeCheckin(checkinId);
  }

  get satisfaction(): Satisfaction {
    return this.#satisfaction;
  }

  /** Class points: the host's switch and the leaderboard. */
  get points(): Points {
    return this.#points;
  }

  /**
   * The class ended with the survey at End: when viewers are still there and the class has not
   * had its survey yet (or it is still open), they are told the class ended and get the survey,
   * answerable (nothing else is) until `done` runs after the grace period. False: close now.
   */
  endWithSurvey(done: () => void): boolean {
    if (this.#presence.viewersNow === 0 || this.#satisfaction.closedAlready) return false;
    this.#ctx.surveyGrace = true;
    this.sessionChanged();
    this.#satisfaction.openAtEnd();
    const grace = setTimeout(
      guarded(this.#ctx.sink, 'survey grace', done),
      this.#ctx.tuning.surveyGraceMs,
    );
    grace.unref();
    this.#timers.push(grace);
    return true;
  }

  announce(text: string): Announcement {
    return this.#announcements.announce(text);
  }

  /**
   * Ends the hub: every viewer gets `goodbye` (ended, or server-shutdown when the studio closes),
   * and every open attendance interval is closed now.
   */
  close(reason: 'ended' | 'server-shutdown' | 'cancelled'): void {
    if (this.#ctx.closed) return;
    if (this.#commits.size > 0) this.#commits.commit();
    guarded(this.#ctx.sink, 'audience tick', () => this.#tick())();
    // An ended class's survey does not outlive its room (the survey at End's grace period).
    if (this.#ctx.session.status === 'ended' || reason === 'ended')
      guarded(this.#ctx.sink, 'survey close', () => this.#satisfaction.closeOpen())();
    this.#ctx.closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    if (reason === 'ended') this.sessionChanged();
    for (const conn of [...this.#ctx.out.conns]) this.#ctx.out.goodbye(conn, reason);
    this.#presence.close(reason === 'ended');
  }
}
