import { optionsObject, wholeOption, type LearnerFeatureRow } from '../feature-table';
import { checkPurchases, recommendCoursesByDistance } from '../recommend-legacy';
import { type CatalogueCourse, type CoursePurchase, type CourseSignal, type Tuning } from './types';
import { buildMatrix, checkLearners, ownedCount } from './matrix';
import { fitCourseRecommender, readSignals } from './recommender';
import { itemKnnScorer, rankCourses, userKnnScorer } from './baselines';

// Leave-the-last-purchase-out evaluation of the recommender and the baselines.

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface RecommenderScore {
  /** Evaluated learners whose held-out course was among their top k. */
  readonly hits: number;
  /** hits / evaluated learners. */
  readonly hitRate: number;
  /**
   * Mean NDCG@k: a hit at rank r (1 = first) scores 1 / log2(r + 1) — 1 at the top, 0.63 second,
   * 0.5 third… — and a miss scores 0. Rewards putting the right course near the top.
   */
  readonly ndcg: number;
  /** Share of the training courses recommended to at least one evaluated learner. */
  readonly coverage: number;
}

export const EVALUATED_METHODS = [
  'recommender',
  'popularity',
  'itemKnn',
  'userKnn',
  'previous',
] as const;

export type EvaluatedMethod = (typeof EVALUATED_METHODS)[number];

export interface HistoryGroup {
  /** Distinct courses in the learners' training history: "1", "2-3", "4-9" or "10+". */
  readonly history: string;
  readonly evaluated: number;
  readonly scores: Partial<Record<EvaluatedMethod, RecommenderScore>>;
}

export interface RecommendationEvaluation {
  /** Length of the recommendation lists judged. */
  readonly k: number;
  /** Learners with at least two different courses: the ones evaluated. */
  readonly evaluated: number;
  /** Courses bought in the training purchases (the denominator of coverage). */
  readonly courses: number;
  /** Neighbours of the item-kNN and user-kNN baselines. */
  readonly baselineNeighbours: number;
  /** The recommender of this file, the baselines, and the old distance recommender if asked. */
  readonly scores: Partial<Record<EvaluatedMethod, RecommenderScore>>;
  /** The method with the best hit rate among popularity, item-kNN and user-kNN. */
  readonly bestBaseline: EvaluatedMethod;
  readonly byHistory: readonly HistoryGroup[];
}

export interface EvaluateOptions {
  /** List length judged (default 10). */
  readonly k?: number;
  /** Neighbours of the item-kNN and user-kNN baselines (default 50). */
  readonly baselineNeighbours?: number;
  readonly catalogue?: readonly CatalogueCourse[];
  readonly signals?: readonly CourseSignal[];
  /** Also score the old distance recommender (its engagement rows: the learners) (default false). */
  readonly previous?: boolean;
  readonly featureNames?: readonly string[];
  /** The recommender's tuning (default: DEFAULT_TUNING). */
  readonly tuning?: Partial<Tuning>;
}

const HISTORY_GROUPS = [
  { name: '1', min: 1, max: 1 },
  { name: '2-3', min: 2, max: 3 },
  { name: '4-9', min: 4, max: 9 },
  { name: '10+', min: 10, max: Number.POSITIVE_INFINITY },
] as const;

/**
 * Leave-last-purchase-out evaluation of the recommender against popularity, item-kNN and
 * user-kNN. For every learner who bought at least two different courses, the course of their
 * latest purchase (on equal times, the one listed last) is hidden — every purchase of it by that
 * learner is removed, and so is their live behaviour from that moment on — and every method,
 * built from the remaining purchases only, makes k recommendations among the courses the learner
 * does not own. Hit rate@k: the share of those learners whose hidden course is in their list.
 * NDCG@k: see RecommenderScore. Coverage: the share of courses recommended to anybody.
 * @throws as recommendCourses; RangeError when no learner has two different courses
 */
export function evaluateRecommendations(
  learners: readonly LearnerFeatureRow[],
  purchases: readonly CoursePurchase[],
  options?: EvaluateOptions,
): RecommendationEvaluation {
  checkLearners(learners);
  checkPurchases(purchases);
  const o = optionsObject(options);
  const k = wholeOption('k', o.k ?? 10, 1, 1000);
  const keep = wholeOption('baselineNeighbours', o.baselineNeighbours ?? 50, 1, 100_000);

  // The latest purchase of each learner (the later-listed one on equal times).
  const latest = new Map<string, number>();
  const coursesOf = new Map<string, Set<string>>();
  purchases.forEach((p, i) => {
    const current = latest.get(p.customerId);
    if (current === undefined || p.at >= (purchases[current]?.at ?? 0)) latest.set(p.customerId, i);
    const set = coursesOf.get(p.customerId) ?? new Set<string>();
    set.add(p.courseId);
    coursesOf.set(p.customerId, set);
  });
  const heldOut = new Map<string, { courseId: string; at: number }>();
  for (const [learnerId, i] of latest) {
    if ((coursesOf.get(learnerId)?.size ?? 0) >= 2) {
      heldOut.set(learnerId, { courseId: purchases[i]?.courseId ?? '', at: purchases[i]?.at ?? 0 });
    }
  }
  if (heldOut.size === 0) {
    throw new RangeError(
      'purchases must include a learner with at least two different courses to evaluate on',
    );
  }
  const training = purchases.filter((p) => heldOut.get(p.customerId)?.courseId !== p.courseId);
  const signals = readSignals(o.signals).filter((s) => {
    const h = heldOut.get(s.learnerId);
    return h === undefined || s.at < h.at;
  });
  const m = buildMatrix(learners, training);
  const model = fitCourseRecommender(learners, training, {
    ...(o.catalogue === undefined ? {} : { catalogue: o.catalogue }),
    signals,
    ...(o.tuning === undefined ? {} : { tuning: o.tuning }),
  });
  const item = itemKnnScorer(m, keep);
  const user = userKnnScorer(m, keep);
  const popularity = Float64Array.from(m.buyers);
  const previous =
    o.previous === true
      ? new Map(
          recommendCoursesByDistance(learners, training, {
            count: k,
            only: [...heldOut.keys()],
            ...(o.featureNames === undefined ? {} : { featureNames: o.featureNames }),
          }).map((r) => [r.learnerId, r.recommendations.map((x) => x.courseId)]),
        )
      : null;

  const methods: EvaluatedMethod[] = ['recommender', 'popularity', 'itemKnn', 'userKnn'];
  if (previous) methods.push('previous');
  interface Tally {
    hits: number;
    gain: number;
    shown: Set<string>;
    n: number;
  }
  const tally = (): Tally => ({ hits: 0, gain: 0, shown: new Set(), n: 0 });
  const overall = new Map(methods.map((name) => [name, tally()]));
  const groups = HISTORY_GROUPS.map((g) => ({
    ...g,
    n: 0,
    tallies: new Map(methods.map((name) => [name, tally()])),
  }));
  const judge = (list: readonly string[], target: string, into: Tally): void => {
    into.n++;
    for (const c of list) into.shown.add(c);
    const rank = list.indexOf(target);
    if (rank < 0) return;
    into.hits++;
    into.gain += 1 / Math.log2(rank + 2);
  };
  const names = (u: number, scores: Float64Array): string[] =>
    rankCourses(m, u, scores, k).map((c) => m.courses[c] ?? '');
  for (const [learnerId, { courseId: target }] of heldOut) {
    const u = m.learnerIndex.get(learnerId) ?? 0;
    const lists: Record<EvaluatedMethod, readonly string[]> = {
      recommender: model.recommend(learnerId, k).map((r) => r.courseId),
      popularity: names(u, popularity),
      itemKnn: names(u, item(u)),
      userKnn: names(u, user(u)),
      previous: previous?.get(learnerId) ?? [],
    };
    const history = ownedCount(m, u);
    const group = groups.find((g) => history >= g.min && history <= g.max);
    if (group) group.n++;
    for (const name of methods) {
      const t = overall.get(name);
      if (t) judge(lists[name], target, t);
      const gt = group?.tallies.get(name);
      if (gt) judge(lists[name], target, gt);
    }
  }
  const courses = m.popular.length;
  const score = (t: Tally): RecommenderScore => ({
    hits: t.hits,
    hitRate: t.n === 0 ? 0 : t.hits / t.n,
    ndcg: t.n === 0 ? 0 : t.gain / t.n,
    coverage: courses === 0 ? 0 : t.shown.size / courses,
  });
  const scores = Object.fromEntries(
    methods.map((name) => [name, score(overall.get(name) ?? tally())]),
  ) as Partial<Record<EvaluatedMethod, RecommenderScore>>;
  const baselines: EvaluatedMethod[] = ['popularity', 'itemKnn', 'userKnn'];
  const bestBaseline = baselines.reduce((a, b) =>
    (scores[b]?.hitRate ?? 0) > (scores[a]?.hitRate ?? 0) ? b : a,
  );
  return {
    k,
    evaluated: heldOut.size,
    courses,
    baselineNeighbours: keep,
    scores,
    bestBaseline,
    byHistory: groups
      .filter((g) => g.n > 0)
      .map((g) => ({
        history: g.name,
        evaluated: g.n,
        scores: Object.fromEntries(
          methods.map((name) => [name, score(g.tallies.get(name) ?? tally())]),
        ),
      })),
  };
}
