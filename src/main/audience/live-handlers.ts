import { StudioError } from '../../shared/contract';
import { courseExists } from '../storage/queries/library';
import type { LiveBan, LiveSession, LiveState } from '../../shared/contract/live-api';
import type { liveMethods } from '../../shared/contract/live-api';
import type { CourseId, LearnerId } from '../../shared/model/ids';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { recentChat } from '../storage/queries/live/chat';
import {
  announcementsOfSession,
  checkinsOfSession,
  lotteriesOfSession,
} from '../storage/queries/live/engagement';
import { offersOfSession } from '../storage/queries/live/offers';
import {
  getPoll,
  insertPoll,
  listPolls,
  runsOfSession,
  type PollRow,
} from '../storage/queries/live/polls';
import { questionsOfSession } from '../storage/queries/live/questions';
import { scheduleGate } from '../storage/queries/live/schedules';
import {
  createSession,
  getSession,
  getLiveSettings,
  setSessionStatus,
  hasActiveSession,
} from '../storage/queries/live/sessions';
import {
  bansForSession,
  getBan,
  liftBan,
  logModeration,
  activeMutes,
  viewerOf,
  type BanRow,
  type ViewerRow,
  viewersOfSession,
  watchedMs,
} from '../storage/queries/live/viewers';
import type { AudienceHub } from './audience-hub';
import type { AudienceServer } from './audience-server';
import { qrSvg } from './lan';
import {
  parseIndexes,
  parseStrings,
  toLiveChat,
  toLiveCheckin,
  toLiveLottery,
  toLiveOffer,
  toLivePollRun,
  toLiveQuestion,
  toLiveSession,
} from './live-views';

type LiveMethod = keyof typeof liveMethods;
export type LiveHandlerMap = { [M in LiveMethod]: Handler<M> };

export interface LiveDeps {
  db: () => Db;
  audience: () => AudienceServer;
  clock: Clock;
  emit: EventBus['emit'];
}

const LIVE_STATE_CHAT = 200;
const ACTOR_HOST = 'host';

/** The studio API's live methods: the host runs the class; the hubs carry it to the audience. */
export function createLiveHandlers(deps: LiveDeps): LiveHandlerMap {
  const { clock, emit } = deps;

  const sessionRow = (sessionId: number) => {
    const row = getSession(deps.db(), sessionId);
    if (!row) throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
    return row;
  };

  /** The hub of a session whose room is open (scheduled, live or paused). */
  const hubOf = (sessionId: number): AudienceHub => {
    const row = sessionRow(sessionId);
    if (row.status === 'ended' || row.status === 'interrupted') {
      throw new StudioError('CONFLICT', 'the session has ended');
    }
    return deps.audience().openHub(sessionId);
  };

  const session = (sessionId: number): LiveSession => toLiveSession(sessionRow(sessionId));

  const transition = (
    sessionId: number,
    from: readonly string[],
    to: 'live' | 'paused' | 'ended',
  ): LiveSession => {
    const row = sessionRow(sessionId);
    if (!from.includes(row.status)) {
      throw new StudioError('CONFLICT', `cannot go from ${row.status} to ${to}`);
    }
    if (to === 'live' && scheduleGate(deps.db(), sessionId)?.cancelled_at != null) {
      throw new StudioError('CONFLICT', 'the class was cancelled');
    }
    const now = clock();
    if (to !== 'ended') deps.audience().ensureJoinCode(sessionId);
    setSessionStatus(
      deps.db(),
      sessionId,
      to,
      to === 'ended' ? { endedAt: now } : { startedAt: now },
    );
    if (to === 'ended') deps.audience().endHub(sessionId);
    else deps.audience().openHub(sessionId).sessionChanged();
    const next = session(sessionId);
    emit('session.changed', next);
    return next;
  };

  const pollDefinition = (row: PollRow) => ({
    id: row.id,
    courseId: row.course_id as CourseId | null,
    kind: row.kind,
    question: row.question,
    options: parseStrings(row.options),
    multiple: row.multiple === 1,
    correct: parseIndexes(row.correct),
    runs: row.runs,
  });

  const liveState = (sessionId: number, viewerLimit: number): LiveState => {
    const db = deps.db();
    const row = sessionRow(sessionId);
    const now = clock();
    const hub = deps.audience().hub(sessionId);
    const presence =
      hub?.presence() ?? new Map<number, { connected: boolean; handRaised: boolean }>();
    const watched = watchedMs(db, sessionId, now);
    const mutes = activeMutes(db, sessionId, now);
    const bans = bansForSession(db, sessionId);
    const bannedLearners = new Set(bans.map((b) => b.learner_id));
    const viewers = viewersOfSession(db, sessionId);
    const byLearner = new Map(viewers.map((v) => [v.learner_id, v]));
    const settings = getLiveSettings(db, sessionId);
    const reactions = hub?.reactionTotals ?? { like: 0, heart: 0, clap: 0, laugh: 0, wow: 0 };
    const listed = viewers
      .map((v) => ({
        viewerId: v.public_id,
        learnerId: v.learner_id as LearnerId,
        name: v.name,
        connected: presence.get(v.learner_id)?.connected ?? false,
        firstJoinedAt: v.first_joined_at,
        watchedMs: watched.get(v.learner_id) ?? 0,
        handRaised: presence.get(v.learner_id)?.handRaised ?? false,
        mutedUntil: mutes.get(v.learner_id) ?? null,
        banned: bannedLearners.has(v.learner_id),
      }))
      .sort(
        (a, b) =>
          Number(b.connected) - Number(a.connected) ||
          Number(b.handRaised) - Number(a.handRaised) ||
          b.watchedMs - a.watchedMs,
      )
      .slice(0, viewerLimit);
    return {
      session: toLiveSession(row),
      viewersNow: hub?.viewersNow ?? 0,
      viewersPeak: hub?.viewersPeak ?? settings?.peak_viewers ?? 0,
      viewerCount: viewers.length,
      viewers: listed,
      messagesPerMinute: hub?.messagesPerMinute ?? 0,
      chat: recentChat(db, { sessionId, limit: LIVE_STATE_CHAT, includeHidden: true }).map(
        toLiveChat,
      ),
      questions: questionsOfSession(db, sessionId).map(toLiveQuestion),
      polls: runsOfSession(db, sessionId).map((run) => toLivePollRun(db, run)),
      offers: offersOfSession(db, sessionId).map(toLiveOffer),
      checkins: checkinsOfSession(db, sessionId).map(toLiveCheckin),
      lotteries: lotteriesOfSession(db, sessionId).map(toLiveLottery),
      announcements: announcementsOfSession(db, sessionId),
      reactions,
      settings: hub?.settings ?? {
        open: settings?.chat_open === 1,
        slowModeSeconds: settings?.slow_mode_seconds ?? 0,
        blockedWords: parseStrings(settings?.blocked_words ?? '[]'),
      },
      bans: bans.map((ban) =>
        toLiveBan(ban, ban.learner_id === null ? undefined : byLearner.get(ban.learner_id)),
      ),
    };
  };

  return {
    'session.create': ({ courseId, title, scheduledAt }) => {
      const db = deps.db();
      if (courseId !== undefined && !courseExists(db, courseId)) {
        throw new StudioError('NOT_FOUND', 'no such course');
      }
      const id = createSession(db, {
        courseId: courseId ?? null,
        title,
        scheduledAt: scheduledAt ?? null,
        now: clock(),
      });
      deps.audience().ensureJoinCode(id);
      const created = session(id);
      emit('session.changed', created);
      return created;
    },
    'session.start': ({ sessionId }) => transition(sessionId, ['scheduled', 'interrupted'], 'live'),
    'session.pause': ({ sessionId }) => transition(sessionId, ['live'], 'paused'),
    'session.resume': ({ sessionId }) => transition(sessionId, ['paused'], 'live'),
    'session.end': ({ sessionId }) =>
      transition(sessionId, ['scheduled', 'live', 'paused', 'interrupted'], 'ended'),
    'live.state': ({ sessionId, viewerLimit }) => liveState(sessionId, viewerLimit),
    'audience.info': async ({ sessionId }) => {
      const hub = hubOf(sessionId);
      const server = deps.audience();
      const { port } = await server.ready();
      const urls = server.urls(hub.joinCode);
      return {
        sessionId,
        joinCode: hub.joinCode,
        urls,
        port,
        qrSvg: urls[0] ? await qrSvg(urls[0].url) : null,
      };
    },
    'chat.send': ({ sessionId, text }) => hubOf(sessionId).hostChat(text),
    'chat.hide': ({ sessionId, messageId }) => {
      hubOf(sessionId).removeMessage(messageId, 'hide');
      return { ok: true as const };
    },
    'chat.delete': ({ sessionId, messageId }) => {
      hubOf(sessionId).removeMessage(messageId, 'delete');
      return { ok: true as const };
    },
    'chat.configure': ({ sessionId, ...settings }) => {
      const next: Parameters<AudienceHub['configureChat']>[0] = {};
      if (settings.open !== undefined) next.open = settings.open;
      if (settings.slowModeSeconds !== undefined) next.slowModeSeconds = settings.slowModeSeconds;
      if (settings.blockedWords !== undefined) next.blockedWords = settings.blockedWords;
      return hubOf(sessionId).configureChat(next);
    },
    'viewer.mute': ({ sessionId, viewerId, minutes }) => ({
      mutedUntil: hubOf(sessionId).mute(viewerId, minutes),
    }),
    'viewer.ban': ({ sessionId, viewerId, scope, reason }) => {
      const banId = hubOf(sessionId).ban(viewerId, scope, reason ?? null);
      const db = deps.db();
      const ban = getBan(db, banId);
      if (!ban) throw new StudioError('INTERNAL', 'ban not stored');
      return toLiveBan(
        ban,
        ban.learner_id === null ? undefined : viewerOf(db, sessionId, ban.learner_id),
      );
    },
    'viewer.unban': ({ banId }) => {
      const db = deps.db();
      const ban = getBan(db, banId);
      if (!ban) throw new StudioError('NOT_FOUND', 'no such ban');
      const now = clock();
      db.transaction(() => {
        liftBan(db, { banId, at: now, actor: ACTOR_HOST });
        logModeration(db, {
          sessionId: ban.session_id,
          action: 'unban',
          target: String(banId),
          actor: ACTOR_HOST,
          at: now,
        });
      })();
      return { ok: true as const };
    },
    'question.answer': ({ sessionId, questionId }) =>
      hubOf(sessionId).questionAction(questionId, 'answer'),
    'question.pin': ({ sessionId, questionId }) =>
      hubOf(sessionId).questionAction(questionId, 'pin'),
    'question.unpin': ({ sessionId, questionId }) =>
      hubOf(sessionId).questionAction(questionId, 'unpin'),
    'question.dismiss': ({ sessionId, questionId }) =>
      hubOf(sessionId).questionAction(questionId, 'dismiss'),
    'poll.create': (input) => {
      const db = deps.db();
      const id = insertPoll(db, {
        courseId: input.courseId ?? null,
        kind: input.kind,
        question: input.question,
        options: input.options,
        multiple: input.multiple,
        correct: input.kind === 'quiz' ? (input.correct ?? null) : null,
        now: clock(),
      });
      const row = getPoll(db, id);
      if (!row) throw new StudioError('INTERNAL', 'poll not stored');
      return pollDefinition(row);
    },
    'poll.list': ({ courseId }) => listPolls(deps.db(), courseId ?? null).map(pollDefinition),
    'poll.open': ({ sessionId, pollId }) => {
      const run = hubOf(sessionId).openPoll(pollId);
      emit('poll.changed', { sessionId, run });
      return run;
    },
    'poll.close': ({ sessionId, runId }) => {
      const run = hubOf(sessionId).pollAction(runId, 'close');
      emit('poll.changed', { sessionId, run });
      return run;
    },
    'poll.reveal': ({ sessionId, runId }) => {
      const run = hubOf(sessionId).pollAction(runId, 'reveal');
      emit('poll.changed', { sessionId, run });
      return run;
    },
    'offer.push': ({ sessionId, ...offer }) => {
      const pushed = hubOf(sessionId).pushOffer(offer);
      emit('offer.changed', { sessionId, offer: pushed });
      return pushed;
    },
    'offer.withdraw': ({ sessionId, offerId }) => {
      const offer = hubOf(sessionId).withdrawOffer(offerId);
      emit('offer.changed', { sessionId, offer });
      return offer;
    },
    'lottery.draw': ({ sessionId, title, rule, winners, seed }) => {
      const lottery = hubOf(sessionId).drawLottery({ title, rule, winners, seed });
      emit('lottery.drawn', { sessionId, lottery });
      return lottery;
    },
    'checkin.open': ({ sessionId, durationSeconds }) =>
      hubOf(sessionId).openCheckin(durationSeconds),
    'checkin.close': ({ sessionId, checkinId }) => hubOf(sessionId).closeCheckin(checkinId),
    'announcement.post': ({ sessionId, text }) => hubOf(sessionId).announce(text),
  };
}

/** Sessions whose audience is live or paused: the workspace must not change under them. */
export { hasActiveSession };

function toLiveBan(ban: BanRow, viewer: ViewerRow | undefined): LiveBan {
  return {
    id: ban.id,
    viewerId: viewer?.public_id ?? null,
    name: viewer?.name ?? null,
    scope: ban.session_id === null ? 'global' : 'session',
    reason: ban.reason,
    at: ban.at,
  };
}
