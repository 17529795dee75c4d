import { useTranslation } from 'react-i18next';
import { Legend, Line, Tooltip } from 'recharts';
import type { CourseDashboard } from '../../../../../shared/contract/dashboards-api';
import { formatDate, formatNumber } from '../../../../common/format';
import { formatShare } from '../report-format';
import { DASH_CHART } from './colors';
import { ChartFrame } from '../../../components/ChartFrame';
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
          <div className="table-scroll">
            <table className="data-table dash-table" data-testid="return-rate-table">
              <caption className="visually-hidden">{t('dashExtra.returnRate.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashExtra.returnRate.class')}</th>
                  <th scope="col" className="num">
                    {t('dashExtra.returnRate.learners')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashExtra.returnRate.next')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashExtra.returnRate.later')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.sessionId} data-testid={`return-rate-row-${r.sessionId}`}>
                    <th scope="row">
                      {formatDate(r.startedAt, locale)} · {r.title}
                    </th>
                    <td className="num">{formatNumber(r.learners, locale)}</td>
                    <td className="num">
                      {r.cameNext === null
                        ? none
                        : `${formatNumber(r.cameNext, locale)} (${share(r.nextRate)})`}
                    </td>
                    <td className="num">
                      {r.cameLater === null
                        ? none
                        : `${formatNumber(r.cameLater, locale)} (${share(r.laterRate)})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </ChartFrame>
      )}
    </DashSection>
  );
}
