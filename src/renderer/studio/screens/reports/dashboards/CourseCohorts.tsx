import { useTranslation } from 'react-i18next';
import type { CourseDashboard } from '../../../../../shared/contract/dashboards-api';
import { formatDate, formatNumber } from '../../../../common/format';
import { EmptyState } from '../../../components/EmptyState';
import { CohortHeatmap } from './CohortHeatmap';
import { DashSection } from './DashSection';

/** The course's buyers by month of buying it, and their buying in the months after. */
export function CourseCohorts({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const cohorts = data.cohorts;
  return (
    <DashSection
      id="cohorts"
      title={t('dash.course.cohorts.title')}
      ask={t('dash.course.cohorts.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.course.cohorts.defs.rows'),
        t('dash.course.cohorts.defs.cells'),
        t('dash.course.cohorts.defs.partial'),
      ]}
    >
      {cohorts === null ? (
        <EmptyState>{t('dash.course.noBuyers')}</EmptyState>
      ) : (
        <>
          <p className="figure-summary">
            {t('dash.course.cohorts.summary', {
              cohorts: formatNumber(cohorts.cohorts.length, locale),
              end: formatDate(Date.parse(`${cohorts.endDay}T12:00:00Z`), locale),
            })}
            {cohorts.endMonthComplete ? '' : ` ${t('dash.course.cohorts.partialMonth')}`}
          </p>
          <CohortHeatmap cohorts={cohorts} />
        </>
      )}
    </DashSection>
  );
}
