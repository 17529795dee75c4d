import type { SingleServerFrame, ViewerFrame } from '../../../shared/contract/audience-protocol';
import type { SessionId } from '../../../shared/model/ids';
import { guarded } from '../../kernel/guarded';
import { raisePeakViewers } from '../../storage/queries/live/sessions';
import {
  activeBan,
  addIdentity,
  closeAttendance,
  closeStaleAttendance,
  createLearner,
  insertViewer,
  latestAttendance,
  learnerByDevice,
  mutedUntil,
  openAttendance,
  openAttendanceOfSession,
  recordContactClaims,
  renameViewer,
  reopenAttendance,
  touchAttendance,
  touchAttendances,
  updateConsent,
  viewerOf,
} from '../../storage/queries/live/viewers';
import { newPublicViewerId } from '../join-code';
import { phaseOf } from '../live-views';
import { TokenBucket } from '../../kernel/token-bucket';
import type { HubContext } from './context';
import type { Conn, Viewer } from './state';

type JoinFrame = Extract<ViewerFrame, { type: 'join' }>;

export interface PresenceHooks {
  /** Inside the join's transaction, once the viewer's learner is known. */
  joining(learnerId: number, now: number): void;
  /** The `welcome` a viewer gets on join. */
  welcome(viewer: Viewer): SingleServerFrame;
  /** The viewer is gone for good (their grace period ended). */
  gone(viewer: Viewer): void;
}

/**
 * Who is in the class: joins (identity, consent, the viewer row), attendance intervals and their
 * grace period, heartbeats, the viewer count and its peak.
 *
 * A viewer's attendance interval opens on join, its `last_seen_at` is written at most every
 * `heartbeatWriteMs`, and it closes `presenceGraceMs` after the last socket went away. A
 * reconnect within the grace period — even across a studio restart — continues the same row.
 * After a crash, rows nobody came back to are closed at their `last_seen_at`.
 */
export class Presence {
  readonly #ctx: HubContext;
  readonly #hooks: PresenceHooks;
  #viewersNow = 0;
  #viewersSent = -1;
  #peak: number;
  #peakWritten: number;
  /** Attendance intervals to close (id → left at) whose close failed: retried on the tick. */
  readonly #closeDue = new Map<number, number>();
  /** Heartbeats to write (attendance id → seen at): one transaction per tick for the class. */
  #touches = new Map<number, number>();
  #orphanTimer: NodeJS.Timeout | null = null;

  constructor(ctx: HubContext, peak: number, hooks: PresenceHooks) {
    this.#ctx = ctx;
    this.#hooks = hooks;
    this.#peak = peak;
    this.#peakWritten = peak;
  }

  get viewersNow(): number {
    return this.#viewersNow;
  }

  get peak(): number {
    return this.#peak;
  }

  /**
   * Attendance left open by a previous run of the studio is closed at its `last_seen_at` unless
   * it is recent enough to be continued.
   */
  start(): void {
    const { db, sessionId } = this.#ctx;
    const now = this.#ctx.clock();
    const grace = this.#ctx.tuning.presenceGraceMs;
    // On a full disk the hub still opens: the stale rows are then closed by the orphan sweep
    // below (and retried by the tick until the disk has room again).
    const staleClosed = this.#ctx.backgroundWrite('closing stale attendance', () =>
      closeStaleAttendance(db, sessionId, now - grace),
    );
    if (!staleClosed || openAttendanceOfSession(db, sessionId).length > 0) {
      // Rows a crash left open but recent: whoever reconnects within the grace period continues
      // theirs; the others are closed at the moment they were last seen.
      this.#orphanTimer = setTimeout(
        guarded(this.#ctx.sink, 'closing orphaned attendance', () => {
          for (const row of openAttendanceOfSession(db, sessionId)) {
            this.#closeDue.set(row.id, row.last_seen_at);
          }
          this.#closeDueAttendance();
        }),
        grace,
      );
      this.#orphanTimer.unref();
    }
  }

  /** A frame from a joined viewer: they are here (written at most every heartbeatWriteMs). */
  seen(viewer: Viewer, now: number): void {
    viewer.lastSeenAt = now;
    if (
      viewer.attendanceId !== null &&
      now - viewer.lastSeenWrittenAt >= this.#ctx.tuning.heartbeatWriteMs
    ) {
      viewer.lastSeenWrittenAt = now;
      // Written on the next tick with everyone else's (one commit per tick, not one per viewer).
      this.#touches.set(viewer.attendanceId, now);
    }
  }

  join(conn: Conn, frame: JoinFrame): void {
    const { db, sessionId, out, tuning } = this.#ctx;
    if (conn.viewer) {
      out.sendError(conn, null, 'BAD_FRAME', 'already joined');
      return;
    }
    const now = this.#ctx.clock();
    // An ended class lets its own viewers back only while its survey at End is open.
    if (
      phaseOf(this.#ctx.session.status) === 'ended' &&
      !(this.#ctx.surveyGrace && this.#ctx.viewers.has(learnerByDevice(db, frame.deviceToken) ?? 0))
    ) {
      out.goodbye(conn, 'ended');
      return;
    }
    if (activeBan(db, frame.deviceToken, sessionId)) {
      out.sendError(conn, null, 'BANNED', 'this device is banned from the class');
      out.goodbye(conn, 'banned');
      return;
    }
    if (conn.peer && learnerByDevice(db, frame.deviceToken) === undefined) {
      const wait = conn.peer.newIdentity();
      if (wait > 0) {
        const message = 'too many new viewers from this network address; try again in a minute';
        out.sendError(conn, null, 'RATE_LIMITED', message, wait);
        return;
      }
    }
    const joined = db.transaction(() => this.#store(frame, now))();
    this.#ctx.sink.health?.writeSucceeded();

    let viewer = this.#ctx.viewers.get(joined.learnerId);
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
        actions: TokenBucket.create(tuning.actionBucket, now),
        reactions: TokenBucket.create(tuning.reactionBucket, now),
        lastChatAt: 0,
        handRaised: false,
        mutedUntil: 0,
        rtc: TokenBucket.create(tuning.rtcBucket, now),
        rtcChain: Promise.resolve(),
        rtcQueued: 0,
      };
      this.#ctx.viewers.set(joined.learnerId, viewer);
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
      out.goodbye(previous, 'replaced');
    }
    viewer.conn = conn;
    conn.viewer = viewer;
    out.attach(conn);
    conn.peer?.joined();
    if (!wasConnected) this.#setViewersNow(this.#viewersNow + 1);
    out.enqueue(conn, JSON.stringify(this.#hooks.welcome(viewer)));
    if (!wasConnected) {
      this.#ctx.emit('audience.joined', {
        sessionId: sessionId as SessionId,
        viewerId: viewer.publicId,
        name: viewer.name,
        viewersNow: this.#viewersNow,
      });
    }
  }

  /** The join's writes: learner and identity, consent, the viewer row, attendance. */
  #store(
    frame: JoinFrame,
    now: number,
  ): { learnerId: number; publicId: string; attendanceId: number; muted: number | null } {
    const { db, sessionId } = this.#ctx;
    const grace = this.#ctx.tuning.presenceGraceMs;
    let learnerId = learnerByDevice(db, frame.deviceToken);
    if (learnerId === undefined) {
      learnerId = createLearner(db, { name: frame.name, now });
      addIdentity(db, { learnerId, kind: 'device', value: frame.deviceToken, now });
    }
    if (frame.consent) {
      updateConsent(db, { learnerId, ...frame.consent, now });
      // Typed contact details are unverified: claims, never identities (imports/README.md).
      if (frame.consent.linkPurchases && frame.contact) {
        recordContactClaims(db, { learnerId, sessionId, now }, frame.contact);
      }
    }
    let row = viewerOf(db, sessionId, learnerId);
    if (!row) {
      insertViewer(db, {
        sessionId,
        learnerId,
        publicId: newPublicViewerId(),
        name: frame.name,
        now,
      });
      row = viewerOf(db, sessionId, learnerId);
    } else if (row.name !== frame.name) {
      renameViewer(db, row.id, frame.name);
    }
    if (!row) throw new Error('viewer row vanished');
    // Continue the last interval if it is open or ended within the grace period.
    let attendanceId: number;
    const last = latestAttendance(db, sessionId, learnerId);
    if (last && last.left_at === null && last.last_seen_at >= now - grace) {
      attendanceId = last.id;
      touchAttendance(db, last.id, now);
    } else if (last && last.left_at !== null && last.left_at >= now - grace) {
      attendanceId = last.id;
      reopenAttendance(db, last.id, now);
    } else {
      if (last && last.left_at === null) closeAttendance(db, last.id, last.last_seen_at);
      attendanceId = openAttendance(db, { sessionId, learnerId, at: now });
    }
    this.#hooks.joining(learnerId, now);
    return {
      learnerId,
      publicId: row.public_id,
      attendanceId,
      muted: mutedUntil(db, sessionId, learnerId, now),
    };
  }

  /** A socket closed: its viewer (if it still was theirs) is gone once the grace period ends. */
  left(conn: Conn): void {
    const viewer = conn.viewer;
    conn.viewer = null;
    if (!viewer || viewer.conn !== conn) return;
    viewer.conn = null;
    const leftAt = this.#ctx.clock();
    this.#setViewersNow(this.#viewersNow - 1);
    if (this.#ctx.closed) return;
    viewer.graceTimer = setTimeout(
      guarded(this.#ctx.sink, 'presence grace', () => {
        viewer.graceTimer = null;
        if (viewer.conn === null && viewer.attendanceId !== null) {
          // Retried by the tick while it fails (a full disk), unless the viewer comes back first.
          this.#closeDue.set(viewer.attendanceId, leftAt);
          viewer.attendanceId = null;
          this.#closeDueAttendance();
        }
        if (viewer.conn === null) this.#hooks.gone(viewer);
      }),
      this.#ctx.tuning.presenceGraceMs,
    );
    viewer.graceTimer.unref();
    this.#ctx.emit('audience.left', {
      sessionId: this.#ctx.sessionId as SessionId,
      viewerId: viewer.publicId,
      name: viewer.name,
      viewersNow: this.#viewersNow,
    });
  }

  #setViewersNow(count: number): void {
    this.#viewersNow = Math.max(0, count);
    if (this.#viewersNow > this.#peak) this.#peak = this.#viewersNow;
    this.#ctx.feed.changed('viewers');
  }

  /** The viewer count to the class when it changed; the peak and due closes written. */
  tick(): void {
    if (this.#viewersNow !== this.#viewersSent) {
      this.#viewersSent = this.#viewersNow;
      this.#ctx.out.broadcast(JSON.stringify({ type: 'viewers', count: this.#viewersNow }));
    }
    const peak = this.#peak;
    // Retried on a later tick when it fails: the peak is kept in memory until it is written.
    if (
      peak > this.#peakWritten &&
      this.#ctx.backgroundWrite('raising peak viewers', () =>
        raisePeakViewers(this.#ctx.db, this.#ctx.sessionId, peak),
      )
    ) {
      this.#peakWritten = peak;
    }
    this.#writeTouches();
    this.#closeDueAttendance();
  }

  /** The heartbeats seen since the last tick, in one transaction; dropped when it fails. */
  #writeTouches(): void {
    if (this.#touches.size === 0) return;
    const seen = this.#touches;
    this.#touches = new Map();
    // Dropped when it fails: the next heartbeat write rewrites last_seen_at anyway.
    this.#ctx.backgroundWrite('touching attendance', () => touchAttendances(this.#ctx.db, seen));
  }

  /**
   * When an interval that closes at `at` ends: never after the class's End (viewers kept for the
   * survey at End's grace period are no longer watching the class).
   */
  #leftAt(at: number): number {
    const endedAt = this.#ctx.surveyGrace ? this.#ctx.session.ended_at : null;
    return endedAt === null ? at : Math.min(at, endedAt);
  }

  /** Closes the intervals in #closeDue; what fails stays due for the next tick. */
  #closeDueAttendance(): void {
    if (this.#closeDue.size === 0) return;
    const held = new Set<number>();
    for (const viewer of this.#ctx.viewers.values()) {
      if (viewer.attendanceId !== null) held.add(viewer.attendanceId);
    }
    for (const [id, leftAt] of this.#closeDue) {
      // A viewer who came back continues this interval: it is theirs again, not to close.
      if (held.has(id)) this.#closeDue.delete(id);
      else if (
        this.#ctx.backgroundWrite('closing attendance', () =>
          closeAttendance(this.#ctx.db, id, this.#leftAt(leftAt)),
        )
      )
        this.#closeDue.delete(id);
      else return;
    }
  }

  /** The hub closes: every open attendance interval is closed now (and all of them if ended). */
  close(ended: boolean): void {
    const { db, sessionId } = this.#ctx;
    if (this.#orphanTimer) clearTimeout(this.#orphanTimer);
    const now = this.#ctx.clock();
    for (const viewer of this.#ctx.viewers.values()) {
      if (viewer.graceTimer) clearTimeout(viewer.graceTimer);
      viewer.graceTimer = null;
    }
    // Dropped when it fails (a full disk): the next start of the hub closes what is still open at
    // the moment it was last seen.
    guarded(this.#ctx.sink, 'closing attendance at the end', () =>
      db.transaction(() => {
        for (const [id, leftAt] of this.#closeDue) closeAttendance(db, id, this.#leftAt(leftAt));
        this.#closeDue.clear();
        for (const viewer of this.#ctx.viewers.values()) {
          if (viewer.attendanceId !== null) {
            const leftAt = viewer.conn ? now : viewer.lastSeenAt;
            closeAttendance(db, viewer.attendanceId, this.#leftAt(leftAt));
            viewer.attendanceId = null;
          }
        }
        if (ended) {
          for (const row of openAttendanceOfSession(db, sessionId)) {
            closeAttendance(db, row.id, row.last_seen_at);
          }
        }
      })(),
    )();
  }
}
