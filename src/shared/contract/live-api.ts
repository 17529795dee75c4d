import { z } from 'zod';
import { CurrencyCode, EpochMs, SessionStatus } from '../model/domain';
import { CourseId, LearnerId, SessionId } from '../model/ids';
import { PublicId, Reaction } from './audience-protocol';

/**
 * The live part of the studio API: running a class and its audience. Spread into `studioMethods`
 * and `studioEvents` (studio-api.ts). Rows the host acts on (messages, questions, runs, offers,
 * check-ins, bans) are named by their integer row id; viewers by the public viewer id that the
 * audience sees, which is per session.
 */

const RowId = z.number().int().positive();
/** live.state is refetched several times a second: it lists the viewers that matter, not 10,000. */
export const LIVE_VIEWERS_DEFAULT = 200;
export const LIVE_VIEWERS_MAX = 2_000;
const sessionRef = z.object({ sessionId: SessionId }).strict();
const Count = z.number().int().nonnegative();

export const LiveSession = z.object({
  id: SessionId,
  title: z.string(),
  courseId: CourseId.nullable(),
  courseTitle: z.string().nullable(),
  status: SessionStatus,
  scheduledAt: EpochMs.nullable(),
  startedAt: EpochMs.nullable(),
  endedAt: EpochMs.nullable(),
  joinCode: z.string().nullable(),
});
export type LiveSession = z.infer<typeof LiveSession>;

export const ChatSettings = z.object({
  open: z.boolean(),
  slowModeSeconds: z.number().int().min(0).max(3_600),
  /** Matched case-insensitively as substrings of a message. */
  blockedWords: z.array(z.string().trim().min(1).max(50)).max(200),
});
export type ChatSettings = z.infer<typeof ChatSettings>;

export const LiveViewer = z.object({
  viewerId: PublicId,
  learnerId: LearnerId,
  name: z.string(),
  connected: z.boolean(),
  firstJoinedAt: EpochMs,
  /** Sum of this session's attendance intervals up to now. */
  watchedMs: Count,
  handRaised: z.boolean(),
  mutedUntil: EpochMs.nullable(),
  banned: z.boolean(),
});
export type LiveViewer = z.infer<typeof LiveViewer>;

export const LiveChatMessage = z.object({
  id: RowId,
  viewerId: PublicId.nullable(),
  name: z.string(),
  text: z.string(),
  at: EpochMs,
  fromHost: z.boolean(),
  /** Hidden messages stay stored (and listed here, flagged) for the audit; viewers no longer see them. */
  hidden: z.boolean(),
});
export type LiveChatMessage = z.infer<typeof LiveChatMessage>;

export const LiveQuestion = z.object({
  id: RowId,
  viewerId: PublicId.nullable(),
  name: z.string(),
  text: z.string(),
  at: EpochMs,
  upvotes: Count,
  status: z.enum(['open', 'answered', 'dismissed']),
  pinned: z.boolean(),
});
export type LiveQuestion = z.infer<typeof LiveQuestion>;

export const PollKind = z.enum(['poll', 'quiz']);
export const PollDefinition = z.object({
  id: RowId,
  courseId: CourseId.nullable(),
  kind: PollKind,
  question: z.string(),
  options: z.array(z.string()),
  multiple: z.boolean(),
  correct: z.array(z.number().int()).nullable(),
  runs: Count,
});
export type PollDefinition = z.infer<typeof PollDefinition>;

export const LivePollRun = z.object({
  runId: RowId,
  pollId: RowId,
  kind: PollKind,
  question: z.string(),
  options: z.array(z.string()),
  multiple: z.boolean(),
  correct: z.array(z.number().int()).nullable(),
  state: z.enum(['open', 'closed', 'revealed']),
  openedAt: EpochMs,
  closedAt: EpochMs.nullable(),
  revealedAt: EpochMs.nullable(),
  /** Live counts per option: the host sees them while the run is open, viewers do not. */
  counts: z.array(Count),
  voters: Count,
});
export type LivePollRun = z.infer<typeof LivePollRun>;

export const LiveOffer = z.object({
  id: RowId,
  courseId: CourseId.nullable(),
  title: z.string(),
  priceMinor: Count,
  currency: CurrencyCode,
  couponCode: z.string().nullable(),
  checkoutUrl: z.string().nullable(),
  endsAt: EpochMs.nullable(),
  /** As shown to viewers; clicks do not decrement it (orders, imported later, are sales). */
  stock: Count.nullable(),
  pushedAt: EpochMs,
  withdrawnAt: EpochMs.nullable(),
  impressions: Count,
  clicks: Count,
});
export type LiveOffer = z.infer<typeof LiveOffer>;

export const LiveCheckin = z.object({
  id: RowId,
  openedAt: EpochMs,
  closesAt: EpochMs.nullable(),
  closedAt: EpochMs.nullable(),
  count: Count,
});
export type LiveCheckin = z.infer<typeof LiveCheckin>;

export const LotteryRule = z.discriminatedUnion('kind', [
  /** Everyone who attended the session at some point. */
  z.object({ kind: z.literal('attended') }).strict(),
  /** Checked in (to one check-in, or to any of the session's). */
  z.object({ kind: z.literal('checkedIn'), checkinId: RowId.optional() }).strict(),
  z.object({ kind: z.literal('votedInRun'), runId: RowId }).strict(),
  z.object({ kind: z.literal('askedQuestion') }).strict(),
  z
    .object({ kind: z.literal('watchedMinutes'), minutes: z.number().int().min(1).max(1_440) })
    .strict(),
  /** Class points (issue #15 §4): the learners ranked in the top N (ties at N included). */
  z.object({ kind: z.literal('topPoints'), top: z.number().int().min(1).max(1_000) }).strict(),
  /** Class points as tickets: one per tenth of a point, a weighted draw. */
  z.object({ kind: z.literal('pointsTickets') }).strict(),
]);
export type LotteryRule = z.infer<typeof LotteryRule>;

/**
 * A candidate of a draw. A learner deleted since (learner.delete) leaves an entry with null ids
 * and an empty name in its place, so that the stored order still replays the draw.
 */
export const LotteryEntrant = z.object({
  learnerId: LearnerId.nullable(),
  viewerId: PublicId.nullable(),
  name: z.string(),
  /** A draw by points' tickets: how many this candidate held (kept when a learner is erased). */
  tickets: z.number().int().positive().optional(),
});
export type LotteryEntrant = z.infer<typeof LotteryEntrant>;

export const LiveLottery = z.object({
  id: RowId,
  title: z.string(),
  rule: LotteryRule,
  /** The PRNG seed (sfc32, see src/main/demo/random.ts): with `candidates` it replays the draw. */
  seed: z.number().int().nonnegative(),
  candidates: z.array(LotteryEntrant),
  winners: z.array(LotteryEntrant),
  drawnAt: EpochMs,
});
export type LiveLottery = z.infer<typeof LiveLottery>;

export const LiveAnnouncement = z.object({ id: RowId, text: z.string(), at: EpochMs });

export const LiveBan = z.object({
  id: RowId,
  viewerId: PublicId.nullable(),
  name: z.string().nullable(),
  scope: z.enum(['session', 'global']),
  reason: z.string().nullable(),
  at: EpochMs,
});
export type LiveBan = z.infer<typeof LiveBan>;

export const ReactionTotals = z.record(Reaction, Count);

export const LiveState = z.object({
  session: LiveSession,
  viewersNow: Count,
  viewersPeak: Count,
  /** Everyone who joined this class; `viewers` lists at most `viewerLimit` of them. */
  viewerCount: Count,
  viewers: z.array(LiveViewer),
  /** Chat messages (viewers' and the host's) in the last 60 seconds. */
  messagesPerMinute: Count,
  chat: z.array(LiveChatMessage),
  questions: z.array(LiveQuestion),
  polls: z.array(LivePollRun),
  offers: z.array(LiveOffer),
  checkins: z.array(LiveCheckin),
  lotteries: z.array(LiveLottery),
  announcements: z.array(LiveAnnouncement),
  reactions: ReactionTotals,
  settings: ChatSettings,
  bans: z.array(LiveBan),
});
export type LiveState = z.infer<typeof LiveState>;

export const AudienceInfo = z.object({
  sessionId: SessionId,
  joinCode: z.string(),
  /** One per address a learner's browser can reach: LAN addresses first, loopback last. */
  urls: z.array(z.object({ address: z.string(), url: z.string() })),
  port: z.number().int().nonnegative(),
  /** An SVG QR code of the first URL, when the optional `qrcode` package is installed. */
  qrSvg: z.string().nullable(),
});
export type AudienceInfo = z.infer<typeof AudienceInfo>;

const done = z.object({ ok: z.literal(true) });
const messageRef = z.object({ sessionId: SessionId, messageId: RowId }).strict();
const questionRef = z.object({ sessionId: SessionId, questionId: RowId }).strict();
const runRef = z.object({ sessionId: SessionId, runId: RowId }).strict();
const viewerRef = z.object({ sessionId: SessionId, viewerId: PublicId });

export const liveMethods = {
  'session.create': {
    input: z
      .object({
        courseId: CourseId.optional(),
        title: z.string().trim().min(1).max(200),
        scheduledAt: EpochMs.optional(),
      })
      .strict(),
    output: LiveSession,
  },
  'session.start': { input: sessionRef, output: LiveSession },
  'session.pause': { input: sessionRef, output: LiveSession },
  'session.resume': { input: sessionRef, output: LiveSession },
  'session.end': { input: sessionRef, output: LiveSession },
  'live.state': {
    input: z
      .object({
        sessionId: SessionId,
        /** How many viewers to list (connected and hands raised first, then by watch time). */
        viewerLimit: z.number().int().min(1).max(LIVE_VIEWERS_MAX).default(LIVE_VIEWERS_DEFAULT),
      })
      .strict(),
    output: LiveState,
  },
  'audience.info': { input: sessionRef, output: AudienceInfo },
  'chat.send': {
    input: z.object({ sessionId: SessionId, text: z.string().trim().min(1).max(500) }).strict(),
    output: LiveChatMessage,
  },
  'chat.hide': { input: messageRef, output: done },
  'chat.delete': { input: messageRef, output: done },
  'chat.configure': {
    input: z.object({ sessionId: SessionId }).extend(ChatSettings.partial().shape).strict(),
    output: ChatSettings,
  },
  'viewer.mute': {
    input: viewerRef.extend({ minutes: z.number().int().min(1).max(1_440) }).strict(),
    output: z.object({ mutedUntil: EpochMs }),
  },
  'viewer.ban': {
    input: viewerRef
      .extend({
        scope: z.enum(['session', 'global']).default('session'),
        reason: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: LiveBan,
  },
  'viewer.unban': { input: z.object({ banId: RowId }).strict(), output: done },
  'question.answer': { input: questionRef, output: LiveQuestion },
  'question.pin': { input: questionRef, output: LiveQuestion },
  'question.unpin': { input: questionRef, output: LiveQuestion },
  'question.dismiss': { input: questionRef, output: LiveQuestion },
  'poll.create': {
    input: z
      .object({
        courseId: CourseId.optional(),
        kind: PollKind,
        question: z.string().trim().min(1).max(500),
        options: z.array(z.string().trim().min(1).max(200)).min(2).max(10),
        multiple: z.boolean().default(false),
        correct: z.array(z.number().int().min(0).max(9)).min(1).max(10).optional(),
      })
      .strict()
      .refine((p) => p.kind === 'poll' || p.correct !== undefined, {
        message: 'a quiz needs its correct options',
        path: ['correct'],
      })
      .refine((p) => (p.correct ?? []).every((i) => i < p.options.length), {
        message: 'correct options must index the options',
        path: ['correct'],
      }),
    output: PollDefinition,
  },
  'poll.list': {
    input: z.object({ courseId: CourseId.optional() }).strict(),
    output: z.array(PollDefinition),
  },
  'poll.open': {
    input: z.object({ sessionId: SessionId, pollId: RowId }).strict(),
    output: LivePollRun,
  },
  'poll.close': { input: runRef, output: LivePollRun },
  'poll.reveal': { input: runRef, output: LivePollRun },
  'offer.push': {
    input: z
      .object({
        sessionId: SessionId,
        courseId: CourseId,
        priceMinor: z.number().int().nonnegative().optional(),
        couponCode: z.string().trim().min(1).max(40).optional(),
        checkoutUrl: z.url().max(2_000).optional(),
        endsAt: EpochMs.optional(),
        stock: z.number().int().nonnegative().optional(),
      })
      .strict(),
    output: LiveOffer,
  },
  'offer.withdraw': {
    input: z.object({ sessionId: SessionId, offerId: RowId }).strict(),
    output: LiveOffer,
  },
  'lottery.draw': {
    input: z
      .object({
        sessionId: SessionId,
        title: z.string().trim().min(1).max(200),
        rule: LotteryRule,
        winners: z.number().int().min(1).max(1_000),
        seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
      })
      .strict(),
    output: LiveLottery,
  },
  'checkin.open': {
    input: z
      .object({
        sessionId: SessionId,
        durationSeconds: z.number().int().min(5).max(86_400).optional(),
      })
      .strict(),
    output: LiveCheckin,
  },
  'checkin.close': {
    input: z.object({ sessionId: SessionId, checkinId: RowId }).strict(),
    output: LiveCheckin,
  },
  'announcement.post': {
    input: z.object({ sessionId: SessionId, text: z.string().trim().min(1).max(500) }).strict(),
    output: LiveAnnouncement,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

const viewerEvent = z.object({
  sessionId: SessionId,
  viewerId: PublicId,
  name: z.string(),
  viewersNow: Count,
});

export const liveEvents = {
  'session.changed': LiveSession,
  'audience.joined': viewerEvent,
  'audience.left': viewerEvent,
  /**
   * At most 4 a second per session: the counters the live panel shows at all times, plus which
   * parts of `live.state` changed since the last one (refetch those when they matter).
   */
  'live.updated': z.object({
    sessionId: SessionId,
    at: EpochMs,
    viewersNow: Count,
    viewersPeak: Count,
    messagesPerMinute: Count,
    reactions: ReactionTotals,
    changed: z.array(
      z.enum(['viewers', 'chat', 'questions', 'polls', 'offers', 'checkins', 'moderation']),
    ),
  }),
  /** New chat messages, coalesced like `live.updated`. */
  'chat.posted': z.object({ sessionId: SessionId, messages: z.array(LiveChatMessage) }),
  /** New or changed questions (asked, upvoted, answered, pinned...), coalesced. */
  'question.changed': z.object({ sessionId: SessionId, questions: z.array(LiveQuestion) }),
  'poll.changed': z.object({ sessionId: SessionId, run: LivePollRun }),
  'offer.changed': z.object({ sessionId: SessionId, offer: LiveOffer }),
  'lottery.drawn': z.object({ sessionId: SessionId, lottery: LiveLottery }),
} as const satisfies Record<string, z.ZodType>;
