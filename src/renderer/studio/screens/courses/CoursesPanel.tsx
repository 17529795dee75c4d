import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseSummary } from '../../../../shared/model/domain';
import { formatMoney, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { CourseDialog } from './CourseDialog';
import { SeriesManager } from './SeriesManager';
import { CoverImage } from './CoverImage';

/**
 * Library → Courses: the catalogue, with archived courses on request, a dialog to create or edit a
 * course, and the series manager. Every change comes back as `catalogue.changed`, which is in
 * `dataKey`, so the list reloads by itself.
 */
export function CoursesPanel({
  dataKey,
  startCreating = false,
}: {
  dataKey: string;
  startCreating?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const [showArchived, setShowArchived] = useState(false);
  const [showSeries, setShowSeries] = useState(false);
  const [editing, setEditing] = useState<CourseSummary | 'new' | null>(
    startCreating ? 'new' : null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const courses = useQuery<CourseSummary[]>(`courses:${dataKey}:${String(showArchived)}`, () =>
    client.invoke('library.courses', { includeArchived: showArchived }),
  );
  const rows = courses.data ?? [];

  const setArchived = async (course: CourseSummary, archive: boolean): Promise<void> => {
    setError(null);
    try {
      await client.invoke(archive ? 'course.archive' : 'course.unarchive', {
        courseId: course.id,
      });
      setNotice(archive ? t('library.courses.archivedNote', { title: course.title }) : null);
    } catch (e) {
      setError(t('app.error', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <>
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          onClick={() => setEditing('new')}
          data-testid="course-add"
        >
          {t('library.courses.add')}
        </button>
        <button
          type="button"
          aria-expanded={showSeries}
          aria-controls="series-manager"
          onClick={() => setShowSeries((v) => !v)}
          data-testid="series-toggle"
        >
          {showSeries
            ? t('library.courses.seriesPanel.close')
            : t('library.courses.seriesPanel.open')}
        </button>
        <span className="spacer" />
        <label className="toggle">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(event) => setShowArchived(event.target.checked)}
            data-testid="courses-show-archived"
          />
          {t('library.courses.showArchived')}
        </label>
      </div>
      {notice ? (
        <p className="notice" role="status" data-testid="course-notice">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {courses.status === 'error' ? (
        <p className="error">{t('app.error', { message: courses.message })}</p>
      ) : null}
      {showSeries ? <SeriesManager dataKey={dataKey} /> : null}
      {courses.status === 'ready' && rows.length === 0 ? (
        <p className="muted" data-testid="courses-none">
          {t('library.courses.none')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="courses-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('library.courses.cover')}</span>
                </th>
                <th scope="col">{t('library.courses.title')}</th>
                <th scope="col">{t('library.courses.series')}</th>
                <th scope="col" className="num">
                  {t('library.courses.price')}
                </th>
                <th scope="col" className="num">
                  {t('library.courses.sessions')}
                </th>
                <th scope="col" className="num">
                  {t('library.courses.buyers')}
                </th>
                <th scope="col">{t('library.courses.tags')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('library.courses.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((course) => (
                <tr
                  key={course.id}
                  className={course.archivedAt === null ? undefined : 'archived'}
                  data-testid={`course-row-${course.id}`}
                >
                  <td className="cover-cell">
                    <CoverImage course={course} className="cover-thumb" />
                  </td>
                  <td className="strong">
                    {course.title}
                    {course.level ? (
                      <span className="tag level">
                        {t(`library.courses.level.${course.level}`)}
                      </span>
                    ) : null}
                    {course.archivedAt !== null ? (
                      <span className="tag archived-tag">{t('library.courses.archivedBadge')}</span>
                    ) : null}
                    {course.description ? (
                      <div className="muted course-description">{course.description}</div>
                    ) : null}
                  </td>
                  <td>
                    {course.series ?? (
                      <span className="muted">{t('library.courses.standalone')}</span>
                    )}
                  </td>
                  <td className="num">
                    {formatMoney(course.priceMinor, course.currency, locale)}
                    {course.listPriceMinor !== null && course.listPriceMinor > course.priceMinor ? (
                      <div className="muted">
                        <s>
                          {t('library.courses.listPrice', {
                            price: formatMoney(course.listPriceMinor, course.currency, locale),
                          })}
                        </s>
                      </div>
                    ) : null}
                  </td>
                  <td className="num">{formatNumber(course.sessionCount, locale)}</td>
                  <td className="num">{formatNumber(course.buyerCount, locale)}</td>
                  <td>
                    {course.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td className="course-actions">
                    <button
                      type="button"
                      onClick={() => setEditing(course)}
                      aria-label={t('library.courses.editLabel', { title: course.title })}
                      data-testid={`course-edit-${course.id}`}
                    >
                      {t('library.courses.edit')}
                    </button>
                    {course.archivedAt === null ? (
                      <button
                        type="button"
                        onClick={() => void setArchived(course, true)}
                        aria-label={t('library.courses.archiveLabel', { title: course.title })}
                        data-testid={`course-archive-${course.id}`}
                      >
                        {t('library.courses.archive')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        onClick={() => void setArchived(course, false)}
                        aria-label={t('library.courses.unarchiveLabel', { title: course.title })}
                        data-testid={`course-unarchive-${course.id}`}
                      >
                        {t('library.courses.unarchive')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== null ? (
        <CourseDialog
          course={editing === 'new' ? null : editing}
          dataKey={dataKey}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setNotice(null);
            setEditing(null);
          }}
        />
      ) : null}
    </>
  );
}
