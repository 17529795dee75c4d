/**
 * Next-course recommendations for one large class, old and new in the same invocation: 10,000
 * attendees of a workspace of 89,536 learners (the benchmark workspace's size) and 30 courses in
 * six series, with seeded synthetic engagement, purchases (1–5 courses each, mostly in one
 * series, in series order) and classes attended.
 * - previous: the nearest-learner recommender before issue #14 (recommendCoursesByDistance), a
 *   pass over every learner per attendee;
 * - recommender: fitCourseRecommender (bought-together cosine over the catalogue, catalogue and
 *   live behaviour) fitted once, then a list per attendee.
 *
 * `npx tsx bench/run.ts recommend`, or `npx tsx bench/recommend.ts` alone.
 */
import { pathToFileURL } from 'node:url';
import type { LearnerFeatureRow } from '../src/main/analytics/feature-table';
import {
  fitCourseRecommender,
  recommendCoursesByDistance,
  type CatalogueCourse,
  type CoursePurchase,
  type CourseSignal,
} from '../src/main/analytics/recommend';
import { createRng } from '../src/main/kernel/random';

const DAY_MS = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const LEARNERS = 89_536;
const ATTENDEES = 10_000;
const SERIES = 6;
const PER_SERIES = 5;

function ms(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

export function run(): Promise<Record<string, unknown>> {
  const rng = createRng(14, 'recommend-bench');
  const catalogue: CatalogueCourse[] = [];
  for (let s = 0; s < SERIES; s++) {
    for (let p = 1; p <= PER_SERIES; p++) {
      catalogue.push({
        courseId: String(s * PER_SERIES + p),
        series: `Series ${s}`,
        seriesPosition: p,
        tags: [`topic-${s}`, ['beginner', 'intermediate', 'advanced'][Math.min(2, p - 1)] ?? ''],
      });
    }
  }
  const learners: LearnerFeatureRow[] = [];
  const purchases: CoursePurchase[] = [];
  const signals: CourseSignal[] = [];
  for (let i = 0; i < LEARNERS; i++) {
    const learnerId = String(i + 1);
    const series = rng.int(0, SERIES - 1);
    learners.push({
      learnerId,
      features: {
        sessionsAttended: rng.poisson(4),
        minutesWatched: rng.logNormal(5, 0.5),
        chatMessages: rng.poisson(2),
        questionsAsked: rng.poisson(0.5),
        pollVotes: rng.poisson(2),
        reactions: rng.poisson(3),
        offerClicks: rng.poisson(0.5),
      },
    });
    const bought = rng.int(0, 5);
    for (let t = 0; t < bought; t++) {
      const inSeries = rng.chance(0.8);
      const course = inSeries
        ? series * PER_SERIES + Math.min(PER_SERIES, t + 1)
        : rng.int(1, SERIES * PER_SERIES);
      purchases.push({
        customerId: learnerId,
        courseId: String(course),
        at: START + (t * 30 + rng.int(0, 29)) * DAY_MS,
        amountMinor: 9_900,
      });
    }
    if (rng.chance(0.5)) {
      signals.push({
        learnerId,
        courseId: String(series * PER_SERIES + Math.min(PER_SERIES, bought + 1)),
        kind: 'class',
        at: START + 200 * DAY_MS,
      });
    }
  }
  const attendees = learners.slice(0, ATTENDEES).map((r) => r.learnerId);

  let started = performance.now();
  const fitted = fitCourseRecommender(learners, purchases, { catalogue, signals });
  const fitMs = ms(started);
  started = performance.now();
  const lists = attendees.map((id) => fitted.recommend(id, 5));
  const classMs = ms(started);

  started = performance.now();
  const previous = recommendCoursesByDistance(learners, purchases, { only: attendees });
  const previousMs = ms(started);

  const firstKinds: Record<string, number> = {};
  for (const list of lists) {
    const kind = list[0]?.reason.kind ?? 'none';
    firstKinds[kind] = (firstKinds[kind] ?? 0) + 1;
  }
  const sameFirst = lists.filter(
    (list, i) => list[0]?.courseId === previous[i]?.recommendations[0]?.courseId,
  ).length;
  return Promise.resolve({
    learners: LEARNERS,
    attendees: ATTENDEES,
    courses: catalogue.length,
    purchases: purchases.length,
    signals: signals.length,
    previous: { classMs: previousMs },
    recommender: {
      fitMs,
      classMs,
      totalMs: Math.round((fitMs + classMs) * 10) / 10,
      firstReasonKinds: firstKinds,
    },
    speedup: Math.round((previousMs / Math.max(0.1, fitMs + classMs)) * 10) / 10,
    sameFirstCourseAsPrevious: sameFirst,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
