import type { CustomersReport } from '../../../shared/contract/analytics-api';
import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { CourseId, LearnerId } from '../../../shared/model/ids';
import type { Db } from '../../storage/connection';
import {
  BEHAVIOUR_LABELS,
  findInsights,
  renderInsight,
  type InsightLabels,
  type LearnerOutcomeRow,
} from '../../analytics/insights';
import { cohortMatrix, repurchaseReport } from '../../analytics/repurchase';
import { segmentation } from './base-models';
import { customerBase, predictValue, TIME_UNIT_DAYS, type CustomerBase } from './customer-base';
import type { JobContext } from './job-context';
import { satisfactionFindings } from './satisfaction-findings';
import type { WithoutJob } from './job-context';

// analytics.customers: the workspace's customers (RFM, predicted value, segments, follow-ups,
// repurchase and findings).

/** Days after a class within which a purchase counts as its outcome in the findings. */
export const INSIGHT_OUTCOME_DAYS = 30;
const DAY_MS = 86_400_000;

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
  insights.push(...satisfactionFindings(db, base.orders, ctx.language));
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
      fitSample: seg.value.fitSample && { ...seg.value.fitSample },
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
