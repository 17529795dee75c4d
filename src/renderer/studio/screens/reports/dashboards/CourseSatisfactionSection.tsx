import { useTranslation } from 'react-i18next';
import type { CourseSatisfaction } from '../../../../../shared/contract/satisfaction-api';
import type { CourseId } from '../../../../../shared/model/ids';
import { formatDate, formatNumber } from '../../../../common/format';
import { useStudio } from '../../../api/studio-context';
import { useQuery } from '../../../api/use-query';
import { formatDecimal } from '../report-format';
import { formatNps } from '../SatisfactionSection';
import { DashSection } from './DashSection';

/** The course dashboard's satisfaction over the course's classes, oldest first. */
export function CourseSatisfactionSection({ courseId }: { courseId: CourseId }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const query = useQuery<CourseSatisfaction>(`course-satisfaction:${String(courseId)}`, () =>
    client.invoke('report.courseSatisfaction', { courseId }),
  );
  const data = query.data;
  const answered = data?.classes.filter((c) => c.summary.responses > 0) ?? [];
  const row = (key: string, label: string, s: CourseSatisfaction['pooled'], strong = false) => (
    <tr key={key} className={strong ? 'strong' : undefined}>
      <th scope="row">{label}</th>
      <td>{formatNumber(s.responses, locale)}</td>
      <td>{formatDecimal(s.meanScore, locale, 2) ?? '—'}</td>
      <td>{formatNps(s.netPromoter.nps, locale) ?? '—'}</td>
    </tr>
  );
  return (
    <DashSection
      id="satisfaction"
      title={t('satisfaction.course.title')}
      ask={t('satisfaction.course.ask')}
      howLabel={t('report.howComputed')}
      definitions={[
        t('satisfaction.defs.score'),
        t('satisfaction.defs.nps'),
        t('satisfaction.defs.latest'),
      ]}
    >
      {query.status === 'error' ? <p className="error">{query.message}</p> : null}
      {data && answered.length === 0 ? (
        <p className="muted">{t('satisfaction.course.none')}</p>
      ) : null}
      {data && answered.length > 0 ? (
        <table className="report-table" data-testid="course-satisfaction">
          <thead>
            <tr>
              <th scope="col">{t('satisfaction.course.class')}</th>
              <th scope="col">{t('satisfaction.course.responses')}</th>
              <th scope="col">{t('satisfaction.course.score')}</th>
              <th scope="col">{t('satisfaction.course.nps')}</th>
            </tr>
          </thead>
          <tbody>
            {answered.map((c) =>
              row(
                String(c.sessionId),
                `${c.title} · ${formatDate(c.startedAt, locale)}`,
                c.summary,
              ),
            )}
            {row('pooled', t('satisfaction.course.pooled'), data.pooled, true)}
          </tbody>
        </table>
      ) : null}
    </DashSection>
  );
}
