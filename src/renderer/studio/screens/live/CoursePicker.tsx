import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../../../shared/contract/live-api';
import type { CourseSummary } from '../../../../shared/model/domain';
import { formatMoney } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useEventVersion } from '../../api/use-event-version';
import { useQuery } from '../../api/use-query';

/**
 * The course an offer form is about: the catalogue as it is now (a course archived or added
 * elsewhere shows at once), starting on the class's own course.
 */
export function useOfferCourse(state: LiveState): {
  courses: readonly CourseSummary[];
  courseId: string;
  setCourseId: (id: string) => void;
  course: CourseSummary | undefined;
} {
  const client = useStudio();
  const catalogue = useEventVersion(['catalogue.changed']);
  const query = useQuery<CourseSummary[]>(`offer-courses:${String(catalogue)}`, () =>
    client.invoke('library.courses', {}),
  );
  const [courseId, setCourseId] = useState<string>(
    state.session.courseId === null ? '' : String(state.session.courseId),
  );
  const courses = query.data ?? [];
  const course = courses.find((c) => String(c.id) === courseId);
  return { courses, courseId, setCourseId, course };
}

/** A select of the catalogue's courses with their prices. */
export function CoursePicker({
  picked,
  testId,
}: {
  picked: ReturnType<typeof useOfferCourse>;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <select
      value={picked.courseId}
      onChange={(e) => picked.setCourseId(e.target.value)}
      required
      aria-label={t('live.chooseCourse')}
      data-testid={testId}
    >
      <option value="">{t('live.chooseCourse')}</option>
      {picked.courses.map((c) => (
        <option key={c.id} value={c.id}>
          {c.title} ({formatMoney(c.priceMinor, c.currency, i18n.language)})
        </option>
      ))}
    </select>
  );
}
