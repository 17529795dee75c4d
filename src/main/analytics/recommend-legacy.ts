/**
 * The nearest-learner recommender the studio used before issue #14, kept as the baseline of
 * bench/recommend.ts and for predictCourseBuyers ("will buy course X", ml-knn): learners compared
 * by z-scored Euclidean distance over their engagement, RFM columns and one 0/1 column per course.
 *
 * How a learner's recommendations are made:
 * 1. Every learner is described by one row of numbers: their engagement (the features given),
 *    their purchase history in RFM terms (purchase days, total spent, days since the last
 *    purchase) and one 0/1 column per course ("owns it"). Each column is turned into z-scores.
 * 2. The learner's nearest learners (20 by default) are those with the smallest straight-line
 *    (Euclidean) distance between these rows, among the learners who own at least one course
 *    the learner does not. A neighbour's similarity is 1 / (1 + distance).
 * 3. Each course the learner does not own scores the summed similarity of the neighbours who own
 *    it. When the neighbours own too few other courses, the list is topped up with the most
 *    popular courses.
 *
 * Measured weakness (issue #14): spend and recency dominate the distance, not what was bought;
 * its hit rate@10 is about half that of plain item-kNN. recommend.ts replaces it.
 *
 * Pure: no I/O, no Node built-ins.
 */
// @ts-expect-error -- ml-knn 3 ships no type declarations; the shape used is typed below.
import KNNUntyped from 'ml-knn';
import { createRng } from '../kernel/random';
import {
  describeValue,
  fitStandardiser,
  optionsObject,
  readFeatureTable,
  seedOption,
  standardise,
  wholeOption,
  type LearnerFeatureRow,
} from './feature-table';
import { assertTransactions, MS_PER_DAY } from './transactions';
import type {
  CoursePurchase,
  LearnerRecommendations,
  Recommendation,
  RecommendCoursesOptions,
  RecommendOptions,
} from './recommend';
interface KnnClassifier {
  /** The majority label among the k nearest training points of each row. */
  predict(dataset: number[][]): number[];
}
type KnnConstructor = new (
  dataset: number[][],
  labels: number[],
  options?: { readonly k?: number },
) => KnnClassifier;
const KNN = KNNUntyped as KnnConstructor;

const PROGRESS_EVERY = 256;

/** Column names the model adds to the engagement features. */
export const RFM_COLUMNS = [
  'rfm.purchaseDays',
  'rfm.totalSpentMinor',
  'rfm.daysSinceLastPurchase',
] as const;
const OWNS_PREFIX = 'owns:';

interface Settings {
  readonly neighbours: number;
  readonly count: number;
  readonly fill: boolean;
}

/** Learners, their owned courses and their standardised rows. */
interface LearnerSpace {
  readonly ids: readonly string[];
  readonly courses: readonly string[];
  /** Per learner: indices into `courses` owned. */
  readonly owned: readonly Set<number>[];
  /** Owned courses as bit sets, `words` 32-bit words per learner. */
  readonly ownedBits: Uint32Array;
  readonly words: number;
  /** Distinct buyers per course. */
  readonly buyers: Int32Array;
  /** Column count and the rows, learner-major. */
  readonly width: number;
  readonly z: Float64Array;
  /** The engagement and RFM columns of `z` alone, learner-major: `denseWidth` per learner. */
  readonly dense: Float64Array;
  readonly denseWidth: number;
  /**
   * Per course: what owning it or not adds to a squared distance, 1 / sd² of its 0/1 column (0
   * when everybody or nobody owns it).
   */
  readonly courseWeight: Float64Array;
  readonly columnNames: readonly string[];
}

/** @throws TypeError when a purchase is malformed or has no course id */
export function checkPurchases(purchases: unknown): asserts purchases is readonly CoursePurchase[] {
  assertTransactions(purchases, 'purchases');
  purchases.forEach((p, i) => {
    const courseId: unknown = (p as CoursePurchase).courseId;
    if (typeof courseId !== 'string' || courseId.length === 0) {
      throw new TypeError(
        `purchases[${i}].courseId must be a non-empty string (got ${describeValue(courseId)})`,
      );
    }
  });
}

function readSettings(o: Partial<RecommendOptions>): Settings {
  const fill = o.fillWithPopular ?? true;
  if (typeof fill !== 'boolean') {
    throw new TypeError(
      `options.fillWithPopular must be true or false (got ${describeValue(fill)})`,
    );
  }
  return {
    neighbours: wholeOption('neighbours', o.neighbours ?? 20, 1, 1000),
    count: wholeOption('count', o.count ?? 5, 1, 1000),
    fill,
  };
}

/** Index learners, check that every purchase belongs to one, and build the standardised rows. */
function buildSpace(
  learners: readonly LearnerFeatureRow[],
  purchases: readonly CoursePurchase[],
  featureNames: readonly string[] | undefined,
): LearnerSpace {
  const { names, values } = readFeatureTable(learners, 'learners', featureNames);
  const index = new Map<string, number>();
  learners.forEach((row, i) => {
    if (index.has(row.learnerId)) {
      throw new RangeError(
        `learners[${i}].learnerId ${JSON.stringify(row.learnerId)} appears twice`,
      );
    }
    index.set(row.learnerId, i);
  });
  const n = learners.length;
  const courseIndex = new Map<string, number>();
  for (const p of purchases) if (!courseIndex.has(p.courseId)) courseIndex.set(p.courseId, 0);
  const courses = [...courseIndex.keys()].sort();
  courses.forEach((c, i) => courseIndex.set(c, i));

  const owned = Array.from({ length: n }, () => new Set<number>());
  const days = Array.from({ length: n }, () => new Set<number>());
  const spent = new Float64Array(n);
  const lastDay = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  let firstDay = Number.POSITIVE_INFINITY;
  let endDay = Number.NEGATIVE_INFINITY;
  purchases.forEach((p, i) => {
    const learner = index.get(p.customerId);
    if (learner === undefined) {
      throw new RangeError(
        `purchases[${i}].customerId ${JSON.stringify(p.customerId)} is not among the learners`,
      );
    }
    const day = Math.floor(p.at / MS_PER_DAY);
    owned[learner]?.add(courseIndex.get(p.courseId) ?? 0);
    days[learner]?.add(day);
    spent[learner] = (spent[learner] ?? 0) + p.amountMinor;
    if (day > (lastDay[learner] ?? 0)) lastDay[learner] = day;
    if (day < firstDay) firstDay = day;
    if (day > endDay) endDay = day;
  });
  const buyers = new Int32Array(courses.length);
  const words = Math.max(1, Math.ceil(courses.length / 32));
  const ownedBits = new Uint32Array(n * words);
  owned.forEach((set, i) => {
    for (const c of set) {
      buyers[c] = (buyers[c] ?? 0) + 1;
      const w = i * words + (c >>> 5);
      ownedBits[w] = ((ownedBits[w] ?? 0) | (1 << (c & 31))) >>> 0;
    }
  });

  // Recency of a learner who never bought: longer ago than anybody's last purchase could be.
  const neverBought = purchases.length > 0 ? endDay - firstDay + 1 : 0;
  const columnNames = [...names, ...RFM_COLUMNS, ...courses.map((c) => `${OWNS_PREFIX}${c}`)];
  const width = columnNames.length;
  const rows = values.map((engagement, i) => {
    const row = new Float64Array(width);
    row.set(engagement);
    const last = lastDay[i] ?? Number.NEGATIVE_INFINITY;
    row[names.length] = days[i]?.size ?? 0;
    row[names.length + 1] = spent[i] ?? 0;
    row[names.length + 2] = Number.isFinite(last) ? endDay - last : neverBought;
    for (const c of owned[i] ?? []) row[names.length + RFM_COLUMNS.length + c] = 1;
    return row;
  });
  const standardiser = fitStandardiser(columnNames, rows);
  const z = new Float64Array(n * width);
  rows.forEach((row, i) => z.set(standardise(standardiser, row), i * width));
  const denseWidth = names.length + RFM_COLUMNS.length;
  const dense = new Float64Array(n * denseWidth);
  for (let i = 0; i < n; i++) {
    dense.set(z.subarray(i * width, i * width + denseWidth), i * denseWidth);
  }
  const courseWeight = Float64Array.from(courses, (_, c) => {
    const sd = standardiser.sds[denseWidth + c] ?? 0;
    return sd > 0 ? 1 / (sd * sd) : 0;
  });
  return {
    ids: learners.map((r) => r.learnerId),
    courses,
    owned,
    ownedBits,
    words,
    buyers,
    width,
    z,
    dense,
    denseWidth,
    courseWeight,
    columnNames,
  };
}

/**
 * The k nearest other learners of learner `i` who own at least one course `i` does not, nearest
 * first (ties: earlier learner first), with their distances. The others are skipped: they have
 * nothing to recommend, and owning fewer courses makes a learner close, so they would crowd out
 * the neighbours who can help.
 *
 * Why not ml-knn here: its KNN class is a classifier whose only query is predict() (the majority
 * label); it does not return the neighbours or their distances, which the reasons and the
 * similarity weights need. Its internal k-d tree also never prunes (its bound is computed on a
 * plain object whose length reads as 0), so every query visits every learner anyway, building
 * an object per visit: measured at about 65 s for 10,000 learners (bench/analytics-customers.ts).
 * A plain scan over one Float64Array, with the course columns taken as bit sets and a distance
 * abandoned as soon as it exceeds the current k-th best, does the same search far faster.
 */
function nearest(
  space: LearnerSpace,
  i: number,
  k: number,
): { index: Int32Array; distance: Float64Array; found: number } {
  const { dense, denseWidth, ownedBits, words, courseWeight } = space;
  const n = space.ids.length;
  const index = new Int32Array(k).fill(-1);
  const squared = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  let found = 0;
  let limit = Number.POSITIVE_INFINITY;
  const base = i * denseWidth;
  const mineAt = i * words;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    // The course columns: two learners' standardised 0/1 columns differ only where one owns the
    // course and the other does not, by 1 / sd, so their part of the squared distance is the
    // sum of the course weights over the symmetric difference of the owned sets — a few bits
    // per pair instead of a subtraction per course. A learner who owns nothing new is skipped.
    let somethingNew = 0;
    let sum = 0;
    for (let w = 0; w < words; w++) {
      const mine = ownedBits[mineAt + w] ?? 0;
      const theirs = ownedBits[j * words + w] ?? 0;
      somethingNew |= theirs & ~mine;
      let differ = mine ^ theirs;
      const offset = w * 32 + 31;
      while (differ !== 0) {
        sum += courseWeight[offset - Math.clz32(differ & -differ)] ?? 0;
        differ &= differ - 1;
      }
    }
    if (somethingNew === 0 || sum >= limit) continue;
    const other = j * denseWidth;
    for (let c = 0; c < denseWidth && sum < limit; c++) {
      const delta = (dense[base + c] ?? 0) - (dense[other + c] ?? 0);
      sum += delta * delta;
    }
    // Strictly closer only: an equally distant later learner does not displace an earlier one.
    if (sum >= limit) continue;
    let at = Math.min(found, k - 1);
    while (at > 0 && (squared[at - 1] ?? 0) > sum) {
      squared[at] = squared[at - 1] ?? 0;
      index[at] = index[at - 1] ?? -1;
      at--;
    }
    squared[at] = sum;
    index[at] = j;
    if (found < k) found++;
    limit = squared[k - 1] ?? Number.POSITIVE_INFINITY;
  }
  return { index, distance: squared.map(Math.sqrt), found };
}

function popularOrder(space: LearnerSpace): number[] {
  return space.courses
    .map((_, c) => c)
    .sort((p, q) => (space.buyers[q] ?? 0) - (space.buyers[p] ?? 0) || p - q);
}

function popularFor(
  space: LearnerSpace,
  learner: number,
  order: readonly number[],
  count: number,
  exclude: ReadonlySet<number>,
): Recommendation[] {
  const owned = space.owned[learner] ?? new Set<number>();
  const out: Recommendation[] = [];
  for (const c of order) {
    if (out.length >= count) break;
    if (owned.has(c) || exclude.has(c) || (space.buyers[c] ?? 0) === 0) continue;
    const buyers = space.buyers[c] ?? 0;
    out.push({
      courseId: space.courses[c] ?? '',
      score: buyers,
      reason: { kind: 'popular', buyers },
    });
  }
  return out;
}

function neighbourRecommendations(
  space: LearnerSpace,
  learner: number,
  settings: Settings,
  order: readonly number[],
): Recommendation[] {
  const { index, distance, found } = nearest(space, learner, settings.neighbours);
  const owned = space.owned[learner] ?? new Set<number>();
  const score = new Map<number, { score: number; count: number }>();
  for (let t = 0; t < found; t++) {
    const similarity = 1 / (1 + (distance[t] ?? 0));
    for (const c of space.owned[index[t] ?? 0] ?? []) {
      if (owned.has(c)) continue;
      const entry = score.get(c) ?? { score: 0, count: 0 };
      entry.score += similarity;
      entry.count++;
      score.set(c, entry);
    }
  }
  const picked = [...score]
    .sort(
      ([p, a], [q, b]) =>
        b.score - a.score ||
        b.count - a.count ||
        (space.buyers[q] ?? 0) - (space.buyers[p] ?? 0) ||
        p - q,
    )
    .slice(0, settings.count)
    .map(([c, { score: s, count }]): Recommendation => ({
      courseId: space.courses[c] ?? '',
      score: s,
      reason: { kind: 'neighbours', neighboursWhoBought: count, neighbours: found },
    }));
  if (settings.fill && picked.length < settings.count) {
    const taken = new Set(picked.map((r) => space.courses.indexOf(r.courseId)));
    picked.push(...popularFor(space, learner, order, settings.count - picked.length, taken));
  }
  return picked;
}

/**
 * Course recommendations for every learner by their nearest learners (see the file comment),
 * in learner order.
 * @throws TypeError/RangeError for malformed learners or purchases (a purchase by someone not
 *   among the learners, a learner listed twice) or bad options
 */
export function recommendCoursesByDistance(
  learners: readonly LearnerFeatureRow[],
  purchases: readonly CoursePurchase[],
  options?: RecommendCoursesOptions,
): LearnerRecommendations[] {
  checkPurchases(purchases);
  const o = optionsObject(options);
  const settings = readSettings(o);
  const space = buildSpace(learners, purchases, o.featureNames);
  const order = popularOrder(space);
  const chosen = o.only === undefined ? null : readOnly(o.only, space.ids);
  const onProgress = o.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`options.onProgress must be a function (got ${describeValue(onProgress)})`);
  }
  const which = chosen ?? space.ids.map((_, i) => i);
  return which.map((i, done) => {
    if (onProgress && done > 0 && done % PROGRESS_EVERY === 0) onProgress(done, which.length);
    const result = {
      learnerId: space.ids[i] ?? '',
      recommendations: neighbourRecommendations(space, i, settings, order),
    };
    if (onProgress && done === which.length - 1) onProgress(which.length, which.length);
    return result;
  });
}

/** Indices of options.only's learners; throws on an unknown or repeated id. */
export function readOnly(only: unknown, ids: readonly string[]): number[] {
  if (!Array.isArray(only)) {
    throw new TypeError(
      `options.only must be an array of learner ids (got ${describeValue(only)})`,
    );
  }
  const index = new Map(ids.map((id, i) => [id, i]));
  const seen = new Set<string>();
  return only.map((id: unknown, k) => {
    const i = typeof id === 'string' ? index.get(id) : undefined;
    if (i === undefined) {
      throw new RangeError(`options.only[${k}] ${describeValue(id)} is not among the learners`);
    }
    if (seen.has(id as string)) {
      throw new RangeError(`options.only[${k}] ${describeValue(id)} appears twice`);
    }
    seen.add(id as string);
    return i;
  });
}

/**
 * "Will this learner buy course X?" by ml-knn's k-nearest-neighbour classifier, for every learner
 * who does not own X yet: yes when most of their nearest learners (by the same standardised rows
 * as the recommender, without X's own column) own X.
 *
 * So that nobody is their own neighbour, the learners are split in two seeded halves; each half
 * is classified by a classifier trained on the other (two-fold cross-fitting).
 *
 * Cost: ml-knn compares every query with every training learner and builds an object per
 * comparison (see `nearest`), so time grows with the square of the learners: about 2.5 s for
 * 2,000 learners and 65 s for 10,000 on a 2-core machine (bench/analytics-customers.ts). For
 * large bases, rank non-owners with fitPropensity, or recommendCourses, instead.
 * @throws as recommendCourses; RangeError when nobody owns the course
 */
export function predictCourseBuyers(
  learners: readonly LearnerFeatureRow[],
  purchases: readonly CoursePurchase[],
  courseId: string,
  options?: Pick<RecommendOptions, 'featureNames' | 'neighbours'> & { readonly seed?: number },
): { readonly learnerId: string; readonly willBuy: boolean }[] {
  checkPurchases(purchases);
  const o = optionsObject(options);
  const neighbours = wholeOption('neighbours', o.neighbours ?? 5, 1, 1000);
  const seed = seedOption(o.seed ?? 1);
  const space = buildSpace(learners, purchases, o.featureNames);
  const course = space.courses.indexOf(courseId);
  if (course < 0) {
    throw new RangeError(`nobody among the learners bought course ${JSON.stringify(courseId)}`);
  }
  const skip = space.columnNames.indexOf(`${OWNS_PREFIX}${courseId}`);
  const n = space.ids.length;
  const vector = (i: number): number[] => {
    const row: number[] = [];
    for (let c = 0; c < space.width; c++)
      if (c !== skip) row.push(space.z[i * space.width + c] ?? 0);
    return row;
  };
  const label = (i: number): number => (space.owned[i]?.has(course) ? 1 : 0);
  const rng = createRng(seed, 'will-buy-halves');
  const half = Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 1));
  const willBuy = new Map<number, boolean>();
  for (const side of [0, 1]) {
    const train = half.flatMap((h, i) => (h === side ? [] : [i]));
    const query = half.flatMap((h, i) => (h === side && label(i) === 0 ? [i] : []));
    if (query.length === 0) continue;
    if (train.length === 0) {
      for (const i of query) willBuy.set(i, false);
      continue;
    }
    const knn = new KNN(train.map(vector), train.map(label), {
      k: Math.min(neighbours, train.length),
    });
    const predicted = knn.predict(query.map(vector));
    query.forEach((i, t) => willBuy.set(i, predicted[t] === 1));
  }
  return space.ids.flatMap((learnerId, i) =>
    label(i) === 1 ? [] : [{ learnerId, willBuy: willBuy.get(i) ?? false }],
  );
}
