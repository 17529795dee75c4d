import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../components/ChartFrame';
import { DataTable } from '../../components/DataTable';
import type { LearnerProfile } from '../../../../shared/contract/analytics-api';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDate, formatDateTime, formatNumber } from '../../../common/format';
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
              <ResponsiveContainer width="100%" height={240}>
                <ComposedChart data={points} margin={{ top: 12, right: 8, bottom: 4, left: 4 }}>
                  <CartesianGrid stroke={CHART.grid} vertical={false} />
                  <XAxis dataKey="label" stroke={CHART.axis} fontSize={11} />
                  <YAxis
                    yAxisId="minutes"
                    stroke={CHART.axis}
                    width={44}
                    tickFormatter={(v: number) => formatNumber(v, locale)}
                  />
                  <YAxis
                    yAxisId="score"
                    orientation="right"
                    stroke={CHART.retention}
                    width={44}
                    tickFormatter={(v: number) => formatDecimal(v, locale, 1) ?? ''}
                  />
                  <Tooltip
                    labelFormatter={(label, payload) => {
                      const point = payload[0]?.payload as { title: string } | undefined;
                      const date = typeof label === 'string' ? label : '';
                      return point ? `${date} · ${point.title}` : date;
                    }}
                    formatter={(value) =>
                      typeof value === 'number' ? formatNumber(value, locale) : String(value)
                    }
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
                    strokeWidth={2}
                    strokeDasharray="6 3"
                    dot={{ r: 3 }}
                    isAnimationActive={false}
                  />
                </ComposedChart>
              </ResponsiveContainer>
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
