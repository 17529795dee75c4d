import { useTranslation } from 'react-i18next';
import { Legend, Line, Tooltip } from 'recharts';
import type { CourseDashboard } from '../../../../../shared/contract/dashboards-api';
import { formatDate, formatNumber } from '../../../../common/format';
import { formatShare } from '../report-format';
import { DASH_CHART } from './colors';
import { ChartFrame } from '../../../components/ChartFrame';
import { DataTable } from '../../../components/DataTable';
import { CartesianChart, SECOND_DASH, SERIES_LINE, valueAxis } from '../charts';
import { DashSection } from './DashSection';

/** Of the learners in each class, who came back to the next class and to any later one. */
export function ReturnRateSection({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rr = data.returnRate;
  const none = t('dash.none');
  const byId = new Map(data.classes.map((c) => [c.sessionId as number, c]));
  const share = (v: number | null) => formatShare(v, locale, 0) ?? none;
  const rows = rr.classes.map((c) => {
    const info = byId.get(c.sessionId);
    return { ...c, title: info?.title ?? '', startedAt: info?.startedAt ?? 0 };
  });
  const points = rows
    .filter((r) => r.nextRate !== null)
    .map((r) => ({
      label: formatDate(r.startedAt, locale),
      next: r.nextRate === null ? null : Math.round(r.nextRate * 1000) / 10,
      later: r.laterRate === null ? null : Math.round(r.laterRate * 1000) / 10,
    }));
  return (
    <DashSection
      id="return-rate"
      title={t('dashExtra.returnRate.title')}
      ask={t('dashExtra.returnRate.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dashExtra.returnRate.defs.next'),
        t('dashExtra.returnRate.defs.later'),
        t('dashExtra.returnRate.defs.pooled'),
      ]}
    >
      {rr.classes.length < 2 ? (
        <p className="muted" data-testid="return-rate-none">
          {t('dashExtra.returnRate.none')}
        </p>
      ) : (
        <ChartFrame
          summaryTestId="return-rate-summary"
          summary={t('dashExtra.returnRate.summary', {
            learners: formatNumber(rr.learners, locale),
            next: share(rr.nextRate),
            later: share(rr.laterRate),
          })}
          chartTestId="return-rate-chart"
          chart={
            points.length > 1 ? (
              <CartesianChart data={points} height={220} xKey="label" xAxis={{ minTickGap: 24 }}>
                {valueAxis((v) => `${v}%`, { domain: [0, 100] })}
                <Tooltip formatter={(v) => `${String(v)}%`} />
                <Legend />
                <Line
                  dataKey="next"
                  name={t('dashExtra.returnRate.next')}
                  stroke={DASH_CHART.expected}
                  {...SERIES_LINE}
                />
                <Line
                  dataKey="later"
                  name={t('dashExtra.returnRate.later')}
                  stroke={DASH_CHART.peak}
                  strokeDasharray={SECOND_DASH}
                  {...SERIES_LINE}
                />
              </CartesianChart>
            ) : null
          }
        >
          <DataTable
            rows={rows}
            rowKey={(r) => r.sessionId}
            className="dash-table"
            testId="return-rate-table"
            caption={t('dashExtra.returnRate.title')}
            rowTestId={(r) => `return-rate-row-${r.sessionId}`}
            columns={[
              {
                key: 'class',
                header: t('dashExtra.returnRate.class'),
                rowHeader: true,
                cell: (r) => `${formatDate(r.startedAt, locale)} · ${r.title}`,
              },
              {
                key: 'learners',
                header: t('dashExtra.returnRate.learners'),
                num: true,
                cell: (r) => formatNumber(r.learners, locale),
              },
              {
                key: 'next',
                header: t('dashExtra.returnRate.next'),
                num: true,
                cell: (r) =>
                  r.cameNext === null
                    ? none
                    : `${formatNumber(r.cameNext, locale)} (${share(r.nextRate)})`,
              },
              {
                key: 'later',
                header: t('dashExtra.returnRate.later'),
                num: true,
                cell: (r) =>
                  r.cameLater === null
                    ? none
                    : `${formatNumber(r.cameLater, locale)} (${share(r.laterRate)})`,
              },
            ]}
          />
        </ChartFrame>
      )}
    </DashSection>
  );
}
