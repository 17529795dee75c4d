import { backupMethods } from '../../src/shared/contract/backup-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type BackupMethod = keyof typeof backupMethods;

/** Handlers for the backup methods that fail if called: for router tests about other methods. */
export function backupStubHandlers(): Pick<HandlerMap, BackupMethod> {
  const stub = (): never => {
    throw new Error('backup method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(backupMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, BackupMethod>;
}
