// The output of the session metrics: every figure of the class report, with its definition.
import type { InteractionKind, QuestionStatus } from './input';

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
