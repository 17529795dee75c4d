import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../../components/ChartFrame';
import { Legend, Line, Tooltip, YAxis } from 'recharts';
import type { CourseDashboard } from '../../../../../shared/contract/dashboards-api';
import type { CourseId } from '../../../../../shared/model/ids';
import { formatDate, formatNumber } from '../../../../common/format';
import { HeadlineCards } from '../../../components/HeadlineCards';
import { VisuallyHidden } from '../ReportSection';
import { formatDuration, formatMoneyList, formatShare } from '../report-format';
import { CourseCohorts } from './CourseCohorts';
import { DASH_CHART } from './colors';
import { DashChart, SECOND_DASH, SERIES_LINE } from './DashChart';
import { DashSection } from './DashSection';
import { JobStatus } from './JobStatus';
import { NoteList } from './NoteList';
import { CourseSatisfactionSection } from './CourseSatisfactionSection';
import { ReturnRateSection } from './ReturnRateSection';
import { useAnalyticsJob } from './use-analytics-job';

const MINUTE_MS = 60_000;

/** One course across its classes: attendance, offers, and whether its buyers come back. */
export function CourseDashboardView({
  courseId,
  workspaceKey,
  onBack,
}: {
  courseId: CourseId;
  workspaceKey: string;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const job = useAnalyticsJob('analytics.course', { courseId }, `${workspaceKey}:${courseId}`);
  const data = job.data;

  return (
    <section className="report dash" aria-busy={job.status === 'loading'}>
      <div className="report-top">
        <button type="button" onClick={onBack} data-testid="course-back">
          ← {t('dash.course.back')}
        </button>
      </div>
      {data ? (
        <header className="screen-header report-title">
          <h1 data-testid="course-title">{data.course.title}</h1>
          <p>
            {t('dash.course.meta', {
              series: data.course.series ?? t('dash.course.standalone'),
              count: data.classes.length,
            })}
          </p>
        </header>
      ) : null}
      <JobStatus
        status={job.status}
        hasData={data !== undefined}
        progress={job.progress}
        message={job.status === 'error' ? job.message : null}
        onCancel={job.cancel}
        onRetry={job.retry}
      />
      {data ? (
        <div className="report-body" data-testid="course-dashboard" data-job={data.jobId}>
          <NoteList notes={data.notes} />
          <CourseCards data={data} />
          <AttendanceTrend data={data} />
          <ConversionTrend data={data} />
          <Repurchase data={data} />
          <ReturnRateSection data={data} />
          <CourseSatisfactionSection courseId={courseId} />
          <CourseCohorts data={data} />
          <p className="muted dash-computed">
            {t('dash.computedAt', { when: formatDate(data.computedAt, locale) })}
          </p>
        </div>
      ) : null}
    </section>
  );
}

function CourseCards({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('dash.none');
  const ninety = data.repurchase?.windows.find((w) => w.windowDays === 90);
  const cards = [
    {
      id: 'classes',
      label: t('dash.course.cards.classes'),
      value: formatNumber(data.classes.length, locale),
    },
    {
      id: 'buyers',
      label: t('dash.course.cards.buyers'),
      value: formatNumber(data.sales.buyers, locale),
    },
    {
      id: 'revenue',
      label: t('dash.course.cards.revenue'),
      value: formatMoneyList(data.sales.revenue, locale) ?? none,
    },
    {
      id: 'repurchase90',
      label: t('dash.course.cards.repurchase90'),
      value: formatShare(ninety?.rate ?? null, locale) ?? none,
    },
  ];
  return (
    <HeadlineCards
      cards={cards}
      className="dash-cards"
      label={t('dash.course.cards.label')}
      cardTestId={(id) => `course-card-${id}`}
      longAt={10}
    />
  );
}

/** The x axis of a per-class chart: the class's date, its title in the tooltip. */
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

function TrendNote({ classes }: { classes: number }) {
  const { t } = useTranslation();
  if (classes >= 2) return null;
  return (
    <p className="muted" data-testid="trend-note">
      {classes === 0 ? t('dash.course.noClasses') : t('dash.course.oneClass')}
    </p>
  );
}

function AttendanceTrend({ data }: { data: CourseDashboard }) {
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
            <DashChart
              data={points}
              height={300}
              xKey="label"
              xAxis={{ padding: { left: 16, right: 16 } }}
            >
              <YAxis
                yAxisId="people"
                allowDecimals={false}
                stroke={DASH_CHART.axis}
                width={48}
                tickFormatter={(v: number) => formatNumber(v, locale)}
              />
              <YAxis
                yAxisId="minutes"
                orientation="right"
                stroke={DASH_CHART.axis}
                width={56}
                tickFormatter={(v: number) => t('dash.minutesTick', { n: formatNumber(v, locale) })}
              />
              <Tooltip
                labelFormatter={classLabel}
                formatter={(value, name) =>
                  typeof value === 'number' && name === t('dash.course.attendance.watch')
                    ? t('dash.minutesTick', { n: formatNumber(value, locale) })
                    : typeof value === 'number'
                      ? formatNumber(value, locale)
                      : String(value)
                }
              />
              <Legend />
              <Line
                yAxisId="people"
                dataKey="viewers"
                name={t('dash.course.attendance.viewers')}
                stroke={DASH_CHART.viewers}
                dot={{ r: 4 }}
                {...SERIES_LINE}
              />
              <Line
                yAxisId="people"
                dataKey="peak"
                name={t('dash.course.attendance.peak')}
                stroke={DASH_CHART.peak}
                strokeDasharray={SECOND_DASH}
                dot={{ r: 4, strokeDasharray: '' }}
                {...SERIES_LINE}
              />
              <Line
                yAxisId="minutes"
                dataKey="watch"
                name={t('dash.course.attendance.watch')}
                stroke={DASH_CHART.watch}
                strokeDasharray="2 3"
                dot={{ r: 4, strokeDasharray: '' }}
                connectNulls
                {...SERIES_LINE}
              />
            </DashChart>
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
    <div className="table-scroll">
      <table className="data-table dash-table" data-testid="course-classes">
        <caption className="visually-hidden">{t('dash.course.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dash.course.table.date')}</th>
            <th scope="col">{t('dash.course.table.class')}</th>
            <th scope="col" className="num">
              {t('dash.course.attendance.viewers')}
            </th>
            <th scope="col" className="num">
              {t('dash.course.attendance.peak')}
            </th>
            <th scope="col" className="num">
              {t('dash.course.attendance.watch')}
            </th>
            <th scope="col" className="num">
              {t('dash.course.conversion.clickRate')}
            </th>
            <th scope="col" className="num">
              {t('dash.course.conversion.conversion')}
            </th>
            <th scope="col" className="num">
              {t('dash.course.table.revenue')}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...data.classes].reverse().map((c) => (
            <tr key={c.sessionId}>
              <td className="nowrap">{formatDate(c.startedAt, locale)}</td>
              <td className="strong">{c.title}</td>
              <td className="num">{formatNumber(c.uniqueViewers, locale)}</td>
              <td className="num">{formatNumber(c.peakConcurrency, locale)}</td>
              <td className="num">{formatDuration(c.averageWatchMs, locale) ?? none}</td>
              <td className="num">{formatShare(c.offerClickRate, locale, 1) ?? none}</td>
              <td className="num">{formatShare(c.offerConversionRate, locale, 1) ?? none}</td>
              <td className="num">{formatMoneyList(c.revenue, locale) ?? none}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConversionTrend({ data }: { data: CourseDashboard }) {
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
            <DashChart
              data={points}
              height={260}
              xKey="label"
              xAxis={{ padding: { left: 16, right: 16 } }}
            >
              <YAxis
                stroke={DASH_CHART.axis}
                width={52}
                tickFormatter={(v: number) => formatShare(v / 100, locale) ?? ''}
              />
              <Tooltip
                labelFormatter={classLabel}
                formatter={(value) =>
                  typeof value === 'number'
                    ? (formatShare(value / 100, locale, 1) ?? '')
                    : String(value)
                }
              />
              <Legend />
              <Line
                dataKey="clickRate"
                name={t('dash.course.conversion.clickRate')}
                stroke={DASH_CHART.clickRate}
                dot={{ r: 4 }}
                {...SERIES_LINE}
              />
              <Line
                dataKey="conversion"
                name={t('dash.course.conversion.conversion')}
                stroke={DASH_CHART.conversion}
                strokeDasharray={SECOND_DASH}
                dot={{ r: 4, strokeDasharray: '' }}
                {...SERIES_LINE}
              />
            </DashChart>
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

function Repurchase({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const repurchase = data.repurchase;
  return (
    <DashSection
      id="repurchase"
      title={t('dash.course.repurchase.title')}
      ask={t('dash.course.repurchase.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.course.repurchase.defs.rate'),
        t('dash.course.repurchase.defs.tooRecent'),
        t('dash.course.repurchase.defs.linked'),
      ]}
    >
      {repurchase === null ? (
        <p className="muted">{t('dash.course.noBuyers')}</p>
      ) : (
        <>
          <p className="figure-summary">
            {t('dash.course.repurchase.summary', {
              buyers: formatNumber(repurchase.buyers, locale),
              end: formatDate(Date.parse(`${repurchase.endDay}T12:00:00Z`), locale),
            })}
          </p>
          <ul className="dash-windows" data-testid="repurchase-windows">
            {repurchase.windows.map((w) => {
              const no = w.eligible - w.repurchased;
              const total = Math.max(1, repurchase.buyers);
              return (
                <li
                  key={w.windowDays}
                  className="headline-card"
                  data-testid={`repurchase-${w.windowDays}`}
                >
                  <span className="headline-label">
                    {t('dash.course.repurchase.within', { count: w.windowDays })}
                  </span>
                  <strong className="headline-value">
                    {formatShare(w.rate, locale, 1) ?? t('dash.none')}
                  </strong>
                  <span className="muted">
                    {t('dash.course.repurchase.of', {
                      repurchased: formatNumber(w.repurchased, locale),
                      eligible: formatNumber(w.eligible, locale),
                    })}
                  </span>
                  <span className="stack-bar" aria-hidden="true">
                    <span
                      className="seg yes"
                      style={{ width: `${(w.repurchased / total) * 100}%` }}
                    />
                    <span className="seg no" style={{ width: `${(no / total) * 100}%` }} />
                    <span
                      className="seg recent"
                      style={{ width: `${(w.tooRecent / total) * 100}%` }}
                    />
                  </span>
                  <span className="muted">
                    {t('dash.course.repurchase.tooRecent', {
                      count: w.tooRecent,
                      n: formatNumber(w.tooRecent, locale),
                    })}
                  </span>
                </li>
              );
            })}
          </ul>
          <ul className="chart-legend" aria-hidden="true">
            <li>
              <span className="swatch block yes" />
              {t('dash.course.repurchase.legendYes')}
            </li>
            <li>
              <span className="swatch block no" />
              {t('dash.course.repurchase.legendNo')}
            </li>
            <li>
              <span className="swatch block recent" />
              {t('dash.course.repurchase.legendRecent')}
            </li>
          </ul>
        </>
      )}
    </DashSection>
  );
}
