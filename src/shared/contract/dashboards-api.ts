import { z } from 'zod';
import { CurrencyCode, EpochMs } from '../model/domain';
import { CourseId, SessionId } from '../model/ids';
import { JobId, Money, SessionHeadline } from './analytics-api';

/**
 * Dashboards over many classes and many orders: one course across its classes
 * (`analytics.course`) and the whole workspace (`analytics.workspace`). Spread into
 * `studioMethods` (studio-api.ts).
 *
 * Both run in the analytics worker like `analytics.customers`: a caller may name the job
 * (`jobId`) to follow its `analytics.progress` events and cancel it with `analytics.cancel`; a
 * cancelled call answers CONFLICT "cancelled: …".
 *
 * Figures come with what the UI needs to say how they are computed; where a part is missing or
 * partial, `notes` says why in codes the UI words in the reader's language.
 */

const Count = z.number().int().nonnegative();
const Num = z.number();
const Share = z.number().nullable();
/** A calendar month, 'YYYY-MM', in the studio's time zone. */
const Month = z.string().regex(/^\d{4}-\d{2}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Why a figure is missing or partial. */
export const DashboardNote = z.discriminatedUnion('code', [
  /** No paid order at all yet. */
  z.object({ code: z.literal('noOrders') }),
  /** Orders in other currencies than the main one stay out of the value figures and the models. */
  z.object({ code: z.literal('otherCurrencies'), orders: Count, currency: CurrencyCode }),
  /** Paid orders not linked to a learner count in revenue, not in buyer figures. */
  z.object({ code: z.literal('unlinkedOrders'), orders: Count }),
  /** A model could not be fitted (too few buyers, no repeat purchase…); `reason` is English. */
  z.object({
    code: z.literal('modelNotFitted'),
    model: z.enum(['bgnbd', 'gammaGamma']),
    reason: z.string(),
  }),
  /** The forecast band holds chance only: the parameters' uncertainty could not be estimated. */
  z.object({ code: z.literal('parameterUncertaintyUnavailable'), reason: z.string() }),
  /** The course has more ended classes than the dashboard shows (the oldest are left out). */
  z.object({ code: z.literal('classesLeftOut'), classes: Count }),
]);
export type DashboardNote = z.infer<typeof DashboardNote>;

/** Counts per bin from 0; the last bin may be open (`to` null) and gathers the far tail. */
export const ValueHistogram = z.object({
  count: Count,
  total: Num,
  mean: Num.nullable(),
  median: Num.nullable(),
  p90: Num.nullable(),
  max: Num.nullable(),
  binWidth: Num.nullable(),
  bins: z.array(z.object({ from: Num, to: Num.nullable(), count: Count })),
});
export type ValueHistogram = z.infer<typeof ValueHistogram>;

// ---------------------------------------------------------------------------------------------
// analytics.course
// ---------------------------------------------------------------------------------------------

/** Most recent ended classes a course dashboard computes (each is a full class report). */
export const COURSE_CLASSES_MAX = 60;

export const CourseDashboard = z.object({
  jobId: JobId,
  computedAt: EpochMs,
  course: z.object({ id: CourseId, title: z.string(), series: z.string().nullable() }),
  /**
   * The course's ended classes, oldest first, with the headline numbers of their post-session
   * reports (default attribution window and engagement weights).
   */
  classes: z.array(SessionHeadline.extend({ title: z.string() })),
  /** Paid orders with a line of this course: line amounts net of refunds, per currency. */
  sales: z.object({ orders: Count, buyers: Count, revenue: z.array(Money) }),
  /**
   * Of the learners who bought the course, who bought anything again (another day, any course,
   * any currency) within N days of buying it. Null when nobody linked to a learner bought it.
   */
  repurchase: z
    .object({
      endDay: Day,
      buyers: Count,
      windows: z.array(
        z.object({
          windowDays: Count,
          eligible: Count,
          repurchased: Count,
          rate: Share,
          /** Bought the course less than windowDays before the end: too recent to tell. */
          tooRecent: Count,
        }),
      ),
    })
    .nullable(),
  /**
   * The course's buyers grouped by the month they bought it; per later month k, the share of the
   * group buying anything in that month (k = 0 is the month of buying the course: 1).
   */
  cohorts: z
    .object({
      endDay: Day,
      endMonthComplete: z.boolean(),
      months: Count,
      cohorts: z.array(
        z.object({
          cohort: Month,
          size: Count,
          buyers: z.array(Count.nullable()),
          share: z.array(Share),
        }),
      ),
    })
    .nullable(),
  /**
   * Of the learners in class n (any attendance), who came to class n + 1 and to any later class
   * of the course, for the classes in `classes` (src/main/analytics/return-rate.ts); pooled over
   * the classes that have a next one. Rates are null for the last class.
   */
  returnRate: z.object({
    learners: Count,
    cameNext: Count,
    cameLater: Count,
    nextRate: Share,
    laterRate: Share,
    classes: z.array(
      z.object({
        sessionId: SessionId,
        learners: Count,
        cameNext: Count.nullable(),
        nextRate: Share,
        cameLater: Count.nullable(),
        laterRate: Share,
      }),
    ),
  }),
  notes: z.array(DashboardNote),
});
export type CourseDashboard = z.infer<typeof CourseDashboard>;

// ---------------------------------------------------------------------------------------------
// analytics.workspace
// ---------------------------------------------------------------------------------------------

const BacktestScore = z.object({ mae: Num, mape: Num.nullable() });

/**
 * One monthly series (revenue in the main currency, minor units; or new buyers) forecast by a
 * seasonal ARIMA or the seasonal-naive forecast, whichever the rolling-origin back-test on the
 * series' own past supports (src/main/analytics/sales-forecast.ts). Fitted on complete months;
 * the forecast starts with the current month. `tooShort`: not enough history, no forecast.
 */
export const SalesForecastSeries = z.object({
  status: z.enum(['ok', 'tooShort']),
  /** Complete months of history, and how many a forecast needs. */
  months: Count,
  needed: Count,
  method: z.enum(['sarima', 'seasonalNaive']).nullable(),
  sarimaOrder: z.string().nullable(),
  level: Num,
  backtest: z
    .object({
      months: Count,
      sarima: BacktestScore.nullable(),
      seasonalNaive: BacktestScore,
    })
    .nullable(),
  /** The last complete months (up to 24), for the chart. */
  history: z.array(z.object({ month: Month, value: Num })),
  points: z.array(z.object({ month: Month, expected: Num, lower: Num, upper: Num })),
});
export type SalesForecastSeries = z.infer<typeof SalesForecastSeries>;

export const SALES_FORECAST_MONTHS = 6;

export const FORECAST_WEEKS_DEFAULT = 26;

export const WorkspaceOverview = z.object({
  jobId: JobId,
  computedAt: EpochMs,
  /** Minutes east of UTC at which months are counted. */
  utcOffsetMinutes: z.number().int(),
  /** The currency most linked orders use: value figures and the models run in it alone. */
  currency: CurrencyCode.nullable(),
  /** Paid orders (net of refunds) by month of the order, per currency: never added across. */
  revenue: z.object({
    /** Most orders first. */
    currencies: z.array(
      z.object({ currency: CurrencyCode, orders: Count, netMinor: z.number().int() }),
    ),
    months: z.array(
      z.object({
        month: Month,
        orders: Count,
        /** One amount per currency of `currencies`, in minor units (0 when none). */
        byCurrency: z.record(z.string(), z.number().int()),
      }),
    ),
  }),
  /** Learners who bought, by month: new, returning, and repeat buyers so far (any currency). */
  buyers: z.array(
    z.object({
      month: Month,
      buyers: Count,
      newBuyers: Count,
      returningBuyers: Count,
      returningShare: Share,
      buyersToDate: Count,
      repeatBuyersToDate: Count,
      repeatShareToDate: Share,
    }),
  ),
  /** Customer value in `currency`, minor units. */
  values: z
    .object({
      currency: CurrencyCode,
      /** What each customer has paid so far (net of refunds). */
      spent: ValueHistogram,
      /** BG/NBD × Gamma-Gamma value over the next 365 days; null without both models. */
      predicted12Months: ValueHistogram.nullable(),
    })
    .nullable(),
  /**
   * Expected repeat purchase days by today's customers over the next weeks, cumulative, with a
   * band (src/main/analytics/forecast.ts says what it covers and what it does not).
   */
  forecast: z
    .object({
      customers: Count,
      timeUnitDays: Count,
      /** Central probability of the band (0.9). */
      level: Num,
      params: z.object({ r: Num, alpha: Num, a: Num, b: Num }),
      /** Standard errors of the parameters; null when they could not be estimated. */
      standardErrors: z.object({ r: Num, alpha: Num, a: Num, b: Num }).nullable(),
      /** Repeat purchase days in the same number of weeks just before, for comparison. */
      previousPeriod: z.object({ weeks: Count, repeatPurchases: Count }),
      weeks: z.array(
        z.object({
          week: Count,
          /** End of that week (epoch ms). */
          endsAt: EpochMs,
          expected: Num,
          lower: Num,
          upper: Num,
          processSd: Num,
          parameterSd: Num.nullable(),
        }),
      ),
    })
    .nullable(),
  /** Monthly sales forecast; `revenue` is null without orders in a currency. */
  salesForecast: z.object({
    currency: CurrencyCode.nullable(),
    revenue: SalesForecastSeries.nullable(),
    newBuyers: SalesForecastSeries,
  }),
  notes: z.array(DashboardNote),
});
export type WorkspaceOverview = z.infer<typeof WorkspaceOverview>;

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

const jobInput = { jobId: JobId.optional() };

export const dashboardMethods = {
  'analytics.course': {
    input: z.object({ courseId: CourseId, ...jobInput }).strict(),
    output: CourseDashboard,
  },
  'analytics.workspace': {
    input: z
      .object({
        /** Weeks the repeat-purchase forecast runs (default 26). */
        forecastWeeks: z.number().int().min(1).max(104).default(FORECAST_WEEKS_DEFAULT),
        ...jobInput,
      })
      .strict(),
    output: WorkspaceOverview,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
