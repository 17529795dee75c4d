import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../components/ChartFrame';
import { DataTable } from '../../components/DataTable';
import type { LearnerProfile } from '../../../../shared/contract/analytics-api';
import { Bar, Legend, Line, Tooltip } from 'recharts';
import { formatDate, formatDateTime, formatNumber } from '../../../common/format';
import {
  CartesianChart,
  SECOND_DASH,
  SERIES_LINE,
  numberFormat,
  tooltipFormat,
  valueAxis,
} from '../reports/charts';
import { CHART } from '../reports/palette';
import { formatDecimal, formatDuration } from '../reports/report-format';
import { Part } from './LearnerPart';

export function AttendancePart({ profile }: { profile: LearnerProfile }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rows = profile.attendance;
  const points = rows.map((a) => ({
    label: formatDate(a.startedAt, locale),
    title: a.title,
    minutes: Math.round((a.watchedMs / 60_000) * 10) / 10,
    score: Math.round(a.engagementScore * 100) / 100,
  }));
  const scores = rows.map((a) => a.engagementScore);
  return (
    <Part title={t('learner.attendance.title')} testId="learner-attendance">
      {rows.length === 0 ? (
        <p className="muted">{t('learner.attendance.none')}</p>
      ) : (
        <>
          <ChartFrame
            title={t('learner.chart.title')}
            summary={t('learner.chart.summary', {
              classes: formatNumber(rows.length, locale),
              watched: formatDuration(
                rows.reduce((s, a) => s + a.watchedMs, 0),
                locale,
              ),
              low: formatDecimal(Math.min(...scores), locale),
              high: formatDecimal(Math.max(...scores), locale),
            })}
            chartTestId="learner-chart"
            chart={
              <CartesianChart
                data={points}
                height={240}
                xKey="label"
                kind="composed"
                margin={{ top: 12, right: 8, bottom: 4, left: 4 }}
                xAxis={{ fontSize: 11 }}
              >
                {valueAxis(numberFormat(locale), { yAxisId: 'minutes' })}
                {valueAxis((v) => formatDecimal(v, locale, 1) ?? '', {
                  yAxisId: 'score',
                  orientation: 'right',
                  stroke: CHART.retention,
                })}
                <Tooltip
                  labelFormatter={(label, payload) => {
                    const point = payload[0]?.payload as { title: string } | undefined;
                    const date = typeof label === 'string' ? label : '';
                    return point ? `${date} · ${point.title}` : date;
                  }}
                  formatter={tooltipFormat(numberFormat(locale))}
                />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Bar
                  yAxisId="minutes"
                  dataKey="minutes"
                  name={t('learner.chart.watched')}
                  fill={CHART.bar}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="score"
                  dataKey="score"
                  name={t('learner.chart.score')}
                  stroke={CHART.retention}
                  strokeDasharray={SECOND_DASH}
                  dot={{ r: 3 }}
                  {...SERIES_LINE}
                />
              </CartesianChart>
            }
          />
          <DataTable
            rows={rows}
            rowKey={(a) => a.sessionId}
            testId="learner-attendance-table"
            columns={[
              {
                key: 'class',
                header: t('learner.attendance.class'),
                cellClassName: 'strong',
                cell: (a) => a.title,
              },
              {
                key: 'date',
                header: t('learner.attendance.date'),
                cellClassName: 'nowrap',
                cell: (a) => formatDateTime(a.startedAt, locale),
              },
              {
                key: 'watched',
                header: t('learner.attendance.watched'),
                num: true,
                cell: (a) => formatDuration(a.watchedMs, locale),
              },
              {
                key: 'score',
                header: t('learner.attendance.score'),
                num: true,
                cell: (a) => formatDecimal(a.engagementScore, locale),
              },
              {
                key: 'interactions',
                header: t('learner.attendance.interactions'),
                num: true,
                cell: (a) => formatNumber(a.interactions, locale),
              },
            ]}
          />
        </>
      )}
    </Part>
  );
}
