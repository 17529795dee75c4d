import type { LiveLottery, LotteryRule } from '../../../../shared/contract/live-api';
import { StudioError } from '../../../../shared/contract';
import type { LearnerId } from '../../../../shared/model/ids';
import {
  attendees,
  insertLottery,
  learnersCheckedIn,
  lotteriesOfSession,
} from '../../../storage/queries/live/engagement';
import { getRun, votersOfRun } from '../../../storage/queries/live/polls';
import { learnersWhoAsked } from '../../../storage/queries/live/questions';
import { bansForSession, viewersOfSession } from '../../../storage/queries/live/viewers';
import { toLiveLottery } from '../../live-views';
import { drawWinners } from '../../lottery';
import type { HubContext } from '../context';
import type { Feature } from '../feature';

export interface DrawArgs {
  title: string;
  rule: LotteryRule;
  winners: number;
  seed?: number | undefined;
}

/** Lucky draws among the viewers a rule makes eligible (never the banned); replayable by seed. */
export class Lottery implements Feature {
  readonly actions = {};
  readonly #ctx: HubContext;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
  }

  drawLottery(args: DrawArgs): LiveLottery {
    const { db, sessionId } = this.#ctx;
    const now = this.#ctx.clock();
    const seed = args.seed ?? Math.floor(Math.random() * 4_294_967_296);
    const eligible = this.#eligible(args.rule, now);
    const viewers = new Map(viewersOfSession(db, sessionId).map((v) => [v.learner_id, v]));
    const banned = new Set(
      bansForSession(db, sessionId).flatMap((ban) =>
        ban.learner_id === null ? [] : [ban.learner_id],
      ),
    );
    // Sorted by learner id and stored in that order: drawWinners replays from the stored list.
    const candidates: { learnerId: LearnerId; viewerId: string; name: string }[] = [...eligible]
      .filter((id) => !banned.has(id) && viewers.has(id))
      .sort((a, b) => a - b)
      .map((learnerId) => {
        const viewer = viewers.get(learnerId);
        return {
          learnerId: learnerId as LearnerId,
          viewerId: viewer?.public_id ?? '',
          name: viewer?.name ?? '',
        };
      });
    const winners = drawWinners(candidates, args.winners, seed);
    const id = insertLottery(db, {
      sessionId,
      title: args.title,
      rule: args.rule,
      seed,
      candidates,
      winners,
      at: now,
    });
    const won = new Set(winners.map((w) => w.learnerId as number));
    this.#ctx.out.broadcastEach((viewer) => ({
      type: 'lottery',
      draw: {
        id: `l${String(id)}`,
        title: args.title,
        winners: winners.map((w) => ({ viewerId: w.viewerId, name: w.name })),
        youWon: won.has(viewer.learnerId),
      },
    }));
    const row = lotteriesOfSession(db, sessionId).find((l) => l.id === id);
    if (!row) throw new Error('lottery vanished');
    return toLiveLottery(row);
  }

  #eligible(rule: LotteryRule, now: number): Set<number> {
    const { db, sessionId } = this.#ctx;
    switch (rule.kind) {
      case 'attended':
        return new Set(attendees(db, sessionId, now).map((a) => a.learner_id));
      case 'checkedIn':
        return new Set(learnersCheckedIn(db, sessionId, rule.checkinId ?? null));
      case 'votedInRun': {
        const run = getRun(db, rule.runId);
        if (!run || run.session_id !== sessionId)
          throw new StudioError('NOT_FOUND', 'no such poll run');
        return new Set(votersOfRun(db, rule.runId));
      }
      case 'askedQuestion':
        return new Set(learnersWhoAsked(db, sessionId));
      case 'watchedMinutes':
        return new Set(
          attendees(db, sessionId, now)
            .filter((a) => a.ms >= rule.minutes * 60_000)
            .map((a) => a.learner_id),
        );
    }
  }
}
