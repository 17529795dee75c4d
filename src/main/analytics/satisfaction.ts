/**
 * Satisfaction from the end-of-class survey, as the articles define it:
 * - a score per response S = Σ wᵢ·Cᵢ over the three 1–5 ratings, with weights that sum to 1 (the
 *   articles' example is 0.4·content + 0.3·teacher + 0.3·interaction; the survey has no separate
 *   "interaction" question, so interaction maps to the rating of the class as a whole — the live
 *   class is where the interaction happens). S is on the same 1–5 scale as the ratings;
 * - a net-promoter figure from "how likely to recommend" (0–10): the share of promoters (9–10)
 *   minus the share of detractors (0–6), in percent (−100 to 100);
 * - the distribution of each rating, per class and pooled per course.
 *
 * Pure: no I/O.
 */

export interface SatisfactionWeights {
  /** The rating of the class as a whole (the articles' "interaction"). */
  readonly class: number;
  readonly teacher: number;
  readonly content: number;
}

export const DEFAULT_SATISFACTION_WEIGHTS: SatisfactionWeights = {
  class: 0.3,
  teacher: 0.3,
  content: 0.4,
};

/** A response counts as "satisfied" from this score up (on the 1–5 scale). */
export const SATISFIED_FROM = 4;

export interface SurveyResponse {
  readonly learnerId: number;
  /** 1–5 each. */
  readonly classRating: number;
  readonly teacherRating: number;
  readonly contentRating: number;
  /** 0–10. */
  readonly recommend: number;
}

/**
 * The weights scaled to sum to 1.
 * @throws RangeError when a weight is negative or not finite, or all are 0
 */
export function normaliseWeights(weights: SatisfactionWeights): SatisfactionWeights {
  const entries = [
    ['class', weights.class],
    ['teacher', weights.teacher],
    ['content', weights.content],
  ] as const;
  for (const [name, w] of entries) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw new RangeError(`the ${name} weight must be a number of at least 0 (got ${String(w)})`);
  }
  const total = weights.class + weights.teacher + weights.content;
  if (!(total > 0)) throw new RangeError('at least one weight must be above 0');
  return {
    class: weights.class / total,
    teacher: weights.teacher / total,
    content: weights.content / total,
  };
}

function checkRating(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
}

/** Checks one response's ratings; @throws RangeError naming the bad field */
export function checkResponse(r: SurveyResponse): void {
  checkRating(r.classRating, 'the class rating', 1, 5);
  checkRating(r.teacherRating, 'the teacher rating', 1, 5);
  checkRating(r.contentRating, 'the content rating', 1, 5);
  checkRating(r.recommend, 'how likely to recommend', 0, 10);
}

/** S = Σ wᵢ·Cᵢ with the weights normalised; 1–5. */
export function satisfactionScore(r: SurveyResponse, weights: SatisfactionWeights): number {
  checkResponse(r);
  const w = normaliseWeights(weights);
  return w.class * r.classRating + w.teacher * r.teacherRating + w.content * r.contentRating;
}

export interface NetPromoter {
  readonly responses: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** (promoters − detractors) / responses × 100; null without responses. */
  readonly nps: number | null;
}

export function netPromoter(recommends: readonly number[]): NetPromoter {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const r of recommends) {
    checkRating(r, 'how likely to recommend', 0, 10);
    if (r >= 9) promoters += 1;
    else if (r >= 7) passives += 1;
    else detractors += 1;
  }
  const responses = recommends.length;
  return {
    responses,
    promoters,
    passives,
    detractors,
    nps: responses > 0 ? ((promoters - detractors) / responses) * 100 : null,
  };
}

export interface SatisfactionSummary {
  readonly responses: number;
  /** Mean S; null without responses. */
  readonly meanScore: number | null;
  /** Responses with S ≥ SATISFIED_FROM. */
  readonly satisfied: number;
  readonly meanClass: number | null;
  readonly meanTeacher: number | null;
  readonly meanContent: number | null;
  readonly netPromoter: NetPromoter;
  /** Counts of 1..5 (index 0 is a rating of 1). */
  readonly classDistribution: number[];
  readonly teacherDistribution: number[];
  readonly contentDistribution: number[];
  /** Counts of 0..10. */
  readonly recommendDistribution: number[];
  /** Counts of S rounded to the nearest whole number, 1..5. */
  readonly scoreDistribution: number[];
}

function mean(values: readonly number[]): number | null {
  return values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

function histogram(values: readonly number[], min: number, max: number): number[] {
  const counts = new Array<number>(max - min + 1).fill(0);
  for (const v of values) {
    const i = Math.min(max, Math.max(min, Math.round(v))) - min;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** The summary of a set of responses (one class's, or a course's pooled). */
export function summariseSatisfaction(
  responses: readonly SurveyResponse[],
  weights: SatisfactionWeights,
): SatisfactionSummary {
  const w = normaliseWeights(weights);
  const scores = responses.map((r) => satisfactionScore(r, w));
  return {
    responses: responses.length,
    meanScore: mean(scores),
    satisfied: scores.filter((s) => s >= SATISFIED_FROM).length,
    meanClass: mean(responses.map((r) => r.classRating)),
    meanTeacher: mean(responses.map((r) => r.teacherRating)),
    meanContent: mean(responses.map((r) => r.contentRating)),
    netPromoter: netPromoter(responses.map((r) => r.recommend)),
    classDistribution: histogram(
      responses.map((r) => r.classRating),
      1,
      5,
    ),
    teacherDistribution: histogram(
      responses.map((r) => r.teacherRating),
      1,
      5,
    ),
    contentDistribution: histogram(
      responses.map((r) => r.contentRating),
      1,
      5,
    ),
    recommendDistribution: histogram(
      responses.map((r) => r.recommend),
      0,
      10,
    ),
    scoreDistribution: histogram(scores, 1, 5),
  };
}

/** Per class of a course (oldest first), and pooled over the course. */
export function courseSatisfaction(
  classes: readonly {
    readonly sessionId: number;
    readonly startedAt: number;
    readonly responses: readonly SurveyResponse[];
  }[],
  weights: SatisfactionWeights,
): {
  classes: { sessionId: number; startedAt: number; summary: SatisfactionSummary }[];
  pooled: SatisfactionSummary;
} {
  const ordered = [...classes].sort((p, q) => p.startedAt - q.startedAt);
  return {
    classes: ordered.map((c) => ({
      sessionId: c.sessionId,
      startedAt: c.startedAt,
      summary: summariseSatisfaction(c.responses, weights),
    })),
    pooled: summariseSatisfaction(
      ordered.flatMap((c) => c.responses),
      weights,
    ),
  };
}

/** Days after a rated class within which an order counts as buying again. */
export const REPURCHASE_AFTER_SURVEY_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * The findings' rows for "did satisfied learners buy again more often?": one row per learner who
 * answered a survey, from their first answered class: `satisfied` when that answer's S reaches
 * SATISFIED_FROM, `boughtAgain` when they placed an order after that class began and within
 * REPURCHASE_AFTER_SURVEY_DAYS. Learners who never answered are left out (their satisfaction is
 * unknown), so the comparison is satisfied vs not satisfied among those who answered.
 */
export function satisfactionOutcomeRows(
  answers: readonly (SurveyResponse & { readonly classAt: number })[],
  orders: readonly { readonly learnerId: number; readonly at: number }[],
  weights: SatisfactionWeights,
): {
  learnerId: string;
  behaviours: { satisfied: boolean };
  outcomes: { boughtAgain: boolean };
}[] {
  const w = normaliseWeights(weights);
  const first = new Map<number, SurveyResponse & { readonly classAt: number }>();
  for (const a of answers) {
    const seen = first.get(a.learnerId);
    if (!seen || a.classAt < seen.classAt) first.set(a.learnerId, a);
  }
  const ordersOf = new Map<number, number[]>();
  for (const o of orders) {
    const list = ordersOf.get(o.learnerId) ?? [];
    list.push(o.at);
    ordersOf.set(o.learnerId, list);
  }
  const window = REPURCHASE_AFTER_SURVEY_DAYS * DAY_MS;
  return [...first.values()]
    .sort((p, q) => p.learnerId - q.learnerId)
    .map((a) => ({
      learnerId: String(a.learnerId),
      behaviours: { satisfied: satisfactionScore(a, w) >= SATISFIED_FROM },
      outcomes: {
        boughtAgain: (ordersOf.get(a.learnerId) ?? []).some(
          (t) => t > a.classAt && t <= a.classAt + window,
        ),
      },
    }));
}
