import type {
  CustomersReport,
  FollowUpList,
  LearnerProfile,
  PropensityReport,
  SessionReport,
  ViewerScore,
} from '../../../shared/contract/analytics-api';
import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { CourseId, LearnerId, OrderId, SessionId } from '../../../shared/model/ids';
import { StudioError } from '../../../shared/contract/errors';
import { courseHistoryHeadlines, sessionMetrics } from '../reports';
import { maskEmail, maskPhone } from '../../../shared/model/identity';
import type { Db } from '../../storage/connection';
import {
  earlierEndedSessionIds,
  learnerAttendance,
  learnerContacts,
  learnerEvents,
  learnerNames,
  learnerOrders,
  learnerQuestions,
  sessionAttendees,
  sessionTitles,
} from '../../storage/queries/insights';
import {
  BEHAVIOUR_LABELS,
  findInsights,
  renderInsight,
  type InsightLabels,
  type LearnerOutcomeRow,
} from '../../analytics/insights';
import { cohortMatrix, repurchaseReport } from '../../analytics/repurchase';
import { describeSegment } from '../../analytics/segments';
import {
  compareWithEarlier,
  computeSessionMetrics,
  type HistoryComparison,
  type SessionHeadline,
  type SessionMetrics,
  type ViewerEngagement,
} from '../../analytics/session-metrics';
import {
  coursePropensity,
  followUpRows,
  recommendationsFor,
  contractReason,
  reasonText,
  segmentation,
  segmentOf,
} from './base-models';
import { customerBase, predictValue, TIME_UNIT_DAYS, type CustomerBase } from './customer-base';
import type { JobContext } from './job-context';

// The heavy analytics behind the studio API, as plain functions of (db, args, context): the
// analytics worker runs them on its read-only connection; the CLI and the tests call them
// in-process. Each returns the method's output without the job id (the caller adds it).

export type WithoutJob<T> = Omit<T, 'jobId'>;

const DAY_MS = 86_400_000;
const WORKSPACE_HISTORY_LIMIT = 10;
const DISTRIBUTION_BANDS = 10;
const UNANSWERED_SHOWN = 50;
export const INSIGHT_OUTCOME_DAYS = 30;

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

  const session = sessionTitles(db, args.sessionId) as {
    title: string;
    course_title: string | null;
  };

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

// ---------------------------------------------------------------------------------------------
// analytics.customers
// ---------------------------------------------------------------------------------------------

function stat(
  values: readonly number[],
): { mean: number; median: number; min: number; max: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((p, q) => p - q);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    median,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

export const OUTCOME_LABELS: InsightLabels = {
  boughtAfterClass: {
    en: `bought a course within ${INSIGHT_OUTCOME_DAYS} days of a class`,
    'zh-CN': `在课后 ${INSIGHT_OUTCOME_DAYS} 天内购买了课程`,
  },
  repeatBuyer: { en: 'bought on more than one day', 'zh-CN': '多次购买' },
};

/** Behaviours and outcomes of every learner who attended a class. */
function outcomeRows(base: CustomerBase): LearnerOutcomeRow[] {
  const ordersOf = new Map<number, number[]>();
  for (const o of base.orders) {
    const list = ordersOf.get(o.learnerId) ?? [];
    list.push(o.at);
    ordersOf.set(o.learnerId, list);
  }
  const rows: LearnerOutcomeRow[] = [];
  for (const id of base.active) {
    const e = base.engagement.get(id);
    if (!e || e.sessionsAttended === 0) continue;
    const times = ordersOf.get(id) ?? [];
    const window = INSIGHT_OUTCOME_DAYS * DAY_MS;
    rows.push({
      learnerId: String(id),
      behaviours: {
        askedQuestion: e.questionsAsked > 0,
        voted: e.pollVotes > 0,
        clickedOffer: e.offerClicks > 0,
        chatted: e.chatMessages > 0,
        reacted: e.reactions > 0,
        watchedHalf: e.bestWatchShare >= 0.5,
      },
      outcomes: {
        boughtAfterClass: e.classStarts.some((start) =>
          times.some((t) => t >= start && t < start + window),
        ),
        repeatBuyer: (base.rfmById.get(String(id))?.x ?? 0) > 0,
      },
    });
  }
  return rows;
}

/** RFM, the repeat-purchase models, predicted values, repurchase, cohorts, segments, insights. */
export function customersJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.customers'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<CustomersReport> {
  const base = customerBase(db, file, ctx);
  const notes = [...base.notes];
  const steps = 4;
  ctx.progress('predict', 0, steps);

  let predictions: CustomersReport['predictions'] = null;
  if (base.bgnbd && base.gammaGamma) {
    try {
      const values = base.rfm.flatMap((row) => {
        const horizon = predictValue(base, row, args.horizonDays);
        const year = predictValue(base, row, 365);
        if (!horizon || !year) return [];
        const id = Number(row.customerId);
        return [
          {
            learnerId: id as LearnerId,
            displayName: base.learners.get(id)?.displayName ?? `#${id}`,
            x: row.x,
            tX: row.tX,
            T: row.T,
            probabilityAlive: horizon.probabilityAlive,
            expectedPurchases: horizon.expectedPurchases,
            value: horizon.value,
            value12Months: year.value,
          },
        ];
      });
      predictions = {
        horizonDays: args.horizonDays,
        customers: values.length,
        totalValue: values.reduce((s, v) => s + v.value, 0),
        totalValue12Months: values.reduce((s, v) => s + v.value12Months, 0),
        top: values
          .sort((p, q) => q.value12Months - p.value12Months || p.learnerId - q.learnerId)
          .slice(0, args.limit),
      };
    } catch (error) {
      notes.push(`values not predicted: ${(error as Error).message}`);
    }
  }
  ctx.progress('repurchase', 1, steps);
  ctx.checkpoint();

  const calendar = { end: base.calibrationEnd, utcOffsetMinutes: base.utcOffsetMinutes };
  let repurchase: CustomersReport['repurchase'] = null;
  let cohorts: CustomersReport['cohorts'] = null;
  if (base.purchases.length > 0) {
    const report = repurchaseReport(base.purchases, calendar);
    repurchase = {
      endDay: report.endDay,
      buyers: report.buyers,
      windows: report.windows.map((w) => ({
        windowDays: w.windowDays,
        overall: { ...w.overall },
        byFirstCourse: w.byFirstCourse.map((c) => ({
          eligible: c.eligible,
          repurchased: c.repurchased,
          rate: c.rate,
          courseId: Number(c.courseId) as CourseId,
          title: base.courses.get(Number(c.courseId)) ?? `#${c.courseId}`,
        })),
        byFirstMonth: w.byFirstMonth.map((m) => ({ ...m })),
        tooRecent: w.tooRecent,
      })),
      timeToSecondPurchase: {
        ...report.timeToSecondPurchase,
        buckets: report.timeToSecondPurchase.buckets.map((b) => ({ ...b })),
      },
    };
    const matrix = cohortMatrix(base.purchases, calendar);
    cohorts = {
      endDay: matrix.endDay,
      endMonthComplete: matrix.endMonthComplete,
      months: matrix.months,
      cohorts: matrix.cohorts.map((c) => ({
        cohort: c.cohort,
        size: c.size,
        buyers: [...c.buyers],
        share: [...c.share],
        revenueMinor: [...c.revenueMinor],
        revenuePerMemberMinor: [...c.revenuePerMemberMinor],
      })),
    };
  }
  ctx.progress('segments', 2, steps);
  ctx.checkpoint();

  const seg = segmentation(base);
  if (seg.note) notes.push(seg.note);
  ctx.progress('insights', 3, steps);
  ctx.checkpoint();

  const insights = findInsights(outcomeRows(base)).map((insight) => ({
    id: insight.id,
    template: insight.template,
    behaviour: insight.behaviour,
    outcome: insight.outcome,
    numbers: { ...insight.numbers },
    support: { ...insight.support },
    text: renderInsight(insight, ctx.language, {
      behaviours: BEHAVIOUR_LABELS,
      outcomes: OUTCOME_LABELS,
    }),
  }));
  ctx.progress('insights', steps, steps);

  const codes = new Map<string, number>();
  for (const s of base.rfmScores.values()) codes.set(s.code, (codes.get(s.code) ?? 0) + 1);
  const repeat = base.rfm.filter((r) => r.x > 0);
  return {
    computedAt: base.calibrationEnd,
    currency: base.currency,
    notes,
    rfm: {
      customers: base.rfm.length,
      calibrationEnd: base.calibrationEnd,
      timeUnitDays: TIME_UNIT_DAYS,
      x: stat(base.rfm.map((r) => r.x)),
      tX: stat(base.rfm.map((r) => r.tX)),
      T: stat(base.rfm.map((r) => r.T)),
      zbar: stat(repeat.map((r) => r.zbar)),
      monetaryTotalMinor: stat(base.rfm.map((r) => r.monetaryTotal)),
      scoreCodes: [...codes.entries()]
        .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
        .map(([code, customers]) => ({ code, customers })),
    },
    bgnbd: base.bgnbd && {
      params: { ...base.bgnbd.model.params },
      logLikelihood: base.bgnbd.logLikelihood,
      customers: base.bgnbd.customers,
      converged: base.bgnbd.converged,
    },
    gammaGamma: base.gammaGamma && {
      params: { ...base.gammaGamma.model.params },
      logLikelihood: base.gammaGamma.logLikelihood,
      customers: base.gammaGamma.customers,
      converged: base.gammaGamma.converged,
    },
    predictions,
    repurchase,
    cohorts,
    segments: seg.value && {
      learners: seg.value.assignments.length,
      k: seg.value.k,
      silhouetteByK: seg.value.silhouetteByK.map((s) => ({ ...s })),
      segments: seg.value.segments.map((s) => ({
        index: s.index,
        size: s.size,
        share: s.share,
        centroid: { ...s.centroid },
        traits: s.traits.map((t) => ({ ...t })),
        description: s.description,
      })),
    },
    insights,
    language: ctx.language,
  };
}

// ---------------------------------------------------------------------------------------------
// analytics.learner
// ---------------------------------------------------------------------------------------------

function courseRecommendations(
  base: CustomerBase,
  learnerId: number,
  ctx: JobContext,
): LearnerProfile['recommendations'] {
  const list = recommendationsFor(base, [learnerId]).get(String(learnerId));
  return (list?.recommendations ?? []).map((r) => ({
    courseId: Number(r.courseId) as CourseId,
    title: base.courses.get(Number(r.courseId)) ?? `#${r.courseId}`,
    score: r.score,
    reason: contractReason(r.reason),
    text: reasonText(base, r.reason, ctx.language),
  }));
}

/** One learner's history, scores, predictions, segment and next courses. */
export function learnerJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.learner'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<LearnerProfile> {
  const id: number = args.learnerId;
  const base = customerBase(db, file, ctx);
  const info = base.learners.get(id);
  if (!info) throw new StudioError('NOT_FOUND', `no learner with id ${id}`);
  ctx.checkpoint();

  // Attendance with this learner's engagement score in each class: the score depends on the
  // learner's own presence and events only, so the metrics are computed on their slice alone.
  const intervals = learnerAttendance(db, id);
  const events = learnerEvents(db, id);
  const sessions = new Map<number, (typeof intervals)[number][]>();
  for (const row of intervals) {
    const list = sessions.get(row.session_id) ?? [];
    list.push(row);
    sessions.set(row.session_id, list);
  }
  const attendance: LearnerProfile['attendance'] = [];
  for (const [sessionId, rows] of sessions) {
    const first = rows[0];
    if (!first) continue;
    const endedAt = first.ended_at ?? ctx.now;
    if (endedAt <= first.started_at) continue;
    const own = events.filter((e) => e.session_id === sessionId);
    const metrics = computeSessionMetrics({
      session: { id: sessionId, startedAt: first.started_at, endedAt, courseId: first.course_id },
      attendance: rows.map((r) => ({
        learnerId: id,
        joinedAt: r.joined_at,
        leftAt: r.left_at,
        lastSeenAt: r.last_seen_at,
      })),
      events: own.map((e) => ({ learnerId: id, kind: e.kind, at: e.at })),
      questions: [],
      pollRuns: [],
      offers: [],
      orders: [],
    });
    const viewer = metrics.engagement.viewers[0];
    attendance.push({
      sessionId: sessionId as SessionId,
      title: first.title,
      courseId: first.course_id as CourseId | null,
      startedAt: first.started_at,
      watchedMs: viewer?.watchedMs ?? 0,
      engagementScore: viewer?.score ?? 0,
      interactions: metrics.headline.interactions,
    });
  }
  ctx.progress('history', 1, 3);
  ctx.checkpoint();

  const questions = learnerQuestions(db, id).map((q) => ({
    id: q.id,
    sessionId: q.session_id as SessionId,
    text: q.text,
    askedAt: q.asked_at,
    status: q.status,
  }));
  const purchases = learnerOrders(db, id).map((o) => ({
    orderId: o.id as OrderId,
    source: o.source,
    orderedAt: o.ordered_at,
    status: o.status,
    currency: o.currency,
    totalMinor: o.total_minor,
    refundedMinor: o.refunded_minor,
    courses: (JSON.parse(o.courses) as { courseId: number; title: string }[]).map((c) => ({
      courseId: c.courseId as CourseId,
      title: c.title,
    })),
    items: (JSON.parse(o.items) as { title: string; courseId: number | null }[]).map((i) => ({
      title: i.title,
      courseId: i.courseId as CourseId | null,
    })),
  }));
  ctx.progress('models', 2, 3);

  const rfmRow = base.rfmById.get(String(id));
  const score = base.rfmScores.get(String(id));
  const ninety = rfmRow ? predictValue(base, rfmRow, 90) : null;
  const year = rfmRow ? predictValue(base, rfmRow, 365) : null;
  const seg = segmentation(base);
  const segmentIndex = segmentOf(base, id);
  const segment = segmentIndex === null ? undefined : seg.value?.segments[segmentIndex];
  // Masked here, in the core: the whole address never leaves it through this method.
  const contactHints = learnerContacts(db, id).map((row) => ({
    kind: row.kind,
    hint: row.kind === 'email' ? maskEmail(row.value) : maskPhone(row.value),
  }));
  ctx.checkpoint();
  const recommended = courseRecommendations(base, id, ctx);
  ctx.progress('models', 3, 3);

  return {
    learner: {
      id: id as LearnerId,
      displayName: info.displayName,
      firstSeenAt: info.createdAt,
      hasEmail: info.hasEmail,
      hasPhone: info.hasPhone,
      contactHints,
      consent: {
        followUp: info.consentFollowUp,
        linkPurchases: info.consentLinkPurchases,
        updatedAt: info.consentUpdatedAt,
      },
    },
    attendance,
    questions,
    purchases,
    rfm: rfmRow
      ? {
          x: rfmRow.x,
          tX: rfmRow.tX,
          T: rfmRow.T,
          zbar: rfmRow.zbar,
          monetaryTotalMinor: rfmRow.monetaryTotal,
          score: score
            ? {
                recency: score.recency,
                frequency: score.frequency,
                monetary: score.monetary,
                code: score.code,
              }
            : null,
        }
      : null,
    prediction:
      ninety && year && base.currency
        ? {
            currency: base.currency,
            probabilityAlive: ninety.probabilityAlive,
            expectedPurchases90Days: ninety.expectedPurchases,
            value90Days: ninety.value,
            value12Months: year.value,
          }
        : null,
    segment:
      segment && seg.value
        ? {
            index: segment.index,
            of: seg.value.k,
            size: segment.size,
            share: segment.share,
            traits: segment.traits.map((t) => ({ ...t })),
            description: segment.description,
            text: describeSegment(segment.traits, ctx.language),
          }
        : null,
    recommendations: recommended,
    language: ctx.language,
  };
}

// ---------------------------------------------------------------------------------------------
// analytics.propensity
// ---------------------------------------------------------------------------------------------

/** Logistic regression of "bought this course" on engagement and the rest of the purchase history. */
export function propensityJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.propensity'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<PropensityReport> {
  const courseId: number = args.courseId;
  const base = customerBase(db, file, ctx);
  const title = base.courses.get(courseId);
  if (title === undefined) throw new StudioError('NOT_FOUND', `no course with id ${courseId}`);
  ctx.progress('fit', 0, 1);
  ctx.checkpoint();
  let propensity;
  try {
    propensity = coursePropensity(base, courseId);
  } catch (error) {
    if (error instanceof RangeError) throw new StudioError('CONFLICT', error.message);
    throw error;
  }
  ctx.progress('fit', 1, 1);
  const { fit, probabilities } = propensity;
  const top = [...probabilities]
    .map(([id, probability]) => ({ id, probability }))
    .sort((p, q) => q.probability - p.probability || p.id - q.id)
    .slice(0, args.limit)
    .map((r) => ({
      learnerId: r.id as LearnerId,
      displayName: base.learners.get(r.id)?.displayName ?? `#${r.id}`,
      probability: r.probability,
    }));
  return {
    courseId: courseId as CourseId,
    courseTitle: title,
    learners: fit.rows,
    buyers: fit.buyers,
    crossValidation: {
      folds: fit.crossValidation.folds,
      foldAuc: [...fit.crossValidation.foldAuc],
      meanAuc: fit.crossValidation.meanAuc,
      pooledAuc: fit.crossValidation.pooledAuc,
    },
    oddsRatios: fit.oddsRatios.map((o) => ({ ...o })),
    converged: fit.converged,
    top,
  };
}

// ---------------------------------------------------------------------------------------------
// analytics.recommendations
// ---------------------------------------------------------------------------------------------

/**
 * The follow-up list: each learner's best next course and why. Contact flags only for learners
 * who agreed to follow-up; never an address.
 */
export function recommendationsJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.recommendations'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<FollowUpList> {
  const attendees = args.sessionId === undefined ? undefined : sessionAttendees(db, args.sessionId);
  const base = customerBase(db, file, ctx);
  ctx.progress('recommend', 0, 1);
  ctx.checkpoint();
  const rows = followUpRows(base, attendees, ctx);
  ctx.progress('recommend', 1, 1);
  return {
    total: rows.length,
    offset: args.offset,
    rows: rows.slice(args.offset, args.offset + args.limit),
    language: ctx.language,
  };
}

export { sessionAttendees };
