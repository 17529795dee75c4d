import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduledClass, ShareInfo } from '../../../../shared/contract/schedule-api';
import type { CourseId, SessionId } from '../../../../shared/model/ids';
import { downloadText } from '../../../common/download';
import { formatDateTime } from '../../../common/format';
import { useEventVersion } from '../../api/use-event-version';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { ScheduleForm } from './ScheduleForm';
import './schedule.css';

const ICS_TYPE = 'text/calendar;charset=utf-8';

/**
 * Classes planned ahead of time: a "Schedule a class" button with its form, and the list of
 * upcoming classes with what to share (link, code, QR, calendar file), edit and cancel.
 */
export function UpcomingClasses({ workspaceKey }: { workspaceKey: string }) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const version = useEventVersion(['session.changed']);
  const upcoming = useQuery<ScheduledClass[]>(`upcoming:${workspaceKey}:${String(version)}`, () =>
    client.invoke('session.upcoming', {}),
  );
  const [form, setForm] = useState<'new' | ScheduledClass | null>(null);
  const [shown, setShown] = useState<ShareInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const locale = i18n.language;
  const rows = upcoming.data ?? [];

  const fail = (e: unknown): void => setError(e instanceof Error ? e.message : String(e));
  const downloadClass = (sessionId: SessionId): void => {
    client.invoke('session.ics', { sessionId }).then((file) => {
      downloadText(file.fileName, file.content, ICS_TYPE);
    }, fail);
  };
  const downloadCourse = (courseId: CourseId): void => {
    client.invoke('course.ics', { courseId }).then((file) => {
      downloadText(file.fileName, file.content, ICS_TYPE);
    }, fail);
  };
  const cancel = (item: ScheduledClass): void => {
    if (!window.confirm(t('schedule.confirmCancel', { title: item.title }))) return;
    client.invoke('session.cancel', { sessionId: item.sessionId }).then(() => {
      if (shown?.sessionId === item.sessionId) setShown(null);
      upcoming.reload();
    }, fail);
  };

  return (
    <div className="upcoming" data-testid="upcoming-classes">
      <div className="upcoming-head">
        <h3>{t('schedule.upcoming')}</h3>
        {form === null ? (
          <button
            type="button"
            className="primary"
            onClick={() => setForm('new')}
            data-testid="schedule-open"
          >
            {t('schedule.open')}
          </button>
        ) : null}
      </div>
      {form !== null ? (
        <ScheduleForm
          key={form === 'new' ? 'new' : form.sessionId}
          workspaceKey={workspaceKey}
          {...(form === 'new' ? {} : { editing: form })}
          onDone={() => {
            setForm(null);
            upcoming.reload();
          }}
          onCancel={() => setForm(null)}
        />
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {upcoming.status === 'error' ? (
        <p className="error">{t('app.error', { message: upcoming.message })}</p>
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="upcoming-empty">
          {t('schedule.none')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="upcoming-table">
            <thead>
              <tr>
                <th>{t('schedule.classTitle')}</th>
                <th>{t('schedule.course')}</th>
                <th>{t('schedule.start')}</th>
                <th className="num">{t('schedule.lengthColumn')}</th>
                <th>{t('schedule.opens')}</th>
                <th>{t('schedule.join')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => (
                <tr key={item.sessionId} data-testid={`upcoming-${String(item.sessionId)}`}>
                  <td className="strong">{item.title}</td>
                  <td>{item.courseTitle ?? ''}</td>
                  <td className="nowrap">{formatDateTime(item.startsAt, locale)}</td>
                  <td className="num nowrap">
                    {t('library.sessions.minutes', { count: item.plannedMinutes })}
                  </td>
                  <td className="nowrap">
                    {item.status === 'scheduled'
                      ? formatDateTime(item.opensAt, locale)
                      : t(`status.${item.status}`)}
                  </td>
                  <td>
                    <code className="join-code" data-testid="upcoming-code">
                      {item.joinCode}
                    </code>
                    {item.joinUrl ? (
                      <a
                        className="join-link"
                        href={item.joinUrl}
                        target="_blank"
                        rel="noreferrer"
                        data-testid="upcoming-link"
                      >
                        {item.joinUrl}
                      </a>
                    ) : null}
                  </td>
                  <td className="upcoming-actions">
                    <button
                      type="button"
                      onClick={() => {
                        if (shown?.sessionId === item.sessionId) {
                          setShown(null);
                          return;
                        }
                        client
                          .invoke('session.share', { sessionId: item.sessionId })
                          .then(setShown, fail);
                      }}
                      data-testid="upcoming-qr"
                    >
                      {t('schedule.qr')}
                    </button>
                    <button
                      type="button"
                      onClick={() => downloadClass(item.sessionId)}
                      data-testid="upcoming-ics"
                    >
                      {t('schedule.ics')}
                    </button>
                    {item.courseId !== null ? (
                      <button
                        type="button"
                        onClick={() => item.courseId !== null && downloadCourse(item.courseId)}
                        data-testid="upcoming-course-ics"
                      >
                        {t('schedule.courseIcs')}
                      </button>
                    ) : null}
                    {item.status === 'scheduled' ? (
                      <>
                        <button
                          type="button"
                          onClick={() => setForm(item)}
                          data-testid="upcoming-edit"
                        >
                          {t('schedule.edit')}
                        </button>
                        <button
                          type="button"
                          className="danger"
                          onClick={() => cancel(item)}
                          data-testid="upcoming-cancel"
                        >
                          {t('schedule.cancel')}
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown ? (
        <div className="card share-card" data-testid="upcoming-share">
          {shown.qrSvg ? (
            <img
              className="qr"
              alt={t('schedule.qrAlt', { code: shown.joinCode })}
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(shown.qrSvg)}`}
            />
          ) : null}
          <div>
            <div className="eyebrow">{t('schedule.join')}</div>
            <code className="join-code big">{shown.joinCode}</code>
            <ul className="plain">
              {shown.urls.map((u) => (
                <li key={u.url}>
                  <a href={u.url} target="_blank" rel="noreferrer">
                    {u.url}
                  </a>
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => setShown(null)}>
              {t('schedule.close')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
