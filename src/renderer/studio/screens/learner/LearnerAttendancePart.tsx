import { useId } from 'react';
import { useTranslation } from 'react-i18next';
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
  const summaryId = useId();
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
          <figure className="report-figure" aria-describedby={summaryId}>
            <figcaption>
              <strong>{t('learner.chart.title')}</strong>
              <span id={summaryId} className="figure-summary">
                {t('learner.chart.summary', {
                  classes: formatNumber(rows.length, locale),
                  watched: formatDuration(
                    rows.reduce((s, a) => s + a.watchedMs, 0),
                    locale,
                  ),
                  low: formatDecimal(Math.min(...scores), locale),
                  high: formatDecimal(Math.max(...scores), locale),
                })}
              </span>
            </figcaption>
            <div className="chart-box" data-testid="learner-chart">
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
            </div>
          </figure>
          <div className="table-scroll">
            <table className="data-table" data-testid="learner-attendance-table">
              <thead>
                <tr>
                  <th>{t('learner.attendance.class')}</th>
                  <th>{t('learner.attendance.date')}</th>
                  <th className="num">{t('learner.attendance.watched')}</th>
                  <th className="num">{t('learner.attendance.score')}</th>
                  <th className="num">{t('learner.attendance.interactions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.sessionId}>
                    <td className="strong">{a.title}</td>
                    <td className="nowrap">{formatDateTime(a.startedAt, locale)}</td>
                    <td className="num">{formatDuration(a.watchedMs, locale)}</td>
                    <td className="num">{formatDecimal(a.engagementScore, locale)}</td>
                    <td className="num">{formatNumber(a.interactions, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Part>
  );
}
