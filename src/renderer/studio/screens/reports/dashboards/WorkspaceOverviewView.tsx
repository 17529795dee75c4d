import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../../components/ChartFrame';
import { Bar, Legend, Line, Tooltip } from 'recharts';
import type { WorkspaceOverview } from '../../../../../shared/contract/dashboards-api';
import { formatDate, formatMoney, formatNumber } from '../../../../common/format';
import { EmptyState } from '../../../components/EmptyState';
import {
  CartesianChart,
  ChartTable,
  SECOND_DASH,
  SERIES_LINE,
  countAxis,
  numberFormat,
  percentFormat,
  tooltipFormat,
  valueAxis,
} from '../charts';
import { formatShare } from '../report-format';
import { DASH_CHART } from './colors';
import { DashSection } from './DashSection';
import { formatMoneyCompact } from '../../../../common/format';
import { formatMonth } from './dash-format';
import { HighValueSection } from './HighValueSection';
import { JobStatus } from './JobStatus';
import { NoteList } from './NoteList';
import { SalesForecastSection } from './SalesForecastSection';
import { WorkspaceCards } from './WorkspaceCards';
import { useAnalyticsJob } from './use-analytics-job';
import { Forecast } from './WorkspaceForecast';
import { Values } from './WorkspaceValues';

/** The revenue bars' margin: a little more room on the left for the money ticks. */
const BAR_MARGIN = { top: 8, right: 12, bottom: 8, left: 8 };

/** Revenue, buyers, customer value and the repeat-purchase forecast of the whole workspace. */
export function WorkspaceOverviewView({ workspaceKey }: { workspaceKey: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const job = useAnalyticsJob('analytics.workspace', {}, workspaceKey);
  const data = job.data;
  return (
    <div className="dash" aria-busy={job.status === 'loading'}>
      <JobStatus job={job} />
      {data && data.revenue.currencies.length === 0 ? (
        <EmptyState title={t('dash.workspace.empty.title')}>
          <p>{t('dash.workspace.empty.body')}</p>
        </EmptyState>
      ) : null}
      {data && data.revenue.currencies.length > 0 ? (
        <div className="report-body" data-testid="workspace-overview" data-job={data.jobId}>
          <NoteList notes={data.notes.filter((n) => n.code !== 'noOrders')} />
          <WorkspaceCards data={data} />
          <Revenue data={data} />
          <Buyers data={data} />
          <Values data={data} />
          <HighValueSection workspaceKey={workspaceKey} />
          <Forecast data={data} />
          <SalesForecastSection data={data} />
          <p className="muted dash-computed">
            {t('dash.computedAt', { when: formatDate(data.computedAt, locale) })}
          </p>
        </div>
      ) : null}
    </div>
  );
}

function Revenue({ data }: { data: WorkspaceOverview }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const selectId = useId();
  const currencies = data.revenue.currencies;
  const [chosen, setChosen] = useState<string | null>(null);
  const currency = chosen ?? currencies[0]?.currency ?? 'CNY';
  const total = currencies.find((c) => c.currency === currency);
  const points = data.revenue.months.map((m) => ({
    month: m.month,
    label: formatMonth(m.month, locale),
    revenue: m.byCurrency[currency] ?? 0,
  }));
  const best = points.reduce<(typeof points)[number] | null>(
    (top, p) => (top === null || p.revenue > top.revenue ? p : top),
    null,
  );
  return (
    <DashSection
      id="revenue"
      title={t('dash.workspace.revenue.title')}
      ask={t('dash.workspace.revenue.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.workspace.revenue.defs.net'),
        t('dash.workspace.revenue.defs.month'),
        t('dash.workspace.revenue.defs.currencies'),
      ]}
    >
      {currencies.length > 1 ? (
        <div className="funnel-window">
          <label htmlFor={selectId}>{t('dash.workspace.revenue.currency')}</label>
          <select
            id={selectId}
            value={currency}
            onChange={(event) => setChosen(event.target.value)}
            data-testid="revenue-currency"
          >
            {currencies.map((c) => (
              <option key={c.currency} value={c.currency}>
                {c.currency}
              </option>
            ))}
          </select>
          <span className="muted">{t('dash.workspace.revenue.perCurrency')}</span>
        </div>
      ) : null}
      <ChartFrame
        title={t('dash.workspace.revenue.chartTitle', { currency })}
        summary={t('dash.workspace.revenue.summary', {
          total: total ? formatMoney(total.netMinor, currency, locale) : t('dash.none'),
          orders: formatNumber(total?.orders ?? 0, locale),
          months: formatNumber(points.length, locale),
          best: best ? formatMonth(best.month, locale, 'long') : t('dash.none'),
          bestValue: best ? formatMoney(best.revenue, currency, locale) : t('dash.none'),
        })}
        chartTestId="revenue-chart"
        chart={
          <CartesianChart data={points} height={280} xKey="label" kind="bar" margin={BAR_MARGIN}>
            {valueAxis((v) => formatMoneyCompact(v, currency, locale), { width: 64 })}
            <Tooltip formatter={tooltipFormat((v) => formatMoney(v, currency, locale))} />
            <Bar
              dataKey="revenue"
              name={t('dash.workspace.revenue.series')}
              fill={DASH_CHART.revenue}
              isAnimationActive={false}
            />
          </CartesianChart>
        }
      >
        <ChartTable
          caption={t('dash.workspace.revenue.chartTitle', { currency })}
          rows={points}
          rowKey={(p) => p.month}
          cells={(p) => [p.label, formatMoney(p.revenue, currency, locale)]}
          rowHeader
        />
      </ChartFrame>
    </DashSection>
  );
}

function Buyers({ data }: { data: WorkspaceOverview }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const points = data.buyers.map((m) => ({
    label: formatMonth(m.month, locale),
    newBuyers: m.newBuyers,
    returning: m.returningBuyers,
    returningShare: m.returningShare === null ? null : Math.round(m.returningShare * 1000) / 10,
    repeatShare: m.repeatShareToDate === null ? null : Math.round(m.repeatShareToDate * 1000) / 10,
  }));
  const last = data.buyers[data.buyers.length - 1];
  const share = percentFormat(locale, 1);
  const shareNames = {
    [t('dash.workspace.buyers.returningShare')]: share,
    [t('dash.workspace.buyers.repeatShare')]: share,
  };
  return (
    <DashSection
      id="buyers"
      title={t('dash.workspace.buyers.title')}
      ask={t('dash.workspace.buyers.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.workspace.buyers.defs.newReturning'),
        t('dash.workspace.buyers.defs.returningShare'),
        t('dash.workspace.buyers.defs.repeatShare'),
      ]}
    >
      {last ? (
        <ChartFrame
          title={t('dash.workspace.buyers.chartTitle')}
          summary={t('dash.workspace.buyers.summary', {
            month: formatMonth(last.month, locale, 'long'),
            buyers: formatNumber(last.buyers, locale),
            returning: formatNumber(last.returningBuyers, locale),
            share: formatShare(last.returningShare, locale) ?? t('dash.none'),
            repeat: formatShare(last.repeatShareToDate, locale) ?? t('dash.none'),
            total: formatNumber(last.buyersToDate, locale),
          })}
          chartTestId="buyers-chart"
          chart={
            <CartesianChart data={points} height={300} xKey="label" kind="composed">
              {countAxis(locale, { yAxisId: 'people', width: 48 })}
              {valueAxis(percentFormat(locale), {
                yAxisId: 'share',
                orientation: 'right',
                domain: [0, 100],
                width: 48,
              })}
              <Tooltip formatter={tooltipFormat(numberFormat(locale), shareNames)} />
              <Legend />
              {[
                {
                  key: 'newBuyers',
                  name: t('dash.workspace.buyers.new'),
                  fill: DASH_CHART.newBuyers,
                },
                {
                  key: 'returning',
                  name: t('dash.workspace.buyers.returning'),
                  fill: DASH_CHART.returning,
                },
              ].map((bar) => (
                <Bar
                  key={bar.key}
                  yAxisId="people"
                  dataKey={bar.key}
                  stackId="buyers"
                  name={bar.name}
                  fill={bar.fill}
                  isAnimationActive={false}
                />
              ))}
              <Line
                yAxisId="share"
                dataKey="returningShare"
                name={t('dash.workspace.buyers.returningShare')}
                stroke={DASH_CHART.share}
                dot={{ r: 3 }}
                {...SERIES_LINE}
              />
              <Line
                yAxisId="share"
                dataKey="repeatShare"
                name={t('dash.workspace.buyers.repeatShare')}
                stroke={DASH_CHART.repeat}
                strokeDasharray={SECOND_DASH}
                dot={false}
                {...SERIES_LINE}
              />
            </CartesianChart>
          }
        />
      ) : (
        <p className="muted">{t('dash.workspace.buyers.none')}</p>
      )}
    </DashSection>
  );
}
