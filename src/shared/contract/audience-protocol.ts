import { z } from 'zod';
import { AUDIENCE_PROTOCOL_VERSION, REACTION_NAMES } from './audience-constants';
import {
  ConsumerInfo,
  DtlsParameters,
  MediaKind,
  RouterRtpCapabilities,
  RtcId,
  RtpCapabilities,
  TransportInfo,
} from './rtc-parameters';
import {
  LeaderboardPublic,
  LeaderboardServerFrame,
  MyPointsPublic,
  MyPointsServerFrame,
} from './points-protocol';
import { SurveyAnswerFrame, SurveyPublic, SurveyServerFrame } from './satisfaction-protocol';

/**
 * The audience protocol: what learners' browsers (untrusted) and the audience server say to each
 * other over one WebSocket per viewer. The server parses every frame with these schemas, caps
 * frame size and rate, and answers a bad frame with an `error` frame — never a crash, never a
 * silent drop. Every viewer action carries a client-generated `id` (time-ordered, unique per
 * device) so that a resend after a reconnect is recognised and stored once.
 *
 * Host actions are not part of this protocol: the host drives the class through the studio API
 * (IPC or the token-guarded browser host), never through the audience socket.
 */

export { AUDIENCE_PROTOCOL_VERSION };
/** Largest frame a viewer may send; the longest legitimate one is a 500-character question. */
export const AUDIENCE_FRAME_MAX_BYTES = 8 * 1024;
export const TEXT_MAX_CHARS = 500;
export const NAME_MAX_CHARS = 40;
/** Receive transports one viewer may hold at once (one is what a page needs). */
export const RTC_TRANSPORTS_PER_VIEWER = 2;
/** Consumers one viewer may hold at once: the program's video and audio, with room for a retry. */
export const RTC_CONSUMERS_PER_VIEWER = 4;

/** Letters, digits, `-` and `_`: safe in URLs, logs and SQLite without escaping. */
const token = (min: number, max: number) =>
  z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9_-]{${String(min)},${String(max)}}$`),
      'expected an id of letters, digits, - or _',
    );

export const ClientActionId = token(8, 64);
export const DeviceToken = token(16, 128);
export const PublicId = token(1, 40);

// Control characters (except newlines in messages) never reach storage or other viewers.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;
const cleanText = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(CONTROL, '').trim())
    .pipe(
      z
        .string()
        .min(1, 'must not be empty')
        .max(max, `must be at most ${String(max)} characters`),
    );

export const DisplayName = z
  .string()
  .transform((s) => s.replace(CONTROL, '').replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'must not be empty').max(NAME_MAX_CHARS));
export const MessageText = cleanText(TEXT_MAX_CHARS);

export const Reaction = z.enum(REACTION_NAMES);
export type Reaction = z.infer<typeof Reaction>;
export const REACTIONS = Reaction.options;

export const Consent = z.object({
  /** May the studio link this learner's purchases (by email/phone) to their attendance? */
  linkPurchases: z.boolean(),
  /** May the educator contact them afterwards? */
  followUp: z.boolean(),
});

// ---- viewer → server ----------------------------------------------------------------------

export const ViewerFrame = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('join'),
      protocol: z.literal(AUDIENCE_PROTOCOL_VERSION),
      deviceToken: DeviceToken,
      name: DisplayName,
      language: z.enum(['zh-CN', 'en']).optional(),
      /** Only with consent; stored to match purchases, never shown to other learners. */
      contact: z
        .object({
          email: z.string().trim().toLowerCase().pipe(z.email().max(254)).optional(),
          phone: z
            .string()
            .trim()
            .regex(/^\+?[0-9 ()-]{6,20}$/, 'expected a phone number')
            .optional(),
        })
        .strict()
        .optional(),
      consent: Consent.optional(),
    })
    .strict(),
  z.object({ type: z.literal('chat'), id: ClientActionId, text: MessageText }).strict(),
  z.object({ type: z.literal('ask'), id: ClientActionId, text: MessageText }).strict(),
  z.object({ type: z.literal('upvote'), id: ClientActionId, questionId: PublicId }).strict(),
  z
    .object({
      type: z.literal('vote'),
      id: ClientActionId,
      runId: PublicId,
      choices: z
        .array(z.number().int().min(0).max(9))
        .min(1)
        .max(10)
        .refine((c) => new Set(c).size === c.length, 'choices must be distinct'),
    })
    .strict(),
  z.object({ type: z.literal('react'), id: ClientActionId, reaction: Reaction }).strict(),
  z.object({ type: z.literal('hand'), id: ClientActionId, raised: z.boolean() }).strict(),
  z.object({ type: z.literal('checkin'), id: ClientActionId, checkinId: PublicId }).strict(),
  z.object({ type: z.literal('offerClick'), id: ClientActionId, offerId: PublicId }).strict(),
  SurveyAnswerFrame,
  z.object({ type: z.literal('ping'), t: z.number() }).strict(),
  // WebRTC signalling (see RtcRequest below); answered, never stored.
  z.object({ type: z.literal('rtc.caps'), id: ClientActionId }).strict(),
  z.object({ type: z.literal('rtc.transport'), id: ClientActionId }).strict(),
  z
    .object({
      type: z.literal('rtc.connect'),
      id: ClientActionId,
      transportId: RtcId,
      dtlsParameters: DtlsParameters,
    })
    .strict(),
  z
    .object({
      type: z.literal('rtc.consume'),
      id: ClientActionId,
      transportId: RtcId,
      rtpCapabilities: RtpCapabilities,
    })
    .strict(),
  z
    .object({
      type: z.literal('rtc.resume'),
      id: ClientActionId,
      consumerIds: z.array(RtcId).min(1).max(RTC_CONSUMERS_PER_VIEWER),
    })
    .strict(),
  z.object({ type: z.literal('rtc.close'), id: ClientActionId }).strict(),
]);
export type ViewerFrame = z.infer<typeof ViewerFrame>;

/**
 * WebRTC signalling over the audience socket, in mediasoup-client's order: `rtc.caps` (the
 * router's capabilities, for `Device.load`; it also drops whatever this viewer negotiated
 * before), `rtc.transport` (a receive transport), `rtc.connect` (its `connect` event),
 * `rtc.consume` (every track the studio publishes now, paused), `rtc.resume`. `rtc.close` gives
 * WebRTC up (the page went to the HTTP stream). Each is answered with a frame of the same `id`
 * or an `error` frame with it. They are requests, not actions: nothing is stored, and a page
 * that loses its socket starts again rather than resending them.
 */
export type RtcRequest = Extract<ViewerFrame, { type: `rtc.${string}` }>;
export type ViewerAction = Exclude<ViewerFrame, { type: 'join' } | { type: 'ping' } | RtcRequest>;

export function isRtcRequest(frame: ViewerFrame): frame is RtcRequest {
  return frame.type.startsWith('rtc.');
}

// ---- what viewers see of the class (never another viewer's contact details) -----------------

export const SessionPhase = z.enum(['waiting', 'live', 'paused', 'ended']);
export type SessionPhase = z.infer<typeof SessionPhase>;

export const SessionPublic = z.object({
  title: z.string(),
  courseTitle: z.string().nullable(),
  phase: SessionPhase,
  startedAt: z.number().nullable(),
  /** Chat is open (it may open before the class goes live, for warm-up). */
  chatOpen: z.boolean(),
  /** Minimum seconds between one viewer's chat messages; 0 when slow mode is off. */
  slowModeSeconds: z.number().int().nonnegative(),
});
export type SessionPublic = z.infer<typeof SessionPublic>;

export const ChatMessagePublic = z.object({
  id: PublicId,
  viewerId: PublicId,
  name: z.string(),
  text: z.string(),
  at: z.number(),
  fromHost: z.boolean(),
});
export type ChatMessagePublic = z.infer<typeof ChatMessagePublic>;

export const QuestionPublic = z.object({
  id: PublicId,
  viewerId: PublicId,
  name: z.string(),
  text: z.string(),
  at: z.number(),
  upvotes: z.number().int().nonnegative(),
  status: z.enum(['open', 'answered', 'dismissed']),
  pinned: z.boolean(),
  /** Whether the receiving viewer has upvoted it. */
  upvotedByMe: z.boolean(),
});
export type QuestionPublic = z.infer<typeof QuestionPublic>;

export const PollRunPublic = z.object({
  id: PublicId,
  kind: z.enum(['poll', 'quiz']),
  question: z.string(),
  options: z.array(z.string()).min(2).max(10),
  multiple: z.boolean(),
  state: z.enum(['open', 'closed', 'revealed']),
  /** Per option; present once results are shown (closed polls, revealed quizzes). */
  counts: z.array(z.number().int().nonnegative()).nullable(),
  /** Quizzes, once revealed. */
  correct: z.array(z.number().int()).nullable(),
  myChoices: z.array(z.number().int()).nullable(),
  /** Quizzes, once revealed: this viewer's running score in the class. */
  myScore: z.object({ correct: z.number().int(), answered: z.number().int() }).nullable(),
});
export type PollRunPublic = z.infer<typeof PollRunPublic>;

export const OfferPublic = z.object({
  id: PublicId,
  title: z.string(),
  priceMinor: z.number().int().nonnegative(),
  listPriceMinor: z.number().int().nonnegative().nullable(),
  currency: z.string().length(3),
  couponCode: z.string().nullable(),
  checkoutUrl: z.url({ protocol: /^https?$/ }).nullable(),
  endsAt: z.number().nullable(),
  stockLeft: z.number().int().nonnegative().nullable(),
  /** An experiment's variant may word its offer (absent otherwise). */
  headline: z.string().max(120).optional(),
  /** A personal offer ("recommended for you"): why this course, in each viewer language. */
  reason: z.object({ en: z.string().max(400), 'zh-CN': z.string().max(400) }).optional(),
});
export type OfferPublic = z.infer<typeof OfferPublic>;

export const AudienceSnapshot = z.object({
  chat: z.array(ChatMessagePublic),
  questions: z.array(QuestionPublic),
  poll: PollRunPublic.nullable(),
  offer: OfferPublic.nullable(),
  checkin: z
    .object({ id: PublicId, closesAt: z.number().nullable(), done: z.boolean() })
    .nullable(),
  announcement: z.object({ id: PublicId, text: z.string(), at: z.number() }).nullable(),
  reactions: z.record(Reaction, z.number().int().nonnegative()),
  handRaised: z.boolean(),
  viewers: z.number().int().nonnegative(),
  /** The satisfaction survey, once the host has opened one. */
  survey: SurveyPublic.nullable().optional(),
  /** Class points, when the host switched them on: the leaderboard and this viewer's own. */
  leaderboard: LeaderboardPublic.nullable().optional(),
  myPoints: MyPointsPublic.nullable().optional(),
});
export type AudienceSnapshot = z.infer<typeof AudienceSnapshot>;

export const AudienceErrorCode = z.enum([
  'BAD_FRAME',
  'TOO_LARGE',
  'RATE_LIMITED',
  'NOT_JOINED',
  'CHAT_CLOSED',
  'SLOW_MODE',
  'MUTED',
  'BANNED',
  'BLOCKED_WORD',
  'NOT_FOUND',
  'CLOSED',
  'SESSION_ENDED',
  'UNAVAILABLE',
  /** A per-viewer limit (e.g. WebRTC transports) is reached. */
  'LIMIT_REACHED',
]);
export type AudienceErrorCode = z.infer<typeof AudienceErrorCode>;

// ---- server → viewer ----------------------------------------------------------------------

const SingleServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    viewerId: PublicId,
    session: SessionPublic,
    state: AudienceSnapshot,
    /** The class is offered over WebRTC too (otherwise the page uses the HTTP stream). */
    webrtc: z.boolean().optional(),
  }),
  /** The action with this id is committed to the database (or was already: `duplicate`). */
  z.object({ type: z.literal('ack'), id: ClientActionId, duplicate: z.boolean() }),
  z.object({
    type: z.literal('error'),
    /** The action it refers to, when the frame carried a readable id. */
    id: z.string().nullable(),
    code: AudienceErrorCode,
    message: z.string(),
    retryAfterMs: z.number().int().nonnegative().nullable(),
  }),
  z.object({ type: z.literal('session'), session: SessionPublic }),
  z.object({ type: z.literal('chat'), message: ChatMessagePublic }),
  z.object({ type: z.literal('chatRemoved'), messageId: PublicId }),
  z.object({ type: z.literal('question'), question: QuestionPublic }),
  z.object({ type: z.literal('poll'), run: PollRunPublic.nullable() }),
  /** Totals since the class began; sent a few times a second at most. */
  z.object({
    type: z.literal('reactions'),
    totals: z.record(Reaction, z.number().int().nonnegative()),
  }),
  z.object({ type: z.literal('offer'), offer: OfferPublic.nullable() }),
  z.object({
    type: z.literal('lottery'),
    draw: z.object({
      id: PublicId,
      title: z.string(),
      winners: z.array(z.object({ viewerId: PublicId, name: z.string() })),
      youWon: z.boolean(),
    }),
  }),
  z.object({
    type: z.literal('checkin'),
    checkin: z
      .object({ id: PublicId, closesAt: z.number().nullable(), done: z.boolean() })
      .nullable(),
  }),
  z.object({
    type: z.literal('announcement'),
    announcement: z.object({ id: PublicId, text: z.string(), at: z.number() }),
  }),
  z.object({ type: z.literal('viewers'), count: z.number().int().nonnegative() }),
  SurveyServerFrame,
  LeaderboardServerFrame,
  MyPointsServerFrame,
  z.object({ type: z.literal('pong'), t: z.number() }),
  // ---- WebRTC: answers to RtcRequest (same `id`), then pushes ----
  z.object({ type: z.literal('rtc.caps'), id: z.string(), rtpCapabilities: RouterRtpCapabilities }),
  z.object({ type: z.literal('rtc.transport'), id: z.string(), transport: TransportInfo }),
  z.object({ type: z.literal('rtc.consumers'), id: z.string(), consumers: z.array(ConsumerInfo) }),
  z.object({ type: z.literal('rtc.ok'), id: z.string() }),
  /** What the studio publishes changed (it went live, or stopped): consume again. */
  z.object({ type: z.literal('rtc.state'), kinds: z.array(MediaKind) }),
  /** WebRTC is gone for this class (its worker crashed, ...): use the HTTP stream. */
  z.object({ type: z.literal('rtc.closed'), reason: z.enum(['worker-failed', 'closed']) }),
  /**
   * The server closes the socket after this; `banned`, `ended` and `cancelled` must not
   * reconnect. `not-open`: a planned class whose warm-up has not begun; the page comes back at
   * `opensAt` (the studio's clock).
   */
  z.object({
    type: z.literal('goodbye'),
    reason: z.enum(['banned', 'ended', 'replaced', 'server-shutdown', 'not-open', 'cancelled']),
    opensAt: z.number().int().nonnegative().optional(),
  }),
]);

/**
 * What the server sends. Frames for one viewer are coalesced into a `batch` per short window
 * (DESIGN.md §11: one send per client per 20–50 ms carries hundreds of messages/s to thousands of
 * viewers, one send per message does not).
 */
export const ServerToViewerFrame = z.union([
  SingleServerFrame,
  z.object({ type: z.literal('batch'), frames: z.array(SingleServerFrame) }),
]);
export type ServerToViewerFrame = z.infer<typeof ServerToViewerFrame>;
export type SingleServerFrame = z.infer<typeof SingleServerFrame>;
