import { useTranslation } from 'react-i18next';
import type { CourseSummary } from '../../../../shared/model/domain';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';

/** A course's cover (fetched as a data: URL; `coverKey` changes with the picture). */
export function CoverImage({
  course,
  className,
}: {
  course: Pick<CourseSummary, 'id' | 'title' | 'coverKey'>;
  className: string;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const key = course.coverKey;
  const cover = useQuery(`cover:${String(course.id)}:${key ?? ''}`, () =>
    key === null ? Promise.resolve(null) : client.invoke('course.cover', { courseId: course.id }),
  );
  if (key === null || !cover.data)
    return <span className={`${className} placeholder`} aria-hidden="true" />;
  return (
    <img
      className={className}
      src={cover.data.dataUrl}
      alt={t('library.courses.form.coverPreview', { title: course.title })}
    />
  );
}
