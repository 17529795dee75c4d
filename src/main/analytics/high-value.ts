import type { CatalogueCourse, CoursePurchase } from './recommend/types';

// High-value learners (issue #15 §5): the learners with the highest predicted 12-month value
// (BG/NBD × Gamma-Gamma, computed by the caller) who do not yet own the next course of a series
// they are taking. Pure: it computes on arrays.
//
// "The next course of a series" is the catalogue's order: after the highest-positioned course of
// the series the learner owns, the first course further on that they do not own and that is not
// archived (a course skipped earlier in the series is not offered again: they moved past it).
// When a learner is taking several series, the one they bought into most recently is named.

/** A learner's predicted value over the next 12 months, in minor units of one currency. */
export interface ValuedLearner {
  readonly learnerId: string;
  readonly value12Months: number;
  readonly expectedPurchases: number;
}

export interface HighValueCandidate {
  readonly learnerId: string;
  readonly value12Months: number;
  readonly expectedPurchases: number;
  readonly series: string;
  /** The highest-positioned course of the series the learner owns. */
  readonly ownedCourseId: string;
  /** The course to offer: the next one in the series they do not own. */
  readonly nextCourseId: string;
}

export interface HighValueSelection {
  /** Learners who qualify (a positive value and a next course to take). */
  readonly total: number;
  /** The first `limit` of them, highest value first (ties: learner id). */
  readonly rows: readonly HighValueCandidate[];
}

interface SeriesCourse {
  readonly courseId: string;
  readonly position: number;
  readonly archived: boolean;
}

function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Each series' courses in the catalogue's order (position, then id). */
function seriesOrder(catalogue: readonly CatalogueCourse[]): Map<string, SeriesCourse[]> {
  const bySeries = new Map<string, SeriesCourse[]>();
  for (const c of catalogue) {
    if (c.series === null || c.seriesPosition === null || !Number.isFinite(c.seriesPosition)) {
      continue;
    }
    const list = bySeries.get(c.series) ?? [];
    list.push({ courseId: c.courseId, position: c.seriesPosition, archived: c.archived === true });
    bySeries.set(c.series, list);
  }
  for (const list of bySeries.values()) {
    list.sort((a, b) => a.position - b.position || compareIds(a.courseId, b.courseId));
  }
  return bySeries;
}

/**
 * The high-value learners: every learner of `values` with a positive predicted value and a next
 * course in a series they own a course of, highest value first; `limit` of them (≥ 0).
 */
export function selectHighValueLearners(args: {
  values: readonly ValuedLearner[];
  purchases: readonly CoursePurchase[];
  catalogue: readonly CatalogueCourse[];
  limit: number;
}): HighValueSelection {
  if (!Number.isInteger(args.limit) || args.limit < 0) {
    throw new RangeError(`limit must be a whole number ≥ 0 (got ${String(args.limit)})`);
  }
  const series = seriesOrder(args.catalogue);
  const where = new Map<string, { series: string; position: number }>();
  for (const [name, list] of series) {
    for (const c of list) where.set(c.courseId, { series: name, position: c.position });
  }

  // Per learner: the courses owned, and per series the last purchase's time.
  const owned = new Map<string, Set<string>>();
  const lastInSeries = new Map<string, Map<string, number>>();
  for (const p of args.purchases) {
    const set = owned.get(p.customerId) ?? new Set<string>();
    set.add(p.courseId);
    owned.set(p.customerId, set);
    const place = where.get(p.courseId);
    if (!place) continue;
    const times = lastInSeries.get(p.customerId) ?? new Map<string, number>();
    times.set(place.series, Math.max(times.get(place.series) ?? -Infinity, p.at));
    lastInSeries.set(p.customerId, times);
  }

  const candidates: HighValueCandidate[] = [];
  for (const v of args.values) {
    if (!Number.isFinite(v.value12Months) || v.value12Months <= 0) continue;
    const mine = owned.get(v.learnerId);
    const times = lastInSeries.get(v.learnerId);
    if (!mine || !times) continue;
    // Most recently bought-into series first (ties: the series' name).
    const order = [...times.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [name] of order) {
      const list = series.get(name) ?? [];
      let top: SeriesCourse | undefined;
      for (const c of list) if (mine.has(c.courseId)) top = c;
      if (!top) continue;
      const from = top;
      const next = list.find(
        (c) => c.position > from.position && !c.archived && !mine.has(c.courseId),
      );
      if (!next) continue;
      candidates.push({
        learnerId: v.learnerId,
        value12Months: v.value12Months,
        expectedPurchases: v.expectedPurchases,
        series: name,
        ownedCourseId: from.courseId,
        nextCourseId: next.courseId,
      });
      break;
    }
  }
  candidates.sort(
    (a, b) => b.value12Months - a.value12Months || compareIds(a.learnerId, b.learnerId),
  );
  return { total: candidates.length, rows: candidates.slice(0, args.limit) };
}

/** Why a learner is on the list, in plain words (en, zh-CN). */
export function highValueReason(
  row: HighValueCandidate,
  locale: 'en' | 'zh-CN',
  words: { value: string; ownedTitle: string; nextTitle: string },
): string {
  if (locale === 'en') {
    return (
      `Predicted to spend ${words.value} in the next 12 months; owns “${words.ownedTitle}” ` +
      `in the series “${row.series}” but not yet the next course, “${words.nextTitle}”`
    );
  }
  return (
    `预计未来 12 个月消费 ${words.value}；已拥有系列“${row.series}”中的《${words.ownedTitle}》，` +
    `尚未购买下一门课《${words.nextTitle}》`
  );
}
