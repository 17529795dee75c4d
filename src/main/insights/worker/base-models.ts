import type {
  FollowUp,
  RecommendationReason as ContractReason,
} from '../../../shared/contract/analytics-api';
import type { CourseId, LearnerId } from '../../../shared/model/ids';
import {
  fitPropensityTable,
  predictPropensityTable,
  type PropensityFit,
} from '../../analytics/propensity';
import {
  fitCourseRecommender,
  renderRecommendationReason,
  type CourseRecommender,
  type LearnerRecommendations,
  type RecommendationReason,
} from '../../analytics/recommend';
import { countRfmSegments, rfmSegment, type RfmSegment } from '../../analytics/rfm-segments';
import { segmentLearnersTable, type Segmentation } from '../../analytics/segments';
import { coursePurchaseStats, fillEngagement, segmentTable } from './base-tables';
import type { RfmSegmentCounts } from '../../../shared/contract/rfm-segment';
import { ENGAGEMENT_FEATURES, type CustomerBase } from './customer-base';
import type { JobContext } from './job-context';
import type { ReplayOfferMiss } from '../../storage/queries/lan-replay';
import { replayFollowUps } from './replay-follow-ups';

// The models fitted over a whole customer base — segments, nearest-learner recommendations and
// one propensity model per course — each computed once per base and kept while its data are
// unchanged (the base's fingerprint), like the base itself: on a workspace of 100,000 learners
// each takes seconds to tens of seconds, and a report, a learner's view and the follow-up list
// all need the same ones.

let segmentationCache: { print: string; value: Segmentation | null; note: string | null } | null =
  null;

/** The base's k-means segments (seeded), or why there are none. */
export function segmentation(base: CustomerBase): {
  value: Segmentation | null;
  note: string | null;
} {
  if (segmentationCache?.print === base.fingerprint) return segmentationCache;
  let value: Segmentation | null = null;
  let note: string | null = null;
  try {
    value = segmentLearnersTable(segmentTable(base, activeIndex(base)), { seed: 1 });
  } catch (error) {
    note = `segments not found: ${(error as Error).message}`;
  }
  segmentationCache = { print: base.fingerprint, value, note };
  return segmentationCache;
}

/** Learner id → index in base.active (segment assignments are in that order). */
let activeIndexCache: { print: string; value: Map<number, number> } | null = null;

export function activeIndex(base: CustomerBase): Map<number, number> {
  if (activeIndexCache?.print === base.fingerprint) return activeIndexCache.value;
  const value = new Map(base.active.map((id, i) => [id, i]));
  activeIndexCache = { print: base.fingerprint, value };
  return value;
}

/** A learner's segment index, or null when the base has no segments or they are not in it. */
export function segmentOf(base: CustomerBase, learnerId: number): number | null {
  const seg = segmentation(base).value;
  const i = activeIndex(base).get(learnerId);
  if (!seg || i === undefined) return null;
  return seg.assignments[i] ?? null;
}

/** A learner's standard RFM segment (rfm-segments.ts), or null when they have no paid order. */
export function rfmSegmentOf(base: CustomerBase, learnerId: number): RfmSegment | null {
  const score = base.rfmScores.get(String(learnerId));
  return score ? rfmSegment(score.recency, score.frequency) : null;
}

/** Customers of each RFM segment in the workspace, and the given attendees among them. */
export function rfmSegmentCounts(
  base: CustomerBase,
  attendees: readonly number[],
): RfmSegmentCounts | null {
  if (base.rfmScores.size === 0) return null;
  const all = countRfmSegments(
    [...base.rfmScores.values()].map((s) => rfmSegment(s.recency, s.frequency)),
  );
  const here = [...new Set(attendees)].flatMap((id) => {
    const s = rfmSegmentOf(base, id);
    return s === null ? [] : [s];
  });
  const present = new Map(countRfmSegments(here).map((c) => [c.segment, c.customers]));
  return {
    customers: base.rfmScores.size,
    attendees: here.length,
    segments: all.map((c) => ({ ...c, attendees: present.get(c.segment) ?? 0 })),
  };
}

let recommenderCache: { print: string; value: CourseRecommender } | null = null;

/** The course recommender fitted on the base (purchases, catalogue, live behaviour). */
export function courseRecommender(base: CustomerBase): CourseRecommender {
  if (recommenderCache?.print === base.fingerprint) return recommenderCache.value;
  // The recommender reads only the learners' ids (not their engagement features).
  const learners = base.active.map((id) => ({ learnerId: String(id), features: {} }));
  const value = fitCourseRecommender(learners, base.coursePurchases, {
    catalogue: base.catalogue,
    signals: base.courseSignals,
  });
  recommenderCache = { print: base.fingerprint, value };
  return value;
}

let recommendationCache: {
  print: string;
  value: Map<string, LearnerRecommendations>;
  complete: boolean;
} | null = null;

const RECOMMENDATIONS_PER_LEARNER = 5;
const PROGRESS_EVERY = 256;

/**
 * Recommendations of the given active learners (default: all of them), computed for the ones not
 * yet known, from the recommender fitted once per base.
 */
export function recommendationsFor(
  base: CustomerBase,
  learnerIds?: readonly number[],
  ctx?: JobContext,
): Map<string, LearnerRecommendations> {
  if (recommendationCache?.print !== base.fingerprint) {
    recommendationCache = { print: base.fingerprint, value: new Map(), complete: false };
  }
  const cache = recommendationCache;
  if (cache.complete || base.active.length === 0) return cache.value;
  const index = activeIndex(base);
  const wanted = learnerIds ?? base.active;
  const missing = [
    ...new Set(wanted.filter((id) => index.has(id) && !cache.value.has(String(id)))),
  ];
  if (missing.length > 0) {
    const model = courseRecommender(base);
    missing.forEach((id, done) => {
      // A job can be cancelled between learners; progress says how far it is.
      if (ctx && done % PROGRESS_EVERY === 0) {
        ctx.progress('recommend', done, missing.length);
        ctx.checkpoint();
      }
      const learnerId = String(id);
      cache.value.set(learnerId, {
        learnerId,
        recommendations: model.recommend(learnerId, RECOMMENDATIONS_PER_LEARNER),
      });
    });
    ctx?.progress('recommend', missing.length, missing.length);
  }
  if (learnerIds === undefined) cache.complete = true;
  return cache.value;
}

/** A recommendation's reason as the API carries it (course ids as numbers). */
export function contractReason(reason: RecommendationReason): ContractReason {
  switch (reason.kind) {
    case 'boughtTogether':
    case 'series':
      return { ...reason, courseId: Number(reason.courseId) as CourseId };
    case 'similar':
      return { ...reason, courseId: Number(reason.courseId) as CourseId, tags: [...reason.tags] };
    default:
      return { ...reason };
  }
}

/** A recommendation's reason in words, naming courses by their titles. */
export function reasonText(
  base: CustomerBase,
  reason: RecommendationReason,
  language: 'en' | 'zh-CN',
): string {
  return renderRecommendationReason(
    reason,
    language,
    (id) => base.courses.get(Number(id)) ?? `#${id}`,
  );
}

/**
 * Follow-up rows (each learner's best next course and why) of the given learners, best first:
 * learners who agreed to follow-up first, then by recommendation score. A learner who watched a
 * replay past an offer and did not buy (`replayMisses`) gets that course, with that reason. Contact flags only for
 * learners who agreed; never an address.
 */
export function followUpRows(
  base: CustomerBase,
  learnerIds: readonly number[] | undefined,
  ctx: JobContext,
  replayMisses: readonly ReplayOfferMiss[] = [],
): FollowUp[] {
  const all = recommendationsFor(base, learnerIds, ctx);
  const replay = replayFollowUps(base, replayMisses, ctx.language, (id) => rfmSegmentOf(base, id));
  const ids = learnerIds ?? base.active;
  const rows: FollowUp[] = [...replay.values()];
  for (const id of new Set(ids)) {
    if (replay.has(id)) continue;
    const best = all.get(String(id))?.recommendations[0];
    const info = base.learners.get(id);
    if (!best || !info) continue;
    rows.push({
      learnerId: info.id as LearnerId,
      displayName: info.displayName,
      courseId: Number(best.courseId) as CourseId,
      courseTitle: base.courses.get(Number(best.courseId)) ?? `#${best.courseId}`,
      score: best.score,
      reason: contractReason(best.reason),
      text: reasonText(base, best.reason, ctx.language),
      consentFollowUp: info.consentFollowUp,
      contact: info.consentFollowUp ? { hasEmail: info.hasEmail, hasPhone: info.hasPhone } : null,
      rfmSegment: rfmSegmentOf(base, id),
    });
  }
  return rows.sort(
    (p, q) =>
      Number(q.consentFollowUp) - Number(p.consentFollowUp) ||
      q.score - p.score ||
      p.learnerId - q.learnerId,
  );
}

export interface CoursePropensity {
  fit: PropensityFit;
  /** Learner id → probability of buying, for every active learner who does not own the course. */
  probabilities: Map<number, number>;
}

const PROPENSITY_CACHE_COURSES = 4;
let propensityCache: { print: string; byCourse: Map<number, CoursePropensity> } | null = null;

/** The propensity features, in table order: engagement, then the rest of the purchase history. */
const PROPENSITY_FEATURES = [...ENGAGEMENT_FEATURES, 'otherCourses', 'otherSpentMinor'] as const;

/**
 * Logistic regression of "bought this course" on engagement and the rest of each learner's
 * purchase history (propensity.ts), over every active learner, with the probabilities of those
 * who do not own it yet. The table is built straight into one typed array (no object per learner).
 * @throws RangeError from fitPropensityTable (too few buyers or non-buyers to fit or cross-validate)
 */
export function coursePropensity(base: CustomerBase, courseId: number): CoursePropensity {
  if (propensityCache?.print !== base.fingerprint) {
    propensityCache = { print: base.fingerprint, byCourse: new Map() };
  }
  const known = propensityCache.byCourse.get(courseId);
  if (known) return known;
  const key = String(courseId);
  const d = PROPENSITY_FEATURES.length;
  const n = base.active.length;
  const values = new Float64Array(n * d);
  const bought = new Uint8Array(n);
  fillEngagement(base, values, d);
  // The rest of the history = everything bought minus this course (sums of whole minor units:
  // exact, so the same numbers as summing the other courses' purchases one by one).
  const stats = coursePurchaseStats(base, activeIndex(base));
  const ownSpent = new Float64Array(n);
  base.coursePurchases.forEach((p, k) => {
    const i = stats.row[k] ?? -1;
    if (i < 0 || p.courseId !== key) return;
    bought[i] = 1;
    ownSpent[i] = (ownSpent[i] ?? 0) + p.amountMinor;
  });
  let candidates = 0;
  for (let i = 0; i < n; i++) {
    const owns = bought[i] ?? 0;
    values[i * d + d - 2] = (stats.distinct[i] ?? 0) - owns;
    values[i * d + d - 1] = (stats.spent[i] ?? 0) - (ownSpent[i] ?? 0);
    if (owns === 0) candidates++;
  }
  const fit = fitPropensityTable({ names: PROPENSITY_FEATURES, values }, bought, {
    courseId: key,
    seed: 1,
  });
  // The candidates' rows, in the same order, and their probabilities.
  const rest = new Float64Array(candidates * d);
  const restIds: number[] = [];
  base.active.forEach((id, i) => {
    if (bought[i] === 1) return;
    rest.set(values.subarray(i * d, i * d + d), restIds.length * d);
    restIds.push(id);
  });
  const predicted =
    candidates === 0
      ? []
      : predictPropensityTable(fit.model, { names: PROPENSITY_FEATURES, values: rest });
  const probabilities = new Map(restIds.map((id, i) => [id, predicted[i] ?? 0] as const));
  const value = { fit, probabilities };
  // A few courses at most: a report's next course, and the ones an educator looks up.
  if (propensityCache.byCourse.size >= PROPENSITY_CACHE_COURSES) {
    const oldest = propensityCache.byCourse.keys().next();
    if (!oldest.done) propensityCache.byCourse.delete(oldest.value);
  }
  propensityCache.byCourse.set(courseId, value);
  return value;
}
