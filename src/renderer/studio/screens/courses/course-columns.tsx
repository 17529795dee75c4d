import type { TFunction } from 'i18next';
import type { CourseSummary } from '../../../../shared/model/domain';
import { formatMoney, formatNumber } from '../../../common/format';
import type { DataColumn } from '../../components/DataTable';
import { CoverImage } from './CoverImage';

/** The catalogue table's columns: cover, title with badges, series, price, counts, tags, actions. */
export function courseColumns(
  t: TFunction,
  locale: string,
  act: {
    edit: (course: CourseSummary) => void;
    setArchived: (course: CourseSummary, archive: boolean) => void;
  },
): DataColumn<CourseSummary>[] {
  return [
    {
      key: 'cover',
      header: <span className="visually-hidden">{t('library.courses.cover')}</span>,
      cellClassName: 'cover-cell',
      cell: (course) => <CoverImage course={course} className="cover-thumb" />,
    },
    {
      key: 'title',
      header: t('library.courses.title'),
      cellClassName: 'strong',
      cell: (course) => (
        <>
          {course.title}
          {course.level ? (
            <span className="tag level">{t(`library.courses.level.${course.level}`)}</span>
          ) : null}
          {course.archivedAt !== null ? (
            <span className="tag archived-tag">{t('library.courses.archivedBadge')}</span>
          ) : null}
          {course.description ? (
            <div className="muted course-description">{course.description}</div>
          ) : null}
        </>
      ),
    },
    {
      key: 'series',
      header: t('library.courses.series'),
      cell: (course) =>
        course.series ?? <span className="muted">{t('library.courses.standalone')}</span>,
    },
    {
      key: 'price',
      header: t('library.courses.price'),
      num: true,
      cell: (course) => (
        <>
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
        </>
      ),
    },
    {
      key: 'sessions',
      header: t('library.courses.sessions'),
      num: true,
      cell: (course) => formatNumber(course.sessionCount, locale),
    },
    {
      key: 'buyers',
      header: t('library.courses.buyers'),
      num: true,
      cell: (course) => formatNumber(course.buyerCount, locale),
    },
    {
      key: 'tags',
      header: t('library.courses.tags'),
      cell: (course) =>
        course.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        )),
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('library.courses.actions')}</span>,
      cellClassName: 'course-actions',
      cell: (course) => (
        <>
          <button
            type="button"
            onClick={() => act.edit(course)}
            aria-label={t('library.courses.editLabel', { title: course.title })}
            data-testid={`course-edit-${course.id}`}
          >
            {t('library.courses.edit')}
          </button>
          {course.archivedAt === null ? (
            <button
              type="button"
              onClick={() => act.setArchived(course, true)}
              aria-label={t('library.courses.archiveLabel', { title: course.title })}
              data-testid={`course-archive-${course.id}`}
            >
              {t('library.courses.archive')}
            </button>
          ) : (
            <button
              type="button"
              onClick={() => act.setArchived(course, false)}
              aria-label={t('library.courses.unarchiveLabel', { title: course.title })}
              data-testid={`course-unarchive-${course.id}`}
            >
              {t('library.courses.unarchive')}
            </button>
          )}
        </>
      ),
    },
  ];
}
