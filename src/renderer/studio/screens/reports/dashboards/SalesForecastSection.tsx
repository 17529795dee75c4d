import { useTranslation } from 'react-i18next';
import { Legend, Line, Tooltip } from 'recharts';
import type {
  SalesForecastSeries,
  WorkspaceOverview,
} from '../../../../../shared/contract/dashboards-api';
import { formatNumber } from '../../../../common/format';
import { formatShare } from '../report-format';
import { DASH_CHART } from './colors';
import { ChartFrame } from '../../../components/ChartFrame';
import {
  CartesianChart,
  SECOND_DASH,
  SERIES_LINE,
  bandArea,
  numberFormat,
  rangeFormatter,
  valueAxis,
} from '../charts';
import { DashSection } from './DashSection';
import { formatMoneyCompact, formatMoneyWhole } from '../../../../common/format';
import { formatMonth } from './dash-format';

/**
 * The monthly sales forecast (revenue and new buyers) beside the repeat-purchase forecast: the
 * method the back-test chose, both methods' errors, the forecast with its band; or why there is
 * none yet.
 */
export function SalesForecastSection({ data }: { data: WorkspaceOverview }) {
  const { t, i18n } = useTranslation();
  const { currency, revenue, newBuyers } = data.salesForecast;
  const level = formatShare(newBuyers.level, i18n.language) ?? '';
  return (
    <DashSection
      id="sales-forecast"
      title={t('dashExtra.salesForecast.title')}
      ask={t('dashExtra.salesForecast.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dashExtra.salesForecast.defs.sarima'),
        t('dashExtra.salesForecast.defs.naive'),
        t('dashExtra.salesForecast.defs.backtest'),
        t('dashExtra.salesForecast.defs.band', { level }),
      ]}
    >
      {revenue !== null && currency !== null ? (
        <SeriesBlock kind="revenue" series={revenue} currency={currency} />
      ) : null}
      <SeriesBlock kind="newBuyers" series={newBuyers} currency={null} />
    </DashSection>
  );
}

function SeriesBlock({
  kind,
  series,
  currency,
}: {
  kind: 'revenue' | 'newBuyers';
  series: SalesForecastSeries;
  currency: string | null;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const format = (v: number): string =>
    currency === null
      ? formatNumber(Math.round(v), locale)
      : formatMoneyWhole(Math.round(v), currency, locale);
  const name = t(`dashExtra.salesForecast.${kind}`);
  const backtest = series.backtest;
  if (series.status === 'tooShort' || backtest === null || series.method === null) {
    return (
      <div className="sales-forecast-series" data-testid={`sales-forecast-${kind}`}>
        <h3>{name}</h3>
        <p className="muted" data-testid={`sales-forecast-${kind}-short`}>
          {t('dashExtra.salesForecast.tooShort', {
            months: formatNumber(series.months, locale),
            needed: formatNumber(series.needed, locale),
          })}
        </p>
      </div>
    );
  }
  const error = (score: { mae: number; mape: number | null } | null): string =>
    score === null
      ? t('dashExtra.salesForecast.notFitted')
      : t('dashExtra.salesForecast.error', {
          mae: format(score.mae),
          mape: formatShare(score.mape, locale, 1) ?? t('dash.none'),
        });
  const why =
    series.method === 'sarima'
      ? t('dashExtra.salesForecast.whySarima')
      : backtest.sarima === null
        ? t('dashExtra.salesForecast.whyNaiveNoFit')
        : t('dashExtra.salesForecast.whyNaive');
  const level = formatShare(series.level, locale) ?? '';
  const lastIndex = series.history.length - 1;
  const points = [
    // The forecast line starts from the last complete month's actual value.
    ...series.history.map((h, i) => ({
      month: formatMonth(h.month, locale),
      actual: h.value,
      expected: i === lastIndex ? h.value : undefined,
      band: undefined as [number, number] | undefined,
    })),
    ...series.points.map((p) => ({
      month: formatMonth(p.month, locale),
      actual: undefined,
      expected: p.expected,
      band: [p.lower, p.upper] as [number, number],
    })),
  ];
  const methodName = t(`dashExtra.salesForecast.method.${series.method}`, {
    order: series.sarimaOrder ?? '',
  });
  return (
    <ChartFrame
      className="sales-forecast-series"
      testId={`sales-forecast-${kind}`}
      attributes={{ 'data-method': series.method }}
      title={name}
      summaryTestId={`sales-forecast-${kind}-why`}
      summary={
        <>
          {t('dashExtra.salesForecast.summary', {
            method: methodName,
            months: formatNumber(backtest.months, locale),
            sarima: error(backtest.sarima),
            naive: error(backtest.seasonalNaive),
          })}{' '}
          {why}
        </>
      }
      chart={
        <CartesianChart
          data={points}
          height={260}
          xKey="month"
          xAxis={{ interval: 'preserveStartEnd', minTickGap: 24 }}
          kind="composed"
        >
          {valueAxis(
            currency === null
              ? numberFormat(locale)
              : (v) => formatMoneyCompact(v, currency, locale),
            { width: 60 },
          )}
          <Tooltip formatter={rangeFormatter(format)} />
          <Legend />
          {bandArea(t('dash.workspace.forecast.band', { level }), DASH_CHART.band)}
          <Line
            dataKey="actual"
            name={t('dashExtra.salesForecast.actual')}
            stroke={DASH_CHART.revenue}
            dot={false}
            {...SERIES_LINE}
          />
          <Line
            dataKey="expected"
            name={methodName}
            stroke={DASH_CHART.expected}
            strokeDasharray={SECOND_DASH}
            dot={{ r: 2 }}
            {...SERIES_LINE}
          />
        </CartesianChart>
      }
    >
      <div className="table-scroll">
        <table className="data-table dash-table" data-testid={`sales-forecast-${kind}-table`}>
          <caption className="visually-hidden">{name}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashExtra.salesForecast.month')}</th>
              <th scope="col" className="num">
                {t('dash.workspace.forecast.expected')}
              </th>
              <th scope="col" className="num">
                {t('dash.workspace.forecast.band', { level })}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p) => (
              <tr key={p.month}>
                <th scope="row">{formatMonth(p.month, locale, 'long')}</th>
                <td className="num">{format(p.expected)}</td>
                <td className="num">
                  {format(p.lower)} – {format(p.upper)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartFrame>
  );
}
