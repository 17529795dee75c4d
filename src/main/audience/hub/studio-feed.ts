import { REACTIONS, type Reaction } from '../../../shared/contract/audience-protocol';
import type { LiveChatMessage, LiveQuestion } from '../../../shared/contract/live-api';
import type { SessionId } from '../../../shared/model/ids';
import type { Clock } from '../../kernel/clock';
import type { EventBus } from '../../kernel/event-bus';
import type { Db } from '../../storage/connection';
import { getOffer } from '../../storage/queries/live/offers';
import { getRun } from '../../storage/queries/live/polls';
import { toLiveOffer, toLivePollRun } from '../live-views';
import type { Changed } from './state';

/** What the studio is told on a tick, besides what the feed collected. */
export interface FeedTotals {
  questions: (ids: readonly number[]) => LiveQuestion[];
  viewersNow: number;
  viewersPeak: number;
  reactions: Record<Reaction, number>;
}

/**
 * The studio's view of the audience: changes are collected as they happen and emitted on the
 * hub's tick, coalesced (`chat.posted`, `question.changed`, `poll.changed`, `offer.changed`,
 * `live.updated`).
 */
export class StudioFeed {
  readonly #db: Db;
  readonly #sessionId: SessionId;
  readonly #emit: EventBus['emit'];
  readonly #clock: Clock;
  #chat: LiveChatMessage[] = [];
  readonly #questions = new Set<number>();
  readonly #runs = new Set<number>();
  readonly #offers = new Set<number>();
  readonly #changed = new Set<Changed>();
  #chatTimes: number[] = [];
  #reactionTotal = 0;

  constructor(db: Db, sessionId: number, emit: EventBus['emit'], clock: Clock) {
    this.#db = db;
    this.#sessionId = sessionId as SessionId;
    this.#emit = emit;
    this.#clock = clock;
  }

  changed(what: Changed): void {
    this.#changed.add(what);
  }

  chatPosted(message: LiveChatMessage): void {
    this.#chatTimes.push(message.at);
    this.#chat.push(message);
    this.#changed.add('chat');
  }

  questionChanged(questionId: number): void {
    this.#questions.add(questionId);
    this.#changed.add('questions');
  }

  runChanged(runId: number): void {
    this.#runs.add(runId);
  }

  offerChanged(offerId: number): void {
    this.#offers.add(offerId);
  }

  /** The offer was just sent to the studio in full: no `offer.changed` for it on this tick. */
  offerSent(offerId: number): void {
    this.#offers.delete(offerId);
  }

  messagesPerMinute(): number {
    const since = this.#clock() - 60_000;
    return this.#chatTimes.filter((t) => t >= since).length;
  }

  /** Emits what changed since the last tick. */
  flush(now: number, totals: FeedTotals): void {
    const since = now - 60_000;
    while ((this.#chatTimes[0] ?? now) < since) this.#chatTimes.shift();
    const sessionId = this.#sessionId;
    if (this.#chat.length > 0) {
      this.#emit('chat.posted', { sessionId, messages: this.#chat });
      this.#chat = [];
    }
    if (this.#questions.size > 0) {
      const questions = totals.questions([...this.#questions]);
      this.#questions.clear();
      this.#emit('question.changed', { sessionId, questions });
    }
    for (const runId of this.#runs) {
      const row = getRun(this.#db, runId);
      if (row) this.#emit('poll.changed', { sessionId, run: toLivePollRun(this.#db, row) });
    }
    this.#runs.clear();
    for (const offerId of this.#offers) {
      const row = getOffer(this.#db, offerId);
      if (row) this.#emit('offer.changed', { sessionId, offer: toLiveOffer(row) });
    }
    this.#offers.clear();
    // Reaction totals ride along with live.updated: compare with what the studio saw last.
    const total = REACTIONS.reduce((sum, r) => sum + totals.reactions[r], 0);
    const reactionsChanged = total !== this.#reactionTotal;
    this.#reactionTotal = total;
    if (this.#changed.size > 0 || reactionsChanged) {
      this.#emit('live.updated', {
        sessionId,
        at: now,
        viewersNow: totals.viewersNow,
        viewersPeak: totals.viewersPeak,
        messagesPerMinute: this.messagesPerMinute(),
        reactions: { ...totals.reactions },
        changed: [...this.#changed],
      });
      this.#changed.clear();
    }
  }
}
