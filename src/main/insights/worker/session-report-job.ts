import type { SessionReport, ViewerScore } from '../../../shared/contract/analytics-api';
import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { CourseId, LearnerId, SessionId } from '../../../shared/model/ids';
import { courseHistoryHeadlines, sessionMetrics } from '../reports';
import type { Db } from '../../storage/connection';
import { earlierEndedSessionIds, learnerNames } from '../../storage/queries/insights';
import { getSession } from '../../storage/queries/live/sessions';
import {
  compareWithEarlier,
  type HistoryComparison,
  type SessionHeadline,
  type SessionMetrics,
  type ViewerEngagement,
} from '../../analytics/session-metrics';
import type { JobContext } from './job-context';
import type { WithoutJob } from './job-context';

// report.session: one class's report (presence, engagement, polls, offers, questions, comparison
// with earlier classes), computed on the worker's read-only connection.

const WORKSPACE_HISTORY_LIMIT = 10;
const DISTRIBUTION_BANDS = 10;
const UNANSWERED_SHOWN = 50;

// ---------------------------------------------------------------------------------------------
// report.session
// ---------------------------------------------------------------------------------------------

function viewerRow(v: ViewerEngagement, names: Map<number, string>): ViewerScore {
  return {
    learnerId: v.learnerId as LearnerId,
    displayName: names.get(v.learnerId) ?? `#${v.learnerId}`,
    score: v.score,
    watchedMs: v.watchedMs,
    watchPart: v.watchPart,
    interactionPart: v.interactionPart,
    interactions: { ...v.interactions },
  };
}

function distribution(scores: readonly number[]): { from: number; to: number; viewers: number }[] {
  if (scores.length === 0) return [];
  let top = 0;
  for (const s of scores) if (s > top) top = s;
  // Bands of equal width from 0 to the highest score (0 to 1 when nobody scored).
  const width = (top > 0 ? top : 1) / DISTRIBUTION_BANDS;
  const bands = Array.from({ length: DISTRIBUTION_BANDS }, (_, i) => ({
    from: i * width,
    to: (i + 1) * width,
    viewers: 0,
  }));
  for (const s of scores) {
    const band = bands[Math.min(DISTRIBUTION_BANDS - 1, Math.floor(s / width))];
    if (band) band.viewers++;
  }
  return bands;
}

/** One class's report: metrics, the engagement page asked for, and the comparison. */
export function sessionReportJob(
  db: Db,
  args: Omit<MethodArgs<'report.session'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<SessionReport> {
  const options = {
    now: ctx.now,
    ...(args.attributionWindowDays === undefined
      ? {}
      : { attributionWindowDays: args.attributionWindowDays }),
    ...(args.weights === undefined ? {} : { weights: args.weights }),
  };
  ctx.progress('metrics', 0, 2);
  const metrics: SessionMetrics = sessionMetrics(db, args.sessionId, options);
  ctx.progress('metrics', 1, 2);
  ctx.checkpoint();

  let scope: 'course' | 'workspace' = 'course';
  let earlier: SessionHeadline[] =
    metrics.courseId === null
      ? []
      : courseHistoryHeadlines(db, metrics.courseId, metrics.startedAt, options);
  if (earlier.length === 0) {
    // The course has no earlier class: compare with the workspace's recent classes instead.
    scope = 'workspace';
    const ids = earlierEndedSessionIds(
      db,
      metrics.startedAt,
      args.sessionId,
      WORKSPACE_HISTORY_LIMIT,
    );
    earlier = ids.map((id, i) => {
      ctx.checkpoint();
      ctx.progress('history', i, ids.length);
      return sessionMetrics(db, id, options).headline;
    });
  }
  const comparison: HistoryComparison = compareWithEarlier(metrics.headline, earlier);
  ctx.progress('metrics', 2, 2);

  // sessionMetrics above refused a class that does not exist.
  const session = getSession(db, args.sessionId) as { title: string; course_title: string | null };

  const viewers = metrics.engagement.viewers;
  const page = viewers.slice(args.viewerOffset, args.viewerOffset + args.viewerLimit);
  const top = viewers.slice(0, 10);
  const silent = viewers.filter((v) => v.interactionPart === 0);
  const longestSilent = [...silent].sort((p, q) => q.watchedMs - p.watchedMs).slice(0, 10);
  const names = learnerNames(db, [
    ...new Set([...page, ...top, ...longestSilent].map((v) => v.learnerId)),
  ]);
  const { audience, questions, offers, timeline } = metrics;

  return {
    session: {
      id: metrics.sessionId as SessionId,
      title: session.title,
      courseId: metrics.courseId as CourseId | null,
      courseTitle: session.course_title,
      startedAt: metrics.startedAt,
      endedAt: metrics.endedAt,
      durationMs: metrics.durationMs,
      bucketMs: metrics.bucketMs,
    },
    headline: {
      ...metrics.headline,
      sessionId: metrics.sessionId as SessionId,
      revenue: [...metrics.headline.revenue],
    },
    audience: {
      uniqueViewers: audience.uniqueViewers,
      peakConcurrency: audience.peakConcurrency,
      peakAt: audience.peakAt,
      averageConcurrency: audience.averageConcurrency,
      totalWatchMs: audience.totalWatchMs,
      averageWatchMs: audience.averageWatchMs,
      medianWatchMs: audience.medianWatchMs,
      averageWatchShare: audience.averageWatchShare,
      perMinute: audience.buckets.map((b) => ({ ...b })),
    },
    dropOffs: metrics.dropOffs.map((d) => ({
      ...d,
      moments: d.moments.map((m) => ({ ...m })),
      interactions: { ...d.interactions },
    })),
    engagement: {
      formula: {
        terms: metrics.engagement.formula.terms.map((t) => ({ ...t })),
        denominator: 'session_minutes',
        text: metrics.engagement.formula.text,
      },
      averageScore: metrics.engagement.averageScore,
      medianScore: metrics.engagement.medianScore,
      distribution: distribution(viewers.map((v) => v.score)),
      topContributors: top.map((v) => viewerRow(v, names)),
      silentViewers: {
        count: silent.length,
        longestWatching: longestSilent.map((v) => viewerRow(v, names)),
      },
      viewers: {
        total: viewers.length,
        offset: args.viewerOffset,
        rows: page.map((v) => viewerRow(v, names)),
      },
    },
    timeline: {
      bucketMs: timeline.bucketMs,
      kinds: [...timeline.kinds],
      series: Object.fromEntries(Object.entries(timeline.series).map(([k, v]) => [k, [...v]])),
      total: [...timeline.total],
      inClass: timeline.inClass,
      beforeClass: timeline.beforeClass,
      afterClass: timeline.afterClass,
      fromNonViewers: timeline.fromNonViewers,
    },
    // Per-voter quiz answers stay out: with 10,000 viewers they are the bulk of the report.
    polls: metrics.polls.map((p) => ({
      runId: p.runId,
      pollId: p.pollId,
      kind: p.kind,
      question: p.question,
      openedAt: p.openedAt,
      closedAt: p.closedAt,
      eligible: p.eligible,
      voters: p.voters,
      participation: p.participation,
      medianResponseMs: p.medianResponseMs,
      options: p.options.map((o) => ({ ...o })),
      quiz:
        p.quiz === null
          ? null
          : {
              correctVoters: p.quiz.correctVoters,
              correctShare: p.quiz.correctShare,
              averageScore: p.quiz.averageScore,
            },
    })),
    questions: {
      ...questions,
      topUpvoted: questions.topUpvoted.map((q) => ({ ...q })),
      unanswered: questions.unanswered.slice(0, UNANSWERED_SHOWN).map((q) => ({ ...q })),
    },
    funnel: {
      attributionWindowDays: offers.attributionWindowDays,
      total: { ...offers.total, revenue: [...offers.total.revenue] },
      offers: offers.offers.map((o) => ({
        ...o,
        courseId: o.courseId as CourseId | null,
        revenue: [...o.revenue],
      })),
      courseBuyers:
        offers.courseBuyers === null
          ? null
          : { ...offers.courseBuyers, revenue: [...offers.courseBuyers.revenue] },
    },
    purchases: {
      attendees: metrics.purchases.attendees,
      boughtBefore: metrics.purchases.boughtBefore,
      boughtNow: metrics.purchases.boughtNow,
      repeatBuyers: metrics.purchases.repeatBuyers,
      newBuyers: metrics.purchases.newBuyers,
      repurchaseRate: metrics.purchases.repurchaseRate,
      firstPurchaseRate: metrics.purchases.firstPurchaseRate,
    },
    comparison: {
      scope,
      earlierClasses: comparison.earlierClasses,
      previousSessionId: comparison.previousSessionId as SessionId | null,
      metrics: comparison.metrics.map((m) => ({ ...m })),
    },
  };
}
