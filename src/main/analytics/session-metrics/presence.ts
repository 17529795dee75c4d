// Viewers' presence (the union of their attendance intervals), the minute buckets and the audience curve.
import { medianOrNull, ratio } from './common';
import type { AttendanceInterval } from './input';
import { MAX_BUCKETS } from './options';
import type { AudienceBucket, AudienceMetrics } from './results';

/** Below this many ids, or this many per viewer, learner ids are looked up in a typed array. */
const DENSE_LOOKUP_MIN_IDS = 1_000_000;
const DENSE_LOOKUP_IDS_PER_VIEWER = 64;

/** Viewers' presence: per viewer, disjoint, sorted, non-touching intervals inside the class. */
export interface Presence {
  /** Viewer index → learner id, ascending. */
  learnerIds: number[];
  viewerIndex: Map<number, number>;
  /** Learner id → viewer index, or −1: the per-event lookup (a typed array when ids are dense). */
  viewerOf: (learnerId: number) => number;
  /** Viewer v's intervals are [start[k], end[k]) for k in [first[v], first[v] + count[v]). */
  first: Int32Array;
  count: Int32Array;
  start: number[];
  end: number[];
  watchedMs: Float64Array;
}

export function buildPresence(
  attendance: readonly AttendanceInterval[],
  startedAt: number,
  endedAt: number,
): Presence {
  const byLearner = new Map<number, [number, number][]>();
  for (const row of attendance) {
    let list = byLearner.get(row.learnerId);
    if (!list) {
      list = [];
      byLearner.set(row.learnerId, list);
    }
    const from = Math.max(row.joinedAt, startedAt);
    const to = Math.min(row.leftAt ?? row.lastSeenAt, endedAt);
    if (to > from) list.push([from, to]);
  }
  const learnerIds = [...byLearner.keys()].sort((p, q) => p - q);
  const viewers = learnerIds.length;
  const presence: Presence = {
    learnerIds,
    viewerIndex: new Map(learnerIds.map((id, v) => [id, v])),
    viewerOf: () => -1,
    first: new Int32Array(viewers),
    count: new Int32Array(viewers),
    start: [],
    end: [],
    watchedMs: new Float64Array(viewers),
  };
  const maxId = learnerIds.at(-1) ?? 0;
  if (maxId <= Math.max(DENSE_LOOKUP_MIN_IDS, DENSE_LOOKUP_IDS_PER_VIEWER * viewers)) {
    // A million events each look their learner up: an array index is several times a Map's speed.
    const table = new Int32Array(maxId + 1).fill(-1);
    learnerIds.forEach((id, v) => (table[id] = v));
    presence.viewerOf = (id) => (id <= maxId ? (table[id] ?? -1) : -1);
  } else {
    presence.viewerOf = (id) => presence.viewerIndex.get(id) ?? -1;
  }
  learnerIds.forEach((learnerId, v) => {
    const list = byLearner.get(learnerId) ?? [];
    list.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    presence.first[v] = presence.start.length;
    let open: [number, number] | null = null;
    const close = (interval: [number, number]): void => {
      presence.start.push(interval[0]);
      presence.end.push(interval[1]);
      presence.watchedMs[v] = (presence.watchedMs[v] ?? 0) + interval[1] - interval[0];
    };
    for (const interval of list) {
      if (open && interval[0] <= open[1]) open[1] = Math.max(open[1], interval[1]);
      else {
        if (open) close(open);
        open = [interval[0], interval[1]];
      }
    }
    if (open) close(open);
    presence.count[v] = presence.start.length - (presence.first[v] ?? 0);
  });
  return presence;
}

/** Whether viewer v was present at some moment in [from, to). */
export function presentDuring(presence: Presence, v: number, from: number, to: number): boolean {
  const first = presence.first[v] ?? 0;
  const last = first + (presence.count[v] ?? 0);
  for (let k = first; k < last; k++) {
    if ((presence.start[k] ?? 0) < to && (presence.end[k] ?? 0) > from) return true;
  }
  return false;
}

function peakOf(presence: Presence): { peak: number; peakAt: number | null } {
  const starts = Float64Array.from(presence.start).sort();
  const ends = Float64Array.from(presence.end).sort();
  let current = 0;
  let peak = 0;
  let peakAt: number | null = null;
  let j = 0;
  for (const at of starts) {
    // A leave and a join at the same instant are a hand-over, not an overlap (half-open).
    while (j < ends.length && (ends[j] ?? 0) <= at) {
      current--;
      j++;
    }
    current++;
    if (current > peak) {
      peak = current;
      peakAt = at;
    }
  }
  return { peak, peakAt };
}

export interface Buckets {
  count: number;
  bucketMs: number;
  startedAt: number;
  endedAt: number;
  startOf: (i: number) => number;
  endOf: (i: number) => number;
  /** The bucket holding instant t (startedAt ≤ t ≤ endedAt). */
  of: (t: number) => number;
}

export function makeBuckets(startedAt: number, endedAt: number, bucketMs: number): Buckets {
  const count = Math.ceil((endedAt - startedAt) / bucketMs);
  if (count > MAX_BUCKETS) {
    throw new RangeError(
      `the class is too long for options.bucketMs: ${count} buckets of ${bucketMs} ms (at most ${MAX_BUCKETS}); use longer buckets`,
    );
  }
  return {
    count,
    bucketMs,
    startedAt,
    endedAt,
    startOf: (i) => startedAt + i * bucketMs,
    endOf: (i) => Math.min(endedAt, startedAt + (i + 1) * bucketMs),
    of: (t) => Math.min(count - 1, Math.floor((t - startedAt) / bucketMs)),
  };
}

export function audienceMetrics(presence: Presence, b: Buckets): AudienceMetrics {
  const M = b.count;
  const duration = b.endedAt - b.startedAt;
  const viewers = presence.learnerIds.length;
  const presentDiff = new Int32Array(M + 1);
  const pairDiff = new Int32Array(M + 1);
  const arrivedDiff = new Int32Array(M + 1);
  const partialMs = new Float64Array(M);
  const fullDiff = new Int32Array(M + 1);
  const joined = new Int32Array(M);
  const left = new Int32Array(M);
  // Index of the first sample instant (bucket start) at or after t.
  const firstSampleAtOrAfter = (t: number): number => Math.ceil((t - b.startedAt) / b.bucketMs);

  let totalWatchMs = 0;
  const watch: number[] = [];
  for (let v = 0; v < viewers; v++) {
    const first = presence.first[v] ?? 0;
    const last = first + (presence.count[v] ?? 0);
    watch.push(presence.watchedMs[v] ?? 0);
    totalWatchMs += presence.watchedMs[v] ?? 0;
    if (last > first) {
      const arrived = firstSampleAtOrAfter(presence.start[first] ?? 0);
      if (arrived < M) arrivedDiff[arrived] = (arrivedDiff[arrived] ?? 0) + 1;
    }
    // Sample ranges [p, q] (bucket starts inside the presence), merged when adjacent: a viewer
    // present at two consecutive bucket starts "stayed", even with a short gap in between.
    let rangeFrom = -1;
    let rangeTo = -2;
    const flush = (): void => {
      if (rangeFrom < 0) return;
      presentDiff[rangeFrom] = (presentDiff[rangeFrom] ?? 0) + 1;
      presentDiff[rangeTo + 1] = (presentDiff[rangeTo + 1] ?? 0) - 1;
      if (rangeTo > rangeFrom) {
        pairDiff[rangeFrom] = (pairDiff[rangeFrom] ?? 0) + 1;
        pairDiff[rangeTo] = (pairDiff[rangeTo] ?? 0) - 1;
      }
    };
    for (let k = first; k < last; k++) {
      const a = presence.start[k] ?? 0;
      const e = presence.end[k] ?? 0;
      const p = firstSampleAtOrAfter(a);
      const q = firstSampleAtOrAfter(e) - 1;
      if (p <= q) {
        if (p === rangeTo + 1) rangeTo = q;
        else {
          flush();
          rangeFrom = p;
          rangeTo = q;
        }
      }
      joined[b.of(a)] = (joined[b.of(a)] ?? 0) + 1;
      if (e < b.endedAt) left[b.of(e)] = (left[b.of(e)] ?? 0) + 1;
      // Viewer-ms per bucket: partial ends, and whole buckets in between through a difference array.
      const ia = b.of(a);
      const ib = Math.min(M - 1, Math.ceil((e - b.startedAt) / b.bucketMs) - 1);
      if (ia === ib) partialMs[ia] = (partialMs[ia] ?? 0) + (e - a);
      else {
        partialMs[ia] = (partialMs[ia] ?? 0) + (b.startOf(ia + 1) - a);
        partialMs[ib] = (partialMs[ib] ?? 0) + (e - b.startOf(ib));
        if (ib > ia + 1) {
          fullDiff[ia + 1] = (fullDiff[ia + 1] ?? 0) + 1;
          fullDiff[ib] = (fullDiff[ib] ?? 0) - 1;
        }
      }
    }
    flush();
  }

  const buckets: AudienceBucket[] = [];
  let present = 0;
  let pairs = 0;
  let arrived = 0;
  let full = 0;
  const presentAt = new Int32Array(M);
  for (let i = 0; i < M; i++) {
    present += presentDiff[i] ?? 0;
    presentAt[i] = present;
  }
  for (let i = 0; i < M; i++) {
    pairs += pairDiff[i] ?? 0;
    arrived += arrivedDiff[i] ?? 0;
    full += fullDiff[i] ?? 0;
    const here = presentAt[i] ?? 0;
    const startAt = b.startOf(i);
    const endAt = b.endOf(i);
    buckets.push({
      index: i,
      startAt,
      endAt,
      present: here,
      averageConcurrency: ((partialMs[i] ?? 0) + full * b.bucketMs) / (endAt - startAt),
      joined: joined[i] ?? 0,
      left: left[i] ?? 0,
      stayedToNext: i < M - 1 ? ratio(pairs, here) : null,
      shareOfViewers: ratio(here, viewers),
      shareOfArrived: ratio(here, arrived),
    });
  }

  const { peak, peakAt } = peakOf(presence);
  return {
    uniqueViewers: viewers,
    peakConcurrency: peak,
    peakAt,
    averageConcurrency: totalWatchMs / duration,
    totalWatchMs,
    averageWatchMs: viewers > 0 ? totalWatchMs / viewers : null,
    medianWatchMs: medianOrNull(watch),
    averageWatchShare: viewers > 0 ? totalWatchMs / viewers / duration : null,
    buckets,
  };
}
