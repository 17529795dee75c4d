import {
  PURCHASE_GROUPS,
  type AttendeeValue,
  type SessionCustomers,
} from '../../../shared/contract/analytics-api';
import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { CourseId, LearnerId, SessionId } from '../../../shared/model/ids';
import {
  computeSessionPurchases,
  DEFAULT_ATTRIBUTION_WINDOW_DAYS,
  type SessionPurchases,
} from '../../analytics/session-metrics';
import { loadSessionData } from '../../storage/queries/session-data';
import type { Db } from '../../storage/connection';
import { courseSeriesName, nextCourseInSeries } from '../../storage/queries/insights';
import { getSession } from '../../storage/queries/live/sessions';
import { replayOfferMisses } from '../../storage/queries/lan-replay';
import type { RfmSummaryRow } from '../../analytics/rfm';
import { describeSegment } from '../../analytics/segments';
import {
  coursePropensity,
  followUpRows,
  recommendationsFor,
  segmentation,
  segmentOf,
  rfmSegmentCounts,
  type CoursePropensity,
} from './base-models';
import { customerBase, predictValue, type CustomerBase } from './customer-base';
import type { JobContext, WithoutJob } from './job-context';
import { classInsights } from './class-insights';

// report.sessionCustomers: the customer sections of one class's report — what its attendees
// bought before and through it, their predicted repeat value, the propensity to buy the next
// course, their RFM segments and clusters, who to follow up with what, and findings about this
// course's learners. Every model is the workspace's own, fitted once per base (base-models.ts).

/** The short horizon of the predicted value (the other is 12 months). */
export const VALUE_HORIZON_DAYS = 90;
const YEAR_DAYS = 365;
/** A candidate at or above this probability counts as likely to buy the next course. */
const LIKELY_PROBABILITY = 0.5;
const ODDS_SHOWN = 3;
const PROGRESS_STEPS = 6;

type Group = (typeof PURCHASE_GROUPS)[number];

interface ClassInfo {
  id: number;
  title: string;
  courseId: number | null;
  startedAt: number;
}

export function sessionCustomersJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'report.sessionCustomers'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<SessionCustomers> {
  const steps = PROGRESS_STEPS;
  // The class first: an unknown or unstarted class fails before the models are built.
  ctx.progress('class', 0, steps);
  // Who attended and who bought: the class's purchases as its report counts them, without the
  // report's other metrics (this report does not show them).
  const attributionWindowDays = args.attributionWindowDays ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS;
  const metrics = computeSessionPurchases(
    loadSessionData(db, args.sessionId, {
      attributionWindowDays,
      now: ctx.now,
      includeEvents: false,
    }),
    { attributionWindowDays },
  );
  const session: ClassInfo = {
    id: metrics.sessionId,
    title: getSession(db, args.sessionId)?.title ?? '',
    courseId: metrics.courseId,
    startedAt: metrics.startedAt,
  };
  ctx.checkpoint();

  const base = customerBase(db, file, ctx);
  // Pages of the same report (a CSV export walks them) reuse the whole answer while nothing it
  // depends on has changed; only the slices differ.
  const key = JSON.stringify([
    file,
    base.fingerprint,
    session.id,
    metrics.attributionWindowDays,
    ctx.language,
  ]);
  const full = lastFull?.key === key ? lastFull.value : null;
  const value = full ?? computeFull(db, base, session, metrics, ctx);
  lastFull = { key, value };
  ctx.progress('insights', steps, steps);
  return {
    ...value,
    attendeeTable: {
      total: value.attendeeTable.total,
      offset: args.attendeeOffset,
      rows: value.attendeeTable.rows.slice(
        args.attendeeOffset,
        args.attendeeOffset + args.attendeeLimit,
      ),
    },
    followUp: {
      total: value.followUp.total,
      offset: args.followUpOffset,
      rows: value.followUp.rows.slice(
        args.followUpOffset,
        args.followUpOffset + args.followUpLimit,
      ),
    },
  };
}

let lastFull: { key: string; value: WithoutJob<SessionCustomers> } | null = null;
let lastInsights: { key: string; value: SessionCustomers['insights'] } | null = null;

/** Everything, with every attendee row and every follow-up row. */
function computeFull(
  db: Db,
  base: CustomerBase,
  session: ClassInfo,
  metrics: SessionPurchases,
  ctx: JobContext,
): WithoutJob<SessionCustomers> {
  const steps = PROGRESS_STEPS;
  const attendees = [...metrics.viewers].sort((p, q) => p - q);
  const before = new Set(metrics.purchases.boughtBeforeIds ?? []);
  const now = new Set(metrics.purchases.boughtNowIds);
  const notes = [...base.notes];
  ctx.progress('values', 1, steps);
  ctx.checkpoint();

  const attendeeSet = new Set(attendees);
  const ordersBefore = new Map<number, number>();
  const orders = base.orderColumns;
  for (let i = 0; i < orders.length; i++) {
    const learnerId = orders.learnerIds[i] ?? 0;
    if ((orders.ats[i] ?? 0) < session.startedAt && attendeeSet.has(learnerId)) {
      ordersBefore.set(learnerId, (ordersBefore.get(learnerId) ?? 0) + 1);
    }
  }
  const groupOf = (id: number): Group =>
    before.has(id) ? (now.has(id) ? 'repeat' : 'earlier') : now.has(id) ? 'new' : 'none';

  const predictions = new Map<number, ReturnType<typeof predictPair>>();
  let predicted = base.bgnbd !== null && base.gammaGamma !== null;
  if (predicted) {
    try {
      for (const id of attendees) {
        const row = base.rfmById.get(String(id));
        if (row) predictions.set(id, predictPair(base, row));
      }
    } catch (error) {
      predictions.clear();
      predicted = false;
      notes.push(`values not predicted: ${(error as Error).message}`);
    }
  }
  const values = predicted ? summariseValues(attendees, predictions, groupOf) : null;
  ctx.progress('segments', 2, steps);
  ctx.checkpoint();

  const seg = segmentation(base);
  if (seg.note) notes.push(seg.note);
  let segments: SessionCustomers['segments'] = null;
  if (seg.value) {
    const counts = new Map<number, number>();
    let placed = 0;
    for (const id of attendees) {
      const s = segmentOf(base, id);
      if (s === null) continue;
      counts.set(s, (counts.get(s) ?? 0) + 1);
      placed++;
    }
    segments = {
      k: seg.value.k,
      learners: seg.value.assignments.length,
      attendees: placed,
      fitSample: seg.value.fitSample && { ...seg.value.fitSample },
      segments: seg.value.segments.map((s) => {
        const n = counts.get(s.index) ?? 0;
        return {
          index: s.index,
          size: s.size,
          share: s.share,
          attendees: n,
          attendeeShare: placed > 0 ? n / placed : null,
          traits: s.traits.map((t) => ({ ...t })),
          description: s.description,
          text: describeSegment(s.traits, ctx.language),
        };
      }),
    };
  }
  ctx.progress('recommend', 3, steps);
  ctx.checkpoint();

  const recommended = recommendationsFor(base, attendees, ctx);
  const followUp = followUpRows(base, attendees, ctx, replayOfferMisses(db, session.id));
  ctx.progress('propensity', 4, steps);
  ctx.checkpoint();

  const choice = chooseNextCourse(db, base, session, attendees, recommended);
  let propensity: CoursePropensity | null = null;
  let nextCourse: SessionCustomers['nextCourse'] = null;
  const nextOwners = choice ? ownersOf(base, choice.courseId) : new Set<number>();
  if (choice) {
    try {
      propensity = coursePropensity(base, choice.courseId);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      notes.push(`purchase propensity not fitted for ${choice.title}: ${error.message}`);
    }
    const candidates = attendees.filter((id) => !nextOwners.has(id));
    const probabilities = propensity
      ? candidates.flatMap((id) => {
          const p = propensity?.probabilities.get(id);
          return p === undefined ? [] : [p];
        })
      : [];
    nextCourse = {
      courseId: choice.courseId as CourseId,
      title: choice.title,
      basis: choice.basis,
      recommendedFirst: choice.recommendedFirst,
      series: choice.series,
      owners: attendees.length - candidates.length,
      candidates: candidates.length,
      model: propensity && {
        learners: propensity.fit.rows,
        buyers: propensity.fit.buyers,
        meanAuc: propensity.fit.crossValidation.meanAuc,
        converged: propensity.fit.converged,
        oddsRatios: propensity.fit.oddsRatios
          .slice(0, ODDS_SHOWN)
          .map((o) => ({ feature: o.feature, oddsRatioPerSd: o.oddsRatioPerSd })),
      },
      meanProbability: mean(probabilities),
      likely: probabilities.filter((p) => p >= LIKELY_PROBABILITY).length,
    };
  } else {
    notes.push('no next course: no attendee has a recommendation and the course has no follow-on');
  }
  ctx.progress('insights', 5, steps);
  ctx.checkpoint();

  // The findings do not depend on the attribution window: a new window reuses them.
  const insightsKey = JSON.stringify([
    base.fingerprint,
    session.id,
    nextCourse?.courseId ?? null,
    ctx.language,
  ]);
  const insights =
    lastInsights?.key === insightsKey
      ? lastInsights.value
      : classInsights(db, base, session, nextCourse, ctx);
  lastInsights = { key: insightsKey, value: insights };

  const rows: AttendeeValue[] = attendees.map((id) => {
    const p = predictions.get(id);
    const owns = nextCourse !== null && nextOwners.has(id);
    return {
      learnerId: id as LearnerId,
      displayName: base.learners.get(id)?.displayName ?? `#${id}`,
      ordersBefore: ordersBefore.get(id) ?? 0,
      boughtNow: now.has(id),
      probabilityAlive: p?.probabilityAlive ?? null,
      expectedPurchases: p?.expectedPurchases ?? null,
      value: p?.value ?? null,
      value12Months: p?.value12Months ?? null,
      nextCourseProbability: owns ? null : (propensity?.probabilities.get(id) ?? null),
      ownsNextCourse: owns,
      segment: segmentOf(base, id),
    };
  });
  rows.sort(
    (p, q) =>
      (q.value12Months ?? -1) - (p.value12Months ?? -1) ||
      (q.nextCourseProbability ?? -1) - (p.nextCourseProbability ?? -1) ||
      p.learnerId - q.learnerId,
  );

  return {
    sessionId: session.id as SessionId,
    computedAt: base.calibrationEnd,
    currency: base.currency,
    notes,
    attributionWindowDays: metrics.attributionWindowDays,
    attendees: attendees.length,
    values,
    nextCourse,
    attendeeTable: { total: rows.length, offset: 0, rows },
    segments,
    rfmSegments: rfmSegmentCounts(base, attendees),
    followUp: { total: followUp.length, offset: 0, rows: followUp },
    insights,
    language: ctx.language,
  };
}

function predictPair(
  base: CustomerBase,
  row: RfmSummaryRow,
): { probabilityAlive: number; expectedPurchases: number; value: number; value12Months: number } {
  const horizon = predictValue(base, row, VALUE_HORIZON_DAYS);
  const year = predictValue(base, row, YEAR_DAYS);
  if (!horizon || !year) throw new Error('the models are not fitted');
  return {
    probabilityAlive: horizon.probabilityAlive,
    expectedPurchases: horizon.expectedPurchases,
    value: horizon.value,
    value12Months: year.value,
  };
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function summariseValues(
  attendees: readonly number[],
  predictions: ReadonlyMap<number, ReturnType<typeof predictPair>>,
  groupOf: (id: number) => Group,
): NonNullable<SessionCustomers['values']> {
  const predicted = [...predictions.values()];
  const groups = PURCHASE_GROUPS.map((group) => {
    const members = attendees.filter((id) => groupOf(id) === group);
    const own = members.flatMap((id) => {
      const p = predictions.get(id);
      return p ? [p] : [];
    });
    return {
      group,
      attendees: members.length,
      withPrediction: own.length,
      meanValue: mean(own.map((p) => p.value)),
      meanValue12Months: mean(own.map((p) => p.value12Months)),
    };
  });
  return {
    horizonDays: VALUE_HORIZON_DAYS,
    withPrediction: predicted.length,
    totalValue: predicted.reduce((s, p) => s + p.value, 0),
    totalValue12Months: predicted.reduce((s, p) => s + p.value12Months, 0),
    meanValue: mean(predicted.map((p) => p.value)),
    meanValue12Months: mean(predicted.map((p) => p.value12Months)),
    meanExpectedPurchases: mean(predicted.map((p) => p.expectedPurchases)),
    meanProbabilityAlive: mean(predicted.map((p) => p.probabilityAlive)),
    groups,
  };
}

/**
 * Learners who own a course (bought it in any currency), as the recommenders see ownership (an
 * order naming the course: base.coursePurchases), read from the order columns without building
 * the course purchase objects.
 */
export function ownersOf(base: CustomerBase, courseId: number): Set<number> {
  const owners = new Set<number>();
  const orders = base.orderColumns;
  for (let i = 0; i < orders.length; i++) {
    if (orders.courseIds[i]?.includes(courseId)) owners.add(orders.learnerIds[i] ?? 0);
  }
  return owners;
}

interface NextCourseChoice {
  courseId: number;
  title: string;
  basis: 'recommended' | 'follow-on';
  recommendedFirst: number;
  series: string | null;
}

/**
 * The course to offer the attendees next: the one most often first in their recommendations,
 * leaving out the class's own course (what the class sold is not "next"); ties go to the lower
 * course id. With no recommendation at all, the course after the class's course in its series.
 */
function chooseNextCourse(
  db: Db,
  base: CustomerBase,
  session: ClassInfo,
  attendees: readonly number[],
  recommended: ReadonlyMap<string, { recommendations: readonly { courseId: string }[] }>,
): NextCourseChoice | null {
  const firsts = new Map<number, number>();
  for (const id of attendees) {
    const list = recommended.get(String(id))?.recommendations ?? [];
    const first = list.find((r) => Number(r.courseId) !== session.courseId);
    if (first) firsts.set(Number(first.courseId), (firsts.get(Number(first.courseId)) ?? 0) + 1);
  }
  const best = [...firsts].sort((p, q) => q[1] - p[1] || p[0] - q[0])[0];
  if (best) {
    const [courseId, count] = best;
    return {
      courseId,
      title: base.courses.get(courseId) ?? `#${courseId}`,
      basis: 'recommended',
      recommendedFirst: count,
      series: courseSeriesName(db, courseId),
    };
  }
  if (session.courseId === null) return null;
  const next = nextCourseInSeries(db, session.courseId);
  if (!next) return null;
  return {
    courseId: next.id,
    title: next.title,
    basis: 'follow-on',
    recommendedFirst: 0,
    series: next.series,
  };
}
