import { join } from 'node:path';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import {
  AUDIENCE_PROTOCOL_VERSION,
  type ServerToViewerFrame,
  type SingleServerFrame,
} from '../../src/shared/contract/audience-protocol';
import type { EventName } from '../../src/shared/contract';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { insertCourse } from '../../src/main/storage/queries/catalogue';
import { recentChat } from '../../src/main/storage/queries/live/chat';
import {
  createSession,
  getLiveSettings,
  getSession,
  insertLiveSettings,
} from '../../src/main/storage/queries/live/sessions';
import { TokenBucket } from '../../src/main/kernel/token-bucket';
import { HubContext } from '../../src/main/audience/hub/context';
import type { ActionHandler, ActionOf, ActionType } from '../../src/main/audience/hub/feature';
import { Announcements } from '../../src/main/audience/hub/features/announcements';
import { Checkins } from '../../src/main/audience/hub/features/checkins';
import { Offers } from '../../src/main/audience/hub/features/offers';
import { Polls } from '../../src/main/audience/hub/features/polls';
import { Questions } from '../../src/main/audience/hub/features/questions';
import { Reactions } from '../../src/main/audience/hub/features/reactions';
import { Satisfaction } from '../../src/main/audience/hub/features/satisfaction';
import { Points } from '../../src/main/audience/hub/features/points';
import { Moderation } from '../../src/main/audience/hub/features/moderation';
import { Outbox } from '../../src/main/audience/hub/outbox';
import { Presence } from '../../src/main/audience/hub/presence';
import { SNAPSHOT_CHAT, sessionPublic, snapshot } from '../../src/main/audience/hub/projections';
import { Refusal, type Conn, type Viewer } from '../../src/main/audience/hub/state';
import { StudioFeed } from '../../src/main/audience/hub/studio-feed';
import { DEFAULT_HUB_TUNING } from '../../src/main/audience/hub/tuning';

/**
 * The audience hub's modules on a real SQLite file, without sockets: what a viewer would be sent
 * stays in its connection's queue (the outbox is never flushed), and studio events are recorded.
 */
export interface HubHarness {
  db: Db;
  ctx: HubContext;
  sessionId: number;
  courseId: number;
  /** The injected clock. */
  time: { now: number };
  /** Studio events, in the order they were emitted. */
  events: { event: EventName; payload: unknown }[];
  presence: Presence;
  /** The features a viewer's welcome is built from (the tests act on these). */
  moderation: Moderation;
  features: {
    questions: Questions;
    polls: Polls;
    offers: Offers;
    checkins: Checkins;
    reactions: Reactions;
    announcements: Announcements;
    satisfaction: Satisfaction;
    points: Points;
  };
  /** A viewer joins on a new connection (through presence, as the hub does). */
  join(name: string, deviceToken?: string): { conn: Conn; viewer: Viewer };
  /** The connection closed (as the hub's socket close handler does). */
  leave(conn: Conn): void;
  /** The frames queued for a connection since the last call (batches are never formed here). */
  frames(conn: Conn): ServerToViewerFrame[];
  /** One action as the commit queue stores it: the error code of a refusal, or 'ok'. */
  act<K extends ActionType>(handler: ActionHandler<K>, viewer: Viewer, frame: ActionOf<K>): string;
  count(table: string): number;
  /** The session's hub state as a fresh hub would load it from the file. */
  reopen(): HubContext;
}

export const HARNESS_START = 1_700_000_000_000;

/** A ws WebSocket never attached to a network socket: nothing is sent, and nothing is opened. */
function detachedSocket(): WebSocket {
  const Detached = WebSocket as unknown as new (
    address: null,
    protocols: undefined,
    options: object,
  ) => WebSocket;
  return new Detached(null, undefined, {});
}

export function useHubHarness(tempDir: () => string): () => HubHarness {
  const made: HubHarness[] = [];
  afterEach(() => {
    for (const h of made.splice(0)) {
      // Clears the grace timers of viewers who left.
      h.presence.close(false);
      h.db.close();
    }
  });
  return () => {
    const db = openDatabase(join(tempDir(), 'studio.db'));
    const time = { now: HARNESS_START };
    const clock = (): number => time.now;
    const courseId = insertCourse(
      db,
      {
        title: 'Algebra I',
        seriesName: null,
        priceMinor: 4_900,
        listPriceMinor: null,
        currency: 'EUR',
        checkoutUrl: 'https://shop.example/algebra',
        couponCodes: ['SPRING'],
        tags: [],
        level: null,
        description: null,
      },
      time.now,
    );
    const sessionId = createSession(db, { courseId, title: 'Lesson 1', scheduledAt: null, now: 1 });
    insertLiveSettings(db, { sessionId, joinCode: 'ABCD12', now: time.now });
    db.prepare("UPDATE sessions SET status = 'live', started_at = ? WHERE id = ?").run(
      time.now,
      sessionId,
    );
    const events: HubHarness['events'] = [];
    const emit = ((event: EventName, payload: unknown) => {
      events.push({ event, payload });
    }) as HubContext['emit'];
    const newContext = (): HubContext => {
      const session = getSession(db, sessionId);
      if (!session) throw new Error('no session');
      const logger = createSilentLogger();
      return new HubContext({
        db,
        sessionId,
        clock,
        logger,
        emit,
        tuning: DEFAULT_HUB_TUNING,
        sink: { logger },
        out: new Outbox(logger),
        feed: new StudioFeed(db, sessionId, emit, clock),
        session,
      });
    };
    const ctx = newContext();
    // What a viewer's welcome needs: the features as the hub loads them.
    const moderation = new Moderation(ctx);
    const features = {
      questions: new Questions(ctx, moderation),
      polls: new Polls(ctx),
      offers: new Offers(ctx),
      checkins: new Checkins(ctx),
      reactions: new Reactions(ctx),
      announcements: new Announcements(ctx),
      satisfaction: new Satisfaction(ctx),
      points: new Points(ctx),
    };
    const presence: Presence = new Presence(
      ctx,
      getLiveSettings(db, sessionId)?.peak_viewers ?? 0,
      {
        joining: (learnerId, now) => features.offers.joined(learnerId, now),
        welcome: (viewer): SingleServerFrame =>
          features.points.withPoints(
            viewer.learnerId,
            features.satisfaction.withSurvey(viewer.learnerId, {
              type: 'welcome',
              viewerId: viewer.publicId,
              session: sessionPublic(ctx.session, moderation.current),
              state: snapshot({
                learnerId: viewer.learnerId,
                handRaised: viewer.handRaised,
                now: clock(),
                chat: recentChat(db, { sessionId, limit: SNAPSHOT_CHAT, includeHidden: false }),
                questions: features.questions.all(),
                run: features.polls.current,
                offer: features.offers.current,
                checkin: features.checkins.current,
                announcement: features.announcements.current,
                reactions: features.reactions.totals,
                viewers: presence.viewersNow,
              }),
              webrtc: false,
            }),
          ),
        gone: () => undefined,
      },
    );
    let devices = 0;
    const harness: HubHarness = {
      db,
      ctx,
      sessionId,
      courseId,
      time,
      events,
      presence,
      moderation,
      features,
      join(name, deviceToken = `device-${String(++devices)}-${'x'.repeat(16)}`) {
        const conn: Conn = {
          ws: detachedSocket(),
          viewer: null,
          queue: [],
          queueAt: [],
          sharedFrom: null,
          bucket: TokenBucket.create(DEFAULT_HUB_TUNING.connectionBucket, time.now),
          lastFrameAt: time.now,
          acceptedAt: time.now,
          peer: null,
        };
        ctx.out.conns.add(conn);
        presence.join(conn, {
          type: 'join',
          protocol: AUDIENCE_PROTOCOL_VERSION,
          name,
          deviceToken,
        });
        if (!conn.viewer) throw new Error(`${name} did not join: ${ctx.out.take(conn).join(' ')}`);
        return { conn, viewer: conn.viewer };
      },
      frames(conn) {
        return ctx.out.take(conn).map((json) => JSON.parse(json) as ServerToViewerFrame);
      },
      act(handler, viewer, frame) {
        try {
          // As the commit queue does: the action, then what features add up, in one transaction.
          const after = db.transaction(() => {
            const done = handler(viewer, frame, time.now);
            features.reactions.persist();
            return done;
          })();
          features.points.committed();
          ctx.stored.length = 0;
          after?.();
          return 'ok';
        } catch (error) {
          ctx.stored.length = 0;
          if (error instanceof Refusal) return error.code;
          throw error;
        }
      },
      count(table) {
        const row = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
        return row.n;
      },
      leave(conn) {
        ctx.out.conns.delete(conn);
        presence.left(conn);
      },
      reopen: newContext,
    };
    made.push(harness);
    return harness;
  };
}
