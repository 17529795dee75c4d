import { useTranslation } from 'react-i18next';
import { Legend, Line, Tooltip } from 'recharts';
import type { CourseDashboard } from '../../../../../shared/contract/dashboards-api';
import { formatDate, formatNumber } from '../../../../common/format';
import { ChartFrame } from '../../../components/ChartFrame';
import { DataTable } from '../../../components/DataTable';
import {
  CartesianChart,
  SECOND_DASH,
  SERIES_LINE,
  countAxis,
  numberFormat,
  percentFormat,
  tooltipFormat,
  valueAxis,
} from '../charts';
import { VisuallyHidden } from '../ReportSection';
import { formatDuration, formatMoneyList, formatShare } from '../report-format';
import { DASH_CHART } from './colors';
import { DashSection } from './DashSection';

// A course's trends over its classes: attendance (with the table of classes) and offer
// conversion, one point per class on a date axis.

const MINUTE_MS = 60_000;
/** The x axis of a per-class chart: the class's date, a little room at both ends. */
const CLASS_AXIS = { padding: { left: 16, right: 16 } };

/** The points of a per-class chart: the class's date, its title for the tooltip. */
function classPoints(data: CourseDashboard, locale: string) {
  return data.classes.map((c, i) => ({
    n: i + 1,
    label: formatDate(c.startedAt, locale),
    title: c.title,
    viewers: c.uniqueViewers,
    peak: c.peakConcurrency,
    watch: c.averageWatchMs === null ? null : Math.round((c.averageWatchMs / MINUTE_MS) * 10) / 10,
    clickRate: c.offerClickRate === null ? null : Math.round(c.offerClickRate * 1000) / 10,
    conversion:
      c.offerConversionRate === null ? null : Math.round(c.offerConversionRate * 1000) / 10,
  }));
}

/** A class in a tooltip: its date and title. */
function classLabel(_label: unknown, payload: readonly { payload?: unknown }[]): string {
  const point = payload[0]?.payload as { label?: string; title?: string } | undefined;
  return point ? `${point.label ?? ''} · ${point.title ?? ''}` : '';
}

/**
 * One series over the classes: a line with a dot on each class; every series but the first has
 * a `dash` (its dots stay solid). A function rather than a component: recharts reads its children.
 */
function classSeries(
  series: { dataKey: string; name: string; stroke: string; dash?: string; yAxisId?: string },
  connectNulls = false,
) {
  return (
    <Line
      yAxisId={series.yAxisId}
      dataKey={series.dataKey}
      name={series.name}
      stroke={series.stroke}
      strokeDasharray={series.dash}
      dot={series.dash === undefined ? { r: 4 } : { r: 4, strokeDasharray: '' }}
      connectNulls={connectNulls}
      {...SERIES_LINE}
    />
  );
}

function TrendNote({ classes }: { classes: number }) {
  const { t } = useTranslation();
  if (classes >= 2) return null;
  return (
    <p className="muted" data-testid="trend-note">
      {classes === 0 ? t('dash.course.noClasses') : t('dash.course.oneClass')}
    </p>
  );
}

export function AttendanceTrend({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const points = classPoints(data, locale);
  const none = t('dash.none');
  const first = data.classes[0];
  const last = data.classes[data.classes.length - 1];
  const summary =
    first && last
      ? t('dash.course.attendance.summary', {
          count: data.classes.length,
          first: formatNumber(first.uniqueViewers, locale),
          last: formatNumber(last.uniqueViewers, locale),
          watch: formatDuration(last.averageWatchMs, locale) ?? none,
        })
      : t('dash.course.noClasses');
  const minutes = (v: number) => t('dash.minutesTick', { n: formatNumber(v, locale) });
  const watch = t('dash.course.attendance.watch');
  return (
    <DashSection
      id="attendance"
      title={t('dash.course.attendance.title')}
      ask={t('dash.course.attendance.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.course.attendance.defs.classes'),
        t('dash.course.attendance.defs.viewers'),
        t('dash.course.attendance.defs.peak'),
        t('dash.course.attendance.defs.watch'),
      ]}
    >
      <TrendNote classes={data.classes.length} />
      {points.length > 0 ? (
        <ChartFrame
          title={t('dash.course.attendance.chartTitle')}
          summary={summary}
          chartTestId="attendance-trend-chart"
          chart={
            <CartesianChart data={points} height={300} xKey="label" xAxis={CLASS_AXIS}>
              {countAxis(locale, { yAxisId: 'people', width: 48 })}
              {valueAxis(minutes, { yAxisId: 'minutes', orientation: 'right', width: 56 })}
              <Tooltip
                labelFormatter={classLabel}
                formatter={tooltipFormat(numberFormat(locale), { [watch]: minutes })}
              />
              <Legend />
              {classSeries({
                yAxisId: 'people',
                dataKey: 'viewers',
                name: t('dash.course.attendance.viewers'),
                stroke: DASH_CHART.viewers,
              })}
              {classSeries({
                yAxisId: 'people',
                dataKey: 'peak',
                name: t('dash.course.attendance.peak'),
                stroke: DASH_CHART.peak,
                dash: SECOND_DASH,
              })}
              {classSeries(
                {
                  yAxisId: 'minutes',
                  dataKey: 'watch',
                  name: watch,
                  stroke: DASH_CHART.watch,
                  dash: '2 3',
                },
                true,
              )}
            </CartesianChart>
          }
        />
      ) : null}
      {data.classes.length > 0 ? <ClassTable data={data} /> : null}
    </DashSection>
  );
}

function ClassTable({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('dash.none');
  return (
    <DataTable
      rows={[...data.classes].reverse()}
      rowKey={(c) => c.sessionId}
      className="dash-table"
      testId="course-classes"
      caption={t('dash.course.table.caption')}
      columns={[
        {
          key: 'date',
          header: t('dash.course.table.date'),
          cellClassName: 'nowrap',
          cell: (c) => formatDate(c.startedAt, locale),
        },
        {
          key: 'class',
          header: t('dash.course.table.class'),
          cellClassName: 'strong',
          cell: (c) => c.title,
        },
        {
          key: 'viewers',
          header: t('dash.course.attendance.viewers'),
          num: true,
          cell: (c) => formatNumber(c.uniqueViewers, locale),
        },
        {
          key: 'peak',
          header: t('dash.course.attendance.peak'),
          num: true,
          cell: (c) => formatNumber(c.peakConcurrency, locale),
        },
        {
          key: 'watch',
          header: t('dash.course.attendance.watch'),
          num: true,
          cell: (c) => formatDuration(c.averageWatchMs, locale) ?? none,
        },
        {
          key: 'clickRate',
          header: t('dash.course.conversion.clickRate'),
          num: true,
          cell: (c) => formatShare(c.offerClickRate, locale, 1) ?? none,
        },
        {
          key: 'conversion',
          header: t('dash.course.conversion.conversion'),
          num: true,
          cell: (c) => formatShare(c.offerConversionRate, locale, 1) ?? none,
        },
        {
          key: 'revenue',
          header: t('dash.course.table.revenue'),
          num: true,
          cell: (c) => formatMoneyList(c.revenue, locale) ?? none,
        },
      ]}
    />
  );
}

export function ConversionTrend({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const points = classPoints(data, locale);
  const withOffers = data.classes.filter((c) => c.offerReached > 0);
  const reached = withOffers.reduce((s, c) => s + c.offerReached, 0);
  const buyers = withOffers.reduce((s, c) => s + c.offerBuyers, 0);
  return (
    <DashSection
      id="conversion"
      title={t('dash.course.conversion.title')}
      ask={t('dash.course.conversion.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.course.conversion.defs.clickRate'),
        t('dash.course.conversion.defs.conversion'),
        t('dash.course.conversion.defs.gaps'),
      ]}
    >
      <TrendNote classes={data.classes.length} />
      {withOffers.length === 0 ? (
        <p className="muted">{t('dash.course.conversion.noOffers')}</p>
      ) : (
        <ChartFrame
          title={t('dash.course.conversion.chartTitle')}
          summary={t('dash.course.conversion.summary', {
            count: withOffers.length,
            classes: formatNumber(withOffers.length, locale),
            reached: formatNumber(reached, locale),
            buyers: formatNumber(buyers, locale),
            share: formatShare(reached > 0 ? buyers / reached : null, locale, 1) ?? t('dash.none'),
          })}
          chartTestId="conversion-trend-chart"
          chart={
            <CartesianChart data={points} height={260} xKey="label" xAxis={CLASS_AXIS}>
              {valueAxis(percentFormat(locale), { width: 52 })}
              <Tooltip
                labelFormatter={classLabel}
                formatter={tooltipFormat(percentFormat(locale, 1))}
              />
              <Legend />
              {classSeries({
                dataKey: 'clickRate',
                name: t('dash.course.conversion.clickRate'),
                stroke: DASH_CHART.clickRate,
              })}
              {classSeries({
                dataKey: 'conversion',
                name: t('dash.course.conversion.conversion'),
                stroke: DASH_CHART.conversion,
                dash: SECOND_DASH,
              })}
            </CartesianChart>
          }
        >
          <VisuallyHidden>
            <p>{t('dash.course.conversion.tableHint')}</p>
          </VisuallyHidden>
        </ChartFrame>
      )}
    </DashSection>
  );
}
