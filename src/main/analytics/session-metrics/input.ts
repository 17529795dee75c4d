// The input of the session metrics: one class, its attendance, events, Q&A, polls, offers and orders.
export { INTERACTION_KINDS, type InteractionKind } from '../../../shared/model/engagement-formula';

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
