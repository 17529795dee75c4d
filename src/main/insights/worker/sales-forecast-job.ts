import {
  SALES_FORECAST_MONTHS,
  type SalesForecastSeries,
  type WorkspaceOverview,
} from '../../../shared/contract/dashboards-api';
import { formatMonthIndex } from '../../analytics/dashboards';
import { salesForecast } from '../../analytics/sales-forecast';
import type { JobContext } from './job-context';

// The workspace overview's monthly sales forecast: the months the overview already counted
// (revenue in the main currency, new buyers), less the current month (not complete yet), go to
// analytics/sales-forecast.ts; its points are labelled with the months they stand for.

const HISTORY_SHOWN = 24;

function monthIndex(month: string): number {
  const [year, mon] = month.split('-').map(Number);
  return (year ?? 0) * 12 + (mon ?? 1) - 1;
}

/** One series: `months` oldest first, the last one being the current (incomplete) month. */
export function forecastSeries(
  months: readonly { month: string; value: number }[],
  ctx: JobContext,
): SalesForecastSeries {
  const complete = months.slice(0, -1);
  const current = months[months.length - 1];
  const firstIndex = current === undefined ? 0 : monthIndex(current.month);
  const result = salesForecast(
    complete.map((m) => m.value),
    { horizon: SALES_FORECAST_MONTHS },
  );
  ctx.checkpoint();
  const history = complete.slice(-HISTORY_SHOWN).map((m) => ({ ...m }));
  if (result.status === 'tooShort') {
    return {
      status: 'tooShort',
      months: result.months,
      needed: result.needed,
      method: null,
      sarimaOrder: null,
      level: 0.9,
      backtest: null,
      history,
      points: [],
    };
  }
  return {
    status: 'ok',
    months: result.months,
    needed: result.months,
    method: result.method,
    sarimaOrder: result.sarimaOrder,
    level: result.level,
    backtest: {
      months: result.backtest.months,
      sarima: result.backtest.sarima && { ...result.backtest.sarima },
      seasonalNaive: { ...result.backtest.seasonalNaive },
    },
    history,
    points: result.points.map((p) => ({
      month: formatMonthIndex(firstIndex + p.step - 1),
      expected: p.expected,
      lower: p.lower,
      upper: p.upper,
    })),
  };
}

/** Revenue (main currency of the revenue table) and new buyers, forecast month by month. */
export function workspaceSalesForecast(
  revenue: WorkspaceOverview['revenue'],
  buyers: WorkspaceOverview['buyers'],
  ctx: JobContext,
): WorkspaceOverview['salesForecast'] {
  const currency = revenue.currencies[0]?.currency ?? null;
  return {
    currency,
    revenue:
      currency === null
        ? null
        : forecastSeries(
            revenue.months.map((m) => ({ month: m.month, value: m.byCurrency[currency] ?? 0 })),
            ctx,
          ),
    newBuyers: forecastSeries(
      buyers.map((b) => ({ month: b.month, value: b.newBuyers })),
      ctx,
    ),
  };
}
