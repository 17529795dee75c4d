/**
 * Monthly sales over time: a seasonal ARIMA forecast (the `arima` package, a WebAssembly build
 * of ctsa: the fitting is the library's, not ours), checked against the simplest honest rival,
 * the seasonal-naive forecast ("the same month last year"), on the series' own past.
 *
 * The back-test is a rolling origin: for each of the last `k` complete months (k = min(12,
 * n − 2s − 1), at least 6), both methods are fitted on the months before it only and forecast it one
 * month ahead; MAE and MAPE (over months with a non-zero actual) summarise the errors. The
 * forecast shown is the one with the lower MAE, except that SARIMA must beat the seasonal-naive
 * forecast by at least `SARIMA_MARGIN` (5 %) of its MAE to be preferred: on a tie the simpler
 * method wins.
 *
 * Models: with at least 3 seasons (+1) of history, the "airline" SARIMA(0,1,1)(0,1,1)s (first
 * and seasonal differencing, an MA term for each); with less, SARIMA(0,1,1)(1,0,0)s, which the
 * library accepts from 2 seasons (+1) on. Fewer than 2 seasons + 1 month to fit and 6 months to test on: no forecast,
 * the caller says so.
 *
 * Intervals: SARIMA's from the library's forecast mean squared error; seasonal naive's from the
 * spread of the series' own year-on-year differences, widened per full season ahead
 * (sd · √(⌊(h−1)/s⌋+1)). Both are normal approximations at `level`, floored at 0 (sales are not
 * negative). Pure: arrays in, numbers out.
 */
import ARIMA from 'arima';

export const SARIMA_MARGIN = 0.05;
/** Months of back-test at least and at most. */
export const BACKTEST_MIN = 6;
export const BACKTEST_MAX = 12;

export type SalesMethod = 'sarima' | 'seasonalNaive';

export interface BacktestScore {
  readonly mae: number;
  /** Null when every tested month had an actual of 0. */
  readonly mape: number | null;
}

export interface SalesBacktest {
  readonly months: number;
  readonly sarima: BacktestScore | null;
  readonly seasonalNaive: BacktestScore;
  /** English, for logs: why SARIMA could not be scored (the library refused a fit). */
  readonly sarimaFailure: string | null;
}

export interface SalesForecastPoint {
  readonly step: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
}

export type SalesForecast =
  | { readonly status: 'tooShort'; readonly months: number; readonly needed: number }
  | {
      readonly status: 'ok';
      readonly months: number;
      readonly method: SalesMethod;
      /** The SARIMA order used for the final fit, as (p,d,q)(P,D,Q)s. */
      readonly sarimaOrder: string;
      readonly level: number;
      readonly backtest: SalesBacktest;
      readonly points: readonly SalesForecastPoint[];
    };

export interface SalesForecastOptions {
  readonly season?: number;
  readonly horizon?: number;
  /** Central probability of the band (default 0.9). */
  readonly level?: number;
}

interface Order {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
}

function orderFor(length: number, s: number): Order {
  return length >= 3 * s + 1
    ? { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1 }
    : { p: 0, d: 1, q: 1, P: 1, D: 0, Q: 0 };
}

function orderLabel(o: Order, s: number): string {
  return `(${o.p},${o.d},${o.q})(${o.P},${o.D},${o.Q})${s}`;
}

/** Two-sided normal quantile for the levels the UI uses (0.8, 0.9, 0.95), else 0.9's. */
function zFor(level: number): number {
  if (Math.abs(level - 0.8) < 1e-9) return 1.2815515655446004;
  if (Math.abs(level - 0.95) < 1e-9) return 1.959963984540054;
  return 1.6448536269514722;
}

/** SARIMA predictions and forecast variances; throws when the library cannot fit. */
export function sarimaPredict(
  series: readonly number[],
  horizon: number,
  season: number,
): { predictions: number[]; variances: number[]; order: Order } {
  const order = orderFor(series.length, season);
  const model = new ARIMA({ ...order, s: season, verbose: false });
  try {
    model.train([...series]);
    const [predictions, variances] = model.predict(horizon);
    if (
      predictions.length !== horizon ||
      !predictions.every(Number.isFinite) ||
      !variances.every((v) => Number.isFinite(v) && v >= 0)
    ) {
      throw new Error('the fit gave no finite forecast');
    }
    return { predictions, variances, order };
  } finally {
    model.destroy();
  }
}

/** y(t + h) = y(t + h − s·k), the same month of the last season seen. */
export function seasonalNaivePredict(
  series: readonly number[],
  horizon: number,
  season: number,
): number[] {
  const n = series.length;
  return Array.from({ length: horizon }, (_, i) => {
    const back = season * (Math.floor(i / season) + 1);
    return series[n + i - back] ?? 0;
  });
}

function score(errors: readonly { actual: number; predicted: number }[]): BacktestScore {
  const mae = errors.reduce((sum, e) => sum + Math.abs(e.actual - e.predicted), 0) / errors.length;
  const nonZero = errors.filter((e) => e.actual !== 0);
  const mape =
    nonZero.length === 0
      ? null
      : nonZero.reduce((sum, e) => sum + Math.abs((e.actual - e.predicted) / e.actual), 0) /
        nonZero.length;
  return { mae, mape };
}

function checkSeries(series: readonly number[]): void {
  if (!Array.isArray(series) || !series.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError('series must be an array of finite numbers');
  }
}

/** Rolling-origin, one-month-ahead back-test of both methods over the last `months` values. */
export function backtestSales(
  series: readonly number[],
  months: number,
  season: number,
): SalesBacktest {
  checkSeries(series);
  const n = series.length;
  if (!Number.isInteger(months) || months < 1 || n - months < 2 * season + 1) {
    throw new RangeError(`a back-test of ${months} months needs ${2 * season + 1 + months} values`);
  }
  const naive: { actual: number; predicted: number }[] = [];
  const sarima: { actual: number; predicted: number }[] = [];
  let sarimaFailure: string | null = null;
  for (let t = n - months; t < n; t++) {
    const train = series.slice(0, t);
    const actual = series[t] ?? 0;
    naive.push({ actual, predicted: seasonalNaivePredict(train, 1, season)[0] ?? 0 });
    if (sarimaFailure === null) {
      try {
        const predicted = Math.max(0, sarimaPredict(train, 1, season).predictions[0] ?? 0);
        sarima.push({ actual, predicted });
      } catch (error) {
        sarimaFailure = (error as Error).message;
      }
    }
  }
  return {
    months,
    sarima: sarimaFailure === null ? score(sarima) : null,
    seasonalNaive: score(naive),
    sarimaFailure,
  };
}

/** Which method the back-test supports: SARIMA only when clearly better. */
export function preferredMethod(backtest: SalesBacktest): SalesMethod {
  const s = backtest.sarima;
  if (s === null) return 'seasonalNaive';
  return s.mae < backtest.seasonalNaive.mae * (1 - SARIMA_MARGIN) ? 'sarima' : 'seasonalNaive';
}

/**
 * The forecast of the next `horizon` months after `series` (complete months, oldest first),
 * with the method the back-test supports.
 */
export function salesForecast(
  series: readonly number[],
  options: SalesForecastOptions = {},
): SalesForecast {
  checkSeries(series);
  const season = options.season ?? 12;
  const horizon = options.horizon ?? 6;
  const level = options.level ?? 0.9;
  if (!Number.isInteger(season) || season < 2) throw new RangeError('season must be 2 or more');
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 36) {
    throw new RangeError('horizon must be a whole number from 1 to 36');
  }
  const n = series.length;
  const needed = 2 * season + 1 + BACKTEST_MIN;
  if (n < needed) return { status: 'tooShort', months: n, needed };

  const backtest = backtestSales(series, Math.min(BACKTEST_MAX, n - 2 * season - 1), season);
  let method = preferredMethod(backtest);
  const z = zFor(level);
  const order = orderFor(n, season);
  let points: SalesForecastPoint[] | null = null;
  if (method === 'sarima') {
    try {
      const fit = sarimaPredict(series, horizon, season);
      points = fit.predictions.map((p, i) => {
        const sd = Math.sqrt(fit.variances[i] ?? 0);
        return {
          step: i + 1,
          expected: Math.max(0, p),
          lower: Math.max(0, p - z * sd),
          upper: Math.max(0, p + z * sd),
        };
      });
    } catch {
      method = 'seasonalNaive';
    }
  }
  if (points === null) {
    const diffs = series.slice(season).map((v, i) => v - (series[i] ?? 0));
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    const sd = Math.sqrt(
      diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, diffs.length - 1),
    );
    points = seasonalNaivePredict(series, horizon, season).map((p, i) => {
      const spread = z * sd * Math.sqrt(Math.floor(i / season) + 1);
      return {
        step: i + 1,
        expected: p,
        lower: Math.max(0, p - spread),
        upper: Math.max(0, p + spread),
      };
    });
  }
  return {
    status: 'ok',
    months: n,
    method,
    sarimaOrder: orderLabel(order, season),
    level,
    backtest,
    points,
  };
}
