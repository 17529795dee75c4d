import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupProgress, RestoreResult } from '../../../shared/contract/backup-api';
import { formatDateTime, formatNumber } from '../../common/format';
import { useEventVersion } from '../api/use-event-version';
import { useStudio } from '../api/studio-context';
import { useQuery } from '../api/use-query';

const BACKUP_JOB_ID = 'studio-backup';

function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.ceil(bytes / 1024), locale)} KB`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, locale)} MB`;
}

/** Library → Backups: back up now, the daily rotation's settings, and restore into a new workspace. */
export function BackupsPanel({ workspaceKey }: { workspaceKey: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const created = useEventVersion(['backup.created']);
  const list = useQuery(`backups:${workspaceKey}:${String(created)}`, () =>
    client.invoke('workspace.backups', {}),
  );
  const settings = useQuery(`backup-settings:${workspaceKey}`, () =>
    client.invoke('backup.settings', {}),
  );
  const [includeRecordings, setIncludeRecordings] = useState(false);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  const [otherPath, setOtherPath] = useState('');

  useEffect(() => client.on('backup.progress', setProgress), [client]);

  const run = async (kind: 'backup' | 'restore', work: () => Promise<void>): Promise<void> => {
    setBusy(kind);
    setError(null);
    setProgress(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const backupNow = (): void =>
    void run('backup', async () => {
      setRestored(null);
      await client.invoke('workspace.backup', { includeRecordings, jobId: BACKUP_JOB_ID });
      list.reload();
    });
  const restore = (path: string): void =>
    void run('restore', async () => {
      setRestored(null);
      setRestored(await client.invoke('workspace.restore', { path, jobId: BACKUP_JOB_ID }));
    });
  const cancel = (): void => void client.invoke('backup.cancel', { jobId: BACKUP_JOB_ID });
  const update = (input: { daily?: boolean; keep?: number }): void =>
    void client.invoke('backup.updateSettings', input).then(
      () => settings.reload(),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );

  const backups = list.data?.backups ?? [];
  return (
    <div className="backups" data-testid="backups-panel">
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          onClick={backupNow}
          disabled={busy !== null}
          data-testid="backup-now"
        >
          {busy === 'backup' ? t('backups.working') : t('backups.backupNow')}
        </button>
        <label>
          <input
            type="checkbox"
            checked={includeRecordings}
            onChange={(event) => setIncludeRecordings(event.target.checked)}
          />{' '}
          {t('backups.includeRecordings')}
        </label>
        {busy !== null ? (
          <>
            <span className="muted" role="status">
              {progress
                ? t('backups.progress', {
                    phase: t(`backups.phase.${progress.phase}`),
                    percent: Math.round(progress.fraction * 100),
                  })
                : t('backups.working')}
            </span>
            <button type="button" onClick={cancel}>
              {t('backups.cancel')}
            </button>
          </>
        ) : null}
      </div>
      {settings.data ? (
        <div className="toolbar">
          <label>
            <input
              type="checkbox"
              checked={settings.data.daily}
              onChange={(event) => update({ daily: event.target.checked })}
              data-testid="backup-daily"
            />{' '}
            {t('backups.daily')}
          </label>
          <label>
            {t('backups.keep')}{' '}
            <input
              type="number"
              min={1}
              max={100}
              value={settings.data.keep}
              onChange={(event) => {
                const keep = Number(event.target.value);
                if (Number.isInteger(keep) && keep >= 1 && keep <= 100) update({ keep });
              }}
              style={{ width: '4em' }}
              data-testid="backup-keep"
            />
          </label>
        </div>
      ) : null}
      <p className="muted">{t('backups.explain', { dir: list.data?.dir ?? '…' })}</p>
      {error ? (
        <p className="error" role="alert">
          {t('app.error', { message: error })}
        </p>
      ) : null}
      {restored ? (
        <p className="notice" role="status" data-testid="backup-restored">
          {t('backups.restored', { name: restored.workspace, rows: restored.rows })}{' '}
          <button
            type="button"
            onClick={() =>
              void client
                .invoke('workspace.open', { name: restored.workspace })
                .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
            }
          >
            {t('backups.open')}
          </button>
        </p>
      ) : null}
      {backups.length === 0 ? (
        <p className="muted">{t('backups.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="backups-table">
            <thead>
              <tr>
                <th>{t('backups.when')}</th>
                <th>{t('backups.kind')}</th>
                <th className="num">{t('backups.size')}</th>
                <th className="num">{t('backups.rows')}</th>
                <th>{t('backups.recordings')}</th>
                <th>{t('backups.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {backups.map((backup) => (
                <tr key={backup.path} title={backup.path}>
                  <td className="nowrap">{formatDateTime(backup.createdAt, locale)}</td>
                  <td>{backup.automatic ? t('backups.automatic') : t('backups.manual')}</td>
                  <td className="num">{formatBytes(backup.bytes, locale)}</td>
                  <td className="num">{formatNumber(backup.rows, locale)}</td>
                  <td>{backup.includesRecordings ? t('backups.yes') : t('backups.no')}</td>
                  <td>{backup.problem ?? t('backups.ok')}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => restore(backup.path)}
                      disabled={busy !== null || backup.problem !== null}
                    >
                      {t('backups.restore')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          if (otherPath.trim() !== '') restore(otherPath.trim());
        }}
      >
        <label>
          {t('backups.otherFile')}{' '}
          <input
            type="text"
            value={otherPath}
            onChange={(event) => setOtherPath(event.target.value)}
            placeholder="/path/to/file.encore-backup"
            style={{ width: '28em' }}
          />
        </label>
        <button type="submit" disabled={busy !== null || otherPath.trim() === ''}>
          {t('backups.restore')}
        </button>
      </form>
    </div>
  );
}
