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
import { drawWeighted, drawWinners } from '../../lottery';
import type { HubContext } from '../context';
import type { Feature } from '../feature';
import type { Points } from './points';

export interface DrawArgs {
  title: string;
  rule: LotteryRule;
  winners: number;
  seed?: number | undefined;
}

interface Candidate {
  learnerId: LearnerId;
  viewerId: string;
  name: string;
  tickets?: number;
}

/** A draw by points: one ticket per tenth of a point (points are kept to tenths). */
export function pointTickets(points: number): number {
  return Math.round(points * 10);
}

/** Lucky draws among the viewers a rule makes eligible (never the banned); replayable by seed. */
export class Lottery implements Feature {
  readonly actions = {};
  readonly #ctx: HubContext;
  readonly #points: Points;

  constructor(ctx: HubContext, points: Points) {
    this.#ctx = ctx;
    this.#points = points;
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
    const byTickets = args.rule.kind === 'pointsTickets';
    const points = byTickets ? this.#points.pointsByLearner() : null;
    const candidates: Candidate[] = [...eligible]
      .filter((id) => !banned.has(id) && viewers.has(id))
      .sort((a, b) => a - b)
      .map((learnerId) => {
        const viewer = viewers.get(learnerId);
        const candidate = {
          learnerId: learnerId as LearnerId,
          viewerId: viewer?.public_id ?? '',
          name: viewer?.name ?? '',
        };
        return points
          ? { ...candidate, tickets: pointTickets(points.get(learnerId) ?? 0) }
          : candidate;
      });
    const winners = byTickets
      ? drawWeighted(candidates, (c) => c.tickets ?? 0, args.winners, seed)
      : drawWinners(candidates, args.winners, seed);
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

  #pointsOn(): Points {
    if (!this.#points.enabled)
      throw new StudioError('CONFLICT', 'points are off for this class: switch them on first');
    return this.#points;
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
      case 'topPoints': {
        const ranking = this.#pointsOn().ranking();
        return new Set(ranking.filter((row) => row.rank <= rule.top).map((row) => row.learnerId));
      }
      case 'pointsTickets':
        return new Set(
          this.#pointsOn()
            .ranking()
            .map((row) => row.learnerId),
        );
      case 'watchedMinutes':
        return new Set(
          attendees(db, sessionId, now)
            .filter((a) => a.ms >= rule.minutes * 60_000)
            .map((a) => a.learner_id),
        );
    }
  }
}
