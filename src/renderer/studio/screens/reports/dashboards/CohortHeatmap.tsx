import { useTranslation } from 'react-i18next';
import type { CourseDashboard } from '../../../../../shared/contract/dashboards-api';
import { formatNumber } from '../../../../common/format';
import { formatShare } from '../report-format';
import { heatColour } from './colors';
import { formatMonth } from './dash-format';

type Cohorts = NonNullable<CourseDashboard['cohorts']>;

/**
 * The cohort heatmap as a real table: one row per month of buying the course, one column per
 * month after it, each cell the share of the row's buyers who bought anything that month (its
 * number written in the cell, the count under it, the colour only a reading aid).
 */
export function CohortHeatmap({ cohorts }: { cohorts: Cohorts }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const columns = cohorts.months;
  let top = 0;
  for (const row of cohorts.cohorts) {
    row.share.forEach((s, k) => {
      if (k > 0 && s !== null && s > top) top = s;
    });
  }
  return (
    <div className="table-scroll heatmap-scroll">
      <table className="heatmap" data-testid="cohort-heatmap">
        <caption className="visually-hidden">{t('dash.course.cohorts.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dash.course.cohorts.cohort')}</th>
            <th scope="col" className="num">
              {t('dash.course.cohorts.size')}
            </th>
            {Array.from({ length: columns }, (_, k) => (
              <th scope="col" key={k} className="num">
                {k === 0 ? t('dash.course.cohorts.month0') : t('dash.course.cohorts.monthK', { k })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.cohorts.map((row) => {
            const name = formatMonth(row.cohort, locale);
            return (
              <tr key={row.cohort}>
                <th scope="row">{name}</th>
                <td className="num">{formatNumber(row.size, locale)}</td>
                {Array.from({ length: columns }, (_, k) => {
                  const share = row.share[k] ?? null;
                  const buyers = row.buyers[k] ?? null;
                  if (share === null || buyers === null) {
                    return (
                      <td
                        key={k}
                        className="heat-cell future"
                        aria-label={t('dash.course.cohorts.notYet')}
                      />
                    );
                  }
                  const text = formatShare(share, locale) ?? '';
                  const title = t('dash.course.cohorts.cellTitle', {
                    cohort: name,
                    k,
                    buyers: formatNumber(buyers, locale),
                    size: formatNumber(row.size, locale),
                    share: text,
                  });
                  if (k === 0) {
                    return (
                      <td key={k} className="heat-cell start" title={title}>
                        <span className="heat-share">{text}</span>
                      </td>
                    );
                  }
                  const colour = heatColour(share, top);
                  return (
                    <td
                      key={k}
                      className="heat-cell"
                      style={colour}
                      title={title}
                      data-share={share}
                    >
                      <span className="heat-share">{text}</span>
                      <span className="heat-count">{formatNumber(buyers, locale)}</span>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
