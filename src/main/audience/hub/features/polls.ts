import type { LivePollRun } from '../../../../shared/contract/live-api';
import { StudioError } from '../../../../shared/contract';
import {
  closeRun,
  getPoll,
  getRun,
  openRun,
  quizScores,
  revealRun,
  runsOfSession,
  upsertVote,
  votesOfRun,
  type RunRow,
} from '../../../storage/queries/live/polls';
import { parseIndexes, parseStrings, runState, toLivePollRun } from '../../live-views';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';
import { runPublic } from '../projections';
import { Refusal, publicNumber, type CurrentRun } from '../state';

/** Polls and quizzes: one run current at a time, opened, closed and revealed by the host. */
export class Polls implements Feature<'vote'> {
  readonly #ctx: HubContext;
  #run: CurrentRun | null = null;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    const last = runsOfSession(ctx.db, ctx.sessionId).at(-1);
    if (last) this.#setRun(last);
  }

  /** The session's latest run, with its votes. */
  get current(): CurrentRun | null {
    return this.#run;
  }

  #setRun(row: RunRow): void {
    const { db, sessionId } = this.#ctx;
    const votes = new Map<number, number[]>();
    for (const vote of votesOfRun(db, row.id))
      votes.set(vote.learner_id, parseIndexes(vote.choices) ?? []);
    this.#run = {
      row,
      options: parseStrings(row.options),
      correct: parseIndexes(row.correct),
      votes,
      scores: row.kind === 'quiz' && row.revealed_at !== null ? quizScores(db, sessionId) : null,
    };
  }

  readonly actions: { vote: ActionHandler<'vote'> } = {
    vote: (viewer, frame, now) => {
      const run = this.#run;
      if (!run || run.row.id !== publicNumber(frame.runId, 'r'))
        throw new Refusal('NOT_FOUND', 'no such poll');
      if (runState(run.row) !== 'open') throw new Refusal('CLOSED', 'the poll is closed');
      if (frame.choices.some((c) => c >= run.options.length))
        throw new Refusal('BAD_FRAME', 'no such option');
      if (!run.row.multiple && frame.choices.length > 1)
        throw new Refusal('BAD_FRAME', 'choose one option');
      const payload = { runId: run.row.id, choices: frame.choices };
      actionEvent(this.#ctx, viewer, frame, 'poll_vote', payload, now);
      upsertVote(this.#ctx.db, {
        runId: run.row.id,
        learnerId: viewer.learnerId,
        choices: frame.choices,
        at: now,
      });
      return () => {
        run.votes.set(viewer.learnerId, frame.choices);
        this.#ctx.feed.runChanged(run.row.id);
        this.#ctx.feed.changed('polls');
        if (viewer.conn)
          this.#ctx.out.enqueue(
            viewer.conn,
            JSON.stringify({ type: 'poll', run: runPublic(run, viewer.learnerId) }),
          );
      };
    },
  };

  openPoll(pollId: number): LivePollRun {
    const { db, sessionId } = this.#ctx;
    const poll = getPoll(db, pollId);
    if (!poll) throw new StudioError('NOT_FOUND', 'no such poll');
    const now = this.#ctx.clock();
    const runId = db.transaction(() => {
      // One run open at a time: opening another closes the current one.
      if (this.#run && runState(this.#run.row) === 'open') closeRun(db, this.#run.row.id, now);
      return openRun(db, { pollId, sessionId, at: now });
    })();
    return this.#runChanged(runId);
  }

  pollAction(runId: number, action: 'close' | 'reveal'): LivePollRun {
    const { db, sessionId } = this.#ctx;
    const row = getRun(db, runId);
    if (!row || row.session_id !== sessionId)
      throw new StudioError('NOT_FOUND', 'no such poll run');
    const now = this.#ctx.clock();
    if (action === 'close') closeRun(db, runId, now);
    else revealRun(db, runId, now);
    return this.#runChanged(runId);
  }

  #runChanged(runId: number): LivePollRun {
    const { db, sessionId } = this.#ctx;
    const row = getRun(db, runId);
    if (!row) throw new StudioError('NOT_FOUND', 'no such poll run');
    const latest = runsOfSession(db, sessionId).at(-1);
    if (latest && latest.id === runId) {
      this.#setRun(row);
      const run = this.#run;
      if (run)
        this.#ctx.out.broadcastEach((viewer) => ({
          type: 'poll',
          run: runPublic(run, viewer.learnerId),
        }));
    }
    this.#ctx.feed.changed('polls');
    return toLivePollRun(db, row);
  }
}
