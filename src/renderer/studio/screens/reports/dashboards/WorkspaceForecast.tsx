import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../../components/ChartFrame';
import { DataTable } from '../../../components/DataTable';
import { Legend, Line, Tooltip } from 'recharts';
import type { WorkspaceOverview } from '../../../../../shared/contract/dashboards-api';
import { formatDate, formatNumber } from '../../../../common/format';
import { formatDecimal, formatShare } from '../report-format';
import { DASH_CHART } from './colors';
import {
  CartesianChart,
  SERIES_LINE,
  bandArea,
  numberFormat,
  rangeFormatter,
  valueAxis,
} from '../charts';
import { DashSection } from './DashSection';

export function Forecast({ data }: { data: WorkspaceOverview }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const forecast = data.forecast;
  const level = formatShare(forecast?.level ?? 0.9, locale) ?? '';
  // The curve starts today at 0: no purchase is counted before the forecast begins.
  const points =
    forecast === null
      ? []
      : [
          {
            week: 0,
            label: formatDate(data.computedAt, locale),
            expected: 0,
            band: [0, 0] as [number, number],
          },
          ...forecast.weeks.map((w) => ({
            week: w.week,
            label: formatDate(w.endsAt, locale),
            expected: Math.round(w.expected * 10) / 10,
            band: [Math.round(w.lower * 10) / 10, Math.round(w.upper * 10) / 10] as [
              number,
              number,
            ],
          })),
        ];
  const end = forecast?.weeks[forecast.weeks.length - 1];
  const bandName = t('dash.workspace.forecast.band', { level });
  return (
    <DashSection
      id="forecast"
      title={t('dash.workspace.forecast.title')}
      ask={t('dash.workspace.forecast.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.workspace.forecast.defs.expected'),
        t('dash.workspace.forecast.defs.band', { level }),
        t('dash.workspace.forecast.defs.notCovered'),
        t('dash.workspace.forecast.defs.previous'),
      ]}
    >
      {forecast === null || end === undefined ? (
        <p className="muted">{t('dash.workspace.forecast.none')}</p>
      ) : (
        <ChartFrame
          title={t('dash.workspace.forecast.chartTitle', { weeks: forecast.weeks.length })}
          summary={t('dash.workspace.forecast.summary', {
            weeks: formatNumber(forecast.weeks.length, locale),
            customers: formatNumber(forecast.customers, locale),
            expected: formatNumber(Math.round(end.expected), locale),
            lower: formatNumber(Math.round(end.lower), locale),
            upper: formatNumber(Math.round(end.upper), locale),
            level,
            previous: formatNumber(forecast.previousPeriod.repeatPurchases, locale),
          })}
          chartTestId="forecast-chart"
          summaryTestId="forecast-summary"
          chart={
            <CartesianChart
              data={points}
              height={300}
              xKey="label"
              xAxis={{ interval: 'preserveStartEnd', minTickGap: 24 }}
              kind="composed"
            >
              {valueAxis(numberFormat(locale), { width: 52 })}
              <Tooltip formatter={rangeFormatter(numberFormat(locale))} />
              <Legend />
              {bandArea(bandName, DASH_CHART.band)}
              <Line
                dataKey="expected"
                name={t('dash.workspace.forecast.expected')}
                stroke={DASH_CHART.expected}
                dot={false}
                {...SERIES_LINE}
              />
            </CartesianChart>
          }
        >
          <DataTable
            rows={forecast.weeks.filter(
              (w) => w.week % 4 === 0 || w.week === 1 || w.week === forecast.weeks.length,
            )}
            rowKey={(w) => w.week}
            className="dash-table"
            testId="forecast-table"
            caption={t('dash.workspace.forecast.tableCaption')}
            columns={[
              {
                key: 'week',
                header: t('dash.workspace.forecast.week'),
                cell: (w) => (
                  <>
                    {t('dash.workspace.forecast.weekN', { n: w.week })} ·{' '}
                    {formatDate(w.endsAt, locale)}
                  </>
                ),
              },
              {
                key: 'expected',
                header: t('dash.workspace.forecast.expected'),
                num: true,
                cell: (w) => formatDecimal(w.expected, locale, 1),
              },
              {
                key: 'band',
                header: bandName,
                num: true,
                cell: (w) => (
                  <>
                    {formatDecimal(w.lower, locale, 1)} – {formatDecimal(w.upper, locale, 1)}
                  </>
                ),
              },
              {
                key: 'processSd',
                header: t('dash.workspace.forecast.processSd'),
                num: true,
                cell: (w) => formatDecimal(w.processSd, locale, 1),
              },
              {
                key: 'parameterSd',
                header: t('dash.workspace.forecast.parameterSd'),
                num: true,
                cell: (w) =>
                  w.parameterSd === null ? t('dash.none') : formatDecimal(w.parameterSd, locale, 1),
              },
            ]}
          />
        </ChartFrame>
      )}
    </DashSection>
  );
}
