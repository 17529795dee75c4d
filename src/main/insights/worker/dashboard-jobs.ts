import {
  COURSE_CLASSES_MAX,
  type CourseDashboard,
  type DashboardNote,
  type ValueHistogram,
  type WorkspaceOverview,
} from '../../../shared/contract/dashboards-api';
import { StudioError } from '../../../shared/contract/errors';
import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { CourseId, SessionId } from '../../../shared/model/ids';
import type { Db } from '../../storage/connection';
import {
  countEndedClasses,
  courseDashboardStamp,
  courseInfo,
  classLearners,
} from '../../storage/queries/dashboards';
import { buyerOrderColumns, courseSalesAndBuyers } from '../../storage/queries/course-orders';
import { loadCourseHistory, type CourseHistoryRow } from '../../storage/queries/session-data';
import { buyersByMonthColumns, type BuyerColumns } from '../../analytics/dashboards-columns';
import {
  purchasesFromCourse,
  revenueByMonth,
  valueHistogram,
  type CoursePurchaseLine,
  type Histogram,
} from '../../analytics/dashboards';
import { repeatPurchaseForecast } from '../../analytics/forecast';
import { customerValues } from '../../analytics/gamma-gamma-values';
import { courseReturnRate } from '../../analytics/return-rate';
import { cohortMatrix, repurchaseReport } from '../../analytics/repurchase';
import { utcDay } from '../../analytics/transactions';
import { customerBase, fingerprint, TIME_UNIT_DAYS, type CustomerBase } from './customer-base';
import { classHeadline } from './class-headline';
import type { JobContext } from './job-context';
import { revenueDays } from './overview-revenue';
import { workspaceSalesForecast } from './sales-forecast-job';
import type { WithoutJob } from './job-context';

// The course dashboard and the workspace overview, as plain functions of (db, args, context) like
// jobs.ts: the analytics worker runs them on its read-only connection; tests call them in-process.

const DAY_MS = 86_400_000;
/** The course dashboard's repurchase windows, in days. */
const COURSE_REPURCHASE_WINDOWS_DAYS = [30, 90, 180];
const YEAR_DAYS = 365;

/** The studio's time zone as a fixed offset at `at` (as the customer base counts days). */
function offsetAt(at: number): number {
  return -new Date(at).getTimezoneOffset();
}

// ---------------------------------------------------------------------------------------------
// analytics.course
// ---------------------------------------------------------------------------------------------

/** One course across its classes: attendance and offers per class, its buyers' return. */
export function courseDashboardJob(
  db: Db,
  args: Omit<MethodArgs<'analytics.course'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<CourseDashboard> {
  const courseId: number = args.courseId;
  const info = courseInfo(db, courseId);
  if (!info) throw new StudioError('NOT_FOUND', `no course with id ${courseId}`);
  const notes: DashboardNote[] = [];

  // Classes that started up to now, the most recent COURSE_CLASSES_MAX, shown oldest first.
  const before = ctx.now + 1;
  const history = loadCourseHistory(db, courseId, before, { limit: COURSE_CLASSES_MAX }).reverse();
  const ended = countEndedClasses(db, courseId, before);
  if (ended > history.length) {
    notes.push({ code: 'classesLeftOut', classes: ended - history.length });
  }
  // The last dashboard is reused while nothing it reads has changed (the customer base's
  // fingerprint for learners, orders, attendance, events and courses; the classes' own rows for
  // the rest) on the same local day: a class of 1,000,000 events costs seconds to summarise.
  const utcOffsetMinutes = offsetAt(ctx.now);
  const key = JSON.stringify([
    db.name,
    fingerprint(db, ctx.now),
    Math.floor((ctx.now + utcOffsetMinutes * 60_000) / DAY_MS),
    utcOffsetMinutes,
    courseId,
    info,
    ended,
    history.map((h) => [h.id, h.title, h.startedAt, h.endedAt]),
    courseDashboardStamp(
      db,
      history.map((h) => h.id),
    ),
  ]);
  if (courseCache?.key === key) {
    ctx.progress('orders', 1, 1);
    return { ...courseCache.value, computedAt: ctx.now };
  }
  const value = computeCourseDashboard(db, ctx, info, history, notes);
  courseCache = { key, value };
  return value;
}

let courseCache: { key: string; value: WithoutJob<CourseDashboard> } | null = null;

function computeCourseDashboard(
  db: Db,
  ctx: JobContext,
  info: { id: number; title: string; series: string | null },
  history: CourseHistoryRow[],
  notes: DashboardNote[],
): WithoutJob<CourseDashboard> {
  const courseId = info.id;
  const steps = history.length + 1;
  const classes: CourseDashboard['classes'] = history.map((session, i) => {
    ctx.checkpoint();
    ctx.progress('classes', i, steps);
    const headline = classHeadline(db, session.id, ctx.now);
    return {
      ...headline,
      sessionId: headline.sessionId as SessionId,
      revenue: headline.revenue.map((m) => ({ ...m })),
      title: session.title,
    };
  });
  ctx.progress('orders', history.length, steps);
  ctx.checkpoint();
  const learners = classLearners(
    db,
    history.map((h) => h.id),
  );
  const returns = courseReturnRate(
    history.map((h) => ({
      sessionId: h.id,
      startedAt: h.startedAt,
      learnerIds: learners.get(h.id) ?? [],
    })),
  );

  // The course's sales and buyers from one read of its lines, then only the buyers' orders.
  const sales = courseSalesAndBuyers(db, courseId, ctx.now);
  // Each buyer's orders from their first purchase of the course on: purchasesFromCourse drops
  // the earlier ones (half of them on the benchmark workspace).
  const orders = buyerOrderColumns(db, sales.buyers, ctx.now);
  // One string per learner and per list of course ids (orders of one course share their list),
  // not one per order: the strings are hashed once each by the maps downstream.
  const customerIds = new Map<number, string>();
  const asText = new Map<readonly number[], readonly string[]>();
  const lines = new Array<CoursePurchaseLine>(orders.length);
  for (let k = 0; k < orders.length; k++) {
    const learnerId = orders.learnerIds[k] ?? 0;
    let customerId = customerIds.get(learnerId);
    if (customerId === undefined) {
      customerId = String(learnerId);
      customerIds.set(learnerId, customerId);
    }
    const ids = orders.courseIds[k] ?? [];
    let courseIds = asText.get(ids);
    if (courseIds === undefined) {
      courseIds = ids.map(String);
      asText.set(ids, courseIds);
    }
    lines[k] = { customerId, at: orders.ats[k] ?? 0, amountMinor: orders.nets[k] ?? 0, courseIds };
  }
  const rebased = purchasesFromCourse(lines, String(courseId));
  const calendar = { end: ctx.now, utcOffsetMinutes: offsetAt(ctx.now) };
  let repurchase: CourseDashboard['repurchase'] = null;
  let cohorts: CourseDashboard['cohorts'] = null;
  if (rebased.length > 0) {
    const report = repurchaseReport(rebased, {
      ...calendar,
      windowsDays: COURSE_REPURCHASE_WINDOWS_DAYS,
    });
    repurchase = {
      endDay: report.endDay,
      buyers: report.buyers,
      windows: report.windows.map((w) => ({
        windowDays: w.windowDays,
        eligible: w.overall.eligible,
        repurchased: w.overall.repurchased,
        rate: w.overall.rate,
        tooRecent: w.tooRecent,
      })),
    };
    const matrix = cohortMatrix(rebased, calendar);
    cohorts = {
      endDay: matrix.endDay,
      endMonthComplete: matrix.endMonthComplete,
      months: matrix.months,
      cohorts: matrix.cohorts.map((c) => ({
        cohort: c.cohort,
        size: c.size,
        buyers: [...c.buyers],
        share: [...c.share],
      })),
    };
  }
  ctx.progress('orders', steps, steps);

  return {
    computedAt: ctx.now,
    course: { id: info.id as CourseId, title: info.title, series: info.series },
    classes,
    sales: {
      orders: sales.rows.reduce((sum, r) => sum + r.orders, 0),
      buyers: sales.buyers.length,
      revenue: sales.rows.map((r) => ({ currency: r.currency, minor: r.net_minor })),
    },
    repurchase,
    cohorts,
    returnRate: {
      learners: returns.learners,
      cameNext: returns.cameNext,
      cameLater: returns.cameLater,
      nextRate: returns.nextRate,
      laterRate: returns.laterRate,
      classes: returns.classes.map((c) => ({
        sessionId: c.sessionId as SessionId,
        learners: c.learners,
        cameNext: c.cameNext,
        nextRate: c.nextRate,
        cameLater: c.cameLater,
        laterRate: c.laterRate,
      })),
    },
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// analytics.workspace
// ---------------------------------------------------------------------------------------------

function histogram(h: Histogram): ValueHistogram {
  return { ...h, bins: h.bins.map((b) => ({ ...b })) };
}

/** The reason a model was not fitted, from the base's English notes. */
function fitFailure(base: CustomerBase, prefix: string): string {
  const note = base.notes.find((n) => n.startsWith(prefix));
  return note === undefined ? 'not fitted' : note.slice(prefix.length);
}

/**
 * Every order's learner as a number (its place in the base's learner table, then one more number
 * per learner the table lacks) and time, for buyersByMonthColumns: no object per order.
 */
function orderBuyers(base: CustomerBase): BuyerColumns {
  const columns = base.orderColumns;
  const learners = base.learners;
  const others = new Map<number, number>();
  const customer = new Int32Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const id = columns.learnerIds[i] ?? 0;
    let slot = learners.indexOf(id);
    if (slot < 0) {
      slot = others.get(id) ?? learners.size + others.size;
      others.set(id, slot);
    }
    customer[i] = slot;
  }
  return {
    length: columns.length,
    customer,
    at: columns.ats,
    customers: learners.size + others.size,
  };
}

/** Repeat purchase days (not a customer's first purchase day) in the last `weeks` weeks. */
function recentRepeatPurchases(base: CustomerBase, weeks: number, buyers: BuyerColumns): number {
  // UTC days, as rfm.ts counts the x the model is fitted on.
  const endDay = utcDay(base.calibrationEnd);
  const fromDay = endDay - weeks * TIME_UNIT_DAYS;
  // Each purchase's customer as a number (its order's, from orderBuyers) and UTC day, each found
  // once; then each customer's first purchase day, then the distinct (customer, day) pairs of the
  // window that are not it, over the base's purchase columns (no object per purchase, no set of
  // days per customer: 88,000 customers on the benchmark workspace). A pair is one number: day
  // numbers stay within ±1,000,000 (orders are dated 1900–2200).
  const { order, at, length } = base.purchaseColumns;
  const slotOf = new Int32Array(length);
  const dayOf = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    slotOf[k] = buyers.customer[order[k] ?? 0] ?? 0;
    dayOf[k] = utcDay(at[k] ?? 0);
  }
  const first = new Float64Array(buyers.customers).fill(Number.POSITIVE_INFINITY);
  for (let k = 0; k < length; k++) {
    const slot = slotOf[k] ?? 0;
    const day = dayOf[k] ?? 0;
    if (day < (first[slot] ?? Number.POSITIVE_INFINITY)) first[slot] = day;
  }
  // The pairs sorted, then counted once each (a Set of ~100,000 such numbers was most of the
  // time here).
  const pairs = new Float64Array(length);
  let used = 0;
  for (let k = 0; k < length; k++) {
    const slot = slotOf[k] ?? 0;
    const day = dayOf[k] ?? 0;
    if (day <= fromDay || day > endDay || day === first[slot]) continue;
    pairs[used++] = slot * 2_000_000 + (day + 1_000_000);
  }
  let distinct = 0;
  let previous = Number.NaN;
  for (const pair of pairs.subarray(0, used).sort()) {
    if (pair !== previous) distinct++;
    previous = pair;
  }
  return distinct;
}

/**
 * The last overview, reused while the data it was made from are unchanged (the customer base's
 * fingerprint: orders, learners, attendance, events, on the same local day): switching back to
 * the Workspace view of a large workspace then costs one query instead of seconds.
 */
let overviewCache: { key: string; value: WithoutJob<WorkspaceOverview> } | null = null;

/** Revenue, buyers, customer value and the repeat-purchase forecast of the whole workspace. */
export function workspaceOverviewJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.workspace'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<WorkspaceOverview> {
  const utcOffsetMinutes = offsetAt(ctx.now);
  // The local day too: the fingerprint's day is UTC, and a month may turn within a UTC day.
  const localDay = Math.floor((ctx.now + utcOffsetMinutes * 60_000) / DAY_MS);
  const key = JSON.stringify([
    file,
    fingerprint(db, ctx.now),
    localDay,
    args.forecastWeeks,
    utcOffsetMinutes,
  ]);
  if (overviewCache?.key === key) {
    const cached = overviewCache.value;
    ctx.progress('forecast', 1, 1);
    return {
      ...cached,
      computedAt: ctx.now,
      forecast: cached.forecast && {
        ...cached.forecast,
        weeks: cached.forecast.weeks.map((w) => ({ ...w, endsAt: ctx.now + w.week * 7 * DAY_MS })),
      },
    };
  }
  const value = computeOverview(db, file, args, ctx, utcOffsetMinutes);
  overviewCache = { key, value };
  return value;
}

function computeOverview(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.workspace'>, 'jobId'>,
  ctx: JobContext,
  utcOffsetMinutes: number,
): WithoutJob<WorkspaceOverview> {
  const notes: DashboardNote[] = [];
  const calendar = { end: ctx.now, utcOffsetMinutes };

  const base = customerBase(db, file, ctx);
  ctx.progress('revenue', 0, 1);
  const { orders: revenueOrders, unlinked } = revenueDays(db, base, ctx.now, utcOffsetMinutes);
  const revenue = revenueByMonth(revenueOrders, calendar);
  if (revenueOrders.length === 0) notes.push({ code: 'noOrders' });
  if (unlinked > 0) notes.push({ code: 'unlinkedOrders', orders: unlinked });
  ctx.progress('revenue', 1, 1);
  ctx.checkpoint();

  const buyerColumns = orderBuyers(base);
  const buyers = buyersByMonthColumns(buyerColumns, calendar);
  const currency = base.currency;
  const others = base.orderColumns.currencyIndex.filter(
    (k) => base.orderColumns.currencies[k] !== currency,
  ).length;
  if (currency !== null && others > 0) {
    notes.push({ code: 'otherCurrencies', orders: others, currency });
  }
  if (base.rfm.length > 0 && !base.bgnbd) {
    notes.push({
      code: 'modelNotFitted',
      model: 'bgnbd',
      reason: fitFailure(base, 'BG/NBD not fitted: '),
    });
  }
  if (base.rfm.length > 0 && !base.gammaGamma) {
    notes.push({
      code: 'modelNotFitted',
      model: 'gammaGamma',
      reason: fitFailure(base, 'Gamma-Gamma not fitted: '),
    });
  }
  ctx.progress('values', 0, 2);
  ctx.checkpoint();

  let values: WorkspaceOverview['values'] = null;
  if (currency !== null && base.rfm.length > 0) {
    let predicted: ValueHistogram | null = null;
    if (base.bgnbd && base.gammaGamma) {
      try {
        // predictValue's values, each history's expected purchases computed once.
        const year = customerValues(base.bgnbd.model, base.gammaGamma.model, YEAR_DAYS, base.rfm);
        predicted = histogram(
          valueHistogram(Array.from(year, (v) => Math.max(0, v * base.minorPerMajor))),
        );
      } catch (error) {
        notes.push({
          code: 'modelNotFitted',
          model: 'gammaGamma',
          reason: `values not predicted: ${(error as Error).message}`,
        });
      }
    }
    values = {
      currency,
      spent: histogram(valueHistogram(base.rfm.map((row) => row.monetaryTotal))),
      predicted12Months: predicted,
    };
  }
  ctx.progress('forecast', 1, 2);
  ctx.checkpoint();

  let forecast: WorkspaceOverview['forecast'] = null;
  if (base.bgnbd) {
    const weeks = Array.from({ length: args.forecastWeeks }, (_, i) => i + 1);
    const params = base.bgnbd.model.params;
    const result = repeatPurchaseForecast(params, base.rfm, {
      // The model's time unit is TIME_UNIT_DAYS (a week): horizons are in weeks.
      horizons: weeks.map((w) => (w * 7) / TIME_UNIT_DAYS),
      checkpoint: () => ctx.checkpoint(),
    });
    if (result.parameters.unavailable !== null) {
      notes.push({
        code: 'parameterUncertaintyUnavailable',
        reason: result.parameters.unavailable,
      });
    }
    forecast = {
      customers: result.customers,
      timeUnitDays: TIME_UNIT_DAYS,
      level: result.level,
      params: { ...params },
      standardErrors: result.parameters.covariance
        ? { ...result.parameters.covariance.standardErrors }
        : null,
      previousPeriod: {
        weeks: args.forecastWeeks,
        repeatPurchases: recentRepeatPurchases(base, args.forecastWeeks, buyerColumns),
      },
      weeks: result.points.map((p, i) => ({
        week: weeks[i] ?? i + 1,
        endsAt: ctx.now + (weeks[i] ?? i + 1) * 7 * DAY_MS,
        expected: p.expected,
        lower: p.lower,
        upper: p.upper,
        processSd: p.processSd,
        parameterSd: p.parameterSd,
      })),
    };
  }
  ctx.progress('forecast', 2, 2);
  ctx.checkpoint();
  const revenueTable: WorkspaceOverview['revenue'] = {
    currencies: revenue.currencies.map((c) => ({ ...c })),
    months: revenue.months.map((m) => ({ ...m, byCurrency: { ...m.byCurrency } })),
  };

  return {
    computedAt: ctx.now,
    utcOffsetMinutes,
    currency,
    revenue: revenueTable,
    buyers,
    values,
    forecast,
    salesForecast: workspaceSalesForecast(revenueTable, buyers, ctx),
    notes,
  };
}
