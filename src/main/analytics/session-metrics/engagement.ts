// Interaction counts per minute and per viewer, the engagement score, moments and drop-offs.
import { KIND_COUNT, KNOWN_KIND_INDEX, meanOrNull, medianOrNull } from './common';
import { describeEngagementFormula } from './formula';
import {
  INTERACTION_KINDS,
  type InteractionKind,
  type SessionData,
  type SessionEvent,
  type SessionQuestion,
} from './input';
import { MINUTE_MS } from './options';
import type { Buckets, Presence } from './presence';
import type {
  AudienceMetrics,
  DropOff,
  EngagementMetrics,
  InteractionTimeline,
  KindContribution,
  Moment,
  ViewerEngagement,
} from './results';
import type { ResolvedOptions } from './validate';

/** Per-viewer counts of the scored kinds (what the engagement scores read). */
export interface ViewerCounts {
  /** viewer v, kind k → count at [v * KIND_COUNT + k]. */
  perViewer: Int32Array;
  otherPerViewer: Int32Array;
  /** In-class events by viewers of the scored kinds. */
  scored: number;
}

/** Per-bucket event counts by kind, and per-viewer counts of the scored kinds. */
interface EventCounts extends ViewerCounts {
  timeline: InteractionTimeline;
}

export function countEvents(
  events: readonly SessionEvent[],
  presence: Presence,
  b: Buckets,
): EventCounts {
  const M = b.count;
  const viewers = presence.learnerIds.length;
  const perViewer = new Int32Array(viewers * KIND_COUNT);
  const otherPerViewer = new Int32Array(viewers);
  const kindIndex = new Map(KNOWN_KIND_INDEX);
  const kindNames: string[] = [...INTERACTION_KINDS];
  const series: Int32Array[] = INTERACTION_KINDS.map(() => new Int32Array(M));
  let before = 0;
  let after = 0;
  let inClass = 0;
  let fromNonViewers = 0;
  let scored = 0;
  const { startedAt, endedAt, bucketMs } = b;
  for (const event of events) {
    const at = event.at;
    if (at < startedAt) {
      before++;
      continue;
    }
    if (at > endedAt) {
      after++;
      continue;
    }
    inClass++;
    let k = kindIndex.get(event.kind);
    if (k === undefined) {
      k = kindNames.length;
      kindIndex.set(event.kind, k);
      kindNames.push(event.kind);
      series.push(new Int32Array(M));
    }
    const bucket = Math.min(M - 1, Math.floor((at - startedAt) / bucketMs));
    const row = series[k];
    if (row) row[bucket] = (row[bucket] ?? 0) + 1;
    if (event.learnerId === null) continue;
    const v = presence.viewerOf(event.learnerId);
    if (v < 0) {
      fromNonViewers++;
      continue;
    }
    if (k < KIND_COUNT) {
      perViewer[v * KIND_COUNT + k] = (perViewer[v * KIND_COUNT + k] ?? 0) + 1;
      scored++;
    } else otherPerViewer[v] = (otherPerViewer[v] ?? 0) + 1;
  }

  // Known kinds first, the others alphabetically.
  const order = kindNames.map((_, i) => i);
  order.sort((p, q) => {
    if (p < KIND_COUNT || q < KIND_COUNT) return p - q;
    const a = kindNames[p] ?? '';
    const c = kindNames[q] ?? '';
    return a < c ? -1 : a > c ? 1 : 0;
  });
  const total = new Array<number>(M).fill(0);
  const seriesOut: Record<string, number[]> = {};
  for (const i of order) {
    const row = Array.from(series[i] ?? []);
    seriesOut[kindNames[i] ?? ''] = row;
    row.forEach((n, m) => (total[m] = (total[m] ?? 0) + n));
  }
  return {
    timeline: {
      bucketMs,
      kinds: order.map((i) => kindNames[i] ?? ''),
      series: seriesOut,
      total,
      inClass,
      beforeClass: before,
      afterClass: after,
      fromNonViewers,
    },
    perViewer,
    otherPerViewer,
    scored,
  };
}

export function engagementMetrics(
  presence: Presence,
  counts: ViewerCounts,
  durationMs: number,
  options: ResolvedOptions,
): EngagementMetrics {
  const sessionMinutes = durationMs / MINUTE_MS;
  const viewers: ViewerEngagement[] = presence.learnerIds.map((learnerId, v) => {
    const watchedMs = presence.watchedMs[v] ?? 0;
    const watchedMinutes = watchedMs / MINUTE_MS;
    const watchPart = watchedMinutes / sessionMinutes;
    let interactionPart = 0;
    const interactions: Partial<Record<InteractionKind, KindContribution>> = {};
    INTERACTION_KINDS.forEach((kind, k) => {
      const count = counts.perViewer[v * KIND_COUNT + k] ?? 0;
      if (count === 0) return;
      const cap = options.caps[kind];
      const counted = cap === null ? count : Math.min(count, cap);
      const weight = options.weights[kind];
      const points = weight * counted;
      const part = points / sessionMinutes;
      interactionPart += part;
      interactions[kind] = { count, counted, weight, points, part };
    });
    return {
      learnerId,
      score: watchPart + interactionPart,
      watchedMs,
      watchedMinutes,
      watchPart,
      interactions,
      interactionPart,
      otherEvents: counts.otherPerViewer[v] ?? 0,
    };
  });
  const scores = viewers.map((viewer) => viewer.score);
  viewers.sort((p, q) => q.score - p.score || p.learnerId - q.learnerId);
  return {
    formula: describeEngagementFormula(options.weights, options.caps),
    viewers,
    averageScore: meanOrNull(scores),
    medianScore: medianOrNull(scores),
  };
}

export function collectMoments(data: SessionData): Moment[] {
  const moments: Moment[] = [];
  for (const offer of data.offers) {
    moments.push({
      at: offer.pushedAt,
      kind: 'offer_pushed',
      subjectId: offer.id,
      title: offer.title,
    });
    if (offer.withdrawnAt !== null) {
      moments.push({
        at: offer.withdrawnAt,
        kind: 'offer_withdrawn',
        subjectId: offer.id,
        title: offer.title,
      });
    }
    if (offer.endsAt !== null) {
      moments.push({
        at: offer.endsAt,
        kind: 'offer_ended',
        subjectId: offer.id,
        title: offer.title,
      });
    }
  }
  for (const run of data.pollRuns) {
    const quiz = run.kind === 'quiz';
    const base = { subjectId: run.id, title: run.question };
    moments.push({ ...base, at: run.openedAt, kind: quiz ? 'quiz_opened' : 'poll_opened' });
    if (run.closedAt !== null) {
      moments.push({ ...base, at: run.closedAt, kind: quiz ? 'quiz_closed' : 'poll_closed' });
    }
    if (run.revealedAt !== null) {
      moments.push({ ...base, at: run.revealedAt, kind: quiz ? 'quiz_revealed' : 'poll_revealed' });
    }
  }
  for (const question of data.questions) {
    if (question.hidden) continue;
    const base = { subjectId: question.id, title: question.text };
    if (question.pinnedAt !== null) {
      moments.push({ ...base, at: question.pinnedAt, kind: 'question_pinned' });
    }
  }
  // Most recent first; at one instant, in the order of the kinds' list above.
  return moments
    .map((moment, i) => ({ moment, i }))
    .sort((p, q) => q.moment.at - p.moment.at || p.i - q.i)
    .map(({ moment }) => moment);
}

export function dropOffs(
  audience: AudienceMetrics,
  timeline: InteractionTimeline,
  moments: readonly Moment[],
  questions: readonly SessionQuestion[],
  b: Buckets,
  options: ResolvedOptions,
): DropOff[] {
  const buckets = audience.buckets;
  const candidates: { i: number; fall: number }[] = [];
  for (let i = 0; i + 1 < buckets.length; i++) {
    const before = buckets[i]?.present ?? 0;
    const fall = before - (buckets[i + 1]?.present ?? 0);
    if (fall > 0 && fall >= options.minFall && fall >= options.minFallShare * before) {
      candidates.push({ i, fall });
    }
  }
  candidates.sort((p, q) => q.fall - p.fall || p.i - q.i);
  return candidates.slice(0, options.dropCount).map(({ i, fall }) => {
    const bucket = buckets[i];
    const next = buckets[i + 1];
    if (!bucket || !next) throw new Error(`no bucket ${i}`);
    const fromBucket = Math.max(0, i - options.lookbackBuckets);
    const contextFrom = b.startOf(fromBucket);
    const interactions: Record<string, number> = {};
    for (const kind of timeline.kinds) {
      const row = timeline.series[kind] ?? [];
      let n = 0;
      for (let m = fromBucket; m <= i; m++) n += row[m] ?? 0;
      if (n > 0) interactions[kind] = n;
    }
    return {
      bucket: i,
      startAt: bucket.startAt,
      endAt: bucket.endAt,
      before: bucket.present,
      after: next.present,
      fall,
      fallShare: fall / bucket.present,
      joined: bucket.joined,
      left: bucket.left,
      contextFrom,
      moments: moments.filter((m) => m.at >= contextFrom && m.at < bucket.endAt),
      interactions,
      questionsAnswered: questions.filter(
        (q) =>
          q.status === 'answered' &&
          q.answeredAt !== null &&
          q.answeredAt >= contextFrom &&
          q.answeredAt < bucket.endAt,
      ).length,
    };
  });
}
