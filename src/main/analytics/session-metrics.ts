/**
 * Session metrics: what happened in one live class, computed from its attendance, interaction
 * events, Q&A, poll and quiz runs, offers and the orders that followed. Every metric below has its
 * definition written next to it, in words, so that the report can show how it was computed.
 *
 * Conventions used throughout:
 * - Times are whole epoch milliseconds (UTC). The class runs over [startedAt, endedAt).
 * - A *viewer* is a learner with at least one attendance row in this class.
 * - A viewer's *presence* is the union of their attendance intervals. An interval runs from
 *   `joinedAt` to `leftAt`, or, when the row was never closed (a crash), to `lastSeenAt` (the
 *   last heartbeat: the latest moment we know they were there). Intervals are clipped to the
 *   class; overlapping or touching intervals of one viewer (reconnects) count once. Presence is
 *   half-open: a viewer who leaves at t is not present at t.
 * - The class is cut into *buckets* of `bucketMs` (one minute by default): bucket i covers
 *   [startedAt + i·bucketMs, startedAt + (i+1)·bucketMs), the last one ending at endedAt.
 *   "Minute m" below means bucket m.
 * - An *in-class event* is one with startedAt ≤ at ≤ endedAt (the last instant belongs to the
 *   last bucket). Events before or after the class are counted apart and score nothing.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { median } from 'simple-statistics';

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** The interactions a viewer can make; each has a weight in the engagement score. */
export const INTERACTION_KINDS = [
  'chat',
  'question',
  'upvote',
  'reaction',
  'poll_vote',
  'hand_raise',
  'check_in',
  'offer_click',
] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export interface SessionInfo {
  readonly id: number;
  readonly startedAt: number;
  /** Must be after `startedAt`. For a class still live, the moment the report is made. */
  readonly endedAt: number;
  readonly courseId: number | null;
}

/** One continuous presence (an attendance row). */
export interface AttendanceInterval {
  readonly learnerId: number;
  readonly joinedAt: number;
  /** When the audience server closed the row; null if it never did (a crash). */
  readonly leftAt: number | null;
  /** The last heartbeat: where an interval that was never closed ends. */
  readonly lastSeenAt: number;
}

export interface SessionEvent {
  /** Null for events with no learner (system events). */
  readonly learnerId: number | null;
  /** One of INTERACTION_KINDS, or any other kind (counted in the timeline, never scored). */
  readonly kind: string;
  readonly at: number;
  /** Not read by any metric here; loaders leave it out unless asked for it. */
  readonly payload?: unknown;
}

export type QuestionStatus = 'open' | 'answered' | 'dismissed';

export interface SessionQuestion {
  readonly id: number;
  readonly learnerId: number | null;
  readonly text: string;
  readonly askedAt: number;
  readonly status: QuestionStatus;
  readonly answeredAt: number | null;
  readonly pinnedAt: number | null;
  /** Hidden by moderation: counted, never listed. */
  readonly hidden: boolean;
  readonly upvotes: number;
}

export interface PollVote {
  readonly learnerId: number;
  /** Indexes into the poll's options. */
  readonly choices: readonly number[];
  readonly at: number;
}

export interface SessionPollRun {
  readonly id: number;
  readonly pollId: number;
  readonly kind: 'poll' | 'quiz';
  readonly question: string;
  readonly options: readonly string[];
  readonly multiple: boolean;
  /** For a quiz, the indexes of the correct options; null when no answer key was set. */
  readonly correct: readonly number[] | null;
  readonly openedAt: number;
  /** Null if it was never closed: it then counts as open until the class ended. */
  readonly closedAt: number | null;
  readonly revealedAt: number | null;
  readonly votes: readonly PollVote[];
}

export interface OfferImpression {
  readonly learnerId: number;
  readonly at: number;
}

export interface OfferClick {
  readonly learnerId: number;
  readonly at: number;
}

export interface SessionOffer {
  readonly id: number;
  /** The course the offer sells, if it sells a course (only then can orders match it by course). */
  readonly courseId: number | null;
  readonly title: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly pushedAt: number;
  readonly endsAt: number | null;
  readonly withdrawnAt: number | null;
  /** At most one per learner: when the offer was first shown to them. */
  readonly impressions: readonly OfferImpression[];
  readonly clicks: readonly OfferClick[];
}

/**
 * A purchase (paid or partially refunded; refunded and cancelled orders are not purchases) that
 * may be attributed to this class: one carrying the id of one of its offers, or one by a viewer
 * placed in the attribution window.
 */
export interface SessionOrder {
  readonly id: number;
  /** Null for an order not yet linked to a learner. */
  readonly learnerId: number | null;
  readonly orderedAt: number;
  /** The offer whose checkout link or coupon the order came through, if any (any class's). */
  readonly offerId: number | null;
  /** The courses on the order's lines. */
  readonly courseIds: readonly number[];
  /** What was paid minus what was refunded, minor units. */
  readonly netMinor: number;
  readonly currency: string;
}

export interface SessionData {
  readonly session: SessionInfo;
  readonly attendance: readonly AttendanceInterval[];
  readonly events: readonly SessionEvent[];
  readonly questions: readonly SessionQuestion[];
  readonly pollRuns: readonly SessionPollRun[];
  readonly offers: readonly SessionOffer[];
  readonly orders: readonly SessionOrder[];
  /**
   * Learners who had bought before the class started (a paid or partially refunded order placed
   * before startedAt); only viewers among them matter. Absent when the purchase history is not
   * known (a hand-made SessionData, a CSV): the repurchase numbers are then null.
   */
  readonly priorBuyers?: readonly number[];
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** Points per interaction in the engagement score (a watched minute is worth 1). */
export type EngagementWeights = Readonly<Record<InteractionKind, number>>;
/** Per kind, how many interactions at most earn points (null: no cap). */
export type EngagementCaps = Readonly<Record<InteractionKind, number | null>>;

export const DEFAULT_ENGAGEMENT_WEIGHTS: EngagementWeights = {
  chat: 1,
  question: 3,
  upvote: 0.5,
  reaction: 0.1,
  poll_vote: 2,
  hand_raise: 1,
  check_in: 1,
  offer_click: 2,
};

/** Reactions are one tap each: only the first 30 count (3 points), so a drummer cannot top the class. */
export const DEFAULT_ENGAGEMENT_CAPS: EngagementCaps = {
  chat: null,
  question: null,
  upvote: null,
  reaction: 30,
  poll_vote: null,
  hand_raise: null,
  check_in: null,
  offer_click: null,
};

export interface DropOffOptions {
  /** How many drop-off minutes to report at most (default 5). */
  readonly count?: number;
  /** A fall must be at least this many viewers (default 1)... */
  readonly minFall?: number;
  /** ...and at least this share of the viewers present when the minute began (default 0.02). */
  readonly minFallShare?: number;
  /** How many buckets before the drop minute its context covers (default 2). */
  readonly lookbackBuckets?: number;
}

export interface SessionMetricsOptions {
  /** Days after an impression in which an order can match the offer by course (default 7). */
  readonly attributionWindowDays?: number;
  /** Overrides of DEFAULT_ENGAGEMENT_WEIGHTS, kind by kind. */
  readonly weights?: Partial<EngagementWeights>;
  /** Overrides of DEFAULT_ENGAGEMENT_CAPS, kind by kind (null removes a cap). */
  readonly caps?: Partial<EngagementCaps>;
  /** Bucket length in ms, 1 s to 1 h (default 60,000: one minute). */
  readonly bucketMs?: number;
  readonly dropOffs?: DropOffOptions;
  /** How many questions the "top upvoted" list keeps (default 5). */
  readonly topQuestions?: number;
}

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;
export const DEFAULT_BUCKET_MS = 60_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const MIN_BUCKET_MS = 1_000;
const MAX_BUCKET_MS = 3_600_000;
/** Keeps per-bucket arrays small whatever a caller passes: a day in one-second buckets is too many. */
export const MAX_BUCKETS = 100_000;
const MAX_ATTRIBUTION_WINDOW_DAYS = 365;
const DEFAULT_DROP_OFF_COUNT = 5;
const DEFAULT_MIN_FALL = 1;
const DEFAULT_MIN_FALL_SHARE = 0.02;
const DEFAULT_LOOKBACK_BUCKETS = 2;
const DEFAULT_TOP_QUESTIONS = 5;

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** An amount of money in one currency; amounts in different currencies never add up. */
export interface Money {
  readonly currency: string;
  readonly minor: number;
}

export interface AudienceBucket {
  readonly index: number;
  readonly startAt: number;
  readonly endAt: number;
  /** Concurrency at the bucket's first instant: viewers present at startAt. */
  readonly present: number;
  /** Time-weighted concurrency over the bucket: viewer-ms present in it / its length. */
  readonly averageConcurrency: number;
  /** Presences that began in the bucket (arrivals and returns after a gap). */
  readonly joined: number;
  /** Presences that ended in the bucket, not counting those that lasted to the end of the class. */
  readonly left: number;
  /**
   * Retention to the next minute: of the viewers present at this bucket's start, the share also
   * present at the next bucket's start. Null for the last bucket and when nobody was present.
   */
  readonly stayedToNext: number | null;
  /** Share of all the class's viewers that were present at this bucket's start. */
  readonly shareOfViewers: number | null;
  /**
   * Share of the viewers who had arrived by this bucket's start (their first presence began at
   * or before it) that were present at it: "of everyone who came so far, how many are still here".
   */
  readonly shareOfArrived: number | null;
}

export interface AudienceMetrics {
  /** Distinct learners with at least one attendance row in the class. */
  readonly uniqueViewers: number;
  /** The most viewers present at one instant. */
  readonly peakConcurrency: number;
  /** The first instant the peak was reached; null with no presence at all. */
  readonly peakAt: number | null;
  /**
   * Time-weighted average concurrency: the viewers present, averaged over the class's duration.
   * Equals total watch time / duration.
   */
  readonly averageConcurrency: number;
  /** Sum over viewers of their watch time (their presence, clipped to the class), ms. */
  readonly totalWatchMs: number;
  /** Mean watch time over all viewers, ms; null with no viewers. */
  readonly averageWatchMs: number | null;
  /** Median watch time over all viewers, ms; null with no viewers. */
  readonly medianWatchMs: number | null;
  /** Mean over viewers of (watch time / class duration), 0 to 1; null with no viewers. */
  readonly averageWatchShare: number | null;
  /** One entry per bucket, in time order. */
  readonly buckets: readonly AudienceBucket[];
}

export type MomentKind =
  | 'offer_pushed'
  | 'offer_withdrawn'
  | 'offer_ended'
  | 'poll_opened'
  | 'poll_closed'
  | 'poll_revealed'
  | 'quiz_opened'
  | 'quiz_closed'
  | 'quiz_revealed'
  | 'question_pinned';

/**
 * Something the educator did at a known moment, recorded on an offer, a poll run or a question.
 * (Answering a question is not a moment: a large class has hundreds. Drop-offs count them.)
 */
export interface Moment {
  readonly at: number;
  readonly kind: MomentKind;
  /** The offer, poll run or question id. */
  readonly subjectId: number;
  /** The offer's title, the poll's question, or the question's text. */
  readonly title: string;
}

export interface DropOff {
  readonly bucket: number;
  readonly startAt: number;
  readonly endAt: number;
  /** Viewers present at the bucket's start, and at the next bucket's start. */
  readonly before: number;
  readonly after: number;
  /** before − after: the net fall in concurrency over the bucket. */
  readonly fall: number;
  /** fall / before. */
  readonly fallShare: number;
  readonly joined: number;
  readonly left: number;
  /** What happened just before: from `contextFrom` to the end of the drop bucket. */
  readonly contextFrom: number;
  /** Moments in the context window, most recent first. */
  readonly moments: readonly Moment[];
  /** In-class events in the context window, by kind (kinds with none left out). */
  readonly interactions: Readonly<Record<string, number>>;
  /** Questions answered in the context window. */
  readonly questionsAnswered: number;
}

export interface KindContribution {
  /** In-class events of this kind by the viewer. */
  readonly count: number;
  /** The count after the cap: the events that earn points. */
  readonly counted: number;
  readonly weight: number;
  /** weight × counted. */
  readonly points: number;
  /** points / class minutes: this kind's share of the score. */
  readonly part: number;
}

export interface ViewerEngagement {
  readonly learnerId: number;
  /** watchPart + the parts of every interaction kind. See describeEngagementFormula. */
  readonly score: number;
  readonly watchedMs: number;
  readonly watchedMinutes: number;
  /** watchedMinutes / class minutes: the watch term's share of the score (0 to 1). */
  readonly watchPart: number;
  /**
   * One entry per kind the viewer used (count > 0); a kind left out contributed nothing. (With
   * 10,000 viewers, listing the unused kinds too would double the report's size.)
   */
  readonly interactions: Readonly<Partial<Record<InteractionKind, KindContribution>>>;
  /** Sum of the interaction parts: score − watchPart. */
  readonly interactionPart: number;
  /** In-class events of kinds the score does not know (not scored). */
  readonly otherEvents: number;
}

export interface FormulaTerm {
  /** 'watched_minutes', or an interaction kind (its count, after the cap). */
  readonly term: 'watched_minutes' | InteractionKind;
  readonly weight: number;
  /** At most this many count; null for no cap. */
  readonly cap: number | null;
}

/** The engagement formula as data, for the report to show (and translate) how a score is made. */
export interface EngagementFormula {
  readonly name: 'engagement';
  readonly version: 1;
  /** score = (Σ weight × min(count, cap) over the terms) / denominator. */
  readonly terms: readonly FormulaTerm[];
  readonly denominator: 'session_minutes';
  /** The same in words (English), for logs and the command line. */
  readonly text: string;
}

export interface EngagementMetrics {
  readonly formula: EngagementFormula;
  /** Every viewer, highest score first (ties by learner id). */
  readonly viewers: readonly ViewerEngagement[];
  /** Mean and median score over viewers; null with no viewers. */
  readonly averageScore: number | null;
  readonly medianScore: number | null;
}

export interface InteractionTimeline {
  readonly bucketMs: number;
  /** INTERACTION_KINDS first, then any other kinds seen, alphabetically. */
  readonly kinds: readonly string[];
  /** Per kind, the number of in-class events in each bucket. */
  readonly series: Readonly<Record<string, readonly number[]>>;
  /** Per bucket, all kinds together. */
  readonly total: readonly number[];
  /** In-class events, all kinds (= the sum of `total`). */
  readonly inClass: number;
  /** Events before the class started or after it ended (not in any bucket, never scored). */
  readonly beforeClass: number;
  readonly afterClass: number;
  /** In-class events by learners with no attendance row (in the timeline, not scored). */
  readonly fromNonViewers: number;
}

export interface PollOptionResult {
  readonly index: number;
  readonly text: string;
  /** Voters who chose it. */
  readonly votes: number;
  /** votes / voters; null with no voters. With multiple choice the shares add up to more than 1. */
  readonly share: number | null;
  /** For a quiz with an answer key, whether the option is correct; null otherwise. */
  readonly correct: boolean | null;
}

export interface QuizAnswer {
  readonly learnerId: number;
  /** The chosen set equals the set of correct options. */
  readonly correct: boolean;
  /**
   * Partial credit, 0 to 1: (correct options chosen − wrong options chosen) / correct options,
   * never below 0. 1 exactly when `correct`.
   */
  readonly score: number;
}

export interface QuizResult {
  readonly correctOptions: readonly number[];
  /** Voters whose answer was exactly right. */
  readonly correctVoters: number;
  /** correctVoters / voters; null with no voters. */
  readonly correctShare: number | null;
  /** Mean QuizAnswer.score over voters; null with no voters. */
  readonly averageScore: number | null;
  /** One per voter, in learner id order. */
  readonly answers: readonly QuizAnswer[];
}

export interface PollRunResult {
  readonly runId: number;
  readonly pollId: number;
  readonly kind: 'poll' | 'quiz';
  readonly question: string;
  readonly openedAt: number;
  /** Where the open window ended: closedAt, or the end of the class if it was never closed. */
  readonly closedAt: number;
  readonly revealedAt: number | null;
  /**
   * Viewers who could vote: present at some moment while the run was open
   * [openedAt, closedAt), plus any voter (a vote proves presence).
   */
  readonly eligible: number;
  /** Distinct learners who voted. */
  readonly voters: number;
  /** voters / eligible; null when nobody was eligible. */
  readonly participation: number | null;
  /** Median time from opening to a vote, ms; null with no votes. */
  readonly medianResponseMs: number | null;
  readonly options: readonly PollOptionResult[];
  /** Chosen indexes that are not options of the poll (ignored everywhere). */
  readonly ignoredChoices: number;
  /** For a quiz with an answer key; null for a poll or a quiz without one. */
  readonly quiz: QuizResult | null;
}

export interface LearnerQuizScore {
  readonly learnerId: number;
  /** Quiz runs (with an answer key) the learner answered. */
  readonly answered: number;
  /** ...answered exactly right. */
  readonly correct: number;
  /** Sum of QuizAnswer.score over those runs. */
  readonly score: number;
}

export interface QuestionSummary {
  readonly id: number;
  readonly learnerId: number | null;
  readonly text: string;
  readonly askedAt: number;
  readonly status: QuestionStatus;
  readonly upvotes: number;
  readonly answeredAt: number | null;
  readonly pinnedAt: number | null;
}

export interface QuestionStats {
  /** All questions asked in the class, hidden ones included. */
  readonly asked: number;
  readonly answered: number;
  readonly dismissed: number;
  /** Neither answered nor dismissed. */
  readonly open: number;
  /** Pinned at some point. */
  readonly pinned: number;
  /** Hidden by moderation. */
  readonly hidden: number;
  /** answered / asked; null with no questions. */
  readonly answeredShare: number | null;
  /** Median of (answeredAt − askedAt) over answered questions, ms; null with none. */
  readonly medianTimeToAnswerMs: number | null;
  /** Visible questions with at least one upvote, most upvoted first (then oldest first). */
  readonly topUpvoted: readonly QuestionSummary[];
  /** Visible open questions, most upvoted first (then oldest first): what is left to answer. */
  readonly unanswered: readonly QuestionSummary[];
}

export interface FunnelCounts {
  /**
   * Who could see the offer: for one offer, the viewers present at some moment while it was live
   * (from pushedAt to the first of withdrawnAt, endsAt and the end of the class), plus anyone it
   * reached; in total, every viewer of the class plus anyone reached.
   */
  readonly audience: number;
  /** Distinct learners shown the offer: an impression, or a click (which implies one). */
  readonly reached: number;
  /** Click events. */
  readonly clicks: number;
  /** Distinct learners who clicked. */
  readonly clickers: number;
  /** Orders attributed (see OfferFunnel): each order to at most one offer. */
  readonly orders: number;
  /** ...of which carried the offer's id. */
  readonly directOrders: number;
  /** ...of which were matched by impression and course. */
  readonly matchedOrders: number;
  /** Distinct learners with an attributed order (orders not linked to a learner are not buyers). */
  readonly buyers: number;
  /** Net revenue of the attributed orders, per currency. */
  readonly revenue: readonly Money[];
  /** clickers / reached; null when nobody was reached. */
  readonly clickRate: number | null;
  /**
   * Share of the reached learners who bought through the offer: reached learners with an
   * attributed order / reached; null when nobody was reached. (A buyer who came through a shared
   * checkout link without being reached counts as a buyer, not in this rate.)
   */
  readonly conversionRate: number | null;
}

export interface OfferFunnelRow extends FunnelCounts {
  readonly offerId: number;
  readonly title: string;
  readonly courseId: number | null;
  readonly pushedAt: number;
  readonly priceMinor: number;
  readonly currency: string;
}

/**
 * Attribution (each order counts for at most one offer, so offers never share an order):
 * 1. An order carrying the id of one of this class's offers counts for that offer, whenever it
 *    was placed (it came through the offer's checkout link or coupon). An order carrying another
 *    class's offer id counts for that one, never here.
 * 2. Otherwise an order by learner L at time T counts for the offer whose impression on L is the
 *    latest one with impression.at ≤ T < impression.at + window, among the offers that sell a
 *    course on the order's lines. (Ties: the offer pushed later, then the higher id.)
 */
export interface OfferFunnel {
  readonly attributionWindowDays: number;
  readonly total: FunnelCounts;
  /** In the order the offers were pushed. */
  readonly offers: readonly OfferFunnelRow[];
  /**
   * Viewers who bought this class's course between its start and the end of the attribution
   * window after it ended, through an offer or not; null when the class has no course.
   */
  readonly courseBuyers: {
    readonly buyers: number;
    readonly orders: number;
    readonly revenue: readonly Money[];
  } | null;
}

/**
 * What the class's viewers bought, before it and through it:
 * - *bought before*: viewers with a purchase placed before the class started (data.priorBuyers);
 * - *bought now*: viewers with an order attributed to the class — to one of its offers (see
 *   OfferFunnel), or for its course from its start to the end of the attribution window after it
 *   ended (OfferFunnel.courseBuyers);
 * - *repeat buyers*: both; *new buyers*: bought now but not before.
 */
export interface AttendeePurchases {
  readonly attendees: number;
  /** null when data.priorBuyers is absent (as every figure that needs it). */
  readonly boughtBefore: number | null;
  readonly boughtNow: number;
  readonly repeatBuyers: number | null;
  readonly newBuyers: number | null;
  /** repeatBuyers / boughtBefore: of the viewers who had bought before, the share who bought again now. */
  readonly repurchaseRate: number | null;
  /** newBuyers / (attendees − boughtBefore): of the viewers who had never bought, the share who did now. */
  readonly firstPurchaseRate: number | null;
  /** The learner ids behind the counts, ascending (for per-learner views; not sent whole). */
  readonly boughtBeforeIds: readonly number[] | null;
  readonly boughtNowIds: readonly number[];
}

/** The numbers a class is compared on with the same course's other classes. */
export interface SessionHeadline {
  readonly sessionId: number;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly uniqueViewers: number;
  readonly peakConcurrency: number;
  readonly averageConcurrency: number;
  readonly averageWatchMs: number | null;
  readonly medianWatchMs: number | null;
  readonly averageWatchShare: number | null;
  /** In-class events by viewers, of the scored kinds. */
  readonly interactions: number;
  /** interactions / uniqueViewers; null with no viewers. */
  readonly interactionsPerViewer: number | null;
  readonly averageEngagement: number | null;
  readonly questions: number;
  readonly answeredShare: number | null;
  readonly medianTimeToAnswerMs: number | null;
  /** Mean participation over the class's poll and quiz runs; null with none. */
  readonly pollParticipation: number | null;
  /** Over all quiz runs with an answer key: exactly right answers / answers; null with none. */
  readonly quizCorrectShare: number | null;
  readonly offerReached: number;
  readonly offerClickRate: number | null;
  readonly offerBuyers: number;
  readonly offerConversionRate: number | null;
  readonly attributedOrders: number;
  readonly revenue: readonly Money[];
  /** AttendeePurchases.repurchaseRate. */
  readonly repurchaseRate: number | null;
}

export interface SessionMetrics {
  readonly sessionId: number;
  readonly courseId: number | null;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
  readonly bucketMs: number;
  readonly audience: AudienceMetrics;
  /** The minutes where concurrency fell most, biggest fall first. */
  readonly dropOffs: readonly DropOff[];
  readonly engagement: EngagementMetrics;
  readonly timeline: InteractionTimeline;
  /** In the order the runs were opened. */
  readonly polls: readonly PollRunResult[];
  /** Per learner over the class's quizzes, highest score first (then more correct, then id). */
  readonly quizScores: readonly LearnerQuizScore[];
  readonly questions: QuestionStats;
  readonly offers: OfferFunnel;
  readonly purchases: AttendeePurchases;
  readonly headline: SessionHeadline;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkObject(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new TypeError(`${path} must be an object (got ${show(value)})`);
  return value;
}

function checkArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${path} must be an array (got ${show(value)})`);
  return value;
}

function checkTime(value: unknown, path: string): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${path} must be a number of epoch ms (got ${show(value)})`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${path} must be a whole number of epoch ms (got ${value})`);
  }
  return value;
}

function checkTimeOrNull(value: unknown, path: string): number | null {
  return value === null ? null : checkTime(value, path);
}

function checkId(value: unknown, path: string): number {
  if (typeof value !== 'number')
    throw new TypeError(`${path} must be an id number (got ${show(value)})`);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${path} must be a whole number, 1 or more (got ${value})`);
  }
  return value;
}

function checkIdOrNull(value: unknown, path: string): number | null {
  return value === null ? null : checkId(value, path);
}

function checkString(value: unknown, path: string): string {
  if (typeof value !== 'string')
    throw new TypeError(`${path} must be a string (got ${show(value)})`);
  return value;
}

function checkCount(value: unknown, path: string): number {
  if (typeof value !== 'number')
    throw new TypeError(`${path} must be a number (got ${show(value)})`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${path} must be a whole number, 0 or more (got ${value})`);
  }
  return value;
}

function checkCurrency(value: unknown, path: string): string {
  const text = checkString(value, path);
  if (!/^[A-Z]{3}$/.test(text)) {
    throw new RangeError(
      `${path} must be a 3-letter ISO 4217 code in capitals (got ${show(text)})`,
    );
  }
  return text;
}

function checkIndexList(value: unknown, path: string): void {
  const list = checkArray(value, path);
  list.forEach((item, i) => {
    if (typeof item !== 'number')
      throw new TypeError(`${path}[${i}] must be a number (got ${show(item)})`);
    if (!Number.isSafeInteger(item) || item < 0) {
      throw new RangeError(`${path}[${i}] must be a whole number, 0 or more (got ${item})`);
    }
  });
}

const STATUSES: readonly QuestionStatus[] = ['open', 'answered', 'dismissed'];
const DATA_FIELDS = ['attendance', 'events', 'questions', 'pollRuns', 'offers', 'orders'] as const;

/**
 * Checks a SessionData from an untrusted or untyped source; throws on the first bad field with a
 * message naming it (`data.events[12].at must be a whole number of epoch ms (got 1.5)`).
 * @throws TypeError for a wrong type, RangeError for a value out of range
 */
export function assertSessionData(data: unknown): asserts data is SessionData {
  if (!isRecord(data)) {
    throw new TypeError(
      `data must be an object with session, attendance, events, questions, pollRuns, offers and orders (got ${show(data)})`,
    );
  }
  const session = checkObject(data.session, 'data.session');
  checkId(session.id, 'data.session.id');
  const startedAt = checkTime(session.startedAt, 'data.session.startedAt');
  const endedAt = checkTime(session.endedAt, 'data.session.endedAt');
  checkIdOrNull(session.courseId, 'data.session.courseId');
  if (endedAt <= startedAt) {
    throw new RangeError(
      `data.session.endedAt (${endedAt}) must be after data.session.startedAt (${startedAt})`,
    );
  }
  for (const field of DATA_FIELDS) checkArray(data[field], `data.${field}`);
  const list = (field: (typeof DATA_FIELDS)[number]): readonly unknown[] =>
    data[field] as readonly unknown[];

  list('attendance').forEach((item, i) => {
    const path = `data.attendance[${i}]`;
    const row = checkObject(item, path);
    checkId(row.learnerId, `${path}.learnerId`);
    const joinedAt = checkTime(row.joinedAt, `${path}.joinedAt`);
    const leftAt = checkTimeOrNull(row.leftAt, `${path}.leftAt`);
    const lastSeenAt = checkTime(row.lastSeenAt, `${path}.lastSeenAt`);
    if (leftAt !== null && leftAt < joinedAt) {
      throw new RangeError(
        `${path}.leftAt (${leftAt}) must not be before its joinedAt (${joinedAt})`,
      );
    }
    if (lastSeenAt < joinedAt) {
      throw new RangeError(
        `${path}.lastSeenAt (${lastSeenAt}) must not be before its joinedAt (${joinedAt})`,
      );
    }
  });

  // A million events at the largest size: checked inline, without a closure per field.
  const events = list('events');
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!isRecord(event))
      throw new TypeError(`data.events[${i}] must be an object (got ${show(event)})`);
    if (event.learnerId !== null) checkId(event.learnerId, `data.events[${i}].learnerId`);
    if (typeof event.kind !== 'string' || event.kind.length === 0) {
      throw new TypeError(
        `data.events[${i}].kind must be a non-empty string (got ${show(event.kind)})`,
      );
    }
    checkTime(event.at, `data.events[${i}].at`);
  }

  list('questions').forEach((item, i) => {
    const path = `data.questions[${i}]`;
    const q = checkObject(item, path);
    checkId(q.id, `${path}.id`);
    checkIdOrNull(q.learnerId, `${path}.learnerId`);
    checkString(q.text, `${path}.text`);
    checkTime(q.askedAt, `${path}.askedAt`);
    if (!STATUSES.includes(q.status as QuestionStatus)) {
      throw new RangeError(
        `${path}.status must be one of ${STATUSES.join(', ')} (got ${show(q.status)})`,
      );
    }
    checkTimeOrNull(q.answeredAt, `${path}.answeredAt`);
    checkTimeOrNull(q.pinnedAt, `${path}.pinnedAt`);
    if (typeof q.hidden !== 'boolean') {
      throw new TypeError(`${path}.hidden must be a boolean (got ${show(q.hidden)})`);
    }
    checkCount(q.upvotes, `${path}.upvotes`);
  });

  list('pollRuns').forEach((item, i) => {
    const path = `data.pollRuns[${i}]`;
    const run = checkObject(item, path);
    checkId(run.id, `${path}.id`);
    checkId(run.pollId, `${path}.pollId`);
    if (run.kind !== 'poll' && run.kind !== 'quiz') {
      throw new RangeError(`${path}.kind must be "poll" or "quiz" (got ${show(run.kind)})`);
    }
    checkString(run.question, `${path}.question`);
    const options = checkArray(run.options, `${path}.options`);
    if (options.length === 0) throw new RangeError(`${path}.options must not be empty`);
    options.forEach((option, j) => checkString(option, `${path}.options[${j}]`));
    if (typeof run.multiple !== 'boolean') {
      throw new TypeError(`${path}.multiple must be a boolean (got ${show(run.multiple)})`);
    }
    if (run.correct !== null) {
      checkIndexList(run.correct, `${path}.correct`);
      (run.correct as readonly number[]).forEach((index, j) => {
        if (index >= options.length) {
          throw new RangeError(
            `${path}.correct[${j}] must be the index of one of the ${options.length} options (got ${index})`,
          );
        }
      });
    }
    const openedAt = checkTime(run.openedAt, `${path}.openedAt`);
    const closedAt = checkTimeOrNull(run.closedAt, `${path}.closedAt`);
    if (closedAt !== null && closedAt < openedAt) {
      throw new RangeError(
        `${path}.closedAt (${closedAt}) must not be before its openedAt (${openedAt})`,
      );
    }
    checkTimeOrNull(run.revealedAt, `${path}.revealedAt`);
    checkArray(run.votes, `${path}.votes`).forEach((vote, j) => {
      const votePath = `${path}.votes[${j}]`;
      const v = checkObject(vote, votePath);
      checkId(v.learnerId, `${votePath}.learnerId`);
      checkIndexList(v.choices, `${votePath}.choices`);
      checkTime(v.at, `${votePath}.at`);
    });
  });

  list('offers').forEach((item, i) => {
    const path = `data.offers[${i}]`;
    const offer = checkObject(item, path);
    checkId(offer.id, `${path}.id`);
    checkIdOrNull(offer.courseId, `${path}.courseId`);
    checkString(offer.title, `${path}.title`);
    checkCount(offer.priceMinor, `${path}.priceMinor`);
    checkCurrency(offer.currency, `${path}.currency`);
    checkTime(offer.pushedAt, `${path}.pushedAt`);
    checkTimeOrNull(offer.endsAt, `${path}.endsAt`);
    checkTimeOrNull(offer.withdrawnAt, `${path}.withdrawnAt`);
    for (const field of ['impressions', 'clicks'] as const) {
      checkArray(offer[field], `${path}.${field}`).forEach((entry, j) => {
        const entryPath = `${path}.${field}[${j}]`;
        const e = checkObject(entry, entryPath);
        checkId(e.learnerId, `${entryPath}.learnerId`);
        checkTime(e.at, `${entryPath}.at`);
      });
    }
  });

  list('orders').forEach((item, i) => {
    const path = `data.orders[${i}]`;
    const order = checkObject(item, path);
    checkId(order.id, `${path}.id`);
    checkIdOrNull(order.learnerId, `${path}.learnerId`);
    checkTime(order.orderedAt, `${path}.orderedAt`);
    checkIdOrNull(order.offerId, `${path}.offerId`);
    checkArray(order.courseIds, `${path}.courseIds`).forEach((id, j) =>
      checkId(id, `${path}.courseIds[${j}]`),
    );
    if (typeof order.netMinor !== 'number') {
      throw new TypeError(
        `${path}.netMinor must be a number of minor units (got ${show(order.netMinor)})`,
      );
    }
    if (!Number.isSafeInteger(order.netMinor)) {
      throw new RangeError(
        `${path}.netMinor must be a whole number of minor units (got ${order.netMinor})`,
      );
    }
    checkCurrency(order.currency, `${path}.currency`);
  });

  if (data.priorBuyers !== undefined) {
    checkArray(data.priorBuyers, 'data.priorBuyers').forEach((id, i) =>
      checkId(id, `data.priorBuyers[${i}]`),
    );
  }
}

interface ResolvedOptions {
  attributionWindowDays: number;
  windowMs: number;
  weights: EngagementWeights;
  caps: EngagementCaps;
  bucketMs: number;
  dropCount: number;
  minFall: number;
  minFallShare: number;
  lookbackBuckets: number;
  topQuestions: number;
}

function wholeOption(
  value: unknown,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(
      `options.${name} must be a whole number from ${min} to ${max} (got ${show(value)})`,
    );
  }
  return value;
}

function kindRecord<T>(
  value: unknown,
  name: string,
  defaults: Readonly<Record<InteractionKind, T>>,
  check: (entry: unknown, path: string) => T,
): Record<InteractionKind, T> {
  const result = { ...defaults };
  if (value === undefined) return result;
  if (!isRecord(value))
    throw new TypeError(`options.${name} must be an object (got ${show(value)})`);
  for (const [key, entry] of Object.entries(value)) {
    if (!(INTERACTION_KINDS as readonly string[]).includes(key)) {
      throw new RangeError(
        `options.${name}.${key} is not an interaction kind (expected one of ${INTERACTION_KINDS.join(', ')})`,
      );
    }
    if (entry === undefined) continue;
    result[key as InteractionKind] = check(entry, `options.${name}.${key}`);
  }
  return result;
}

function checkWeight(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${path} must be a finite number, 0 or more (got ${show(value)})`);
  }
  return value;
}

function checkCap(value: unknown, path: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `${path} must be a whole number, 0 or more, or null for no cap (got ${show(value)})`,
    );
  }
  return value;
}

/** Resolves options over their defaults; throws a RangeError or TypeError naming a bad one. */
function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) options = {};
  if (!isRecord(options)) throw new TypeError(`options must be an object (got ${show(options)})`);
  const days = options.attributionWindowDays ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS;
  if (
    typeof days !== 'number' ||
    !Number.isFinite(days) ||
    days <= 0 ||
    days > MAX_ATTRIBUTION_WINDOW_DAYS
  ) {
    throw new RangeError(
      `options.attributionWindowDays must be a number of days above 0 and at most ${MAX_ATTRIBUTION_WINDOW_DAYS} (got ${show(days)})`,
    );
  }
  const dropOffs = options.dropOffs ?? {};
  if (!isRecord(dropOffs)) {
    throw new TypeError(`options.dropOffs must be an object (got ${show(dropOffs)})`);
  }
  const minFallShare = dropOffs.minFallShare ?? DEFAULT_MIN_FALL_SHARE;
  if (typeof minFallShare !== 'number' || !(minFallShare >= 0 && minFallShare <= 1)) {
    throw new RangeError(
      `options.dropOffs.minFallShare must be a number from 0 to 1 (got ${show(minFallShare)})`,
    );
  }
  return {
    attributionWindowDays: days,
    windowMs: Math.round(days * DAY_MS),
    weights: kindRecord(options.weights, 'weights', DEFAULT_ENGAGEMENT_WEIGHTS, checkWeight),
    caps: kindRecord(options.caps, 'caps', DEFAULT_ENGAGEMENT_CAPS, checkCap),
    bucketMs: wholeOption(
      options.bucketMs,
      'bucketMs',
      MIN_BUCKET_MS,
      MAX_BUCKET_MS,
      DEFAULT_BUCKET_MS,
    ),
    dropCount: wholeOption(dropOffs.count, 'dropOffs.count', 0, 1_000, DEFAULT_DROP_OFF_COUNT),
    minFall: wholeOption(
      dropOffs.minFall,
      'dropOffs.minFall',
      1,
      Number.MAX_SAFE_INTEGER,
      DEFAULT_MIN_FALL,
    ),
    minFallShare,
    lookbackBuckets: wholeOption(
      dropOffs.lookbackBuckets,
      'dropOffs.lookbackBuckets',
      0,
      1_000,
      DEFAULT_LOOKBACK_BUCKETS,
    ),
    topQuestions: wholeOption(
      options.topQuestions,
      'topQuestions',
      0,
      10_000,
      DEFAULT_TOP_QUESTIONS,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Engagement formula
// ---------------------------------------------------------------------------------------------

/**
 * The engagement score of a viewer, as data:
 *
 *   score = (watched minutes + Σ over kinds of weight(kind) × min(count(kind), cap(kind)))
 *           / class minutes
 *
 * where watched minutes is the viewer's watch time (presence clipped to the class) and count(kind)
 * their in-class events of that kind. A viewer who watched the whole class and did nothing scores
 * 1; one who watched half of it scores 0.5 plus whatever their interactions earned, so a score
 * above 1 means "more engaged than a silent full-time viewer". With the default weights a question
 * is worth three watched minutes, a chat message one, a reaction a tenth (the first 30 only).
 */
export function describeEngagementFormula(
  weights: Partial<EngagementWeights> = {},
  caps: Partial<EngagementCaps> = {},
): EngagementFormula {
  const resolved = resolveOptions({ weights, caps });
  const terms: FormulaTerm[] = [
    { term: 'watched_minutes', weight: 1, cap: null },
    ...INTERACTION_KINDS.map((kind) => ({
      term: kind,
      weight: resolved.weights[kind],
      cap: resolved.caps[kind],
    })),
  ];
  const parts = terms
    .slice(1)
    .map((t) => `${t.weight} × ${t.cap === null ? t.term : `min(${t.term}, ${t.cap})`}`);
  return {
    name: 'engagement',
    version: 1,
    terms,
    denominator: 'session_minutes',
    text: `score = (watched_minutes + ${parts.join(' + ')}) / session_minutes`,
  };
}

// ---------------------------------------------------------------------------------------------
// Computation
// ---------------------------------------------------------------------------------------------

const KNOWN_KIND_INDEX = new Map<string, number>(INTERACTION_KINDS.map((kind, i) => [kind, i]));
const KIND_COUNT = INTERACTION_KINDS.length;

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function medianOrNull(values: number[]): number | null {
  return values.length === 0 ? null : median(values);
}

function meanOrNull(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** How many members of `set` are also in `of`. */
function countIn(set: ReadonlySet<number>, of: ReadonlySet<number>): number {
  let n = 0;
  for (const id of set) if (of.has(id)) n++;
  return n;
}

/** Adds amounts per currency; returns them sorted by currency code. */
class MoneyTotals {
  readonly #totals = new Map<string, number>();
  add(currency: string, minor: number): void {
    this.#totals.set(currency, (this.#totals.get(currency) ?? 0) + minor);
  }
  list(): Money[] {
    return [...this.#totals]
      .sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))
      .map(([currency, minor]) => ({ currency, minor }));
  }
}

/** Below this many ids, or this many per viewer, learner ids are looked up in a typed array. */
const DENSE_LOOKUP_MIN_IDS = 1_000_000;
const DENSE_LOOKUP_IDS_PER_VIEWER = 64;

/** Viewers' presence: per viewer, disjoint, sorted, non-touching intervals inside the class. */
interface Presence {
  /** Viewer index → learner id, ascending. */
  learnerIds: number[];
  viewerIndex: Map<number, number>;
  /** Learner id → viewer index, or −1: the per-event lookup (a typed array when ids are dense). */
  viewerOf: (learnerId: number) => number;
  /** Viewer v's intervals are [start[k], end[k]) for k in [first[v], first[v] + count[v]). */
  first: Int32Array;
  count: Int32Array;
  start: number[];
  end: number[];
  watchedMs: Float64Array;
}

function buildPresence(
  attendance: readonly AttendanceInterval[],
  startedAt: number,
  endedAt: number,
): Presence {
  const byLearner = new Map<number, [number, number][]>();
  for (const row of attendance) {
    let list = byLearner.get(row.learnerId);
    if (!list) {
      list = [];
      byLearner.set(row.learnerId, list);
    }
    const from = Math.max(row.joinedAt, startedAt);
    const to = Math.min(row.leftAt ?? row.lastSeenAt, endedAt);
    if (to > from) list.push([from, to]);
  }
  const learnerIds = [...byLearner.keys()].sort((p, q) => p - q);
  const viewers = learnerIds.length;
  const presence: Presence = {
    learnerIds,
    viewerIndex: new Map(learnerIds.map((id, v) => [id, v])),
    viewerOf: () => -1,
    first: new Int32Array(viewers),
    count: new Int32Array(viewers),
    start: [],
    end: [],
    watchedMs: new Float64Array(viewers),
  };
  const maxId = learnerIds.at(-1) ?? 0;
  if (maxId <= Math.max(DENSE_LOOKUP_MIN_IDS, DENSE_LOOKUP_IDS_PER_VIEWER * viewers)) {
    // A million events each look their learner up: an array index is several times a Map's speed.
    const table = new Int32Array(maxId + 1).fill(-1);
    learnerIds.forEach((id, v) => (table[id] = v));
    presence.viewerOf = (id) => (id <= maxId ? (table[id] ?? -1) : -1);
  } else {
    presence.viewerOf = (id) => presence.viewerIndex.get(id) ?? -1;
  }
  learnerIds.forEach((learnerId, v) => {
    const list = byLearner.get(learnerId) ?? [];
    list.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    presence.first[v] = presence.start.length;
    let open: [number, number] | null = null;
    const close = (interval: [number, number]): void => {
      presence.start.push(interval[0]);
      presence.end.push(interval[1]);
      presence.watchedMs[v] = (presence.watchedMs[v] ?? 0) + interval[1] - interval[0];
    };
    for (const interval of list) {
      if (open && interval[0] <= open[1]) open[1] = Math.max(open[1], interval[1]);
      else {
        if (open) close(open);
        open = [interval[0], interval[1]];
      }
    }
    if (open) close(open);
    presence.count[v] = presence.start.length - (presence.first[v] ?? 0);
  });
  return presence;
}

/** Whether viewer v was present at some moment in [from, to). */
function presentDuring(presence: Presence, v: number, from: number, to: number): boolean {
  const first = presence.first[v] ?? 0;
  const last = first + (presence.count[v] ?? 0);
  for (let k = first; k < last; k++) {
    if ((presence.start[k] ?? 0) < to && (presence.end[k] ?? 0) > from) return true;
  }
  return false;
}

function peakOf(presence: Presence): { peak: number; peakAt: number | null } {
  const starts = Float64Array.from(presence.start).sort();
  const ends = Float64Array.from(presence.end).sort();
  let current = 0;
  let peak = 0;
  let peakAt: number | null = null;
  let j = 0;
  for (const at of starts) {
    // A leave and a join at the same instant are a hand-over, not an overlap (half-open).
    while (j < ends.length && (ends[j] ?? 0) <= at) {
      current--;
      j++;
    }
    current++;
    if (current > peak) {
      peak = current;
      peakAt = at;
    }
  }
  return { peak, peakAt };
}

interface Buckets {
  count: number;
  bucketMs: number;
  startedAt: number;
  endedAt: number;
  startOf: (i: number) => number;
  endOf: (i: number) => number;
  /** The bucket holding instant t (startedAt ≤ t ≤ endedAt). */
  of: (t: number) => number;
}

function makeBuckets(startedAt: number, endedAt: number, bucketMs: number): Buckets {
  const count = Math.ceil((endedAt - startedAt) / bucketMs);
  if (count > MAX_BUCKETS) {
    throw new RangeError(
      `the class is too long for options.bucketMs: ${count} buckets of ${bucketMs} ms (at most ${MAX_BUCKETS}); use longer buckets`,
    );
  }
  return {
    count,
    bucketMs,
    startedAt,
    endedAt,
    startOf: (i) => startedAt + i * bucketMs,
    endOf: (i) => Math.min(endedAt, startedAt + (i + 1) * bucketMs),
    of: (t) => Math.min(count - 1, Math.floor((t - startedAt) / bucketMs)),
  };
}

function audienceMetrics(presence: Presence, b: Buckets): AudienceMetrics {
  const M = b.count;
  const duration = b.endedAt - b.startedAt;
  const viewers = presence.learnerIds.length;
  const presentDiff = new Int32Array(M + 1);
  const pairDiff = new Int32Array(M + 1);
  const arrivedDiff = new Int32Array(M + 1);
  const partialMs = new Float64Array(M);
  const fullDiff = new Int32Array(M + 1);
  const joined = new Int32Array(M);
  const left = new Int32Array(M);
  // Index of the first sample instant (bucket start) at or after t.
  const firstSampleAtOrAfter = (t: number): number => Math.ceil((t - b.startedAt) / b.bucketMs);

  let totalWatchMs = 0;
  const watch: number[] = [];
  for (let v = 0; v < viewers; v++) {
    const first = presence.first[v] ?? 0;
    const last = first + (presence.count[v] ?? 0);
    watch.push(presence.watchedMs[v] ?? 0);
    totalWatchMs += presence.watchedMs[v] ?? 0;
    if (last > first) {
      const arrived = firstSampleAtOrAfter(presence.start[first] ?? 0);
      if (arrived < M) arrivedDiff[arrived] = (arrivedDiff[arrived] ?? 0) + 1;
    }
    // Sample ranges [p, q] (bucket starts inside the presence), merged when adjacent: a viewer
    // present at two consecutive bucket starts "stayed", even with a short gap in between.
    let rangeFrom = -1;
    let rangeTo = -2;
    const flush = (): void => {
      if (rangeFrom < 0) return;
      presentDiff[rangeFrom] = (presentDiff[rangeFrom] ?? 0) + 1;
      presentDiff[rangeTo + 1] = (presentDiff[rangeTo + 1] ?? 0) - 1;
      if (rangeTo > rangeFrom) {
        pairDiff[rangeFrom] = (pairDiff[rangeFrom] ?? 0) + 1;
        pairDiff[rangeTo] = (pairDiff[rangeTo] ?? 0) - 1;
      }
    };
    for (let k = first; k < last; k++) {
      const a = presence.start[k] ?? 0;
      const e = presence.end[k] ?? 0;
      const p = firstSampleAtOrAfter(a);
      const q = firstSampleAtOrAfter(e) - 1;
      if (p <= q) {
        if (p === rangeTo + 1) rangeTo = q;
        else {
          flush();
          rangeFrom = p;
          rangeTo = q;
        }
      }
      joined[b.of(a)] = (joined[b.of(a)] ?? 0) + 1;
      if (e < b.endedAt) left[b.of(e)] = (left[b.of(e)] ?? 0) + 1;
      // Viewer-ms per bucket: partial ends, and whole buckets in between through a difference array.
      const ia = b.of(a);
      const ib = Math.min(M - 1, Math.ceil((e - b.startedAt) / b.bucketMs) - 1);
      if (ia === ib) partialMs[ia] = (partialMs[ia] ?? 0) + (e - a);
      else {
        partialMs[ia] = (partialMs[ia] ?? 0) + (b.startOf(ia + 1) - a);
        partialMs[ib] = (partialMs[ib] ?? 0) + (e - b.startOf(ib));
        if (ib > ia + 1) {
          fullDiff[ia + 1] = (fullDiff[ia + 1] ?? 0) + 1;
          fullDiff[ib] = (fullDiff[ib] ?? 0) - 1;
        }
      }
    }
    flush();
  }

  const buckets: AudienceBucket[] = [];
  let present = 0;
  let pairs = 0;
  let arrived = 0;
  let full = 0;
  const presentAt = new Int32Array(M);
  for (let i = 0; i < M; i++) {
    present += presentDiff[i] ?? 0;
    presentAt[i] = present;
  }
  for (let i = 0; i < M; i++) {
    pairs += pairDiff[i] ?? 0;
    arrived += arrivedDiff[i] ?? 0;
    full += fullDiff[i] ?? 0;
    const here = presentAt[i] ?? 0;
    const startAt = b.startOf(i);
    const endAt = b.endOf(i);
    buckets.push({
      index: i,
      startAt,
      endAt,
      present: here,
      averageConcurrency: ((partialMs[i] ?? 0) + full * b.bucketMs) / (endAt - startAt),
      joined: joined[i] ?? 0,
      left: left[i] ?? 0,
      stayedToNext: i < M - 1 ? ratio(pairs, here) : null,
      shareOfViewers: ratio(here, viewers),
      shareOfArrived: ratio(here, arrived),
    });
  }

  const { peak, peakAt } = peakOf(presence);
  return {
    uniqueViewers: viewers,
    peakConcurrency: peak,
    peakAt,
    averageConcurrency: totalWatchMs / duration,
    totalWatchMs,
    averageWatchMs: viewers > 0 ? totalWatchMs / viewers : null,
    medianWatchMs: medianOrNull(watch),
    averageWatchShare: viewers > 0 ? totalWatchMs / viewers / duration : null,
    buckets,
  };
}

/** Per-bucket event counts by kind, and per-viewer counts of the scored kinds. */
interface EventCounts {
  timeline: InteractionTimeline;
  /** viewer v, kind k → count at [v * KIND_COUNT + k]. */
  perViewer: Int32Array;
  otherPerViewer: Int32Array;
  /** In-class events by viewers of the scored kinds. */
  scoredInteractions: number;
}

function countEvents(events: readonly SessionEvent[], presence: Presence, b: Buckets): EventCounts {
  const M = b.count;
  const viewers = presence.learnerIds.length;
  const perViewer = new Int32Array(viewers * KIND_COUNT);
  const otherPerViewer = new Int32Array(viewers);
  const kindIndex = new Map(KNOWN_KIND_INDEX);
  const kindNames: string[] = [...INTERACTION_KINDS];
  const series: Int32Array[] = INTERACTION_KINDS.map(() => new Int32Array(M));
  let before = 0;
  let after = 0;
  let inClass = 0;
  let fromNonViewers = 0;
  let scored = 0;
  const { startedAt, endedAt, bucketMs } = b;
  for (const event of events) {
    const at = event.at;
    if (at < startedAt) {
      before++;
      continue;
    }
    if (at > endedAt) {
      after++;
      continue;
    }
    inClass++;
    let k = kindIndex.get(event.kind);
    if (k === undefined) {
      k = kindNames.length;
      kindIndex.set(event.kind, k);
      kindNames.push(event.kind);
      series.push(new Int32Array(M));
    }
    const bucket = Math.min(M - 1, Math.floor((at - startedAt) / bucketMs));
    const row = series[k];
    if (row) row[bucket] = (row[bucket] ?? 0) + 1;
    if (event.learnerId === null) continue;
    const v = presence.viewerOf(event.learnerId);
    if (v < 0) {
      fromNonViewers++;
      continue;
    }
    if (k < KIND_COUNT) {
      perViewer[v * KIND_COUNT + k] = (perViewer[v * KIND_COUNT + k] ?? 0) + 1;
      scored++;
    } else otherPerViewer[v] = (otherPerViewer[v] ?? 0) + 1;
  }

  // Known kinds first, the others alphabetically.
  const order = kindNames.map((_, i) => i);
  order.sort((p, q) => {
    if (p < KIND_COUNT || q < KIND_COUNT) return p - q;
    const a = kindNames[p] ?? '';
    const c = kindNames[q] ?? '';
    return a < c ? -1 : a > c ? 1 : 0;
  });
  const total = new Array<number>(M).fill(0);
  const seriesOut: Record<string, number[]> = {};
  for (const i of order) {
    const row = Array.from(series[i] ?? []);
    seriesOut[kindNames[i] ?? ''] = row;
    row.forEach((n, m) => (total[m] = (total[m] ?? 0) + n));
  }
  return {
    timeline: {
      bucketMs,
      kinds: order.map((i) => kindNames[i] ?? ''),
      series: seriesOut,
      total,
      inClass,
      beforeClass: before,
      afterClass: after,
      fromNonViewers,
    },
    perViewer,
    otherPerViewer,
    scoredInteractions: scored,
  };
}

function engagementMetrics(
  presence: Presence,
  counts: EventCounts,
  durationMs: number,
  options: ResolvedOptions,
): EngagementMetrics {
  const sessionMinutes = durationMs / MINUTE_MS;
  const viewers: ViewerEngagement[] = presence.learnerIds.map((learnerId, v) => {
    const watchedMs = presence.watchedMs[v] ?? 0;
    const watchedMinutes = watchedMs / MINUTE_MS;
    const watchPart = watchedMinutes / sessionMinutes;
    let interactionPart = 0;
    const interactions: Partial<Record<InteractionKind, KindContribution>> = {};
    INTERACTION_KINDS.forEach((kind, k) => {
      const count = counts.perViewer[v * KIND_COUNT + k] ?? 0;
      if (count === 0) return;
      const cap = options.caps[kind];
      const counted = cap === null ? count : Math.min(count, cap);
      const weight = options.weights[kind];
      const points = weight * counted;
      const part = points / sessionMinutes;
      interactionPart += part;
      interactions[kind] = { count, counted, weight, points, part };
    });
    return {
      learnerId,
      score: watchPart + interactionPart,
      watchedMs,
      watchedMinutes,
      watchPart,
      interactions,
      interactionPart,
      otherEvents: counts.otherPerViewer[v] ?? 0,
    };
  });
  const scores = viewers.map((viewer) => viewer.score);
  viewers.sort((p, q) => q.score - p.score || p.learnerId - q.learnerId);
  return {
    formula: describeEngagementFormula(options.weights, options.caps),
    viewers,
    averageScore: meanOrNull(scores),
    medianScore: medianOrNull(scores),
  };
}

function collectMoments(data: SessionData): Moment[] {
  const moments: Moment[] = [];
  for (const offer of data.offers) {
    moments.push({
      at: offer.pushedAt,
      kind: 'offer_pushed',
      subjectId: offer.id,
      title: offer.title,
    });
    if (offer.withdrawnAt !== null) {
      moments.push({
        at: offer.withdrawnAt,
        kind: 'offer_withdrawn',
        subjectId: offer.id,
        title: offer.title,
      });
    }
    if (offer.endsAt !== null) {
      moments.push({
        at: offer.endsAt,
        kind: 'offer_ended',
        subjectId: offer.id,
        title: offer.title,
      });
    }
  }
  for (const run of data.pollRuns) {
    const quiz = run.kind === 'quiz';
    const base = { subjectId: run.id, title: run.question };
    moments.push({ ...base, at: run.openedAt, kind: quiz ? 'quiz_opened' : 'poll_opened' });
    if (run.closedAt !== null) {
      moments.push({ ...base, at: run.closedAt, kind: quiz ? 'quiz_closed' : 'poll_closed' });
    }
    if (run.revealedAt !== null) {
      moments.push({ ...base, at: run.revealedAt, kind: quiz ? 'quiz_revealed' : 'poll_revealed' });
    }
  }
  for (const question of data.questions) {
    if (question.hidden) continue;
    const base = { subjectId: question.id, title: question.text };
    if (question.pinnedAt !== null) {
      moments.push({ ...base, at: question.pinnedAt, kind: 'question_pinned' });
    }
  }
  // Most recent first; at one instant, in the order of the kinds' list above.
  return moments
    .map((moment, i) => ({ moment, i }))
    .sort((p, q) => q.moment.at - p.moment.at || p.i - q.i)
    .map(({ moment }) => moment);
}

function dropOffs(
  audience: AudienceMetrics,
  timeline: InteractionTimeline,
  moments: readonly Moment[],
  questions: readonly SessionQuestion[],
  b: Buckets,
  options: ResolvedOptions,
): DropOff[] {
  const buckets = audience.buckets;
  const candidates: { i: number; fall: number }[] = [];
  for (let i = 0; i + 1 < buckets.length; i++) {
    const before = buckets[i]?.present ?? 0;
    const fall = before - (buckets[i + 1]?.present ?? 0);
    if (fall > 0 && fall >= options.minFall && fall >= options.minFallShare * before) {
      candidates.push({ i, fall });
    }
  }
  candidates.sort((p, q) => q.fall - p.fall || p.i - q.i);
  return candidates.slice(0, options.dropCount).map(({ i, fall }) => {
    const bucket = buckets[i];
    const next = buckets[i + 1];
    if (!bucket || !next) throw new Error(`no bucket ${i}`);
    const fromBucket = Math.max(0, i - options.lookbackBuckets);
    const contextFrom = b.startOf(fromBucket);
    const interactions: Record<string, number> = {};
    for (const kind of timeline.kinds) {
      const row = timeline.series[kind] ?? [];
      let n = 0;
      for (let m = fromBucket; m <= i; m++) n += row[m] ?? 0;
      if (n > 0) interactions[kind] = n;
    }
    return {
      bucket: i,
      startAt: bucket.startAt,
      endAt: bucket.endAt,
      before: bucket.present,
      after: next.present,
      fall,
      fallShare: fall / bucket.present,
      joined: bucket.joined,
      left: bucket.left,
      contextFrom,
      moments: moments.filter((m) => m.at >= contextFrom && m.at < bucket.endAt),
      interactions,
      questionsAnswered: questions.filter(
        (q) =>
          q.status === 'answered' &&
          q.answeredAt !== null &&
          q.answeredAt >= contextFrom &&
          q.answeredAt < bucket.endAt,
      ).length,
    };
  });
}

function pollResults(
  data: SessionData,
  presence: Presence,
): { polls: PollRunResult[]; quizScores: LearnerQuizScore[] } {
  const viewers = presence.learnerIds.length;
  const quizTotals = new Map<number, { answered: number; correct: number; score: number }>();
  const runs = data.pollRuns
    .map((run, i) => ({ run, i }))
    .sort((p, q) => p.run.openedAt - q.run.openedAt || p.i - q.i)
    .map(({ run }) => run);
  const polls = runs.map((run): PollRunResult => {
    const closedAt = run.closedAt ?? data.session.endedAt;
    const voterIds = new Set<number>();
    const optionVotes = new Array<number>(run.options.length).fill(0);
    let ignoredChoices = 0;
    const responses: number[] = [];
    const key = run.kind === 'quiz' && run.correct !== null ? new Set(run.correct) : null;
    const answers: QuizAnswer[] = [];
    const votes = [...run.votes].sort((p, q) => p.learnerId - q.learnerId || p.at - q.at);
    for (const vote of votes) {
      // One vote per learner per run (the table's key); a repeat in the input is ignored.
      if (voterIds.has(vote.learnerId)) continue;
      voterIds.add(vote.learnerId);
      responses.push(Math.max(0, vote.at - run.openedAt));
      const chosen = new Set<number>();
      for (const choice of vote.choices) {
        if (choice < run.options.length) chosen.add(choice);
        else ignoredChoices++;
      }
      for (const choice of chosen) optionVotes[choice] = (optionVotes[choice] ?? 0) + 1;
      if (key) {
        let hits = 0;
        for (const choice of chosen) if (key.has(choice)) hits++;
        const wrong = chosen.size - hits;
        const correct = hits === key.size && wrong === 0;
        const score = correct ? 1 : Math.max(0, (hits - wrong) / key.size);
        answers.push({ learnerId: vote.learnerId, correct, score });
        const totals = quizTotals.get(vote.learnerId) ?? { answered: 0, correct: 0, score: 0 };
        totals.answered++;
        if (correct) totals.correct++;
        totals.score += score;
        quizTotals.set(vote.learnerId, totals);
      }
    }
    let eligible = voterIds.size;
    for (let v = 0; v < viewers; v++) {
      const learnerId = presence.learnerIds[v] ?? 0;
      if (!voterIds.has(learnerId) && presentDuring(presence, v, run.openedAt, closedAt))
        eligible++;
    }
    const voters = voterIds.size;
    const correctVoters = answers.filter((a) => a.correct).length;
    return {
      runId: run.id,
      pollId: run.pollId,
      kind: run.kind,
      question: run.question,
      openedAt: run.openedAt,
      closedAt,
      revealedAt: run.revealedAt,
      eligible,
      voters,
      participation: ratio(voters, eligible),
      medianResponseMs: medianOrNull(responses),
      options: run.options.map((text, index) => ({
        index,
        text,
        votes: optionVotes[index] ?? 0,
        share: ratio(optionVotes[index] ?? 0, voters),
        correct: key ? key.has(index) : null,
      })),
      ignoredChoices,
      quiz: key
        ? {
            correctOptions: [...key].sort((p, q) => p - q),
            correctVoters,
            correctShare: ratio(correctVoters, voters),
            averageScore: meanOrNull(answers.map((a) => a.score)),
            answers,
          }
        : null,
    };
  });
  const quizScores = [...quizTotals]
    .map(([learnerId, totals]) => ({ learnerId, ...totals }))
    .sort((p, q) => q.score - p.score || q.correct - p.correct || p.learnerId - q.learnerId);
  return { polls, quizScores };
}

function questionStats(questions: readonly SessionQuestion[], top: number): QuestionStats {
  const summary = (q: SessionQuestion): QuestionSummary => ({
    id: q.id,
    learnerId: q.learnerId,
    text: q.text,
    askedAt: q.askedAt,
    status: q.status,
    upvotes: q.upvotes,
    answeredAt: q.answeredAt,
    pinnedAt: q.pinnedAt,
  });
  const byVotes = (p: SessionQuestion, q: SessionQuestion): number =>
    q.upvotes - p.upvotes || p.askedAt - q.askedAt || p.id - q.id;
  const visible = questions.filter((q) => !q.hidden);
  const answered = questions.filter((q) => q.status === 'answered');
  return {
    asked: questions.length,
    answered: answered.length,
    dismissed: questions.filter((q) => q.status === 'dismissed').length,
    open: questions.filter((q) => q.status === 'open').length,
    pinned: questions.filter((q) => q.pinnedAt !== null).length,
    hidden: questions.length - visible.length,
    answeredShare: ratio(answered.length, questions.length),
    medianTimeToAnswerMs: medianOrNull(
      answered.flatMap((q) =>
        q.answeredAt === null ? [] : [Math.max(0, q.answeredAt - q.askedAt)],
      ),
    ),
    topUpvoted: visible
      .filter((q) => q.upvotes > 0)
      .sort(byVotes)
      .slice(0, top)
      .map(summary),
    unanswered: visible
      .filter((q) => q.status === 'open')
      .sort(byVotes)
      .map(summary),
  };
}

/** The funnel, and every learner with an order attributed to the class (offer or course). */
function offerFunnel(
  data: SessionData,
  presence: Presence,
  options: ResolvedOptions,
): { funnel: OfferFunnel; buyers: Set<number> } {
  const { session } = data;
  const offers = data.offers
    .map((offer, i) => ({ offer, i }))
    .sort((p, q) => p.offer.pushedAt - q.offer.pushedAt || p.i - q.i)
    .map(({ offer }) => offer);
  const offerIndex = new Map(offers.map((offer, i) => [offer.id, i]));

  // Impressions of course offers, by learner: the candidates for matching by course.
  const impressionsByLearner = new Map<number, { offer: number; at: number }[]>();
  offers.forEach((offer, o) => {
    if (offer.courseId === null) return;
    for (const impression of offer.impressions) {
      let list = impressionsByLearner.get(impression.learnerId);
      if (!list) {
        list = [];
        impressionsByLearner.set(impression.learnerId, list);
      }
      list.push({ offer: o, at: impression.at });
    }
  });

  const attributed: { order: SessionOrder; direct: boolean }[][] = offers.map(() => []);
  for (const order of data.orders) {
    if (order.offerId !== null) {
      const o = offerIndex.get(order.offerId);
      if (o !== undefined) attributed[o]?.push({ order, direct: true });
      continue; // another class's offer: it counts there
    }
    if (order.learnerId === null) continue;
    let best = -1;
    let bestAt = -Infinity;
    for (const impression of impressionsByLearner.get(order.learnerId) ?? []) {
      const offer = offers[impression.offer];
      if (!offer || offer.courseId === null || !order.courseIds.includes(offer.courseId)) continue;
      if (order.orderedAt < impression.at || order.orderedAt >= impression.at + options.windowMs) {
        continue;
      }
      // Offers are in push order, so a later index wins a tie on the impression time.
      if (impression.at > bestAt || (impression.at === bestAt && impression.offer > best)) {
        best = impression.offer;
        bestAt = impression.at;
      }
    }
    if (best >= 0) attributed[best]?.push({ order, direct: false });
  }

  const viewers = presence.learnerIds.length;
  const allReached = new Set<number>();
  const allClickers = new Set<number>();
  const allBuyers = new Set<number>();
  const allRevenue = new MoneyTotals();
  let allClicks = 0;
  let allOrders = 0;
  let allDirect = 0;
  const rows = offers.map((offer, o): OfferFunnelRow => {
    const reached = new Set<number>();
    for (const impression of offer.impressions) reached.add(impression.learnerId);
    const clickers = new Set<number>();
    for (const click of offer.clicks) {
      clickers.add(click.learnerId);
      reached.add(click.learnerId);
    }
    const liveUntil = Math.min(
      offer.withdrawnAt ?? Infinity,
      offer.endsAt ?? Infinity,
      session.endedAt,
    );
    let audience = reached.size;
    for (let v = 0; v < viewers; v++) {
      const learnerId = presence.learnerIds[v] ?? 0;
      if (!reached.has(learnerId) && presentDuring(presence, v, offer.pushedAt, liveUntil))
        audience++;
    }
    const orders = attributed[o] ?? [];
    const buyers = new Set<number>();
    const revenue = new MoneyTotals();
    let direct = 0;
    for (const { order, direct: isDirect } of orders) {
      if (isDirect) direct++;
      if (order.learnerId !== null) buyers.add(order.learnerId);
      revenue.add(order.currency, order.netMinor);
      allRevenue.add(order.currency, order.netMinor);
      if (order.learnerId !== null) allBuyers.add(order.learnerId);
    }
    for (const id of reached) allReached.add(id);
    for (const id of clickers) allClickers.add(id);
    allClicks += offer.clicks.length;
    allOrders += orders.length;
    allDirect += direct;
    return {
      offerId: offer.id,
      title: offer.title,
      courseId: offer.courseId,
      pushedAt: offer.pushedAt,
      priceMinor: offer.priceMinor,
      currency: offer.currency,
      audience,
      reached: reached.size,
      clicks: offer.clicks.length,
      clickers: clickers.size,
      orders: orders.length,
      directOrders: direct,
      matchedOrders: orders.length - direct,
      buyers: buyers.size,
      revenue: revenue.list(),
      clickRate: ratio(clickers.size, reached.size),
      conversionRate: ratio(countIn(buyers, reached), reached.size),
    };
  });

  let audience = viewers;
  for (const id of allReached) if (!presence.viewerIndex.has(id)) audience++;

  const classBuyers = new Set(allBuyers);
  let courseBuyers: OfferFunnel['courseBuyers'] = null;
  if (session.courseId !== null) {
    const buyers = new Set<number>();
    const revenue = new MoneyTotals();
    let orders = 0;
    const until = session.endedAt + options.windowMs;
    for (const order of data.orders) {
      if (order.learnerId === null || !presence.viewerIndex.has(order.learnerId)) continue;
      if (order.orderedAt < session.startedAt || order.orderedAt >= until) continue;
      if (!order.courseIds.includes(session.courseId)) continue;
      buyers.add(order.learnerId);
      classBuyers.add(order.learnerId);
      revenue.add(order.currency, order.netMinor);
      orders++;
    }
    courseBuyers = { buyers: buyers.size, orders, revenue: revenue.list() };
  }

  const funnel: OfferFunnel = {
    attributionWindowDays: options.attributionWindowDays,
    total: {
      audience,
      reached: allReached.size,
      clicks: allClicks,
      clickers: allClickers.size,
      orders: allOrders,
      directOrders: allDirect,
      matchedOrders: allOrders - allDirect,
      buyers: allBuyers.size,
      revenue: allRevenue.list(),
      clickRate: ratio(allClickers.size, allReached.size),
      conversionRate: ratio(countIn(allBuyers, allReached), allReached.size),
    },
    offers: rows,
    courseBuyers,
  };
  return { funnel, buyers: classBuyers };
}

/** What the viewers bought before the class and through it (see AttendeePurchases). */
function attendeePurchases(
  data: SessionData,
  presence: Presence,
  classBuyers: ReadonlySet<number>,
): AttendeePurchases {
  const attendees = presence.learnerIds.length;
  const boughtNowIds = presence.learnerIds.filter((id) => classBuyers.has(id));
  if (data.priorBuyers === undefined) {
    return {
      attendees,
      boughtBefore: null,
      boughtNow: boughtNowIds.length,
      repeatBuyers: null,
      newBuyers: null,
      repurchaseRate: null,
      firstPurchaseRate: null,
      boughtBeforeIds: null,
      boughtNowIds,
    };
  }
  const prior = new Set(data.priorBuyers);
  const boughtBeforeIds = presence.learnerIds.filter((id) => prior.has(id));
  const repeatBuyers = boughtNowIds.filter((id) => prior.has(id)).length;
  const newBuyers = boughtNowIds.length - repeatBuyers;
  return {
    attendees,
    boughtBefore: boughtBeforeIds.length,
    boughtNow: boughtNowIds.length,
    repeatBuyers,
    newBuyers,
    repurchaseRate: ratio(repeatBuyers, boughtBeforeIds.length),
    firstPurchaseRate: ratio(newBuyers, attendees - boughtBeforeIds.length),
    boughtBeforeIds,
    boughtNowIds,
  };
}

/**
 * Computes every metric of one class (see each field's definition). Validates `data` and
 * `options` first and throws a TypeError or RangeError naming the first bad field.
 */
export function computeSessionMetrics(
  data: SessionData,
  options: SessionMetricsOptions = {},
): SessionMetrics {
  assertSessionData(data);
  const resolved = resolveOptions(options);
  const { session } = data;
  const durationMs = session.endedAt - session.startedAt;
  const b = makeBuckets(session.startedAt, session.endedAt, resolved.bucketMs);
  const presence = buildPresence(data.attendance, session.startedAt, session.endedAt);
  const audience = audienceMetrics(presence, b);
  const counts = countEvents(data.events, presence, b);
  const engagement = engagementMetrics(presence, counts, durationMs, resolved);
  const moments = collectMoments(data);
  const drops = dropOffs(audience, counts.timeline, moments, data.questions, b, resolved);
  const { polls, quizScores } = pollResults(data, presence);
  const questions = questionStats(data.questions, resolved.topQuestions);
  const { funnel: offers, buyers: classBuyers } = offerFunnel(data, presence, resolved);
  const purchases = attendeePurchases(data, presence, classBuyers);

  let quizVoters = 0;
  let quizCorrect = 0;
  for (const run of polls) {
    if (!run.quiz) continue;
    quizVoters += run.voters;
    quizCorrect += run.quiz.correctVoters;
  }
  const participations = polls.flatMap((run) =>
    run.participation === null ? [] : [run.participation],
  );
  const headline: SessionHeadline = {
    sessionId: session.id,
    startedAt: session.startedAt,
    durationMs,
    uniqueViewers: audience.uniqueViewers,
    peakConcurrency: audience.peakConcurrency,
    averageConcurrency: audience.averageConcurrency,
    averageWatchMs: audience.averageWatchMs,
    medianWatchMs: audience.medianWatchMs,
    averageWatchShare: audience.averageWatchShare,
    interactions: counts.scoredInteractions,
    interactionsPerViewer: ratio(counts.scoredInteractions, audience.uniqueViewers),
    averageEngagement: engagement.averageScore,
    questions: questions.asked,
    answeredShare: questions.answeredShare,
    medianTimeToAnswerMs: questions.medianTimeToAnswerMs,
    pollParticipation: meanOrNull(participations),
    quizCorrectShare: ratio(quizCorrect, quizVoters),
    offerReached: offers.total.reached,
    offerClickRate: offers.total.clickRate,
    offerBuyers: offers.total.buyers,
    offerConversionRate: offers.total.conversionRate,
    attributedOrders: offers.total.orders,
    revenue: offers.total.revenue,
    repurchaseRate: purchases.repurchaseRate,
  };

  return {
    sessionId: session.id,
    courseId: session.courseId,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    durationMs,
    bucketMs: resolved.bucketMs,
    audience,
    dropOffs: drops,
    engagement,
    timeline: counts.timeline,
    polls,
    quizScores,
    questions,
    offers,
    purchases,
    headline,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison with the course's earlier classes
// ---------------------------------------------------------------------------------------------

type NumericHeadlineKey = {
  [K in keyof SessionHeadline]: SessionHeadline[K] extends number | null ? K : never;
}[keyof SessionHeadline];

/** The headline numbers compared across classes, and which way is better. */
export const COMPARED_METRICS: readonly { key: NumericHeadlineKey; better: 'higher' | 'lower' }[] =
  [
    { key: 'uniqueViewers', better: 'higher' },
    { key: 'peakConcurrency', better: 'higher' },
    { key: 'averageConcurrency', better: 'higher' },
    { key: 'averageWatchMs', better: 'higher' },
    { key: 'medianWatchMs', better: 'higher' },
    { key: 'averageWatchShare', better: 'higher' },
    { key: 'interactionsPerViewer', better: 'higher' },
    { key: 'averageEngagement', better: 'higher' },
    { key: 'questions', better: 'higher' },
    { key: 'answeredShare', better: 'higher' },
    { key: 'medianTimeToAnswerMs', better: 'lower' },
    { key: 'pollParticipation', better: 'higher' },
    { key: 'quizCorrectShare', better: 'higher' },
    { key: 'offerReached', better: 'higher' },
    { key: 'offerClickRate', better: 'higher' },
    { key: 'offerBuyers', better: 'higher' },
    { key: 'offerConversionRate', better: 'higher' },
    { key: 'attributedOrders', better: 'higher' },
    { key: 'repurchaseRate', better: 'higher' },
  ];

export interface MetricComparison {
  /** A headline key, or `revenue.<currency>` for the attributed revenue in one currency. */
  readonly metric: string;
  readonly better: 'higher' | 'lower';
  readonly value: number | null;
  /** The same metric in the most recent earlier class (null if none, or it has no value). */
  readonly previous: number | null;
  /** value − previous; null when either is null. */
  readonly changeFromPrevious: number | null;
  /** Mean over the earlier classes that have a value; null if none has. */
  readonly earlierMean: number | null;
  /** value − earlierMean; null when either is null. */
  readonly changeFromMean: number | null;
  /** (value − earlierMean) / earlierMean; null when either is null or the mean is 0. */
  readonly relativeChangeFromMean: number | null;
  /**
   * Rank of this class among itself and the earlier classes that have a value: 1 + the number of
   * those strictly better. Null when this class has no value.
   */
  readonly rank: number | null;
  /** How many classes were ranked (this one included). */
  readonly rankedAmong: number;
}

export interface HistoryComparison {
  readonly sessionId: number;
  /** How many earlier classes were compared with. */
  readonly earlierClasses: number;
  readonly previousSessionId: number | null;
  readonly metrics: readonly MetricComparison[];
}

function revenueIn(headline: SessionHeadline, currency: string): number {
  return headline.revenue.find((money) => money.currency === currency)?.minor ?? 0;
}

/**
 * Compares a class with the same course's earlier classes: for every COMPARED_METRICS entry (and
 * the attributed revenue in each currency this class took), the change from the previous class
 * and from the earlier mean, and this class's rank.
 * @throws TypeError/RangeError for a malformed list, or an "earlier" class that is not earlier
 */
export function compareWithEarlier(
  current: SessionHeadline,
  earlier: readonly SessionHeadline[],
): HistoryComparison {
  checkObject(current, 'current');
  checkId(current.sessionId, 'current.sessionId');
  const currentStart = checkTime(current.startedAt, 'current.startedAt');
  checkArray(earlier, 'earlier').forEach((item, i) => {
    const headline = checkObject(item, `earlier[${i}]`);
    const id = checkId(headline.sessionId, `earlier[${i}].sessionId`);
    const startedAt = checkTime(headline.startedAt, `earlier[${i}].startedAt`);
    if (id === current.sessionId) {
      throw new RangeError(`earlier[${i}] is the class being compared (session ${id})`);
    }
    if (startedAt >= currentStart) {
      throw new RangeError(
        `earlier[${i}] (session ${id}) must have started before session ${current.sessionId} (${startedAt} ≥ ${currentStart})`,
      );
    }
  });
  const previous = earlier.reduce<SessionHeadline | null>(
    (latest, h) =>
      latest === null ||
      h.startedAt > latest.startedAt ||
      (h.startedAt === latest.startedAt && h.sessionId > latest.sessionId)
        ? h
        : latest,
    null,
  );

  const compare = (
    metric: string,
    better: 'higher' | 'lower',
    read: (h: SessionHeadline) => number | null,
  ): MetricComparison => {
    const value = read(current);
    const past = earlier.map(read).filter((x): x is number => x !== null);
    const prev = previous === null ? null : read(previous);
    const mean = meanOrNull(past);
    const beats = (x: number, y: number): boolean => (better === 'higher' ? x > y : x < y);
    return {
      metric,
      better,
      value,
      previous: prev,
      changeFromPrevious: value === null || prev === null ? null : value - prev,
      earlierMean: mean,
      changeFromMean: value === null || mean === null ? null : value - mean,
      relativeChangeFromMean:
        value === null || mean === null || mean === 0 ? null : (value - mean) / mean,
      rank: value === null ? null : 1 + past.filter((x) => beats(x, value)).length,
      rankedAmong: past.length + (value === null ? 0 : 1),
    };
  };

  return {
    sessionId: current.sessionId,
    earlierClasses: earlier.length,
    previousSessionId: previous?.sessionId ?? null,
    metrics: [
      ...COMPARED_METRICS.map(({ key, better }) => compare(key, better, (h) => h[key])),
      ...current.revenue.map(({ currency }) =>
        compare(`revenue.${currency}`, 'higher', (h) => revenueIn(h, currency)),
      ),
    ],
  };
}
