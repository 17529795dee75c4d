import { describeValue, type LearnerFeatureRow } from '../feature-table';
import { MS_PER_DAY } from '../transactions';
import { type CoursePurchase } from './types';

// The learner × course purchase matrix and the small ranking helpers over it.

// ---------------------------------------------------------------------------------------------
// The purchase matrix

export interface Matrix {
  readonly learnerIds: readonly string[];
  readonly learnerIndex: ReadonlyMap<string, number>;
  /** Course ids, sorted. */
  readonly courses: readonly string[];
  readonly courseIndex: ReadonlyMap<string, number>;
  /**
   * Learner u's distinct owned courses (ascending), their purchase counts and last purchase days
   * lie at [ownedStart[u], ownedStart[u + 1]) of the three flat arrays: no array per learner
   * (building ~90,000 × 3 subarrays took most of the fit on the benchmark workspace).
   */
  readonly ownedStart: Int32Array;
  readonly ownedFlat: Int32Array;
  readonly countsFlat: Int32Array;
  readonly lastDayFlat: Float64Array;
  /** Per course: its distinct buyers, ascending. */
  readonly buyerLists: readonly Int32Array[];
  readonly buyers: Int32Array;
  /** Courses by buyers (most first; ties: course order) with at least one buyer. */
  readonly popular: readonly number[];
}

export function checkLearners(learners: unknown): asserts learners is readonly LearnerFeatureRow[] {
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
export function buildMatrix(
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
  // Each learner's purchases as one slice of three flat arrays (no Map or object per learner):
  // counted, placed, then each slice sorted by course with repeats merged.
  const m = purchases.length;
  const ofPurchase = new Int32Array(m);
  const perLearnerCount = new Int32Array(learners.length + 1);
  purchases.forEach((p, i) => {
    const learner = learnerIndex.get(p.customerId);
    if (learner === undefined) {
      throw new RangeError(
        `purchases[${i}].customerId ${JSON.stringify(p.customerId)} is not among the learners`,
      );
    }
    ofPurchase[i] = learner;
    perLearnerCount[learner + 1] = (perLearnerCount[learner + 1] ?? 0) + 1;
  });
  const start = new Int32Array(learners.length + 1);
  for (let u = 0; u < learners.length; u++) {
    start[u + 1] = (start[u] ?? 0) + (perLearnerCount[u + 1] ?? 0);
  }
  const slotCourse = new Int32Array(m);
  const slotDay = new Float64Array(m);
  const next = start.slice(0, learners.length);
  purchases.forEach((p, i) => {
    const u = ofPurchase[i] ?? 0;
    const at = next[u] ?? 0;
    next[u] = at + 1;
    slotCourse[at] = courseIndex.get(p.courseId) ?? 0;
    slotDay[at] = Math.floor(p.at / MS_PER_DAY);
  });
  const flatOwned = new Int32Array(m);
  const flatCounts = new Int32Array(m);
  const flatDays = new Float64Array(m);
  const buyers = new Int32Array(courses.length);
  const ownedStart = new Int32Array(learners.length + 1);
  let out = 0;
  for (let u = 0; u < learners.length; u++) {
    const from = start[u] ?? 0;
    const to = start[u + 1] ?? 0;
    // Insertion sort by course: a learner has a handful of purchases.
    for (let i = from + 1; i < to; i++) {
      const c = slotCourse[i] ?? 0;
      const day = slotDay[i] ?? 0;
      let j = i - 1;
      while (j >= from && (slotCourse[j] ?? 0) > c) {
        slotCourse[j + 1] = slotCourse[j] ?? 0;
        slotDay[j + 1] = slotDay[j] ?? 0;
        j--;
      }
      slotCourse[j + 1] = c;
      slotDay[j + 1] = day;
    }
    const first = out;
    for (let i = from; i < to; i++) {
      const c = slotCourse[i] ?? 0;
      const day = slotDay[i] ?? 0;
      if (out > first && flatOwned[out - 1] === c) {
        flatCounts[out - 1] = (flatCounts[out - 1] ?? 0) + 1;
        flatDays[out - 1] = Math.max(flatDays[out - 1] ?? 0, day);
        continue;
      }
      flatOwned[out] = c;
      flatCounts[out] = 1;
      flatDays[out] = day;
      buyers[c] = (buyers[c] ?? 0) + 1;
      out++;
    }
    ownedStart[u + 1] = out;
  }
  const fill = new Int32Array(courses.length);
  const buyerLists = Array.from(buyers, (b) => new Int32Array(b));
  for (let u = 0; u < learners.length; u++) {
    for (let t = ownedStart[u] ?? 0; t < (ownedStart[u + 1] ?? 0); t++) {
      const c = flatOwned[t] ?? 0;
      const at = fill[c] ?? 0;
      const target = buyerLists[c];
      if (target) target[at] = u;
      fill[c] = at + 1;
    }
  }
  const popular = courses
    .map((_, c) => c)
    .filter((c) => (buyers[c] ?? 0) > 0)
    .sort((p, q) => (buyers[q] ?? 0) - (buyers[p] ?? 0) || p - q);
  return {
    learnerIds: learners.map((r) => r.learnerId),
    learnerIndex,
    courses,
    courseIndex,
    ownedStart,
    ownedFlat: flatOwned.subarray(0, out),
    countsFlat: flatCounts.subarray(0, out),
    lastDayFlat: flatDays.subarray(0, out),
    buyerLists,
    buyers,
    popular,
  };
}

/** Learner u's distinct owned courses, ascending (a view: read, never change). */
export function ownedOf(m: Matrix, u: number): Int32Array {
  return m.ownedFlat.subarray(m.ownedStart[u] ?? 0, m.ownedStart[u + 1] ?? 0);
}

/** How many distinct courses learner u owns. */
export function ownedCount(m: Matrix, u: number): number {
  return (m.ownedStart[u + 1] ?? 0) - (m.ownedStart[u] ?? 0);
}

export function ownsCourse(m: Matrix, u: number, c: number): boolean {
  const list = m.ownedFlat;
  let lo = m.ownedStart[u] ?? 0;
  let hi = (m.ownedStart[u + 1] ?? 0) - 1;
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
export function coBought(
  m: Matrix,
  visit: (i: number, js: Int32Array, together: Int32Array) => void,
) {
  const n = m.courses.length;
  const acc = new Int32Array(n);
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (const u of m.buyerLists[i] ?? []) {
      for (let s = m.ownedStart[u] ?? 0; s < (m.ownedStart[u + 1] ?? 0); s++) {
        const j = m.ownedFlat[s] ?? 0;
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
export function rankKey(score: number): number {
  return Math.round(score * 1e9);
}

/** The `keep` largest of `values` (ties: smaller index first), as indices into `values`. */
export function topIndices(values: ArrayLike<number>, keep: number): number[] {
  const order = Array.from({ length: values.length }, (_, t) => t);
  order.sort((p, q) => rankKey(values[q] ?? 0) - rankKey(values[p] ?? 0) || p - q);
  return order.slice(0, keep);
}
