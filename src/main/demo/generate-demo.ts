/**
 * The demo workspace: a year in the life of a small online school (courses, learners, a dozen
 * live open classes with everything their audiences did, and the shop's orders), generated
 * deterministically from a seed so that the demo, its screenshots and the tests built on it
 * never drift. The same generator, with larger options, fills benchmark databases.
 */
import type { Db } from '../storage/connection';
import { DAY_MS, HOUR_MS, MINUTE_MS, localMidnight, localWeekday } from './calendar';
import { COURSES, DEMO_CURRENCY, SESSION_ROTATION, checkoutUrl } from './catalogue';
import {
  simulateSession,
  type IdCounters,
  type SessionCounts,
  type SessionPlan,
} from './live-session';
import { createOrderModel } from './orders';
import { createPopulation } from './people';
import { createRng } from '../kernel/random';
import { prepareStatements } from '../storage/queries/demo-writes';
import { prepareSurveyStatements } from '../storage/queries/demo-satisfaction-writes';
import { setClassPoints } from '../storage/queries/live/points';
import { simulateSurvey } from './satisfaction-survey';
import { prepareExperimentStatements } from '../storage/queries/demo-experiment-writes';
import { simulateExperiment } from './offer-experiment';
import {
  coreRowCount,
  countRows,
  dropSecondaryIndexes,
  recreateIndexes,
  withCacheSize,
} from '../storage/queries/maintenance';

export interface DemoOptions {
  /** Same seed and same `now` give byte-identical tables. Any safe integer (hashed to 32 bits). */
  seed: number;
  /** Epoch ms; the twelve months of history end just before it. */
  now: number;
  /** Default 500. */
  learners?: number;
  /** Past classes over the year; default 12. */
  sessions?: number;
  /**
   * Viewers in every class, capped at the learners who exist (and ever opened the viewer page)
   * by then. Default: a realistic 60–250 drawn per class.
   */
  viewersPerSession?: number;
  /**
   * Events in every class. Q&A, polls, check-ins and offer clicks follow the behaviour model;
   * chat, reactions and raised hands fill up to the target (a class whose structured events
   * alone exceed it keeps them). Default: what the model yields (a few thousand per class).
   */
  eventsPerSession?: number;
  /**
   * Orders in total, exactly: the model's class-driven orders first, then everyday shop orders to
   * make up the number. Default: what the behaviour model yields (about a thousand).
   */
  orders?: number;
}

export interface DemoSummary {
  courses: number;
  learners: number;
  sessions: number;
  /** Attendance rows (one per continuous presence, so reconnects count twice). */
  attendance: number;
  events: number;
  questions: number;
  pollRuns: number;
  /** Poll and quiz votes (poll_votes rows). */
  votes: number;
  offers: number;
  orders: number;
}

/** Sizes for `npm run demo -- --scale`: the educator's demo, and the benchmark workspace. */
export const DEMO_SCALES = {
  demo: {},
  /**
   * One class at the benchmark's size (10,000 viewers, 1,000,000 events) and 500,000 orders from
   * 125,000 learners (DESIGN.md §11's cohort/RFM reference size). One class, not twelve: the
   * per-class options apply to every class, and twelve such classes would be 12 million events.
   */
  bench: {
    learners: 125_000,
    sessions: 1,
    viewersPerSession: 10_000,
    eventsPerSession: 1_000_000,
    orders: 500_000,
  },
} as const satisfies Record<string, Partial<DemoOptions>>;
export type DemoScale = keyof typeof DEMO_SCALES;
export const DEMO_BENCH_SCALE = DEMO_SCALES.bench;

const DEFAULT_LEARNERS = 500;
const DEFAULT_SESSIONS = 12;
const HISTORY_MS = 365 * DAY_MS;
/** The first class comes after the starting audience has signed up; the last a few days ago. */
const FIRST_SESSION_AFTER_MS = 16 * DAY_MS;
const LAST_SESSION_BEFORE_MS = 3 * DAY_MS;
const WEEKDAY_START_MS = 19 * HOUR_MS + 30 * MINUTE_MS;
const WEEKEND_START_MS = 10 * HOUR_MS;
/** Limits that keep memory bounded and classes from overlapping in the year. */
const LIMITS = {
  learners: 2_000_000,
  sessions: 150,
  viewersPerSession: 2_000_000,
  eventsPerSession: 20_000_000,
  orders: 20_000_000,
} as const;
/** Page cache while generating: large transactions touch many index pages. Restored after. */
const GENERATION_CACHE_KIB = 128 * 1024;
/**
 * Tables whose secondary indexes are dropped while they are filled and rebuilt at the end, inside
 * the same transaction. Rows arrive in time order, but indexes such as events (learner_id, at)
 * then take every insert at a random place: measured here, 1M events insert at ~135k rows/s with
 * every index live and ~205k rows/s (rebuild included) with that one deferred. UNIQUE constraints
 * are not touched, so every uniqueness check still happens row by row.
 */
const DEFERRED_INDEX_TABLES: readonly string[] = [
  'learners',
  'learner_identities',
  'attendance',
  'events',
  'offer_clicks',
  'orders',
  'order_lines',
];

/** Every how many classes the demo switches class points on. */
const POINTS_EVERY = 3;

function checkCount(name: keyof typeof LIMITS, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min || value > LIMITS[name]) {
    throw new RangeError(
      `demo option "${name}" must be an integer from ${min} to ${LIMITS[name]} (got ${String(value)})`,
    );
  }
}

/** Throws a RangeError naming the first bad option; callers may check before touching files. */
export function validateDemoOptions(options: DemoOptions): void {
  if (!Number.isSafeInteger(options.seed)) {
    throw new RangeError(`demo option "seed" must be an integer (got ${String(options.seed)})`);
  }
  if (!Number.isSafeInteger(options.now) || options.now < HISTORY_MS * 2) {
    throw new RangeError(
      `demo option "now" must be epoch milliseconds after 1972 (got ${String(options.now)})`,
    );
  }
  checkCount('learners', options.learners, 1);
  checkCount('sessions', options.sessions, 0);
  checkCount('viewersPerSession', options.viewersPerSession, 0);
  checkCount('eventsPerSession', options.eventsPerSession, 0);
  checkCount('orders', options.orders, 0);
}

function assertEmpty(db: Db): void {
  if (coreRowCount(db) > 0) {
    throw new Error(
      'the demo workspace can only be generated into an empty database (it already has courses, learners, sessions or orders)',
    );
  }
}

/** Evenly over the year, at the school's usual times: 19:30 on weekdays, 10:00 at weekends. */
function planSessions(
  count: number,
  args: { seed: number; historyStart: number; now: number; options: DemoOptions },
): SessionPlan[] {
  const rng = createRng(args.seed, 'schedule');
  const first = args.historyStart + FIRST_SESSION_AFTER_MS;
  const last = args.now - LAST_SESSION_BEFORE_MS;
  const plans: SessionPlan[] = [];
  for (let n = 0; n < count; n++) {
    const target = count === 1 ? last : first + ((last - first) * n) / (count - 1);
    const day = localMidnight(target + rng.uniform(-1.5, 1.5) * DAY_MS);
    const weekday = localWeekday(day + 12 * HOUR_MS);
    const weekend = weekday === 0 || weekday === 6;
    let scheduledAt = day + (weekend ? WEEKEND_START_MS : WEEKDAY_START_MS);
    // Never in the future, whatever the jitter did.
    while (scheduledAt + 2 * HOUR_MS + 10 * MINUTE_MS >= args.now) scheduledAt -= DAY_MS;
    const startedAt = scheduledAt + Math.floor(rng.uniform(0, 4 * MINUTE_MS));
    const endedAt = startedAt + Math.floor(rng.uniform(60, 120) * MINUTE_MS);
    const courseIndex = SESSION_ROTATION[n % SESSION_ROTATION.length] ?? 0;
    const course = COURSES[courseIndex];
    if (!course) throw new Error(`no course ${courseIndex}`);
    plans.push({
      id: n + 1,
      number: n,
      courseIndex,
      title: rng.pick(course.sessionTitles),
      createdAt: scheduledAt - Math.floor(rng.uniform(5, 14) * DAY_MS),
      scheduledAt,
      startedAt,
      endedAt,
      viewers: args.options.viewersPerSession ?? null,
      events: args.options.eventsPerSession ?? null,
    });
  }
  return plans;
}

/**
 * Fills an empty workspace database with the demo: deterministic from `seed` and `now`, in one
 * transaction (all or nothing), with prepared statements and rows generated as they are written.
 */
export function generateDemoWorkspace(db: Db, options: DemoOptions): DemoSummary {
  validateDemoOptions(options);
  const { seed, now } = options;
  const historyStart = now - HISTORY_MS;
  const learnerCount = options.learners ?? DEFAULT_LEARNERS;
  const sessionCount = options.sessions ?? DEFAULT_SESSIONS;

  assertEmpty(db);
  return withCacheSize(db, GENERATION_CACHE_KIB, () => {
    const ids: IdCounters = {
      event: 0,
      attendance: 0,
      question: 0,
      poll: 0,
      run: 0,
      offer: 0,
      click: 0,
      identity: 0,
      order: 0,
      line: 0,
    };
    const counts: SessionCounts = {
      attendance: 0,
      events: 0,
      questions: 0,
      pollRuns: 0,
      votes: 0,
      offers: 0,
    };

    return db.transaction((): DemoSummary => {
      const rebuildIndexes = dropSecondaryIndexes(db, DEFERRED_INDEX_TABLES);
      // Prepared after the schema change, so that no statement is re-prepared on first use.
      const statements = prepareStatements(db);
      const surveyStatements = prepareSurveyStatements(db);
      const experimentStatements = prepareExperimentStatements(db);
      statements.setting.run('demo.generated', JSON.stringify({ seed, now, generator: 1 }), now);

      COURSES.forEach((course, index) => {
        statements.course.run(
          index + 1,
          course.title,
          course.series,
          course.seriesPosition,
          course.priceMinor,
          DEMO_CURRENCY,
          JSON.stringify(course.tags),
          checkoutUrl(course),
          // The catalogue predates the year shown; later steps of a series were added later.
          historyStart - 90 * DAY_MS + index * 3 * DAY_MS + 10 * HOUR_MS,
        );
      });

      const population = createPopulation(createRng(seed, 'learners'), statements, {
        count: learnerCount,
        historyStart,
        now,
        nextIdentityId: () => ++ids.identity,
      });

      const orders = createOrderModel(createRng(seed, 'orders'), population, {
        historyStart,
        now,
        limit: options.orders ?? null,
      });

      const plans = planSessions(sessionCount, { seed, historyStart, now, options });
      for (const plan of plans) {
        const firstEvent = ids.event + 1;
        const outcome = simulateSession(
          {
            rng: createRng(seed, `session:${plan.number}`),
            statements,
            population,
            ids,
            counts,
            ownedAt: orders.ownedAt,
          },
          plan,
        );
        const experimentRng = createRng(seed, `experiment:${plan.number}`);
        simulateExperiment(experimentRng, experimentStatements, ids, outcome, COURSES.length, {
          from: firstEvent,
          to: ids.event,
        });
        orders.addSessionOrders(outcome);
        const surveyRng = createRng(seed, `survey:${plan.number}`);
        simulateSurvey(surveyRng, surveyStatements, population, outcome, plan.id);
        // Class points (issue #15 §4) on for every third class: their leaderboards are computed
        // from the class's events, and the lottery's points rules can draw from them.
        if (plan.number % POINTS_EVERY === 0) setClassPoints(db, plan.id, true, now);
      }
      orders.addShopOrders(options.orders ?? null);
      const orderCount = orders.write(statements, ids);
      recreateIndexes(db, rebuildIndexes);

      return {
        courses: COURSES.length,
        learners: learnerCount,
        sessions: plans.length,
        attendance: counts.attendance,
        events: counts.events,
        questions: counts.questions,
        pollRuns: counts.pollRuns,
        votes: counts.votes,
        offers: counts.offers,
        orders: orderCount,
      };
    })();
  });
}

export { countRows };
