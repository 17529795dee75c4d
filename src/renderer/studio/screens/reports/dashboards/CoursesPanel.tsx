import { useTranslation } from 'react-i18next';
import type { CourseSummary } from '../../../../../shared/model/domain';
import type { CourseId } from '../../../../../shared/model/ids';
import { formatNumber } from '../../../../common/format';
import { useStudio } from '../../../api/studio-context';
import { useQuery } from '../../../api/use-query';
import { EmptyState } from '../../../components/EmptyState';
import { OpenRow } from '../../../components/OpenRow';

/** The workspace's courses; choosing one opens its dashboard. */
export function CoursesPanel({
  workspaceKey,
  onOpen,
}: {
  workspaceKey: string;
  onOpen: (id: CourseId) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  // Reports keep archived courses: their classes and sales are history.
  const courses = useQuery<CourseSummary[]>(`courses:${workspaceKey}`, () =>
    client.invoke('library.courses', { includeArchived: true }),
  );
  if (courses.status === 'error')
    return <p className="error">{t('app.error', { message: courses.message })}</p>;
  const rows = courses.data ?? [];
  if (courses.status === 'ready' && rows.length === 0)
    return <EmptyState>{t('dash.courses.none')}</EmptyState>;
  return (
    <>
      <p className="muted">{t('dash.courses.hint')}</p>
      <div className="table-scroll">
        <table className="data-table" data-testid="dash-courses">
          <thead>
            <tr>
              <th scope="col">{t('dash.courses.course')}</th>
              <th scope="col">{t('dash.courses.series')}</th>
              <th scope="col" className="num">
                {t('dash.courses.classes')}
              </th>
              <th scope="col" className="num">
                {t('dash.courses.buyers')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('dash.courses.dashboard')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((course) => (
              <OpenRow
                key={course.id}
                name={course.title}
                onOpen={() => onOpen(course.id)}
                title={t('dash.courses.open', { title: course.title })}
                testId={`open-course-${course.id}`}
                hint={t('dash.courses.dashboard')}
              >
                <td>
                  {course.series ?? <span className="muted">{t('dash.course.standalone')}</span>}
                </td>
                <td className="num">{formatNumber(course.sessionCount, locale)}</td>
                <td className="num">{formatNumber(course.buyerCount, locale)}</td>
              </OpenRow>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
