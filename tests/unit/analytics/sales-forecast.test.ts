import { describe, expect, it } from 'vitest';
import {
  backtestSales,
  preferredMethod,
  salesForecast,
  seasonalNaivePredict,
} from '../../../src/main/analytics/sales-forecast';

/** A deterministic pseudo-random stream (LCG), values in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SHAPE = [10, 12, 15, 20, 25, 30, 28, 22, 18, 14, 11, 9];

/** Trend + a known yearly pattern + small noise: seasonal naive lags the trend, SARIMA need not. */
function trendingSeasonal(months: number, seed: number): number[] {
  const r = lcg(seed);
  return Array.from(
    { length: months },
    (_, i) => 100 + 3 * i + 3 * (SHAPE[i % 12] ?? 0) + (r() - 0.5) * 8,
  );
}

/** A pure seasonal-naive series: every year repeats the last, y(t) = y(t − 12). */
function pureSeasonal(months: number): number[] {
  return Array.from({ length: months }, (_, i) => 200 + 5 * (SHAPE[i % 12] ?? 0));
}

describe('sales forecast back-test', () => {
  it('seasonal naive repeats the last season', () => {
    const series = [1, 2, 3, 4, 5, 6];
    expect(seasonalNaivePredict(series, 5, 3)).toEqual([4, 5, 6, 4, 5]);
  });

  it('SARIMA beats or matches seasonal naive on a trending seasonal series, and is chosen', () => {
    const series = trendingSeasonal(48, 7);
    const backtest = backtestSales(series, 12, 12);
    expect(backtest.months).toBe(12);
    expect(backtest.sarima).not.toBeNull();
    const sarima = backtest.sarima?.mae ?? Infinity;
    // The trend adds 36 a year: seasonal naive is off by about that every month.
    expect(backtest.seasonalNaive.mae).toBeGreaterThan(25);
    expect(sarima).toBeLessThanOrEqual(backtest.seasonalNaive.mae);
    expect(preferredMethod(backtest)).toBe('sarima');

    const forecast = salesForecast(series, { horizon: 6 });
    expect(forecast.status).toBe('ok');
    if (forecast.status !== 'ok') return;
    expect(forecast.method).toBe('sarima');
    expect(forecast.points).toHaveLength(6);
    for (const p of forecast.points) {
      expect(p.lower).toBeLessThanOrEqual(p.expected);
      expect(p.upper).toBeGreaterThanOrEqual(p.expected);
    }
    // The forecast follows the pattern: the peak month (index 5 of the year) stays above the
    // trough month (index 11) a season on.
    const next = salesForecast(series, { horizon: 12 });
    if (next.status !== 'ok') throw new Error('expected a forecast');
    expect(next.points[5]?.expected ?? 0).toBeGreaterThan(next.points[11]?.expected ?? 0);
  });

  it('on a pure seasonal-naive series the seasonal-naive forecast wins or ties', () => {
    const series = pureSeasonal(48);
    const backtest = backtestSales(series, 12, 12);
    const sarima = backtest.sarima?.mae ?? Infinity;
    expect(sarima).toBeGreaterThanOrEqual(backtest.seasonalNaive.mae * 0.95);
    expect(preferredMethod(backtest)).toBe('seasonalNaive');
    const forecast = salesForecast(series, { horizon: 3 });
    if (forecast.status !== 'ok') throw new Error('expected a forecast');
    expect(forecast.method).toBe('seasonalNaive');
    expect(forecast.points.map((p) => p.expected)).toEqual(series.slice(36, 39));
  });

  it('is deterministic', () => {
    const series = trendingSeasonal(40, 3);
    expect(salesForecast(series)).toEqual(salesForecast(series));
  });

  it('says the history is too short below two seasons, a month and six test months', () => {
    expect(salesForecast(trendingSeasonal(30, 1))).toEqual({
      status: 'tooShort',
      months: 30,
      needed: 31,
    });
    const ok = salesForecast(trendingSeasonal(31, 1));
    expect(ok.status).toBe('ok');
    if (ok.status === 'ok') expect(ok.backtest.months).toBe(6);
  });

  it('rejects bad input clearly', () => {
    expect(() => salesForecast([1, Number.NaN])).toThrow(/finite numbers/);
    expect(() => salesForecast([1, 2], { horizon: 0 })).toThrow(/horizon/);
  });
});
