/**
 * Next-course recommendations by what was bought together, blended with the catalogue's own
 * description of the courses and with live behaviour; the popularity, item-kNN and user-kNN
 * baselines; and an honest offline evaluation of all of them (leave the last purchase out).
 *
 * How a learner's recommendations are made, in words an educator can check:
 * 1. Courses bought together. For every pair of courses, the learners who bought both are
 *    counted; the pair's similarity is that count divided by √(buyers of one × buyers of the
 *    other) (cosine similarity of the two courses' buyer lists: 1 when exactly the same learners
 *    bought both, 0 when nobody bought both). Each course keeps its 50 most similar courses.
 * 2. The catalogue. Courses that share tags (topic: "python", "data"…) are similar by the share of
 *    tags they have in common, more so when the other course is one level up (beginner →
 *    intermediate → advanced) and less when it is a level down; the next course in a series is
 *    similar to the one before it. This counts most for courses few learners bought yet (their
 *    bought-together counts say little) and keeps a list on the learner's topic.
 * 3. The learner. Each course they bought counts with a weight: more for a course bought several
 *    times (1 + ln count) and, above all, for what they bought last (halved for every purchase day
 *    since). Courses whose classes they attended, whose offer they clicked or in whose classes
 *    they asked a question count too, more when they have bought little.
 * 4. Every course the learner does not own scores the sum over their courses of weight ×
 *    similarity; a course whose classes they attended, or whose offer they clicked, also scores
 *    directly. The highest scores are recommended; the reason is the largest single part of the
 *    score ("bought by 14 of the 40 learners who bought Python 1", "next in the series…"). When
 *    nothing scores, the list is topped up with the most popular courses.
 *
 * Cost: building the model is one pass over the purchases plus, per learner, the pairs of their
 * courses; a learner's list then costs their courses × 50. For a workspace's tens of courses a
 * class's recommendations take milliseconds (bench/recommend.ts).
 *
 * Pure: no I/O, no Node built-ins.
 */
import { describeValue, optionsObject, wholeOption, type LearnerFeatureRow } from './feature-table';
import { checkPurchases, readOnly, recommendCoursesByDistance } from './recommend-legacy';
import { MS_PER_DAY, type Transaction } from './transactions';

export { predictCourseBuyers, recommendCoursesByDistance, RFM_COLUMNS } from './recommend-legacy';

/** A purchase of a course; `customerId` is the learner's `learnerId`. */
export interface CoursePurchase extends Transaction {
  readonly courseId: string;
}

/** A course as the catalogue describes it (the courses table). */
export interface CatalogueCourse {
  readonly courseId: string;
  readonly series: string | null;
  readonly seriesPosition: number | null;
  /** Topic and level tags, e.g. ["python", "data", "beginner"]. */
  readonly tags: readonly string[];
  /** Archived courses are never recommended (default false). */
  readonly archived?: boolean;
}

/** One live action of a learner around a course. */
export interface CourseSignal {
  readonly learnerId: string;
  readonly courseId: string;
  /** Attended one of its classes, clicked its offer, asked a question in one of its classes. */
  readonly kind: 'class' | 'offerClick' | 'question';
  readonly at: number;
}

export interface RecommendOptions {
  /** The old distance recommender's engagement features (ignored by recommendCourses). */
  readonly featureNames?: readonly string[];
  /**
   * Similar courses kept per course (default 50). The old distance recommender: nearest
   * learners consulted (default 20).
   */
  readonly neighbours?: number;
  /** Recommendations per learner (default 5). */
  readonly count?: number;
  /** Top up a short list with popular courses (default true). */
  readonly fillWithPopular?: boolean;
}

export interface RecommendCoursesOptions extends RecommendOptions {
  /** Recommend for these learners only, in this order (default: every learner). */
  readonly only?: readonly string[];
  /**
   * Told how many learners are done, every 256 learners and at the end; a long run can report
   * progress, and stop by throwing from it (a cancelled job).
   */
  readonly onProgress?: (done: number, total: number) => void;
  /** The catalogue: series, tags and levels of the courses (default: none). */
  readonly catalogue?: readonly CatalogueCourse[];
  /** Live behaviour: classes attended, offer clicks, questions (default: none). */
  readonly signals?: readonly CourseSignal[];
  /** Overrides of the tuning constants below (for experiments and tests; default: none). */
  readonly tuning?: Partial<Tuning>;
}

const PROGRESS_EVERY = 256;

/** How the learner relates to the course a reason names. */
export type Via = 'bought' | 'attended';

export type RecommendationReason =
  /** `together` of the `buyers` learners who bought `courseId` (one of the learner's) bought it. */
  | {
      readonly kind: 'boughtTogether';
      readonly courseId: string;
      readonly together: number;
      readonly buyers: number;
      readonly via: Via;
    }
  /** It comes after `courseId` (one of the learner's) in the series. */
  | {
      readonly kind: 'series';
      readonly courseId: string;
      readonly series: string;
      readonly via: Via;
    }
  /** It shares the topic tags `tags` with `courseId` (one of the learner's). */
  | {
      readonly kind: 'similar';
      readonly courseId: string;
      readonly tags: readonly string[];
      readonly via: Via;
    }
  /** The learner attended its classes, clicked its offer or asked questions in its classes. */
  | {
      readonly kind: 'live';
      readonly classes: number;
      readonly offerClicks: number;
      readonly questions: number;
    }
  /** The old distance recommender: `neighboursWhoBought` of the nearest learners bought it. */
  | {
      readonly kind: 'neighbours';
      readonly neighboursWhoBought: number;
      readonly neighbours: number;
    }
  /** The course was bought by `buyers` learners in all. */
  | { readonly kind: 'popular'; readonly buyers: number };

export interface Recommendation {
  readonly courseId: string;
  /** The recommender's score (popular fill-ins: the number of buyers). */
  readonly score: number;
  readonly reason: RecommendationReason;
}

export interface LearnerRecommendations {
  readonly learnerId: string;
  /** Best first; never a course the learner owns. */
  readonly recommendations: readonly Recommendation[];
}

// ---------------------------------------------------------------------------------------------
// Tuning. Chosen once by hand (not fitted per workspace); see the file comment for their meaning.

/** The catalogue's weight: CONTENT_WEIGHT × (1/2 + FEW_BUYERS / (FEW_BUYERS + buyers)). */
const CONTENT_WEIGHT = 0.5;
const FEW_BUYERS = 5;

export interface Tuning {
  /**
   * Added to the denominator of the bought-together cosine, together / (√(bᵢ bⱼ) + shrink), so
   * that one learner who bought two rare courses does not make them look alike.
   */
  readonly shrink: number;
  /** Weight of popularity, log(1 + buyers) / log(1 + most buyers), in every score. */
  readonly popularity: number;
  /** A course's weight halves for every `recencyHalving` purchase days since it was bought. */
  readonly recencyHalving: number;
}
export const DEFAULT_TUNING: Tuning = { shrink: 10, popularity: 1, recencyHalving: 1 };
/** Similarity of the next course in a series to the one before it, and of later ones. */
const SERIES_NEXT = 1.5;
const SERIES_LATER = 0.3;
/** Similarity multipliers for a course one level up, and for one a level down. */
const LEVEL_UP = 1.25;
const LEVEL_DOWN = 0.5;
const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
/** Live behaviour: weight of attending (3+ classes), of an offer click, of a question. */
const LIVE_CLASS = 0.6;
const LIVE_CLICK = 0.3;
const LIVE_QUESTION = 0.1;
/** How much a course the learner showed live interest in scores directly. */
const LIVE_DIRECT = 1;

// ---------------------------------------------------------------------------------------------
// The purchase matrix

interface Matrix {
  readonly learnerIds: readonly string[];
  readonly learnerIndex: ReadonlyMap<string, number>;
  /** Course ids, sorted. */
  readonly courses: readonly string[];
  readonly courseIndex: ReadonlyMap<string, number>;
  /** Per learner: distinct owned courses, ascending. */
  readonly owned: readonly Int32Array[];
  /** Per learner, aligned with `owned`: purchases of the course, and its last purchase day. */
  readonly counts: readonly Int32Array[];
  readonly lastDay: readonly Float64Array[];
  /** Per course: its distinct buyers, ascending. */
  readonly buyerLists: readonly Int32Array[];
  readonly buyers: Int32Array;
  /** Courses by buyers (most first; ties: course order) with at least one buyer. */
  readonly popular: readonly number[];
}

function checkLearners(learners: unknown): asserts learners is readonly LearnerFeatureRow[] {
  if (!Array.isArray(learners)) {
    throw new TypeError(`learners must be an array (got ${describeValue(learners)})`);
  }
  if (learners.length === 0) throw new RangeError('learners must not be empty');
  learners.forEach((row: unknown, i) => {
    const id: unknown =
      typeof row === 'object' && row !== null ? (row as LearnerFeatureRow).learnerId : undefined;
    if (typeof id !== 'string' || id.length === 0) {
      throw new TypeError(
        `learners[${i}].learnerId must be a non-empty string (got ${describeValue(id)})`,
      );
    }
  });
}

/**
 * The learner × course matrix. `extraCourses` (the catalogue's) join the purchased ones.
 * @throws RangeError for a learner listed twice or a purchase by somebody not among them
 */
function buildMatrix(
  learners: readonly LearnerFeatureRow[],
  purchases: readonly CoursePurchase[],
  extraCourses: readonly string[] = [],
): Matrix {
  const learnerIndex = new Map<string, number>();
  learners.forEach((row, i) => {
    if (learnerIndex.has(row.learnerId)) {
      throw new RangeError(
        `learners[${i}].learnerId ${JSON.stringify(row.learnerId)} appears twice`,
      );
    }
    learnerIndex.set(row.learnerId, i);
  });
  const courseSet = new Set<string>(extraCourses);
  for (const p of purchases) courseSet.add(p.courseId);
  const courses = [...courseSet].sort();
  const courseIndex = new Map(courses.map((c, i) => [c, i]));
  const perLearner = Array.from(
    { length: learners.length },
    () => new Map<number, { count: number; day: number }>(),
  );
  purchases.forEach((p, i) => {
    const learner = learnerIndex.get(p.customerId);
    if (learner === undefined) {
      throw new RangeError(
        `purchases[${i}].customerId ${JSON.stringify(p.customerId)} is not among the learners`,
      );
    }
    const c = courseIndex.get(p.courseId) ?? 0;
    const day = Math.floor(p.at / MS_PER_DAY);
    const map = perLearner[learner];
    const entry = map?.get(c);
    if (entry) {
      entry.count++;
      entry.day = Math.max(entry.day, day);
    } else {
      map?.set(c, { count: 1, day });
    }
  });
  const buyers = new Int32Array(courses.length);
  const owned: Int32Array[] = [];
  const counts: Int32Array[] = [];
  const lastDay: Float64Array[] = [];
  for (const map of perLearner) {
    const list = Int32Array.from(map.keys()).sort();
    owned.push(list);
    counts.push(Int32Array.from(list, (c) => map.get(c)?.count ?? 0));
    lastDay.push(Float64Array.from(list, (c) => map.get(c)?.day ?? 0));
    for (const c of list) buyers[c] = (buyers[c] ?? 0) + 1;
  }
  const fill = new Int32Array(courses.length);
  const buyerLists = Array.from(buyers, (b) => new Int32Array(b));
  owned.forEach((list, u) => {
    for (const c of list) {
      const at = fill[c] ?? 0;
      const target = buyerLists[c];
      if (target) target[at] = u;
      fill[c] = at + 1;
    }
  });
  const popular = courses
    .map((_, c) => c)
    .filter((c) => (buyers[c] ?? 0) > 0)
    .sort((p, q) => (buyers[q] ?? 0) - (buyers[p] ?? 0) || p - q);
  return {
    learnerIds: learners.map((r) => r.learnerId),
    learnerIndex,
    courses,
    courseIndex,
    owned,
    counts,
    lastDay,
    buyerLists,
    buyers,
    popular,
  };
}

function ownsCourse(m: Matrix, u: number, c: number): boolean {
  const list = m.owned[u];
  if (!list) return false;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid] ?? 0;
    if (v === c) return true;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Per course i, every course j bought together with it: co-buyer counts. Calls `visit(i, j,
 * together)` for each j ≠ i with together > 0, in ascending j.
 */
function coBought(m: Matrix, visit: (i: number, js: Int32Array, together: Int32Array) => void) {
  const n = m.courses.length;
  const acc = new Int32Array(n);
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (const u of m.buyerLists[i] ?? []) {
      for (const j of m.owned[u] ?? []) {
        if (j === i) continue;
        if (acc[j] === 0) touched[t++] = j;
        acc[j] = (acc[j] ?? 0) + 1;
      }
    }
    const js = touched.slice(0, t).sort();
    const together = Int32Array.from(js, (j) => acc[j] ?? 0);
    for (const j of js) acc[j] = 0;
    visit(i, js, together);
  }
}

/** Rounded so that two implementations summing in different orders rank ties alike. */
function rankKey(score: number): number {
  return Math.round(score * 1e9);
}

/** The `keep` largest of `values` (ties: smaller index first), as indices into `values`. */
function topIndices(values: ArrayLike<number>, keep: number): number[] {
  const order = Array.from({ length: values.length }, (_, t) => t);
  order.sort((p, q) => rankKey(values[q] ?? 0) - rankKey(values[p] ?? 0) || p - q);
  return order.slice(0, keep);
}

// ---------------------------------------------------------------------------------------------
// The recommender

interface Neighbours {
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

interface Live {
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

function readSignals(value: unknown): CourseSignal[] {
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
    const owned = m.owned[u] ?? new Int32Array(0);
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
    const days = [...new Set(m.lastDay[u] ?? [])].sort((p, q) => q - p);
    owned.forEach((i, t) => {
      const since = days.indexOf(m.lastDay[u]?.[t] ?? 0);
      const weight = (1 + Math.log(m.counts[u]?.[t] ?? 1)) * 0.5 ** (since / tuning.recencyHalving);
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

// ---------------------------------------------------------------------------------------------
// Baselines, as the literature states them (binary learner × course matrix, cosine similarity).
// tests/python/recommend_baselines.py computes the same with numpy, independently.

/** Scores of every course for one learner; NaN for courses not to rank. */
type Scorer = (u: number) => Float64Array;

/** Top k of the learner's non-owned courses by score, then buyers, then course order. */
function rankCourses(m: Matrix, u: number, scores: Float64Array, k: number): number[] {
  const candidates: number[] = [];
  for (let c = 0; c < m.courses.length; c++) {
    if ((m.buyers[c] ?? 0) > 0 && !ownsCourse(m, u, c)) candidates.push(c);
  }
  candidates.sort(
    (p, q) =>
      rankKey(scores[q] ?? 0) - rankKey(scores[p] ?? 0) ||
      (m.buyers[q] ?? 0) - (m.buyers[p] ?? 0) ||
      p - q,
  );
  return candidates.slice(0, k);
}

/** Item-kNN: score = Σ over owned i of cosine(i, j), j among i's `keep` most similar. */
function itemKnnScorer(m: Matrix, keep: number): Scorer {
  const n = m.courses.length;
  const lists: { to: Int32Array; sim: Float64Array }[] = new Array<{
    to: Int32Array;
    sim: Float64Array;
  }>(n);
  coBought(m, (i, js, together) => {
    const cosine = Float64Array.from(
      js,
      (j, t) => (together[t] ?? 0) / Math.sqrt((m.buyers[i] ?? 1) * (m.buyers[j] ?? 1)),
    );
    const top = topIndices(cosine, keep);
    lists[i] = {
      to: Int32Array.from(top, (t) => js[t] ?? 0),
      sim: Float64Array.from(top, (t) => cosine[t] ?? 0),
    };
  });
  return (u) => {
    const scores = new Float64Array(n);
    for (const i of m.owned[u] ?? []) {
      const l = lists[i];
      if (!l) continue;
      for (let t = 0; t < l.to.length; t++) {
        const j = l.to[t] ?? 0;
        scores[j] = (scores[j] ?? 0) + (l.sim[t] ?? 0);
      }
    }
    return scores;
  };
}

/** User-kNN: the `keep` learners of highest cosine; score = Σ their similarity over owners. */
function userKnnScorer(m: Matrix, keep: number): Scorer {
  const n = m.learnerIds.length;
  const overlap = new Int32Array(n);
  const touched: number[] = [];
  return (u) => {
    const mine = m.owned[u] ?? new Int32Array(0);
    for (const c of mine) {
      for (const v of m.buyerLists[c] ?? []) {
        if (v === u) continue;
        if (overlap[v] === 0) touched.push(v);
        overlap[v] = (overlap[v] ?? 0) + 1;
      }
    }
    const others = touched.sort((p, q) => p - q);
    const sims = Float64Array.from(
      others,
      (v) => (overlap[v] ?? 0) / Math.sqrt(mine.length * (m.owned[v]?.length ?? 1)),
    );
    for (const v of others) overlap[v] = 0;
    const scores = new Float64Array(m.courses.length);
    for (const t of topIndices(sims, keep)) {
      const v = others[t] ?? 0;
      for (const c of m.owned[v] ?? []) scores[c] = (scores[c] ?? 0) + (sims[t] ?? 0);
    }
    touched.length = 0;
    return scores;
  };
}

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
    const history = m.owned[u]?.length ?? 0;
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

// ---------------------------------------------------------------------------------------------
// Reasons in words

/** Course id → title, for the reasons that name one of the learner's courses. */
export type CourseTitles = (courseId: string) => string;

/** The reason of a recommendation as a sentence, in English or Simplified Chinese. */
export function renderRecommendationReason(
  reason: RecommendationReason,
  locale: 'en' | 'zh-CN',
  titleOf: CourseTitles = (id) => `#${id}`,
): string {
  const en = locale === 'en';
  switch (reason.kind) {
    case 'boughtTogether': {
      const title = titleOf(reason.courseId);
      if (en) {
        const who =
          reason.buyers === 1
            ? 'the one learner'
            : `${reason.together} of the ${reason.buyers} learners`;
        const tail = reason.via === 'attended' ? ` (you attended its classes)` : '';
        return `Bought by ${who} who bought “${title}”${tail}`;
      }
      const tail = reason.via === 'attended' ? '（你上过它的课）' : '';
      return `购买了《${title}》的 ${reason.buyers} 位学员中有 ${reason.together} 位也买了这门课${tail}`;
    }
    case 'series': {
      const title = titleOf(reason.courseId);
      if (reason.via === 'bought') {
        return en
          ? `Next in the series “${reason.series}” you are taking, after “${title}”`
          : `你正在学习的系列“${reason.series}”中，《${title}》之后的下一门课`;
      }
      return en
        ? `Next in the series “${reason.series}” after “${title}”, whose classes you attended`
        : `系列“${reason.series}”中《${title}》之后的下一门课（你上过《${title}》的课）`;
    }
    case 'similar': {
      const title = titleOf(reason.courseId);
      const tags = reason.tags.join(en ? ', ' : '、');
      const on = tags === '' ? '' : en ? ` (${tags})` : `（${tags}）`;
      if (en) {
        const yours = reason.via === 'bought' ? 'you bought' : 'you attended classes of';
        return `On the same topic as “${title}”, which ${yours}${on}`;
      }
      const yours = reason.via === 'bought' ? '你买过的' : '你上过课的';
      return `与${yours}《${title}》主题相同${on}`;
    }
    case 'live': {
      const parts: string[] = [];
      if (en) {
        if (reason.classes > 0) {
          parts.push(
            reason.classes === 1
              ? 'attended one of its classes'
              : `attended ${reason.classes} of its classes`,
          );
        }
        if (reason.offerClicks > 0) parts.push('clicked its offer');
        if (reason.questions > 0) parts.push('asked questions in its classes');
        const said =
          parts.length > 1
            ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`
            : (parts[0] ?? '');
        return `You ${said}, and do not own it yet`;
      }
      if (reason.classes > 0) parts.push(`上过这门课的 ${reason.classes} 节课`);
      if (reason.offerClicks > 0) parts.push('点击过它的优惠');
      if (reason.questions > 0) parts.push('在它的课上提过问题');
      return `你${parts.join('，')}，但还没有购买`;
    }
    case 'neighbours':
      return en
        ? `Learners like you bought this: ${reason.neighboursWhoBought} of the ${reason.neighbours} learners most like you`
        : `与你相似的学员买了这门课：最相似的 ${reason.neighbours} 位学员中有 ${reason.neighboursWhoBought} 位购买`;
    case 'popular':
      return en
        ? `Popular: bought by ${reason.buyers} learners`
        : `热门课程：已有 ${reason.buyers} 位学员购买`;
  }
}
