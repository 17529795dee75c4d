import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { SessionReport } from '../../../../shared/contract/analytics-api';
import { formatNumber } from '../../../common/format';
import { ReportSection } from './ReportSection';
import {
  formatChange,
  formatDecimal,
  formatDuration,
  formatMetric,
  formatMoneyList,
  formatShare,
  type MetricUnit,
} from './report-format';

type Comparison = SessionReport['comparison']['metrics'][number];

interface Card {
  id: string;
  label: string;
  value: string;
  /** The comparison metric's name and how its numbers are written. */
  metric: string;
  unit: MetricUnit;
  currency?: string;
}

/** The headline numbers, each with its change against the earlier classes compared. */
export function HeadlineSection({ report }: { report: SessionReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { headline, comparison } = report;
  const none = t('report.none');
  const hasOffer = report.funnel.offers.length > 0;

  const cards: Card[] = [
    {
      id: 'viewers',
      label: t('report.headline.viewers'),
      value: formatNumber(headline.uniqueViewers, locale),
      metric: 'uniqueViewers',
      unit: 'count',
    },
    {
      id: 'watch',
      label: t('report.headline.watch'),
      value: formatDuration(headline.averageWatchMs, locale) ?? none,
      metric: 'averageWatchMs',
      unit: 'duration',
    },
    {
      id: 'engagement',
      label: t('report.headline.engagement'),
      value: formatDecimal(headline.averageEngagement, locale) ?? none,
      metric: 'averageEngagement',
      unit: 'score',
    },
    {
      id: 'conversion',
      label: t('report.headline.conversion'),
      value: hasOffer
        ? (formatShare(headline.offerConversionRate, locale, 1) ?? none)
        : t('report.headline.noOffer'),
      metric: 'offerConversionRate',
      unit: 'share',
    },
  ];
  // Revenue: one card per currency (amounts in different currencies never add up).
  if (headline.revenue.length === 0) {
    cards.push({
      id: 'revenue',
      label: t('report.headline.revenue'),
      value: t('report.headline.noRevenue'),
      metric: 'revenue',
      unit: 'money',
    });
  }
  for (const money of headline.revenue) {
    cards.push({
      id: `revenue-${money.currency}`,
      label: t('report.headline.revenue'),
      value: formatMoneyList([money], locale) ?? none,
      metric: `revenue.${money.currency}`,
      unit: 'money',
      currency: money.currency,
    });
  }

  const scope = comparisonScope(report, t);

  return (
    <ReportSection
      id="headline"
      definitions={[
        t('report.headline.defs.viewers'),
        t('report.headline.defs.watch'),
        t('report.headline.defs.engagement'),
        t('report.headline.defs.conversion'),
        t('report.headline.defs.revenue'),
        t('report.headline.defs.change'),
      ]}
    >
      <p className="report-scope" data-testid="report-scope">
        {scope}
      </p>
      <ul className="headline-cards">
        {cards.map((card) => (
          <li key={card.id} className="headline-card" data-testid={`headline-${card.id}`}>
            <span className="headline-label">{card.label}</span>
            <strong className={card.value.length > 10 ? 'headline-value long' : 'headline-value'}>
              {card.value}
            </strong>
            <ChangeLine
              comparison={comparison.metrics.find((m) => m.metric === card.metric)}
              unit={card.unit}
              currency={card.currency}
            />
          </li>
        ))}
      </ul>
    </ReportSection>
  );
}

/** Which earlier classes the report compares this one with, in a sentence. */
export function comparisonScope(report: SessionReport, t: TFunction): string {
  const { comparison } = report;
  if (comparison.earlierClasses === 0) return t('report.headline.scopeNone');
  return comparison.scope === 'course'
    ? t('report.headline.scopeCourse', {
        count: comparison.earlierClasses,
        course: report.session.courseTitle ?? t('report.noCourse'),
      })
    : t('report.headline.scopeWorkspace', { count: comparison.earlierClasses });
}

/** A headline number's change against the earlier classes' mean, and its previous value. */
export function ChangeLine({
  comparison,
  unit,
  currency,
}: {
  comparison: Comparison | undefined;
  unit: MetricUnit;
  currency: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (
    !comparison ||
    comparison.changeFromMean === null ||
    comparison.earlierMean === null ||
    comparison.value === null
  ) {
    return <span className="headline-change muted">{t('report.headline.noComparison')}</span>;
  }
  const change = comparison.changeFromMean;
  // Within a hair of zero counts as unchanged (a score that moved by 0.001 did not move).
  const tiny = Math.abs(change) < (unit === 'share' ? 0.0005 : unit === 'score' ? 0.005 : 0.5);
  const good = comparison.better === 'higher' ? change > 0 : change < 0;
  const verdict = tiny ? 'same' : good ? 'better' : 'worse';
  const arrow = tiny ? '→' : change > 0 ? '▲' : '▼';
  const previous = formatMetric(comparison.previous, unit, locale, currency);
  return (
    <>
      <span className={`headline-change ${verdict}`}>
        <span aria-hidden="true">{arrow} </span>
        {t('report.headline.vsMean', {
          change: formatChange(change, unit, locale, t('report.headline.points'), currency),
          mean: formatMetric(comparison.earlierMean, unit, locale, currency) ?? '',
        })}{' '}
        <span className="verdict">({t(`report.headline.${verdict}`)})</span>
      </span>
      {previous !== null ? (
        <span className="headline-previous muted">
          {t('report.headline.previous', { value: previous })}
        </span>
      ) : null}
    </>
  );
}
