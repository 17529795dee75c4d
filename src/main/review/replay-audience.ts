import type { ReplayAudience } from '../../shared/contract/lan-replay-api';
import type { LearnerId, SessionId } from '../../shared/model/ids';
import type { Db } from '../storage/connection';
import {
  classReplayWatches,
  lanReplayEnabled,
  learnerNames,
  liveAttendance,
} from '../storage/queries/lan-replay';
import { replaySurveyAnswerCount } from '../storage/queries/replay-survey';
import { coveredMs, mergeSpans } from './replay-heartbeat';
import { reviewTimeline } from './review-timeline';

// The class report's "Live and replay" (issue #12). Live is time connected to the class while it
// was live (attendance rows, overlapping connections counted once); replay is time of the
// recording a learner played on the join link afterwards (watched spans, each second once). The
// two are reported side by side and never added together: the live engagement score stays live.

/** A chapter counts as watched when at least this share of it was played. */
export const CHAPTER_WATCHED_SHARE = 0.5;

const minutes = (ms: number): number => Math.round(ms / 600) / 100;

export function replayAudience(db: Db, sessionId: SessionId, now: number): ReplayAudience {
  const timeline = reviewTimeline(db, sessionId, now);
  const durationMs = Math.round(timeline.class.durationS * 1_000);
  const bounds = timeline.chapters.map((c, i) => {
    const next = timeline.chapters[i + 1];
    return {
      fromMs: Math.max(0, Math.round(c.t * 1_000)),
      toMs: next ? Math.round(next.t * 1_000) : durationMs,
    };
  });

  const live = new Map<number, { name: string; spans: { startMs: number; endMs: number }[] }>();
  for (const row of liveAttendance(db, sessionId)) {
    const entry = live.get(row.learnerId) ?? { name: row.displayName, spans: [] };
    if (row.leftAt > row.joinedAt) entry.spans.push({ startMs: row.joinedAt, endMs: row.leftAt });
    live.set(row.learnerId, entry);
  }

  const watches = classReplayWatches(db, sessionId);
  const names = learnerNames(
    db,
    watches.map((w) => w.learner_id),
  );
  let totalMs = 0;
  const learners = watches.map((w) => {
    const watchedMs = coveredMs(w.spans);
    totalMs += watchedMs;
    const chaptersWatched = bounds.filter(
      (b) =>
        b.toMs > b.fromMs &&
        coveredMs(w.spans, b.fromMs, b.toMs) / (b.toMs - b.fromMs) >= CHAPTER_WATCHED_SHARE,
    ).length;
    const liveEntry = live.get(w.learner_id);
    return {
      learnerId: w.learner_id as LearnerId,
      displayName: names.get(w.learner_id) ?? liveEntry?.name ?? `#${String(w.learner_id)}`,
      attendedLive: liveEntry !== undefined,
      liveMinutes: liveEntry ? minutes(coveredMs(mergeSpans(liveEntry.spans))) : 0,
      replayMinutes: minutes(watchedMs),
      chaptersWatched,
    };
  });
  learners.sort((p, q) => q.replayMinutes - p.replayMinutes || p.learnerId - q.learnerId);
  return {
    sessionId,
    enabled: lanReplayEnabled(db, sessionId),
    liveLearners: live.size,
    watchers: learners.length,
    replayMinutes: minutes(totalMs),
    alsoLive: learners.filter((l) => l.attendedLive).length,
    surveyAnswers: replaySurveyAnswerCount(db, sessionId),
    chapters: bounds.length,
    learners,
  };
}
