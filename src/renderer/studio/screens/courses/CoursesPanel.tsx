import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseSummary } from '../../../../shared/model/domain';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { CourseDialog } from './CourseDialog';
import { SeriesManager } from './SeriesManager';
import { DataTable } from '../../components/DataTable';
import { courseColumns } from './course-columns';

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
        <DataTable
          rows={rows}
          rowKey={(course) => course.id}
          testId="courses-table"
          rowClassName={(course) => (course.archivedAt === null ? undefined : 'archived')}
          rowTestId={(course) => `course-row-${course.id}`}
          columns={courseColumns(t, locale, {
            edit: setEditing,
            setArchived: (course, archive) => void setArchived(course, archive),
          })}
        />
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
