import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PLANNED_MINUTES_MAX,
  PLANNED_MINUTES_MIN,
  WARMUP_MINUTES_DEFAULT,
  WARMUP_MINUTES_MAX,
  type ScheduledClass,
} from '../../../../shared/contract/schedule-api';
import type { CourseSummary } from '../../../../shared/model/domain';
import type { CourseId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import './schedule.css';

const HOUR_MS = 3_600_000;

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, as `<input type="datetime-local">` wants. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/** The next whole hour at least a day ahead: a sensible first guess for a new class. */
function defaultStart(now: number): number {
  return Math.ceil((now + 24 * HOUR_MS) / HOUR_MS) * HOUR_MS;
}

/**
 * Schedules a class ahead of time, or edits one (`editing`): course, title, start, planned
 * length and how early the warm-up chat opens. Errors from the core are shown as they come.
 */
export function ScheduleForm({
  workspaceKey,
  editing,
  onDone,
  onCancel,
}: {
  workspaceKey: string;
  editing?: ScheduledClass;
  onDone: (scheduled: ScheduledClass) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const courses = useQuery<CourseSummary[]>(`schedule-courses:${workspaceKey}`, () =>
    client.invoke('library.courses', {}),
  );
  const [courseId, setCourseId] = useState<string>(
    editing?.courseId === null || editing === undefined ? '' : String(editing.courseId),
  );
  const [title, setTitle] = useState(editing?.title ?? '');
  const [start, setStart] = useState(() =>
    toLocalInput(editing?.startsAt ?? defaultStart(Date.now())),
  );
  const [length, setLength] = useState(String(editing?.plannedMinutes ?? 60));
  const [warmup, setWarmup] = useState(String(editing?.warmupMinutes ?? WARMUP_MINUTES_DEFAULT));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (): void => {
    const startsAt = new Date(start).getTime();
    if (Number.isNaN(startsAt)) {
      setError(t('schedule.badStart'));
      return;
    }
    const fields = {
      courseId: courseId === '' ? null : (Number(courseId) as CourseId),
      title: title.trim(),
      startsAt,
      plannedMinutes: Number(length),
      warmupMinutes: Number(warmup),
    };
    setBusy(true);
    setError(null);
    const request = editing
      ? client.invoke('session.reschedule', { sessionId: editing.sessionId, ...fields })
      : client.invoke('session.schedule', fields);
    request.then(
      (scheduled) => {
        setBusy(false);
        onDone(scheduled);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <form
      className="card schedule-form"
      data-testid="schedule-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3>{editing ? t('schedule.editTitle') : t('schedule.newTitle')}</h3>
      <div className="schedule-fields">
        <label>
          {t('schedule.course')}
          <select
            value={courseId}
            onChange={(e) => setCourseId(e.target.value)}
            data-testid="schedule-course"
          >
            <option value="">{t('schedule.noCourse')}</option>
            {(courses.data ?? []).map((course) => (
              <option key={course.id} value={course.id}>
                {course.title}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          {t('schedule.classTitle')}
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={200}
            required
            placeholder={t('schedule.titlePlaceholder')}
            data-testid="schedule-title"
          />
        </label>
        <label>
          {t('schedule.start')}
          <input
            type="datetime-local"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            required
            data-testid="schedule-start"
          />
        </label>
        <label>
          {t('schedule.length')}
          <input
            type="number"
            min={PLANNED_MINUTES_MIN}
            max={PLANNED_MINUTES_MAX}
            step={5}
            value={length}
            onChange={(e) => setLength(e.target.value)}
            required
            data-testid="schedule-length"
          />
        </label>
        <label>
          {t('schedule.warmup')}
          <input
            type="number"
            min={0}
            max={WARMUP_MINUTES_MAX}
            value={warmup}
            onChange={(e) => setWarmup(e.target.value)}
            required
            data-testid="schedule-warmup"
          />
        </label>
      </div>
      <p className="muted">{t('schedule.hint')}</p>
      {error ? (
        <p className="error" role="alert" data-testid="schedule-error">
          {error}
        </p>
      ) : null}
      <div className="schedule-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || title.trim() === ''}
          data-testid="schedule-submit"
        >
          {editing ? t('schedule.save') : t('schedule.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('schedule.close')}
        </button>
      </div>
    </form>
  );
}
