import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseSummary, SessionSummary } from '../../../../shared/model/domain';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useEventVersion } from '../../api/use-event-version';
import { useQuery } from '../../api/use-query';
import { ScreenHeader } from '../../components/ScreenHeader';
import { LivePanel } from './LivePanel';

const ACTIVE = new Set(['live', 'paused', 'scheduled']);

/** Picks the class to run (or creates one), then shows its live panel. */
export function LiveScreen({ workspaceKey }: { workspaceKey: string }) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const [chosen, setChosen] = useState<SessionId | null>(null);
  const [version, setVersion] = useState(0);
  const sessions = useQuery<SessionSummary[]>(
    `live-sessions:${workspaceKey}:${String(version)}`,
    () => client.invoke('library.sessions', {}),
  );
  const catalogue = useEventVersion(['catalogue.changed']);
  const courses = useQuery<CourseSummary[]>(
    `live-courses:${workspaceKey}:${String(catalogue)}`,
    () => client.invoke('library.courses', {}),
  );
  const open = (sessions.data ?? []).filter((s) => ACTIVE.has(s.status));
  const running = open.find((s) => s.status === 'live' || s.status === 'paused');
  const sessionId = chosen ?? running?.id ?? null;

  if (sessionId !== null) {
    return (
      <LivePanel
        sessionId={sessionId}
        onLeave={() => {
          setChosen(null);
          setVersion((v) => v + 1);
        }}
      />
    );
  }
  return (
    <section className="screen">
      <ScreenHeader title={t('live.title')} subtitle={t('live.subtitle')} />
      <div className="live-start">
        <NewSessionForm
          courses={courses.data ?? []}
          onCreated={(id) => {
            setChosen(id);
            setVersion((v) => v + 1);
          }}
        />
        <div className="card">
          <h2>{t('live.upcoming')}</h2>
          {open.length === 0 ? <p className="muted">{t('live.none')}</p> : null}
          <ul className="plain-list">
            {open.map((s) => (
              <li key={s.id}>
                <div>
                  <strong>{s.title}</strong>
                  <div className="muted">
                    {s.courseTitle ?? ''} ·{' '}
                    {formatDateTime(s.scheduledAt ?? s.startedAt, i18n.language)} ·{' '}
                    {t(`status.${s.status}`)}
                  </div>
                </div>
                <button
                  type="button"
                  onClick={() => setChosen(s.id)}
                  data-testid={`open-session-${String(s.id)}`}
                >
                  {t('live.openPanel')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

function NewSessionForm({
  courses,
  onCreated,
}: {
  courses: CourseSummary[];
  onCreated: (id: SessionId) => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const [title, setTitle] = useState('');
  const [courseId, setCourseId] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    setError(null);
    client
      .invoke('session.create', {
        title: title.trim(),
        ...(courseId ? { courseId: Number(courseId) } : {}),
      })
      .then(
        (session) => onCreated(session.id),
        (e: unknown) => setError(String(e)),
      );
  };
  return (
    <form className="card form" onSubmit={submit}>
      <h2>{t('live.newClass')}</h2>
      <label>
        {t('live.classTitle')}
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          required
          data-testid="new-session-title"
        />
      </label>
      <label>
        {t('live.course')}
        <select
          value={courseId}
          onChange={(e) => setCourseId(e.target.value)}
          data-testid="new-session-course"
        >
          <option value="">{t('live.noCourse')}</option>
          {courses.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      {error ? <p className="error">{error}</p> : null}
      <button
        type="submit"
        className="primary"
        disabled={title.trim() === ''}
        data-testid="new-session-create"
      >
        {t('live.create')}
      </button>
    </form>
  );
}
