import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { ScheduleForm } from '../schedule/ScheduleForm';

/** Schedules a class for another day from here (the Library's Classes tab lists them). */
export function ScheduleLater({
  workspaceKey,
  onScheduled,
}: {
  workspaceKey: string;
  onScheduled: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (!open) {
    return (
      <>
        <button type="button" onClick={() => setOpen(true)} data-testid="broadcast-schedule">
          {t('schedule.openShort')}
        </button>
        {done ? (
          <p className="muted" role="status" data-testid="broadcast-scheduled">
            {done}
          </p>
        ) : null}
      </>
    );
  }
  return (
    <ScheduleForm
      workspaceKey={workspaceKey}
      onDone={(scheduled) => {
        setOpen(false);
        setDone(
          t('schedule.scheduled', {
            title: scheduled.title,
            time: formatDateTime(scheduled.startsAt, i18n.language),
          }),
        );
        onScheduled();
      }}
      onCancel={() => setOpen(false)}
    />
  );
}

export function NewSession({ onCreated }: { onCreated: (id: SessionId) => void }) {
  const { t } = useTranslation();
  const client = useStudio();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        client.invoke('session.create', { title: title.trim() }).then(
          (created) => onCreated(created.id),
          (e: unknown) => setError(String(e)),
        );
      }}
    >
      <input
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        placeholder={t('broadcast.newSession')}
        maxLength={200}
        required
        data-testid="broadcast-new-title"
      />
      <button type="submit" disabled={title.trim() === ''} data-testid="broadcast-create">
        {t('live.create')}
      </button>
      {error ? <p className="error">{error}</p> : null}
    </form>
  );
}
