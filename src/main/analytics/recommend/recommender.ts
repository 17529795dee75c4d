import {
  describeValue,
  optionsObject,
  wholeOption,
  type LearnerFeatureRow,
} from '../feature-table';
import { checkPurchases, readOnly } from '../recommend-legacy';
import {
  type CatalogueCourse,
  CONTENT_WEIGHT,
  type CoursePurchase,
  type CourseSignal,
  DEFAULT_TUNING,
  FEW_BUYERS,
  type LearnerRecommendations,
  LEVEL_DOWN,
  LEVEL_UP,
  LEVELS,
  LIVE_CLASS,
  LIVE_CLICK,
  LIVE_DIRECT,
  LIVE_QUESTION,
  PROGRESS_EVERY,
  type Recommendation,
  type RecommendationReason,
  type RecommendCoursesOptions,
  type RecommendOptions,
  SERIES_LATER,
  SERIES_NEXT,
  type Tuning,
  type Via,
} from './types';
import {
  buildMatrix,
  checkLearners,
  coBought,
  ownedOf,
  ownsCourse,
  rankKey,
  topIndices,
} from './matrix';

// The recommender: bought together, the catalogue and live behaviour, blended (index.ts).

// ---------------------------------------------------------------------------------------------
// The recommender

export interface Neighbours {
  readonly to: Int32Array;
  /** Bought-together cosine, the catalogue's part (already weighted), co-buyers. */
  readonly cf: Float64Array;
  readonly series: Float64Array;
  readonly content: Float64Array;
  readonly together: Int32Array;
}

interface CourseMeta {
  readonly series: string | null;
  readonly position: number | null;
  readonly topics: ReadonlySet<string>;
  /** Index into LEVELS, or -1. */
  readonly level: number;
  readonly archived: boolean;
}

export interface Live {
  classes: number;
  offerClicks: number;
  questions: number;
}

/** A fitted recommender: recommend() for any of its learners. */
export interface CourseRecommender {
  readonly learners: number;
  readonly courses: number;
  /** Best first, `count` long at most; never an owned or archived course. */
  recommend(learnerId: string, count?: number): Recommendation[];
}

function readCatalogue(value: unknown): CatalogueCourse[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new TypeError(`options.catalogue must be an array (got ${describeValue(value)})`);
  }
  const seen = new Set<string>();
  return value.map((c: unknown, i) => {
    const course = (typeof c === 'object' && c !== null ? c : {}) as Partial<CatalogueCourse>;
    const where = `options.catalogue[${i}]`;
    if (typeof course.courseId !== 'string' || course.courseId.length === 0) {
      throw new TypeError(
        `${where}.courseId must be a non-empty string (got ${describeValue(course.courseId)})`,
      );
    }
    if (seen.has(course.courseId)) {
      throw new RangeError(`${where}.courseId ${JSON.stringify(course.courseId)} appears twice`);
    }
    seen.add(course.courseId);
    if (course.series !== null && typeof course.series !== 'string') {
      throw new TypeError(
        `${where}.series must be a string or null (got ${describeValue(course.series)})`,
      );
    }
    if (course.seriesPosition !== null && !Number.isFinite(course.seriesPosition)) {
      throw new TypeError(
        `${where}.seriesPosition must be a number or null (got ${describeValue(course.seriesPosition)})`,
      );
    }
    if (!Array.isArray(course.tags) || course.tags.some((t) => typeof t !== 'string')) {
      throw new TypeError(`${where}.tags must be an array of strings`);
    }
    return course as CatalogueCourse;
  });
}

export function readSignals(value: unknown): CourseSignal[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new TypeError(`options.signals must be an array (got ${describeValue(value)})`);
  }
  return value.map((s: unknown, i) => {
    const signal = (typeof s === 'object' && s !== null ? s : {}) as Partial<CourseSignal>;
    const where = `options.signals[${i}]`;
    if (typeof signal.learnerId !== 'string' || typeof signal.courseId !== 'string') {
      throw new TypeError(`${where} needs string learnerId and courseId`);
    }
    if (signal.kind !== 'class' && signal.kind !== 'offerClick' && signal.kind !== 'question') {
      throw new TypeError(
        `${where}.kind must be class, offerClick or question (got ${describeValue(signal.kind)})`,
      );
    }
    if (!Number.isFinite(signal.at)) {
      throw new TypeError(`${where}.at must be a number (got ${describeValue(signal.at)})`);
    }
    return signal as CourseSignal;
  });
}

function readTuning(value: unknown): Tuning {
  if (value === undefined) return DEFAULT_TUNING;
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`options.tuning must be an object (got ${describeValue(value)})`);
  }
  const t = value as Partial<Tuning>;
  const read = (name: keyof Tuning, min: number): number => {
    const v = t[name] ?? DEFAULT_TUNING[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      throw new RangeError(
        `options.tuning.${name} must be a number ≥ ${min} (got ${describeValue(v)})`,
      );
    }
    return v;
  };
  return {
    shrink: read('shrink', 0),
    popularity: read('popularity', 0),
    recencyHalving: read('recencyHalving', 0.001),
  };
}

function metaOf(course: CatalogueCourse | undefined): CourseMeta {
  const tags = (course?.tags ?? []).map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  const level = LEVELS.findIndex((l) => tags.includes(l));
  return {
    series: course?.series ?? null,
    position: course?.seriesPosition ?? null,
    topics: new Set(tags.filter((t) => !(LEVELS as readonly string[]).includes(t))),
    level,
    archived: course?.archived === true,
  };
}

/** The catalogue's similarity of j to i: shared topics, level step; and series order. */
function contentSimilarity(a: CourseMeta, b: CourseMeta): { content: number; series: number } {
  let series = 0;
  if (a.series !== null && a.series === b.series && a.position !== null && b.position !== null) {
    if (b.position === a.position + 1) series = SERIES_NEXT;
    else if (b.position > a.position + 1) series = SERIES_LATER;
  }
  let shared = 0;
  for (const t of a.topics) if (b.topics.has(t)) shared++;
  const union = a.topics.size + b.topics.size - shared;
  let content = union > 0 ? shared / union : 0;
  if (content > 0 && a.level >= 0 && b.level >= 0) {
    if (b.level === a.level + 1) content *= LEVEL_UP;
    else if (b.level < a.level) content *= LEVEL_DOWN;
  }
  return { content, series };
}

/**
 * Fits the recommender of the file comment on every learner's purchases (and the catalogue and
 * live behaviour when given). Learners without purchases are fine: they get live-behaviour or
 * popular recommendations.
 * @throws TypeError/RangeError for malformed learners, purchases, catalogue, signals or options
 */
export function fitCourseRecommender(
  learners: readonly LearnerFeatureRow[],
  purchases: readonly CoursePurchase[],
  options?: Pick<RecommendCoursesOptions, 'neighbours' | 'catalogue' | 'signals' | 'tuning'>,
): CourseRecommender {
  checkLearners(learners);
  checkPurchases(purchases);
  const o = optionsObject(options);
  const keep = wholeOption('neighbours', o.neighbours ?? 50, 1, 10_000);
  const catalogue = readCatalogue(o.catalogue);
  const signals = readSignals(o.signals);
  const tuning = readTuning(o.tuning);
  const m = buildMatrix(
    learners,
    purchases,
    catalogue.map((c) => c.courseId),
  );
  const n = m.courses.length;
  const byId = new Map(catalogue.map((c) => [c.courseId, c]));
  const meta = m.courses.map((c) => metaOf(byId.get(c)));
  const hasCatalogue = catalogue.length > 0;

  // Bought together: each course's `keep` most similar, plus every course the catalogue links.
  const neighbours: Neighbours[] = new Array<Neighbours>(n);
  coBought(m, (i, js, together) => {
    const cosine = Float64Array.from(
      js,
      (j, t) => (together[t] ?? 0) / Math.sqrt((m.buyers[i] ?? 1) * (m.buyers[j] ?? 1)),
    );
    const kept = new Map<number, number>();
    for (const t of topIndices(cosine, keep)) kept.set(js[t] ?? 0, t);
    const to: number[] = [];
    const cf: number[] = [];
    const series: number[] = [];
    const content: number[] = [];
    const co: number[] = [];
    const a = meta[i];
    const candidates = hasCatalogue
      ? Array.from({ length: n }, (_, j) => j)
      : [...kept.keys()].sort((p, q) => p - q);
    for (const j of candidates) {
      if (j === i) continue;
      const t = kept.get(j);
      const link = hasCatalogue && a ? contentSimilarity(a, meta[j] ?? metaOf(undefined)) : null;
      if (t === undefined && (!link || link.content + link.series === 0)) continue;
      const weight = CONTENT_WEIGHT * (0.5 + FEW_BUYERS / (FEW_BUYERS + (m.buyers[j] ?? 0)));
      to.push(j);
      cf.push(t === undefined ? 0 : (cosine[t] ?? 0));
      co.push(t === undefined ? 0 : (together[t] ?? 0));
      series.push(link ? weight * link.series : 0);
      content.push(link ? weight * link.content : 0);
    }
    neighbours[i] = {
      to: Int32Array.from(to),
      cf: Float64Array.from(cf),
      series: Float64Array.from(series),
      content: Float64Array.from(content),
      together: Int32Array.from(co),
    };
  });

  // Live behaviour per learner and course.
  const live = new Map<number, Map<number, Live>>();
  for (const s of signals) {
    const u = m.learnerIndex.get(s.learnerId);
    const c = m.courseIndex.get(s.courseId);
    if (u === undefined || c === undefined) continue;
    const map = live.get(u) ?? new Map<number, Live>();
    const entry = map.get(c) ?? { classes: 0, offerClicks: 0, questions: 0 };
    if (s.kind === 'class') entry.classes++;
    else if (s.kind === 'offerClick') entry.offerClicks++;
    else entry.questions++;
    map.set(c, entry);
    live.set(u, map);
  }

  const mostBuyers = m.buyers.reduce((a, b) => Math.max(a, b), 0);
  const popularityShare = Float64Array.from(m.buyers, (b) =>
    mostBuyers > 0 ? Math.log1p(b) / Math.log1p(mostBuyers) : 0,
  );
  const score = new Float64Array(n);
  const best = new Float64Array(n);
  const bestReason: (RecommendationReason | null)[] = new Array<RecommendationReason | null>(
    n,
  ).fill(null);
  const touched: number[] = [];
  const isTouched = new Uint8Array(n);

  const recommend = (learnerId: string, count = 5): Recommendation[] => {
    const u = m.learnerIndex.get(learnerId);
    if (u === undefined) {
      throw new RangeError(`${JSON.stringify(learnerId)} is not among the learners`);
    }
    const owned = ownedOf(m, u);
    const start = m.ownedStart[u] ?? 0;
    // `reason` null: a part that never names the reason (popularity: named only when alone).
    const add = (j: number, part: number, reason: (() => RecommendationReason) | null): void => {
      if (part <= 0 || ownsCourse(m, u, j) || meta[j]?.archived) return;
      if (isTouched[j] === 0) {
        isTouched[j] = 1;
        touched.push(j);
      }
      score[j] = (score[j] ?? 0) + part;
      if (reason !== null && part > (best[j] ?? 0)) {
        best[j] = part;
        bestReason[j] = reason();
      }
    };
    const spread = (i: number, weight: number, via: Via): void => {
      const nb = neighbours[i];
      if (!nb) return;
      const courseId = m.courses[i] ?? '';
      for (let t = 0; t < nb.to.length; t++) {
        const j = nb.to[t] ?? 0;
        add(j, weight * (nb.cf[t] ?? 0), () => ({
          kind: 'boughtTogether',
          courseId,
          together: nb.together[t] ?? 0,
          buyers: m.buyers[i] ?? 0,
          via,
        }));
        add(j, weight * (nb.series[t] ?? 0), () => ({
          kind: 'series',
          courseId,
          series: meta[i]?.series ?? '',
          via,
        }));
        add(j, weight * (nb.content[t] ?? 0), () => ({
          kind: 'similar',
          courseId,
          tags: [...(meta[i]?.topics ?? [])].filter((tag) => meta[j]?.topics.has(tag)).sort(),
          via,
        }));
      }
    };
    // What they bought, the latest purchase days weighing most.
    const lastDay = m.lastDayFlat.subarray(start, start + owned.length);
    const days = [...new Set(lastDay)].sort((p, q) => q - p);
    owned.forEach((i, t) => {
      const since = days.indexOf(lastDay[t] ?? 0);
      const count = m.countsFlat[start + t] ?? 1;
      const weight = (1 + Math.log(count)) * 0.5 ** (since / tuning.recencyHalving);
      spread(i, weight, 'bought');
    });
    // What they showed interest in live, more when they have bought little.
    const mine = live.get(u);
    if (mine) {
      const damp = 1 / (1 + owned.length);
      for (const [i, l] of [...mine].sort((p, q) => p[0] - q[0])) {
        if (ownsCourse(m, u, i)) continue;
        const interest =
          (LIVE_CLASS * Math.min(l.classes, 3)) / 3 +
          (l.offerClicks > 0 ? LIVE_CLICK : 0) +
          (l.questions > 0 ? LIVE_QUESTION : 0);
        spread(i, interest * damp, 'attended');
        add(i, interest * LIVE_DIRECT * (l.classes > 0 || l.offerClicks > 0 ? 1 : 0), () => ({
          kind: 'live',
          classes: l.classes,
          offerClicks: l.offerClicks,
          questions: l.questions,
        }));
      }
    }
    // Popularity in every score: among courses equally linked to the learner's, the more bought.
    if (tuning.popularity > 0) {
      for (const j of m.popular) {
        add(j, tuning.popularity * (popularityShare[j] ?? 0), null);
      }
    }
    const picked = touched
      .slice()
      .sort(
        (p, q) =>
          rankKey(score[q] ?? 0) - rankKey(score[p] ?? 0) ||
          (m.buyers[q] ?? 0) - (m.buyers[p] ?? 0) ||
          p - q,
      )
      .slice(0, count)
      .map((j): Recommendation => ({
        courseId: m.courses[j] ?? '',
        score: score[j] ?? 0,
        reason: bestReason[j] ?? { kind: 'popular', buyers: m.buyers[j] ?? 0 },
      }));
    for (const j of touched) {
      score[j] = 0;
      best[j] = 0;
      bestReason[j] = null;
      isTouched[j] = 0;
    }
    touched.length = 0;
    if (picked.length < count) {
      const taken = new Set(picked.map((r) => r.courseId));
      for (const c of m.popular) {
        if (picked.length >= count) break;
        const courseId = m.courses[c] ?? '';
        if (taken.has(courseId) || ownsCourse(m, u, c) || meta[c]?.archived) continue;
        const buyers = m.buyers[c] ?? 0;
        picked.push({ courseId, score: 0, reason: { kind: 'popular', buyers } });
      }
    }
    return picked;
  };
  return { learners: m.learnerIds.length, courses: n, recommend };
}

/**
 * Course recommendations for every learner (or options.only's), in learner order: see the file
 * comment. `neighbours` is the number of similar courses kept per course (default 50).
 * @throws TypeError/RangeError for malformed learners or purchases (a purchase by someone not
 *   among the learners, a learner listed twice) or bad options
 */
export function recommendCourses(
  learners: readonly LearnerFeatureRow[],
  purchases: readonly CoursePurchase[],
  options?: RecommendCoursesOptions,
): LearnerRecommendations[] {
  const o = optionsObject(options);
  const { count, fill } = readCountAndFill(o);
  const onProgress = o.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`options.onProgress must be a function (got ${describeValue(onProgress)})`);
  }
  const model = fitCourseRecommender(learners, purchases, o);
  const ids = learners.map((r) => r.learnerId);
  const which = o.only === undefined ? ids.map((_, i) => i) : readOnly(o.only, ids);
  return which.map((i, done) => {
    if (onProgress && done > 0 && done % PROGRESS_EVERY === 0) onProgress(done, which.length);
    const learnerId = ids[i] ?? '';
    const list = model.recommend(learnerId, count);
    const result = {
      learnerId,
      recommendations: fill ? list : list.filter((r) => r.reason.kind !== 'popular'),
    };
    if (onProgress && done === which.length - 1) onProgress(which.length, which.length);
    return result;
  });
}

function readCountAndFill(o: Partial<RecommendOptions>): { count: number; fill: boolean } {
  const fill = o.fillWithPopular ?? true;
  if (typeof fill !== 'boolean') {
    throw new TypeError(
      `options.fillWithPopular must be true or false (got ${describeValue(fill)})`,
    );
  }
  return { count: wholeOption('count', o.count ?? 5, 1, 1000), fill };
}

/**
 * The popularity baseline: every learner is offered the courses bought by the most learners,
 * leaving out the ones they own (ties: course id order).
 * @throws as recommendCourses
 */
export function recommendPopular(
  learners: readonly LearnerFeatureRow[],
  purchases: readonly CoursePurchase[],
  options?: Pick<RecommendOptions, 'count'>,
): LearnerRecommendations[] {
  checkLearners(learners);
  checkPurchases(purchases);
  const { count } = readCountAndFill(optionsObject(options));
  const m = buildMatrix(learners, purchases);
  return m.learnerIds.map((learnerId, u) => ({
    learnerId,
    recommendations: m.popular
      .filter((c) => !ownsCourse(m, u, c))
      .slice(0, count)
      .map((c) => ({
        courseId: m.courses[c] ?? '',
        score: m.buyers[c] ?? 0,
        reason: { kind: 'popular', buyers: m.buyers[c] ?? 0 },
      })),
  }));
}
