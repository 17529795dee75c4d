/**
 * How fast the customer-over-time analytics run on synthetic data of a realistic size:
 * - the cohort matrix and the repurchase report over 500,000 orders from 125,000 customers (the
 *   size DESIGN.md §11 measured pandas, DuckDB and SQLite on: pandas 0.43 s for cohort + RFM), with
 *   the existing RFM summary alongside for the like-for-like "cohort + RFM" figure;
 * - learner segments (k-means, k = 2..6 by silhouette) on 10,000 learners;
 * - propensity (logistic regression, 5-fold cross-validated AUC) on 10,000 rows;
 * - nearest-learner recommendations for 10,000 learners and their leave-last-out evaluation, and
 *   the ml-knn "will buy" classifier for one course on 2,000 learners.
 * All data come from seeded generators, so every run measures the same numbers.
 *
 * `run()` returns JSON-able measurements (bench/run.ts collects them): `npx tsx bench/run.ts
 * analytics-customers`; `npx tsx bench/analytics-customers.ts` prints them alone.
 */
import { pathToFileURL } from 'node:url';
import type { LearnerFeatureRow } from '../src/main/analytics/feature-table';
import { fitPropensity, type PropensityRow } from '../src/main/analytics/propensity';
import {
  evaluateRecommendations,
  predictCourseBuyers,
  recommendCourses,
  type CoursePurchase,
} from '../src/main/analytics/recommend';
import { cohortMatrix, repurchaseReport, type Purchase } from '../src/main/analytics/repurchase';
import { summariseRfm } from '../src/main/analytics/rfm';
import { segmentLearners } from '../src/main/analytics/segments';
import { createRng, type Rng } from '../src/main/kernel/random';

const DAY_MS = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const COURSES = 40;

/** 125,000 customers acquired over a year, 4 orders each on average over the next 365 days. */
function syntheticOrders(customers: number, seed: number): Purchase[] {
  const rng = createRng(seed, 'orders');
  const orders: Purchase[] = [];
  for (let c = 0; c < customers; c++) {
    const customerId = `c${c}`;
    const first = START + rng.int(0, 364) * DAY_MS + rng.int(0, DAY_MS - 1);
    const taste = rng.int(0, 7);
    const course = (): string => `course-${(taste * 5 + rng.int(0, 9)) % COURSES}`;
    orders.push({ customerId, at: first, amountMinor: rng.int(500, 9_999), courseId: course() });
    // Repeat orders: geometric count with mean 3.
    while (rng.chance(0.75)) {
      const at = first + rng.int(0, 365 * DAY_MS - 1);
      orders.push({ customerId, at, amountMinor: rng.int(500, 9_999), courseId: course() });
    }
  }
  return orders;
}

/** Learners of `types` latent kinds, with engagement that depends on the kind. */
function syntheticLearners(n: number, rng: Rng): { rows: LearnerFeatureRow[]; kinds: number[] } {
  const kinds: number[] = [];
  const rows = Array.from({ length: n }, (_, i) => {
    const kind = rng.int(0, 3);
    kinds.push(kind);
    return {
      learnerId: `l${i}`,
      features: {
        sessionsAttended: rng.poisson([2, 10, 4, 12][kind] ?? 1),
        minutesWatched: rng.logNormal([4, 6, 5, 6.2][kind] ?? 4, 0.4),
        chatMessages: rng.poisson([0.5, 8, 1, 3][kind] ?? 1),
        questionsAsked: rng.poisson([0.1, 3, 0.3, 1][kind] ?? 1),
        pollVotes: rng.poisson([0.5, 6, 2, 5][kind] ?? 1),
        offerClicks: rng.poisson([0.1, 1, 0.5, 2][kind] ?? 1),
      },
    };
  });
  return { rows, kinds };
}

/** Learners who buy 1–5 courses, mostly from the five favourites of their kind. */
function syntheticCoursePurchases(
  rows: readonly LearnerFeatureRow[],
  kinds: readonly number[],
  rng: Rng,
): CoursePurchase[] {
  const purchases: CoursePurchase[] = [];
  rows.forEach((row, i) => {
    const kind = kinds[i] ?? 0;
    const owned = new Set<number>();
    const count = rng.int(1, 5);
    while (owned.size < count) {
      owned.add(rng.chance(0.75) ? kind * 5 + rng.int(0, 4) : rng.int(0, 29));
    }
    [...owned].forEach((course, t) =>
      purchases.push({
        customerId: row.learnerId,
        courseId: `course-${course}`,
        at: START + (t * 20 + rng.int(0, 19)) * DAY_MS,
        amountMinor: 9_900,
      }),
    );
  });
  return purchases;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: Math.round((performance.now() - started) * 10) / 10, value };
}

/** Median of `runs` timings, in ms. */
function median(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(time(fn).ms);
  times.sort((p, q) => p - q);
  return times[Math.floor(runs / 2)] ?? Number.NaN;
}

export function run(): Promise<Record<string, unknown>> {
  // Cohorts and repurchase over 500k orders.
  const orders = syntheticOrders(125_000, 42);
  const end = Date.UTC(2025, 11, 31);
  const cohorts = time(() => cohortMatrix(orders, { end }));
  const repurchase = time(() => repurchaseReport(orders, { end }));
  const cohortMs = median(3, () => cohortMatrix(orders, { end }));
  const repurchaseMs = median(3, () => repurchaseReport(orders, { end }));
  const rfmMs = median(3, () => summariseRfm(orders, { calibrationEnd: end }));
  const cohortAt8 = time(() => cohortMatrix(orders, { end, utcOffsetMinutes: 480 }));

  // 10k learners: segments, propensity, recommendations.
  const rng = createRng(7, 'learners');
  const { rows, kinds } = syntheticLearners(10_000, rng);
  const segments = time(() => segmentLearners(rows, { seed: 1 }));

  const propensityRows: PropensityRow[] = rows.map((row, i) => {
    const f = row.features;
    const logit =
      -2.5 +
      0.35 * (f.questionsAsked ?? 0) +
      0.4 * (f.offerClicks ?? 0) +
      0.08 * (f.sessionsAttended ?? 0) +
      (kinds[i] === 3 ? 0.5 : 0);
    return { ...row, bought: rng.next() < 1 / (1 + Math.exp(-logit)) };
  });
  const propensity = time(() => fitPropensity(propensityRows, { courseId: 'course-1', seed: 1 }));

  const coursePurchases = syntheticCoursePurchases(rows, kinds, rng);
  const recommendations = time(() => recommendCourses(rows, coursePurchases));
  const evaluation = time(() => evaluateRecommendations(rows, coursePurchases, { k: 5 }));
  // ml-knn's search is quadratic with a large constant (about 65 s at 10,000 learners): 2,000.
  const smallRows = rows.slice(0, 2_000);
  const smallIds = new Set(smallRows.map((r) => r.learnerId));
  const willBuy = time(() =>
    predictCourseBuyers(
      smallRows,
      coursePurchases.filter((p) => smallIds.has(p.customerId)),
      'course-3',
    ),
  );

  const w90 = repurchase.value.windows.find((w) => w.windowDays === 90);
  return Promise.resolve({
    orders: {
      orders: orders.length,
      customers: repurchase.value.buyers,
      cohortMatrixMs: cohortMs,
      cohortMatrixFirstRunMs: cohorts.ms,
      cohortMatrixUtcPlus8Ms: cohortAt8.ms,
      repurchaseReportMs: repurchaseMs,
      repurchaseReportFirstRunMs: repurchase.ms,
      summariseRfmMs: rfmMs,
      cohortPlusRfmMs: Math.round((cohortMs + rfmMs) * 10) / 10,
      referencePandasCohortPlusRfmMs: 430,
      cohorts: cohorts.value.cohorts.length,
      months: cohorts.value.months,
      repurchase90d: w90?.overall,
      medianDaysToSecondPurchase: repurchase.value.timeToSecondPurchase.medianDays,
    },
    segments: {
      learners: rows.length,
      ms: segments.ms,
      k: segments.value.k,
      silhouetteByK: segments.value.silhouetteByK,
      descriptions: segments.value.segments.map((s) => `${s.size}: ${s.description}`),
    },
    propensity: {
      rows: propensityRows.length,
      buyers: propensity.value.buyers,
      fitWith5FoldCvMs: propensity.ms,
      meanAuc: propensity.value.crossValidation.meanAuc,
      oddsRatiosPerSd: propensity.value.oddsRatios.map(
        (r) => `${r.feature} ${r.oddsRatioPerSd.toFixed(2)}`,
      ),
    },
    recommendations: {
      learners: rows.length,
      purchases: coursePurchases.length,
      recommendAllMs: recommendations.ms,
      evaluateLeaveLastOutMs: evaluation.ms,
      evaluation: evaluation.value,
      mlKnnWillBuyLearners: smallRows.length,
      mlKnnWillBuyMs: willBuy.ms,
      mlKnnWillBuyYes: willBuy.value.filter((p) => p.willBuy).length,
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
