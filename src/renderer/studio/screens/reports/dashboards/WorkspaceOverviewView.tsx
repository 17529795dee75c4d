import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  ValueHistogram,
  WorkspaceOverview,
} from '../../../../../shared/contract/dashboards-api';
import { formatDate, formatMoney, formatNumber } from '../../../../common/format';
import { EmptyState } from '../../../components/EmptyState';
import { VisuallyHidden } from '../ReportSection';
import { formatDecimal, formatShare } from '../report-format';
import { DASH_CHART } from './colors';
import { DashSection } from './DashSection';
import { formatMoneyCompact, formatMoneyRange, formatMonth } from './dash-format';
import { JobStatus } from './JobStatus';
import { NoteList } from './NoteList';
import { SalesForecastSection } from './SalesForecastSection';
import { WorkspaceCards } from './WorkspaceCards';
import { useAnalyticsJob } from './use-analytics-job';

/** Revenue, buyers, customer value and the repeat-purchase forecast of the whole workspace. */
export function WorkspaceOverviewView({ workspaceKey }: { workspaceKey: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const job = useAnalyticsJob('analytics.workspace', {}, workspaceKey);
  const data = job.data;
  return (
    <div className="dash" aria-busy={job.status === 'loading'}>
      <JobStatus
        status={job.status}
        hasData={data !== undefined}
        progress={job.progress}
        message={job.status === 'error' ? job.message : null}
        onCancel={job.cancel}
        onRetry={job.retry}
      />
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
  const summaryId = useId();
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
      <figure className="report-figure" aria-describedby={summaryId}>
        <figcaption>
          <strong>{t('dash.workspace.revenue.chartTitle', { currency })}</strong>
          <span id={summaryId} className="figure-summary">
            {t('dash.workspace.revenue.summary', {
              total: total ? formatMoney(total.netMinor, currency, locale) : t('dash.none'),
              orders: formatNumber(total?.orders ?? 0, locale),
              months: formatNumber(points.length, locale),
              best: best ? formatMonth(best.month, locale, 'long') : t('dash.none'),
              bestValue: best ? formatMoney(best.revenue, currency, locale) : t('dash.none'),
            })}
          </span>
        </figcaption>
        <div className="chart-box" data-testid="revenue-chart">
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={points} margin={{ top: 8, right: 12, bottom: 8, left: 8 }}>
              <CartesianGrid stroke={DASH_CHART.grid} vertical={false} />
              <XAxis dataKey="label" stroke={DASH_CHART.axis} />
              <YAxis
                stroke={DASH_CHART.axis}
                width={64}
                tickFormatter={(v: number) => formatMoneyCompact(v, currency, locale)}
              />
              <Tooltip
                formatter={(value) =>
                  typeof value === 'number' ? formatMoney(value, currency, locale) : String(value)
                }
              />
              <Bar
                dataKey="revenue"
                name={t('dash.workspace.revenue.series')}
                fill={DASH_CHART.revenue}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <VisuallyHidden>
          <table>
            <caption>{t('dash.workspace.revenue.chartTitle', { currency })}</caption>
            <tbody>
              {points.map((p) => (
                <tr key={p.month}>
                  <th scope="row">{p.label}</th>
                  <td>{formatMoney(p.revenue, currency, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </VisuallyHidden>
      </figure>
    </DashSection>
  );
}

function Buyers({ data }: { data: WorkspaceOverview }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const summaryId = useId();
  const points = data.buyers.map((m) => ({
    label: formatMonth(m.month, locale),
    newBuyers: m.newBuyers,
    returning: m.returningBuyers,
    returningShare: m.returningShare === null ? null : Math.round(m.returningShare * 1000) / 10,
    repeatShare: m.repeatShareToDate === null ? null : Math.round(m.repeatShareToDate * 1000) / 10,
  }));
  const last = data.buyers[data.buyers.length - 1];
  const shareNames = new Set([
    t('dash.workspace.buyers.returningShare'),
    t('dash.workspace.buyers.repeatShare'),
  ]);
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
        <figure className="report-figure" aria-describedby={summaryId}>
          <figcaption>
            <strong>{t('dash.workspace.buyers.chartTitle')}</strong>
            <span id={summaryId} className="figure-summary">
              {t('dash.workspace.buyers.summary', {
                month: formatMonth(last.month, locale, 'long'),
                buyers: formatNumber(last.buyers, locale),
                returning: formatNumber(last.returningBuyers, locale),
                share: formatShare(last.returningShare, locale) ?? t('dash.none'),
                repeat: formatShare(last.repeatShareToDate, locale) ?? t('dash.none'),
                total: formatNumber(last.buyersToDate, locale),
              })}
            </span>
          </figcaption>
          <div className="chart-box" data-testid="buyers-chart">
            <ResponsiveContainer width="100%" height={300}>
              <ComposedChart data={points} margin={{ top: 8, right: 12, bottom: 8, left: 4 }}>
                <CartesianGrid stroke={DASH_CHART.grid} vertical={false} />
                <XAxis dataKey="label" stroke={DASH_CHART.axis} />
                <YAxis
                  yAxisId="people"
                  allowDecimals={false}
                  stroke={DASH_CHART.axis}
                  width={48}
                  tickFormatter={(v: number) => formatNumber(v, locale)}
                />
                <YAxis
                  yAxisId="share"
                  orientation="right"
                  domain={[0, 100]}
                  stroke={DASH_CHART.axis}
                  width={48}
                  tickFormatter={(v: number) => formatShare(v / 100, locale) ?? ''}
                />
                <Tooltip
                  formatter={(value, name) =>
                    typeof value === 'number' && shareNames.has(String(name))
                      ? (formatShare(value / 100, locale, 1) ?? '')
                      : typeof value === 'number'
                        ? formatNumber(value, locale)
                        : String(value)
                  }
                />
                <Legend />
                <Bar
                  yAxisId="people"
                  dataKey="newBuyers"
                  stackId="buyers"
                  name={t('dash.workspace.buyers.new')}
                  fill={DASH_CHART.newBuyers}
                  isAnimationActive={false}
                />
                <Bar
                  yAxisId="people"
                  dataKey="returning"
                  stackId="buyers"
                  name={t('dash.workspace.buyers.returning')}
                  fill={DASH_CHART.returning}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="share"
                  dataKey="returningShare"
                  name={t('dash.workspace.buyers.returningShare')}
                  stroke={DASH_CHART.share}
                  strokeWidth={2}
                  dot={{ r: 3 }}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="share"
                  dataKey="repeatShare"
                  name={t('dash.workspace.buyers.repeatShare')}
                  stroke={DASH_CHART.repeat}
                  strokeWidth={2}
                  strokeDasharray="6 3"
                  dot={false}
                  isAnimationActive={false}
                />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        </figure>
      ) : (
        <p className="muted">{t('dash.workspace.buyers.none')}</p>
      )}
    </DashSection>
  );
}

function Histogram({
  histogram,
  currency,
  title,
  colour,
  testId,
}: {
  histogram: ValueHistogram;
  currency: string;
  title: string;
  colour: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const summaryId = useId();
  const none = t('dash.none');
  const points = histogram.bins.map((b) => ({
    label:
      b.to === null
        ? `≥ ${formatMoneyCompact(b.from, currency, locale)}`
        : formatMoneyCompact(b.from, currency, locale),
    range: formatMoneyRange(b.from, b.to, currency, locale),
    customers: b.count,
  }));
  return (
    <figure className="report-figure" aria-describedby={summaryId}>
      <figcaption>
        <strong>{title}</strong>
        <span id={summaryId} className="figure-summary">
          {t('dash.workspace.values.summary', {
            count: formatNumber(histogram.count, locale),
            median:
              histogram.median === null
                ? none
                : formatMoney(Math.round(histogram.median), currency, locale),
            mean:
              histogram.mean === null
                ? none
                : formatMoney(Math.round(histogram.mean), currency, locale),
            p90:
              histogram.p90 === null
                ? none
                : formatMoney(Math.round(histogram.p90), currency, locale),
          })}
        </span>
      </figcaption>
      <div className="chart-box" data-testid={testId}>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid stroke={DASH_CHART.grid} vertical={false} />
            <XAxis dataKey="label" stroke={DASH_CHART.axis} interval="preserveStartEnd" />
            <YAxis
              allowDecimals={false}
              stroke={DASH_CHART.axis}
              width={40}
              tickFormatter={(v: number) => formatNumber(v, locale)}
            />
            <Tooltip
              labelFormatter={(_label, payload) =>
                (payload[0]?.payload as { range?: string } | undefined)?.range ?? ''
              }
              formatter={(value) =>
                typeof value === 'number'
                  ? t('dash.workspace.values.customers', { n: formatNumber(value, locale) })
                  : String(value)
              }
            />
            <Bar
              dataKey="customers"
              name={t('dash.workspace.values.series')}
              fill={colour}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <VisuallyHidden>
        <table>
          <caption>{title}</caption>
          <tbody>
            {points.map((p) => (
              <tr key={p.range}>
                <th scope="row">{p.range}</th>
                <td>{formatNumber(p.customers, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </figure>
  );
}

function Values({ data }: { data: WorkspaceOverview }) {
  const { t } = useTranslation();
  const values = data.values;
  return (
    <DashSection
      id="values"
      title={t('dash.workspace.values.title')}
      ask={t('dash.workspace.values.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.workspace.values.defs.spent'),
        t('dash.workspace.values.defs.predicted'),
        t('dash.workspace.values.defs.bins'),
      ]}
    >
      {values === null ? (
        <p className="muted">{t('dash.workspace.values.none')}</p>
      ) : (
        <div className="dash-columns">
          <Histogram
            histogram={values.spent}
            currency={values.currency}
            title={t('dash.workspace.values.spentTitle', { currency: values.currency })}
            colour={DASH_CHART.spent}
            testId="spent-chart"
          />
          {values.predicted12Months ? (
            <Histogram
              histogram={values.predicted12Months}
              currency={values.currency}
              title={t('dash.workspace.values.predictedTitle', { currency: values.currency })}
              colour={DASH_CHART.predicted}
              testId="predicted-chart"
            />
          ) : (
            <p className="muted">{t('dash.workspace.values.noModel')}</p>
          )}
        </div>
      )}
    </DashSection>
  );
}

function Forecast({ data }: { data: WorkspaceOverview }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const summaryId = useId();
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
        <figure className="report-figure" aria-describedby={summaryId}>
          <figcaption>
            <strong>
              {t('dash.workspace.forecast.chartTitle', { weeks: forecast.weeks.length })}
            </strong>
            <span id={summaryId} className="figure-summary" data-testid="forecast-summary">
              {t('dash.workspace.forecast.summary', {
                weeks: formatNumber(forecast.weeks.length, locale),
                customers: formatNumber(forecast.customers, locale),
                expected: formatNumber(Math.round(end.expected), locale),
                lower: formatNumber(Math.round(end.lower), locale),
                upper: formatNumber(Math.round(end.upper), locale),
                level,
                previous: formatNumber(forecast.previousPeriod.repeatPurchases, locale),
              })}
            </span>
          </figcaption>
          <div className="chart-box" data-testid="forecast-chart">
            <ResponsiveContainer width="100%" height={300}>
              <ComposedChart data={points} margin={{ top: 8, right: 12, bottom: 8, left: 4 }}>
                <CartesianGrid stroke={DASH_CHART.grid} vertical={false} />
                <XAxis
                  dataKey="label"
                  stroke={DASH_CHART.axis}
                  interval="preserveStartEnd"
                  minTickGap={24}
                />
                <YAxis
                  stroke={DASH_CHART.axis}
                  width={52}
                  tickFormatter={(v: number) => formatNumber(v, locale)}
                />
                <Tooltip
                  formatter={(value) =>
                    Array.isArray(value)
                      ? value.map((v) => formatNumber(Number(v), locale)).join(' – ')
                      : typeof value === 'number'
                        ? formatNumber(value, locale)
                        : String(value)
                  }
                />
                <Legend />
                <Area
                  dataKey="band"
                  name={bandName}
                  stroke="none"
                  fill={DASH_CHART.band}
                  fillOpacity={0.3}
                  isAnimationActive={false}
                />
                <Line
                  dataKey="expected"
                  name={t('dash.workspace.forecast.expected')}
                  stroke={DASH_CHART.expected}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <div className="table-scroll">
            <table className="data-table dash-table" data-testid="forecast-table">
              <caption className="visually-hidden">
                {t('dash.workspace.forecast.tableCaption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.workspace.forecast.week')}</th>
                  <th scope="col" className="num">
                    {t('dash.workspace.forecast.expected')}
                  </th>
                  <th scope="col" className="num">
                    {bandName}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.workspace.forecast.processSd')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.workspace.forecast.parameterSd')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {forecast.weeks
                  .filter(
                    (w) => w.week % 4 === 0 || w.week === 1 || w.week === forecast.weeks.length,
                  )
                  .map((w) => (
                    <tr key={w.week}>
                      <td>
                        {t('dash.workspace.forecast.weekN', { n: w.week })} ·{' '}
                        {formatDate(w.endsAt, locale)}
                      </td>
                      <td className="num">{formatDecimal(w.expected, locale, 1)}</td>
                      <td className="num">
                        {formatDecimal(w.lower, locale, 1)} – {formatDecimal(w.upper, locale, 1)}
                      </td>
                      <td className="num">{formatDecimal(w.processSd, locale, 1)}</td>
                      <td className="num">
                        {w.parameterSd === null
                          ? t('dash.none')
                          : formatDecimal(w.parameterSd, locale, 1)}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </figure>
      )}
    </DashSection>
  );
}
