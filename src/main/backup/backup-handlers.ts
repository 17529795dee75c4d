import type { HandlerMap } from '../kernel/router';
import type { backupMethods } from '../../shared/contract/backup-api';
import type { BackupSettings } from '../../shared/contract/backup-api';
import type { BackupService } from './backup-service';

type BackupMethod = keyof typeof backupMethods;

/** The studio API's backup methods (src/shared/contract/backup-api.ts). */
export function createBackupHandlers(deps: {
  service: BackupService;
  settings: () => BackupSettings;
  saveSettings: (settings: BackupSettings) => void;
}): Pick<HandlerMap, BackupMethod> {
  const { service } = deps;
  return {
    'workspace.backup': ({ includeRecordings, jobId }) =>
      service.backup({ includeRecordings, ...(jobId ? { jobId } : {}) }),
    'workspace.backups': () => service.list(),
    'workspace.restore': ({ path, jobId }) =>
      service.restore({ path, ...(jobId ? { jobId } : {}) }),
    'backup.cancel': ({ jobId }) => ({ cancelled: service.cancel(jobId) }),
    'backup.settings': () => deps.settings(),
    'backup.updateSettings': (input) => {
      const next = { ...deps.settings(), ...input };
      deps.saveSettings(next);
      return next;
    },
  };
}
