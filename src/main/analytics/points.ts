import {
  DEFAULT_ENGAGEMENT_CAPS,
  DEFAULT_ENGAGEMENT_WEIGHTS,
  INTERACTION_KINDS,
  type InteractionKind,
} from './session-metrics';

// Points for a class's interactions (issue #15 §4), the engagement formula's weights and caps
// reused so that the points a learner sees and the engagement the report shows agree:
//   points = Σ over kinds of weight(kind) × min(count(kind), cap(kind))
// computed from the stored interaction events (no per-event writes). Pure: arrays in, numbers out.

/** One stored interaction event of a viewer. */
export interface PointEvent {
  readonly learnerId: string;
  readonly kind: string;
}

export interface PointsRow {
  readonly learnerId: string;
  readonly points: number;
  /** Competition rank: equal points share a rank, the next rank skips (1, 2, 2, 4). */
  readonly rank: number;
}

/** Points per learner, highest first (ties: learner id); kinds the formula does not weigh are ignored. */
export function computePoints(events: readonly PointEvent[]): PointsRow[] {
  const counts = new Map<string, Map<InteractionKind, number>>();
  const kinds = new Set<string>(INTERACTION_KINDS);
  for (const e of events) {
    if (!kinds.has(e.kind)) continue;
    const kind = e.kind as InteractionKind;
    const mine = counts.get(e.learnerId) ?? new Map<InteractionKind, number>();
    mine.set(kind, (mine.get(kind) ?? 0) + 1);
    counts.set(e.learnerId, mine);
  }
  const rows = [...counts.entries()].map(([learnerId, mine]) => {
    let points = 0;
    for (const [kind, n] of mine) {
      const cap = DEFAULT_ENGAGEMENT_CAPS[kind];
      points += DEFAULT_ENGAGEMENT_WEIGHTS[kind] * (cap === null ? n : Math.min(n, cap));
    }
    // Tenths at most (a reaction is worth 0.1): rounded so that sums compare exactly.
    return { learnerId, points: Math.round(points * 10) / 10 };
  });
  rows.sort(
    (a, b) =>
      b.points - a.points || a.learnerId.localeCompare(b.learnerId, 'en', { numeric: true }),
  );
  let rank = 0;
  return rows.map((row, i) => {
    if (i === 0 || row.points !== rows[i - 1]?.points) rank = i + 1;
    return { ...row, rank };
  });
}
