import { fitBgNbd, type BgNbdFit } from '../../analytics/bgnbd';
import type { LearnerFeatureRow } from '../../analytics/feature-table';
import { customerValue, fitGammaGamma, type GammaGammaFit } from '../../analytics/gamma-gamma';
import type { CatalogueCourse, CoursePurchase, CourseSignal } from '../../analytics/recommend';
import type { Purchase } from '../../analytics/repurchase';
import {
  scoreRfm,
  summariseRfmColumns,
  type RfmScore,
  type RfmSummaryRow,
} from '../../analytics/rfm';
import type { Db } from '../../storage/connection';
import {
  connectionChangeStamp,
  courseTitles,
  customerBaseFingerprint,
  iterateInteractionCounts,
  learnerInfoColumns,
  iterateWatchedPerLearnerClass,
} from '../../storage/queries/insights';
import {
  coursePurchasesOf,
  ordersOf,
  purchasesIn,
  purchasesOf,
  readOrderColumns,
  type BaseOrder,
  type CurrencyPurchases,
  type OrderColumns,
} from './order-columns';
import { courseSignals, recommendCatalogue } from '../../storage/queries/recommend-inputs';
import type { JobContext } from './job-context';
import { LearnerTable } from './learner-table';

// The customer base as the customer models see it, read from a workspace database (a read-only
// connection in the analytics worker, or the CLI's): learners with their consent and identity
// flags, paid orders, engagement per learner, RFM, and the BG/NBD and Gamma-Gamma fits. Several
// methods need the same base (a learner's view needs the fits over everyone), so the last one is
// kept and reused while the data are unchanged (see `fingerprint`).

export type { BaseOrder, CurrencyPurchases, OrderColumns } from './order-columns';
export type { LearnerInfo } from './learner-table';

export const TIME_UNIT_DAYS = 7;
const DAY_MS = 86_400_000;

export interface Engagement {
  sessionsAttended: number;
  minutesWatched: number;
  chatMessages: number;
  questionsAsked: number;
  pollVotes: number;
  reactions: number;
  offerClicks: number;
  /** Highest share of one class watched (0..1). */
  bestWatchShare: number;
  /** Start times of the classes attended. */
  classStarts: number[];
}

export interface CustomerBase {
  fingerprint: string;
  calibrationEnd: number;
  utcOffsetMinutes: number;
  /** Every learner, by id: `get` makes a learner's object on each call. */
  learners: LearnerTable;
  courses: Map<number, string>;
  /**
   * Attendance and interaction counts per learner. Read on first use (then kept), like
   * `catalogue`, `courseSignals` and `active`: the workspace overview never reads them.
   */
  readonly engagement: Map<number, Engagement>;
  /**
   * Every paid order linked to a learner, up to the calibration end, any currency. Built on
   * first use from `orderColumns` (then kept): read the columns where they do.
   */
  readonly orders: BaseOrder[];
  orderColumns: OrderColumns;
  /** The currency most orders use: money models run in it alone. */
  currency: string | null;
  minorPerMajor: number;
  /**
   * Orders in `currency`, as the models' purchases (customerId = learner id). Built on first use
   * from `purchaseColumns` (then kept): read the columns where they do.
   */
  readonly purchases: Purchase[];
  /** The same orders as columns (customer = learner id), oldest first. */
  purchaseColumns: CurrencyPurchases;
  /**
   * One per (order, course), any currency: what the recommenders see as ownership. Built on first
   * use (then kept): the jobs without a recommender never pay for it.
   */
  readonly coursePurchases: CoursePurchase[];
  /** Series, tags and levels of every course: the recommender's description of the catalogue. */
  readonly catalogue: CatalogueCourse[];
  /** Classes attended, offer clicks and questions per learner and course, up to the end. */
  readonly courseSignals: CourseSignal[];
  rfm: RfmSummaryRow[];
  /** `rfm` by customer id. Built on first use (then kept): the workspace overview never reads it. */
  readonly rfmById: Map<string, RfmSummaryRow>;
  /** RFM scores by customer id. Built on first use (then kept), like `rfmById`. */
  readonly rfmScores: Map<string, RfmScore>;
  bgnbd: BgNbdFit | null;
  gammaGamma: GammaGammaFit | null;
  notes: string[];
  /** Learners who attended a class or bought: the rows of segments, propensity, recommendations. */
  readonly active: number[];
}

export const ENGAGEMENT_FEATURES = [
  'sessionsAttended',
  'minutesWatched',
  'chatMessages',
  'questionsAsked',
  'pollVotes',
  'reactions',
  'offerClicks',
] as const;

/**
 * Cheap summary of what the base depends on: counts and newest ids of the tables read, and the
 * number of learner deletions (a deletion can leave every count and newest id as it was: the
 * learner with the highest id deleted, another one created with that id since). Catalogue edits
 * (a title, a series order, an archived course) change no count: they move `updated_at`, and
 * archiving changes how many courses are archived.
 */
export function fingerprint(db: Db, calibrationEnd: number): string {
  // The counts scan whole tables (0.4 s on the benchmark workspace) and one job asks more than
  // once: they are kept while the connection sees no commit and makes no change of its own.
  const stamp = connectionChangeStamp(db);
  if (counted?.db !== db || counted.stamp !== stamp) {
    counted = { db, stamp, counts: JSON.stringify(customerBaseFingerprint(db)) };
  }
  return `${counted.counts}|${Math.floor(calibrationEnd / DAY_MS)}`;
}

let counted: { db: Db; stamp: string; counts: string } | null = null;

let cached: { file: string; base: CustomerBase; source: { db: Db } } | null = null;

/** The customer base of `file`'s workspace at `now`, reused while its data are unchanged. */
export function customerBase(db: Db, file: string, ctx: JobContext): CustomerBase {
  const print = fingerprint(db, ctx.now);
  if (cached?.file === file && cached.base.fingerprint === print) {
    // Parts read on first use read through the connection the job holds now.
    cached.source.db = db;
    return cached.base;
  }
  const source = { db };
  const base = loadCustomerBase(source, ctx, print);
  cached = { file, base, source };
  return base;
}

function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** String(id), made once per id. */
function idStrings(): (id: number) => string {
  const known = new Map<number, string>();
  return (id) => {
    let text = known.get(id);
    if (text === undefined) {
      text = String(id);
      known.set(id, text);
    }
    return text;
  };
}

function emptyEngagement(): Engagement {
  return {
    sessionsAttended: 0,
    minutesWatched: 0,
    chatMessages: 0,
    questionsAsked: 0,
    pollVotes: 0,
    reactions: 0,
    offerClicks: 0,
    bestWatchShare: 0,
    classStarts: [],
  };
}

const EVENT_FEATURE: Readonly<Record<string, keyof Engagement>> = {
  chat: 'chatMessages',
  question: 'questionsAsked',
  poll_vote: 'pollVotes',
  reaction: 'reactions',
  offer_click: 'offerClicks',
};

/** Attendance per (learner, class), then events per (learner, kind), up to `calibrationEnd`. */
function readEngagement(db: Db, calibrationEnd: number): Map<number, Engagement> {
  const engagement = new Map<number, Engagement>();
  const of = (id: number): Engagement => {
    let e = engagement.get(id);
    if (!e) {
      e = emptyEngagement();
      engagement.set(id, e);
    }
    return e;
  };
  for (const row of iterateWatchedPerLearnerClass(db, calibrationEnd)) {
    const e = of(row.learner_id);
    e.sessionsAttended++;
    e.minutesWatched += row.watched_ms / 60_000;
    e.classStarts.push(row.started_at);
    const duration = row.ended_at - row.started_at;
    if (duration > 0) e.bestWatchShare = Math.max(e.bestWatchShare, row.watched_ms / duration);
  }
  for (const row of iterateInteractionCounts(db)) {
    const key = EVENT_FEATURE[row.kind];
    if (key === undefined) continue;
    const e = of(row.learner_id) as unknown as Record<string, number>;
    e[key] = (e[key] ?? 0) + row.n;
  }
  return engagement;
}

function loadCustomerBase(source: { db: Db }, ctx: JobContext, print: string): CustomerBase {
  const { db } = source;
  const phases = 5;
  const calibrationEnd = ctx.now;
  const notes: string[] = [];
  ctx.progress('load', 0, phases);

  const learners = new LearnerTable(learnerInfoColumns(db));
  const courses = new Map<number, string>(courseTitles(db).map((c) => [c.id, c.title]));
  ctx.progress('load', 1, phases);
  ctx.checkpoint();

  const columns = readOrderColumns(db, calibrationEnd);
  const counts = new Array<number>(columns.currencies.length).fill(0);
  for (let i = 0; i < columns.length; i++) {
    const k = columns.currencyIndex[i] ?? 0;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  const byCurrency = new Map(columns.currencies.map((c, k) => [c, counts[k] ?? 0]));
  const currency =
    [...byCurrency.entries()].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))[0]?.[0] ?? null;
  const others = columns.length - (currency === null ? 0 : (byCurrency.get(currency) ?? 0));
  if (others > 0) {
    notes.push(
      `${others} orders in currencies other than ${currency ?? '-'} are left out of the money figures`,
    );
  }
  const minorPerMajor = 10 ** (currency === null ? 2 : minorDigits(currency));
  // One string per learner and per course, not one per order (500,000 orders).
  const learnerKey = idStrings();
  const courseKey = idStrings();
  const currencyAt = currency === null ? -1 : columns.currencies.indexOf(currency);
  const purchaseColumns = purchasesIn(columns, currencyAt);
  ctx.progress('rfm', 2, phases);
  ctx.checkpoint();

  const rfm =
    purchaseColumns.length === 0
      ? []
      : summariseRfmColumns(purchaseColumns, {
          calibrationEnd,
          timeUnitDays: TIME_UNIT_DAYS,
          minorPerMajor,
        });
  if (purchaseColumns.length === 0) notes.push('no paid orders linked to learners yet');
  ctx.progress('bgnbd', 3, phases);
  ctx.checkpoint();

  let bgnbd: BgNbdFit | null = null;
  let gammaGamma: GammaGammaFit | null = null;
  if (rfm.length > 0) {
    try {
      bgnbd = fitBgNbd(rfm, { timeUnitDays: TIME_UNIT_DAYS });
    } catch (error) {
      notes.push(`BG/NBD not fitted: ${(error as Error).message}`);
    }
    ctx.progress('gamma-gamma', 4, phases);
    ctx.checkpoint();
    try {
      gammaGamma = fitGammaGamma(rfm);
      if (gammaGamma.leftOut > 0) {
        notes.push(
          `Gamma-Gamma: ${gammaGamma.leftOut} repeat ${gammaGamma.leftOut === 1 ? 'customer' : 'customers'} whose repeat purchases were all free left out of the spend fit`,
        );
      }
    } catch (error) {
      notes.push(`Gamma-Gamma not fitted: ${(error as Error).message}`);
    }
  }
  ctx.progress('fit', phases, phases);

  // Learners who bought, by place in learners.ids: no Set of 500,000 order entries.
  const bought = new Uint8Array(learners.size);
  for (let k = 0; k < columns.length; k++) {
    const i = learners.indexOf(columns.learnerIds[k] ?? 0);
    if (i >= 0) bought[i] = 1;
  }
  const readCatalogue = (): CatalogueCourse[] =>
    recommendCatalogue(source.db).map((c): CatalogueCourse => ({
      courseId: String(c.id),
      series: c.series,
      seriesPosition: c.series_position,
      tags: parseTags(c.tags),
      archived: c.archived === 1,
    }));
  const readSignals = (): CourseSignal[] =>
    courseSignals(source.db, calibrationEnd).map((r): CourseSignal => ({
      learnerId: String(r.learner_id),
      courseId: String(r.course_id),
      kind: r.kind,
      at: r.at,
    }));
  let engagement: Map<number, Engagement> | null = null;
  const engagementOf = (): Map<number, Engagement> =>
    (engagement ??= readEngagement(source.db, calibrationEnd));
  let active: number[] | null = null;
  const activeOf = (): number[] => {
    if (active) return active;
    const e = engagementOf();
    active = [];
    learners.ids.forEach((id, i) => {
      if (bought[i] === 1 || (e.get(id)?.sessionsAttended ?? 0) > 0) active?.push(id);
    });
    return active;
  };
  let catalogue: CatalogueCourse[] | null = null;
  let signals: CourseSignal[] | null = null;
  let orders: BaseOrder[] | null = null;
  let coursePurchases: CoursePurchase[] | null = null;
  let purchases: Purchase[] | null = null;
  let rfmById: Map<string, RfmSummaryRow> | null = null;
  let rfmScores: Map<string, RfmScore> | null = null;
  return {
    fingerprint: print,
    calibrationEnd,
    utcOffsetMinutes: -new Date(calibrationEnd).getTimezoneOffset(),
    learners,
    courses,
    get engagement(): Map<number, Engagement> {
      return engagementOf();
    },
    get orders(): BaseOrder[] {
      orders ??= ordersOf(columns);
      return orders;
    },
    orderColumns: columns,
    currency,
    minorPerMajor,
    get purchases(): Purchase[] {
      purchases ??= purchasesOf(columns, purchaseColumns, learnerKey, courseKey);
      return purchases;
    },
    purchaseColumns,
    get coursePurchases(): CoursePurchase[] {
      coursePurchases ??= coursePurchasesOf(columns, learnerKey, courseKey);
      return coursePurchases;
    },
    get catalogue(): CatalogueCourse[] {
      catalogue ??= readCatalogue();
      return catalogue;
    },
    get courseSignals(): CourseSignal[] {
      signals ??= readSignals();
      return signals;
    },
    rfm,
    get rfmById(): Map<string, RfmSummaryRow> {
      rfmById ??= new Map(rfm.map((r) => [r.customerId, r]));
      return rfmById;
    },
    get rfmScores(): Map<string, RfmScore> {
      rfmScores ??= new Map(scoreRfm(rfm).map((s) => [s.customerId, s]));
      return rfmScores;
    },
    bgnbd,
    gammaGamma,
    notes,
    get active(): number[] {
      return activeOf();
    },
  };
}

/** A course's tags column (JSON, checked by the table) as strings; anything else is dropped. */
function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Engagement features of a learner, in ENGAGEMENT_FEATURES order. */
export function engagementFeatures(base: CustomerBase, learnerId: number): Record<string, number> {
  const e = base.engagement.get(learnerId) ?? EMPTY_ENGAGEMENT;
  return {
    sessionsAttended: e.sessionsAttended,
    minutesWatched: e.minutesWatched,
    chatMessages: e.chatMessages,
    questionsAsked: e.questionsAsked,
    pollVotes: e.pollVotes,
    reactions: e.reactions,
    offerClicks: e.offerClicks,
  } satisfies Record<(typeof ENGAGEMENT_FEATURES)[number], number>;
}

const EMPTY_ENGAGEMENT: Readonly<Engagement> = Object.freeze(emptyEngagement());

/** Engagement plus purchase history: the rows segments are found on. */
export function segmentRows(base: CustomerBase): LearnerFeatureRow[] {
  // Distinct purchase days per learner from one set of (learner, day) numbers, not a set of days
  // per learner (88,000 sets on the benchmark workspace). Days are offset to stay positive.
  const seen = new Set<number>();
  const days = new Map<number, number>();
  const spent = new Map<number, number>();
  for (const p of base.purchases) {
    const id = Number(p.customerId);
    const key = id * 2_000_000 + Math.floor(p.at / DAY_MS) + 1_000_000;
    if (!seen.has(key)) {
      seen.add(key);
      days.set(id, (days.get(id) ?? 0) + 1);
    }
    spent.set(id, (spent.get(id) ?? 0) + p.amountMinor);
  }
  return base.active.map((id) => {
    const features = engagementFeatures(base, id);
    features.purchaseDays = days.get(id) ?? 0;
    features.totalSpentMinor = spent.get(id) ?? 0;
    return { learnerId: String(id), features };
  });
}

/** Engagement rows of every active learner: what the recommenders compare learners on. */
export function engagementRows(base: CustomerBase): LearnerFeatureRow[] {
  return base.active.map((id) => ({
    learnerId: String(id),
    features: engagementFeatures(base, id),
  }));
}

export interface PredictedValue {
  probabilityAlive: number;
  expectedPurchases: number;
  /** Minor units of the base's currency. */
  value: number;
}

/** A customer's predicted value over `horizonDays`, or null without both fits. */
export function predictValue(
  base: CustomerBase,
  row: RfmSummaryRow,
  horizonDays: number,
): PredictedValue | null {
  if (!base.bgnbd || !base.gammaGamma) return null;
  const v = customerValue({
    bgnbd: base.bgnbd.model,
    gammaGamma: base.gammaGamma.model,
    horizonDays,
    customer: { x: row.x, tX: row.tX, T: row.T, zbar: row.zbar },
  });
  return {
    probabilityAlive: v.probabilityAlive,
    expectedPurchases: v.expectedPurchases,
    value: v.value * base.minorPerMajor,
  };
}
