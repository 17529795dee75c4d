import type { SingleServerFrame } from '../../../../shared/contract/audience-protocol';
import type { ClassLeader, ClassPoints } from '../../../../shared/contract/points-api';
import type {
  LeaderboardPublic,
  MyPointsPublic,
  PointsWeight,
} from '../../../../shared/contract/points-protocol';
import type { LearnerId, SessionId } from '../../../../shared/model/ids';
import {
  DEFAULT_ENGAGEMENT_CAPS,
  DEFAULT_ENGAGEMENT_WEIGHTS,
  INTERACTION_KINDS,
  isInteractionKind,
  pointsOfCounts,
  type InteractionKind,
} from '../../../../shared/model/engagement-formula';
import {
  classPointsEnabled,
  eventCountsOfSession,
  setClassPoints,
} from '../../../storage/queries/live/points';
import { viewersOfSession } from '../../../storage/queries/live/viewers';
import type { Db } from '../../../storage/connection';
import type { HubContext } from '../context';
import type { BatchWriter } from '../feature';

/** The leaderboard goes out at most this often (and only when it changed). */
export const LEADERBOARD_INTERVAL_MS = 1_000;
const TOP = 10;

/** The formula's weights as learners and the host see them. */
export const POINTS_WEIGHTS: readonly PointsWeight[] = INTERACTION_KINDS.map((kind) => ({
  kind,
  weight: DEFAULT_ENGAGEMENT_WEIGHTS[kind],
  cap: DEFAULT_ENGAGEMENT_CAPS[kind],
}));

export interface Ranked {
  learnerId: number;
  points: number;
  rank: number;
}

/** Learners with points, highest first (ties: learner id), with competition ranks (1, 2, 2, 4). */
export function rankPoints(points: ReadonlyMap<number, number>): Ranked[] {
  const rows = [...points.entries()]
    .filter(([, p]) => p > 0)
    .map(([learnerId, p]) => ({ learnerId, points: p }))
    .sort((a, b) => b.points - a.points || a.learnerId - b.learnerId);
  let rank = 0;
  return rows.map((row, i) => {
    if (i === 0 || row.points !== rows[i - 1]?.points) rank = i + 1;
    return { ...row, rank };
  });
}

/** A class's points from its stored events, as the hub would count them (no hub needed). */
export function storedPoints(db: Db, sessionId: number): Map<number, number> {
  const counts = new Map<number, Map<InteractionKind, number>>();
  for (const row of eventCountsOfSession(db, sessionId)) {
    if (!isInteractionKind(row.kind)) continue;
    const mine = counts.get(row.learner_id) ?? new Map<InteractionKind, number>();
    mine.set(row.kind, row.count);
    counts.set(row.learner_id, mine);
  }
  return new Map([...counts].map(([id, mine]) => [id, pointsOfCounts(mine)]));
}

/** The studio's view of a class without an open room (ended, or not opened yet). */
export function storedClassPoints(db: Db, sessionId: number): ClassPoints {
  const ranking = rankPoints(storedPoints(db, sessionId));
  const names = new Map(viewersOfSession(db, sessionId).map((v) => [v.learner_id, v]));
  return {
    sessionId: sessionId as SessionId,
    enabled: classPointsEnabled(db, sessionId),
    weights: [...POINTS_WEIGHTS],
    top: ranking.slice(0, TOP).map((row) => ({
      rank: row.rank,
      learnerId: row.learnerId as LearnerId,
      points: row.points,
      viewerId: names.get(row.learnerId)?.public_id ?? '',
      name: names.get(row.learnerId)?.name ?? '',
    })),
    scored: ranking.length,
  };
}

/**
 * Class points (issue #15 §4): each learner's interaction counts, loaded from the class's stored
 * events when the hub opens and then added to as the commit queue commits new ones (never before:
 * a refused or failed action earns nothing), so the board always equals `computePoints` over the
 * stored events. Whether points are on is the host's per-class switch (stored). While on, the
 * leaderboard (top 10) goes to the class and each viewer's own rank to that viewer, at most once
 * per LEADERBOARD_INTERVAL_MS and only when it changed. Names are the display names learners
 * chose when joining, as chat shows them.
 */
export class Points implements BatchWriter {
  readonly #ctx: HubContext;
  #enabled: boolean;
  readonly #counts = new Map<number, Map<InteractionKind, number>>();
  readonly #points = new Map<number, number>();
  /** Learner id → public id and name, for learners no longer in `ctx.viewers`. */
  readonly #names = new Map<number, { viewerId: string; name: string }>();
  #ranking: Ranked[] | null = null;
  #dirty = false;
  #lastSentAt = Number.NEGATIVE_INFINITY;
  #lastBoard = '';
  /** What each viewer was last sent of their own standing. */
  readonly #sentMine = new Map<number, string>();

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    this.#enabled = classPointsEnabled(ctx.db, ctx.sessionId);
    for (const row of eventCountsOfSession(ctx.db, ctx.sessionId)) {
      if (isInteractionKind(row.kind)) this.#count(row.learner_id, row.kind, row.count);
    }
    for (const id of this.#counts.keys()) this.#points.set(id, this.#sum(id));
    this.#dirty = this.#points.size > 0;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  #count(learnerId: number, kind: InteractionKind, n: number): void {
    const mine = this.#counts.get(learnerId) ?? new Map<InteractionKind, number>();
    mine.set(kind, (mine.get(kind) ?? 0) + n);
    this.#counts.set(learnerId, mine);
  }

  #sum(learnerId: number): number {
    return pointsOfCounts(this.#counts.get(learnerId) ?? new Map());
  }

  // The commit queue's hooks: events are counted only once their transaction committed.
  persist(): void {}

  discard(): void {}

  committed(): void {
    const touched = new Set<number>();
    for (const { learnerId, kind } of this.#ctx.stored) {
      if (!isInteractionKind(kind)) continue;
      this.#count(learnerId, kind, 1);
      touched.add(learnerId);
    }
    for (const id of touched) {
      const points = this.#sum(id);
      if (points !== this.#points.get(id)) {
        this.#points.set(id, points);
        this.#ranking = null;
        this.#dirty = true;
      }
    }
  }

  /** Every learner with points, highest first (ties: learner id), with competition ranks. */
  ranking(): readonly Ranked[] {
    this.#ranking ??= rankPoints(this.#points);
    return this.#ranking;
  }

  #who(learnerId: number): { viewerId: string; name: string } {
    const live = this.#ctx.viewers.get(learnerId);
    if (live) return { viewerId: live.publicId, name: live.name };
    let known = this.#names.get(learnerId);
    if (!known) {
      for (const row of viewersOfSession(this.#ctx.db, this.#ctx.sessionId)) {
        this.#names.set(row.learner_id, { viewerId: row.public_id, name: row.name });
      }
      known = this.#names.get(learnerId) ?? { viewerId: '', name: '' };
      this.#names.set(learnerId, known);
    }
    return known;
  }

  #board(): LeaderboardPublic {
    const top = this.ranking()
      .slice(0, TOP)
      .map((row) => ({ rank: row.rank, points: row.points, ...this.#who(row.learnerId) }));
    return { top, weights: [...POINTS_WEIGHTS] };
  }

  #mine(learnerId: number): MyPointsPublic | null {
    const row = this.ranking().find((r) => r.learnerId === learnerId);
    return row ? { rank: row.rank, points: row.points } : null;
  }

  /** A viewer's welcome, with the board and their own standing while points are on. */
  withPoints(learnerId: number, welcome: SingleServerFrame): SingleServerFrame {
    if (!this.#enabled || welcome.type !== 'welcome') return welcome;
    const mine = this.#mine(learnerId);
    this.#sentMine.set(learnerId, JSON.stringify(mine));
    const state = { ...welcome.state, leaderboard: this.#board(), myPoints: mine };
    return { ...welcome, state };
  }

  /** On the hub's tick: the board and changed standings, at most once per interval. */
  tick(now: number): void {
    if (!this.#dirty || now - this.#lastSentAt < LEADERBOARD_INTERVAL_MS) return;
    this.#dirty = false;
    this.#lastSentAt = now;
    this.#ctx.emit('points.changed', this.state());
    if (this.#enabled) this.#send();
  }

  #send(): void {
    const board = JSON.stringify({ type: 'leaderboard', board: this.#board() });
    if (board !== this.#lastBoard) {
      this.#lastBoard = board;
      this.#ctx.out.broadcast(board);
    }
    const ranks = new Map(this.ranking().map((row) => [row.learnerId, row]));
    for (const viewer of this.#ctx.viewers.values()) {
      if (!viewer.conn) continue;
      const row = ranks.get(viewer.learnerId);
      const mine = row ? { rank: row.rank, points: row.points } : null;
      const json = JSON.stringify(mine);
      if (this.#sentMine.get(viewer.learnerId) === json) continue;
      this.#sentMine.set(viewer.learnerId, json);
      this.#ctx.out.enqueue(viewer.conn, JSON.stringify({ type: 'myPoints', mine }));
    }
  }

  /** The host's switch: stored, then every viewer hears at once. */
  setEnabled(enabled: boolean): ClassPoints {
    setClassPoints(this.#ctx.db, this.#ctx.sessionId, enabled, this.#ctx.clock());
    this.#enabled = enabled;
    this.#lastBoard = '';
    this.#sentMine.clear();
    if (enabled) this.#send();
    else {
      this.#ctx.out.broadcast(JSON.stringify({ type: 'leaderboard', board: null }));
      this.#ctx.out.broadcast(JSON.stringify({ type: 'myPoints', mine: null }));
    }
    const view = this.state();
    this.#ctx.emit('points.changed', view);
    return view;
  }

  /** Points of every learner with any, by learner id (the lottery's rules read them). */
  pointsByLearner(): Map<number, number> {
    return new Map(this.ranking().map((row) => [row.learnerId, row.points]));
  }

  state(): ClassPoints {
    const ranking = this.ranking();
    const top: ClassLeader[] = ranking.slice(0, TOP).map((row) => ({
      rank: row.rank,
      learnerId: row.learnerId as LearnerId,
      points: row.points,
      ...this.#who(row.learnerId),
    }));
    return {
      sessionId: this.#ctx.sessionId as SessionId,
      enabled: this.#enabled,
      weights: [...POINTS_WEIGHTS],
      top,
      scored: ranking.length,
    };
  }
}
