import type { LiveQuestion } from '../../../../shared/contract/live-api';
import { StudioError } from '../../../../shared/contract';
import {
  addUpvote,
  getQuestion,
  insertQuestion,
  questionsOfSession,
  setQuestionPinned,
  setQuestionStatus,
  upvotersOf,
} from '../../../storage/queries/live/questions';
import { toLiveQuestion } from '../../live-views';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';
import { questionPublic } from '../projections';
import { Refusal, publicNumber, type QuestionState } from '../state';
import type { Moderation } from './moderation';

/** Questions to the host: asked and upvoted by viewers; answered, pinned or dismissed by the host. */
export class Questions implements Feature<'ask' | 'upvote'> {
  readonly #ctx: HubContext;
  readonly #moderation: Moderation;
  readonly #questions = new Map<number, QuestionState>();

  constructor(ctx: HubContext, moderation: Moderation) {
    this.#ctx = ctx;
    this.#moderation = moderation;
    const voters = new Map<number, Set<number>>();
    for (const vote of upvotersOf(ctx.db, ctx.sessionId)) {
      let set = voters.get(vote.question_id);
      if (!set) voters.set(vote.question_id, (set = new Set()));
      set.add(vote.learner_id);
    }
    for (const row of questionsOfSession(ctx.db, ctx.sessionId)) {
      this.#questions.set(row.id, { row, voters: voters.get(row.id) ?? new Set() });
    }
  }

  /** Every question of the session, in the order they were asked. */
  all(): Iterable<QuestionState> {
    return this.#questions.values();
  }

  /** The studio's view of these questions (unknown ids are left out). */
  live(ids: readonly number[]): LiveQuestion[] {
    return ids
      .map((id) => this.#questions.get(id)?.row)
      .filter((row) => row !== undefined)
      .map(toLiveQuestion);
  }

  readonly actions: { ask: ActionHandler<'ask'>; upvote: ActionHandler<'upvote'> } = {
    ask: (viewer, frame, now) => {
      this.#moderation.checkSpeech(viewer, frame.text, now);
      const eventId = actionEvent(this.#ctx, viewer, frame, 'question', { text: frame.text }, now);
      const id = insertQuestion(this.#ctx.db, {
        sessionId: this.#ctx.sessionId,
        learnerId: viewer.learnerId,
        eventId,
        text: frame.text,
        at: now,
        authorName: viewer.name,
      });
      const row = getQuestion(this.#ctx.db, id);
      if (!row) throw new Error('question vanished');
      return () => {
        this.#questions.set(id, { row, voters: new Set() });
        this.#changed(id);
      };
    },
    upvote: (viewer, frame, now) => {
      const question = this.#questions.get(publicNumber(frame.questionId, 'q'));
      if (!question) throw new Refusal('NOT_FOUND', 'no such question');
      if (question.row.status !== 'open') throw new Refusal('CLOSED', 'the question is closed');
      actionEvent(this.#ctx, viewer, frame, 'upvote', { questionId: question.row.id }, now);
      const added = addUpvote(this.#ctx.db, {
        questionId: question.row.id,
        learnerId: viewer.learnerId,
        at: now,
      });
      if (!added) return null;
      return () => {
        question.voters.add(viewer.learnerId);
        question.row = { ...question.row, upvotes: question.row.upvotes + 1 };
        this.#changed(question.row.id);
      };
    },
  };

  questionAction(questionId: number, action: 'answer' | 'pin' | 'unpin' | 'dismiss'): LiveQuestion {
    const { db, sessionId } = this.#ctx;
    const state = this.#questions.get(questionId);
    if (!state) throw new StudioError('NOT_FOUND', 'no such question in this session');
    const now = this.#ctx.clock();
    const touched = db.transaction(() => {
      if (action === 'answer') setQuestionStatus(db, { questionId, status: 'answered', at: now });
      if (action === 'dismiss') setQuestionStatus(db, { questionId, status: 'dismissed', at: now });
      if (action === 'pin' || action === 'unpin') {
        return setQuestionPinned(db, { sessionId, questionId, pinned: action === 'pin', at: now });
      }
      return [];
    })();
    for (const id of [questionId, ...touched]) {
      const row = getQuestion(db, id);
      const known = this.#questions.get(id);
      if (row && known) {
        known.row = row;
        this.#changed(id);
      }
    }
    const row = this.#questions.get(questionId)?.row ?? state.row;
    return toLiveQuestion(row);
  }

  #changed(questionId: number): void {
    const state = this.#questions.get(questionId);
    if (!state) return;
    const { out } = this.#ctx;
    // Two serialisations serve everyone: with and without "upvoted by me".
    const mine = JSON.stringify({
      type: 'question',
      question: { ...questionPublic(state, null), upvotedByMe: true },
    });
    const others = JSON.stringify({ type: 'question', question: questionPublic(state, null) });
    for (const conn of out.conns) {
      if (conn.viewer) out.enqueue(conn, state.voters.has(conn.viewer.learnerId) ? mine : others);
    }
    this.#ctx.feed.questionChanged(questionId);
  }
}
