import {
  isInteractionKind,
  pointsOfCounts,
  type InteractionKind,
} from '../../shared/model/engagement-formula';

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
  for (const e of events) {
    if (!isInteractionKind(e.kind)) continue;
    const mine = counts.get(e.learnerId) ?? new Map<InteractionKind, number>();
    mine.set(e.kind, (mine.get(e.kind) ?? 0) + 1);
    counts.set(e.learnerId, mine);
  }
  const rows = [...counts.entries()].map(([learnerId, mine]) => ({
    learnerId,
    points: pointsOfCounts(mine),
  }));
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
