import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../components/ChartFrame';
import { Bar, Tooltip } from 'recharts';
import type { SessionReport, ViewerScore } from '../../../../shared/contract/analytics-api';
import { formatNumber } from '../../../common/format';
import {
  CartesianChart,
  ChartTable,
  axisTitle,
  barLabel,
  countAxis,
  numberFormat,
  tooltipFormat,
} from './charts';
import { DownloadCsv, TableHead } from './DownloadCsv';
import { CHART } from './palette';
import { engagementDistributionCsv, engagementTopCsv, engagementWeightsCsv } from './report-csv';
import { ReportSection } from './ReportSection';
import { formatDecimal, formatDuration } from './report-format';

/** A viewer's interactions in words, biggest contribution first ("20 chat messages, 6 …"). */
function useInteractionText(): (viewer: ViewerScore) => string {
  const { t, i18n } = useTranslation();
  return (viewer) =>
    Object.entries(viewer.interactions)
      .sort(([, a], [, b]) => b.points - a.points)
      .map(([kind, c]) =>
        t('report.kindCount', {
          kind: t(`report.kinds.${kind}`, kind),
          n: formatNumber(c.count, i18n.language),
        }),
      )
      .join(t('report.listSep'));
}

export function EngagementSection({ report }: { report: SessionReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const interactionText = useInteractionText();
  const { engagement } = report;
  const total = engagement.viewers.total;
  const bands = engagement.distribution.map((band) => ({
    label: `${formatDecimal(band.from, locale) ?? ''}–${formatDecimal(band.to, locale) ?? ''}`,
    viewers: band.viewers,
  }));
  const fullViewers = engagement.distribution
    .filter((band) => band.from >= 1 - 1e-9)
    .reduce((sum, band) => sum + band.viewers, 0);
  const terms = engagement.formula.terms.map((term) => {
    const name = t(`report.kinds.${term.term}`, term.term);
    const counted = term.cap === null ? name : `min(${name}, ${formatNumber(term.cap, locale)})`;
    return term.term === 'watched_minutes'
      ? name
      : `${formatNumber(term.weight, locale)} × ${counted}`;
  });
  const none = t('report.none');

  return (
    <ReportSection
      id="engagement"
      definitions={[
        t('report.engagement.defs.score'),
        t('report.engagement.defs.distribution'),
        t('report.engagement.defs.top'),
        t('report.engagement.defs.silent'),
      ]}
    >
      {total === 0 ? (
        <p className="muted">{t('report.engagement.noViewers')}</p>
      ) : (
        <ChartFrame
          title={t('report.engagement.chartTitle')}
          summary={t('report.engagement.summary', {
            average: formatDecimal(engagement.averageScore, locale) ?? none,
            median: formatDecimal(engagement.medianScore, locale) ?? none,
            full: formatNumber(fullViewers, locale),
            total: formatNumber(total, locale),
          })}
          chartTestId="engagement-chart"
          chart={
            <CartesianChart
              data={bands}
              height={260}
              xKey="label"
              kind="bar"
              margin={{ top: 16, right: 12, bottom: 28, left: 4 }}
              xAxis={{
                interval: 0,
                fontSize: 11,
                label: axisTitle(t('report.engagement.band'), -18),
              }}
            >
              {countAxis(locale, { width: 40 })}
              <Tooltip formatter={tooltipFormat(numberFormat(locale))} />
              <Bar
                dataKey="viewers"
                name={t('report.engagement.viewers')}
                isAnimationActive={false}
                label={barLabel()}
                fill={CHART.bar}
              />
            </CartesianChart>
          }
        >
          <ChartTable
            caption={t('report.engagement.chartTitle')}
            headers={[t('report.engagement.band'), t('report.engagement.viewers')]}
            rows={bands}
            rowKey={(band) => band.label}
            cells={(band) => [band.label, formatNumber(band.viewers, locale)]}
          />
          <div className="figure-actions">
            <DownloadCsv
              session={report.session}
              table="engagement-distribution"
              data={engagementDistributionCsv(report)}
            />
          </div>
        </ChartFrame>
      )}

      <div className="report-columns">
        <div>
          <TableHead title={t('report.engagement.formula')}>
            <DownloadCsv
              session={report.session}
              table="engagement-weights"
              data={engagementWeightsCsv(report)}
            />
          </TableHead>
          <p className="formula" data-testid="engagement-formula">
            {t('report.engagement.formulaText', { terms: terms.join(' + ') })}
          </p>
          <table className="data-table compact">
            <caption className="visually-hidden">{t('report.engagement.weightsCaption')}</caption>
            <thead>
              <tr>
                <th>{t('report.engagement.term')}</th>
                <th className="num">{t('report.engagement.weight')}</th>
                <th className="num">{t('report.engagement.cap')}</th>
              </tr>
            </thead>
            <tbody>
              {engagement.formula.terms.map((term) => (
                <tr key={term.term}>
                  <td>{t(`report.kinds.${term.term}`, term.term)}</td>
                  <td className="num">{formatNumber(term.weight, locale)}</td>
                  <td className="num">
                    {term.cap === null
                      ? t('report.engagement.noCap')
                      : formatNumber(term.cap, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>{t('report.engagement.silent')}</h3>
          <p className="silent-count" data-testid="engagement-silent">
            {t('report.engagement.silentCount', {
              n: formatNumber(engagement.silentViewers.count, locale),
              total: formatNumber(total, locale),
            })}
          </p>
          {engagement.silentViewers.longestWatching.length > 0 ? (
            <p className="muted">
              {t('report.engagement.silentLongest')}{' '}
              {engagement.silentViewers.longestWatching
                .slice(0, 5)
                .map((v) => `${v.displayName} (${formatDuration(v.watchedMs, locale) ?? ''})`)
                .join(t('report.listSep'))}
            </p>
          ) : null}
        </div>
      </div>

      <TableHead title={t('report.engagement.top')}>
        <DownloadCsv
          session={report.session}
          table="engagement-top"
          data={engagementTopCsv(report)}
        />
      </TableHead>
      <div className="table-scroll">
        <table className="data-table compact" data-testid="engagement-top">
          <thead>
            <tr>
              <th>{t('report.engagement.name')}</th>
              <th className="num">{t('report.engagement.score')}</th>
              <th className="num">{t('report.engagement.watched')}</th>
              <th>{t('report.engagement.interactions')}</th>
            </tr>
          </thead>
          <tbody>
            {engagement.topContributors.map((viewer) => (
              <tr key={viewer.learnerId}>
                <td className="strong">{viewer.displayName}</td>
                <td className="num">{formatDecimal(viewer.score, locale)}</td>
                <td className="num">{formatDuration(viewer.watchedMs, locale)}</td>
                <td>{interactionText(viewer) || none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ReportSection>
  );
}
