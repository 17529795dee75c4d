import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceName } from '../../shared/model/domain';
import { openDatabase, type Db, type OpenOptions } from './connection';
import { WalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer';

/** A workspace is a folder with its own database (and, later, recordings). */
export interface Workspace {
  name: WorkspaceName;
  dir: string;
  db: Db;
  /** The thread that checkpoints the database's log, when asked for (closeWorkspace stops it). */
  checkpointer?: WalCheckpointer;
}

export interface WorkspaceOpenOptions extends OpenOptions {
  /** Checkpoint the log on a thread of its own (the studio's writer on the event loop). */
  checkpoints?: Omit<WalCheckpointerOptions, 'nativeBinding'>;
}

export function workspaceDir(dataDir: string, name: WorkspaceName): string {
  return join(dataDir, 'workspaces', name);
}

export function databaseFile(dir: string): string {
  return join(dir, 'encore.db');
}

export function openWorkspace(
  dataDir: string,
  name: WorkspaceName,
  options: WorkspaceOpenOptions = {},
): Workspace {
  const dir = workspaceDir(dataDir, name);
  const file = databaseFile(dir);
  const db = openDatabase(file, options);
  if (!options.checkpoints) return { name, dir, db };
  const checkpointer = new WalCheckpointer(db, file, {
    ...options.checkpoints,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  return { name, dir, db, checkpointer };
}

/** Stops the workspace's checkpoint thread (its connection closed) and closes its database. */
export function closeWorkspace(workspace: Workspace): void {
  workspace.checkpointer?.stop();
  if (workspace.db.open) workspace.db.close();
}

/** Deletes a workspace's database files; the caller must have closed its connection. */
export function removeWorkspaceDatabase(dataDir: string, name: WorkspaceName): void {
  const file = databaseFile(workspaceDir(dataDir, name));
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}
