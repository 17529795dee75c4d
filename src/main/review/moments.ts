import type { SessionMetrics } from '../analytics/session-metrics';
import type { Chapter, ReviewMoment } from '../../shared/contract/review-api';

/**
 * Moments found automatically on a class's timeline, each with the numbers that explain it. Pure.
 * - peak: the first instant the most viewers were present (session metrics' peakAt);
 * - dip: after the peak, the bucket starting with the fewest viewers, when that is at most 80% of
 *   the peak (the last bucket left out: everyone leaves at the end);
 * - drop_off: the session metrics' drop-off minutes, starting at their context (the minutes
 *   before the fall), so that playing from there shows what came before it;
 * - question/reaction/chat burst: runs of 10-second buckets holding at least BURST_MIN events of
 *   the kind and at least BURST_FACTOR times the class's mean per bucket; the busiest 3 per kind;
 * - offer_converted: each offer with attributed orders, at its push.
 */
export const BURST_MIN = 3;
export const BURST_FACTOR = 3;
export const BURSTS_PER_KIND = 3;
export const DIP_MAX_SHARE_OF_PEAK = 0.8;

const BURST_KINDS = [
  ['question', 'question_burst'],
  ['reaction', 'reaction_burst'],
  ['chat', 'chat_burst'],
] as const;

export function findMoments(
  fine: SessionMetrics,
  minutes: SessionMetrics,
  toS: (at: number) => number,
): ReviewMoment[] {
  const moments: ReviewMoment[] = [];
  const bucketMs = fine.bucketMs;
  const buckets = fine.audience.buckets;
  const { peakAt, peakConcurrency } = fine.audience;
  if (peakAt !== null && peakConcurrency > 0) {
    moments.push({
      kind: 'peak',
      t: toS(peakAt),
      endT: toS(peakAt + bucketMs),
      label: '',
      numbers: { viewers: peakConcurrency, uniqueViewers: fine.audience.uniqueViewers },
    });
    let dip: (typeof buckets)[number] | null = null;
    for (const bucket of buckets.slice(0, -1)) {
      if (bucket.startAt <= peakAt) continue;
      if (dip === null || bucket.present < dip.present) dip = bucket;
    }
    if (dip !== null && dip.present <= peakConcurrency * DIP_MAX_SHARE_OF_PEAK) {
      moments.push({
        kind: 'dip',
        t: toS(dip.startAt),
        endT: toS(dip.endAt),
        label: '',
        numbers: { viewers: dip.present, peak: peakConcurrency },
      });
    }
  }
  for (const drop of minutes.dropOffs) {
    moments.push({
      kind: 'drop_off',
      t: toS(drop.contextFrom),
      endT: toS(drop.endAt),
      label: '',
      numbers: {
        before: drop.before,
        after: drop.after,
        fall: drop.fall,
        fallPercent: Math.round(drop.fallShare * 100),
        left: drop.left,
        dropAt: toS(drop.startAt),
      },
    });
  }
  for (const [kind, momentKind] of BURST_KINDS) {
    const series = fine.timeline.series[kind];
    if (!series || series.length === 0) continue;
    const total = series.reduce((sum, n) => sum + n, 0);
    const mean = total / series.length;
    const threshold = Math.max(BURST_MIN, BURST_FACTOR * mean);
    const runs: { from: number; to: number; count: number }[] = [];
    series.forEach((n, index) => {
      if (n < threshold) return;
      const last = runs.at(-1);
      if (last && last.to === index) {
        last.to = index + 1;
        last.count += n;
      } else runs.push({ from: index, to: index + 1, count: n });
    });
    runs
      .sort((a, b) => b.count - a.count || a.from - b.from)
      .slice(0, BURSTS_PER_KIND)
      .forEach((run) => {
        const expected = mean * (run.to - run.from);
        moments.push({
          kind: momentKind,
          t: toS(fine.startedAt + run.from * bucketMs),
          endT: toS(Math.min(fine.endedAt, fine.startedAt + run.to * bucketMs)),
          label: '',
          numbers: {
            count: run.count,
            seconds: ((run.to - run.from) * bucketMs) / 1_000,
            timesUsual: expected > 0 ? Math.round((run.count / expected) * 10) / 10 : 0,
          },
        });
      });
  }
  for (const offer of fine.offers.offers) {
    if (offer.orders === 0) continue;
    moments.push({
      kind: 'offer_converted',
      t: toS(offer.pushedAt),
      endT: toS(offer.pushedAt + bucketMs),
      label: offer.title,
      numbers: {
        reached: offer.reached,
        clickers: offer.clickers,
        orders: offer.orders,
        buyers: offer.buyers,
      },
    });
  }
  return moments.sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind));
}

/** Two suggested chapters closer than this keep only the first. */
export const CHAPTER_MIN_GAP_S = 20;

/**
 * Suggested chapters: the start, each poll or quiz run, each offer, each scene switch and each
 * burst of questions (a lively part of the class), in time order, one per CHAPTER_MIN_GAP_S at
 * most, inside the timeline.
 */
export function suggestChapters(
  inputs: {
    polls: readonly { t: number; kind: 'poll' | 'quiz'; title: string }[];
    offers: readonly { t: number; title: string }[];
    moments: readonly ReviewMoment[];
    scenes?: readonly { t: number; scene: string }[];
  },
  durationS: number,
): Chapter[] {
  const candidates: Chapter[] = [
    ...inputs.polls.map((p): Chapter => ({ t: p.t, title: p.title, source: p.kind })),
    ...inputs.offers.map((o): Chapter => ({ t: o.t, title: o.title, source: 'offer' })),
    ...(inputs.scenes ?? []).map((c): Chapter => ({ t: c.t, title: c.scene, source: 'scene' })),
    ...inputs.moments
      .filter((m) => m.kind === 'question_burst')
      .map((m): Chapter => ({ t: m.t, title: '', source: 'moment' })),
  ]
    .filter((c) => c.t > 0 && c.t < durationS)
    .sort((a, b) => a.t - b.t);
  const chapters: Chapter[] = [{ t: 0, title: '', source: 'start' }];
  for (const chapter of candidates) {
    const last = chapters.at(-1);
    if (last && chapter.t - last.t < CHAPTER_MIN_GAP_S) continue;
    chapters.push(chapter);
  }
  return chapters;
}
