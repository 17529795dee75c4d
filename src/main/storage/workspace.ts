import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceName } from '../../shared/model/domain';
import { openDatabase, type Db, type OpenOptions } from './connection';

/** A workspace is a folder with its own database (and, later, recordings). */
export interface Workspace {
  name: WorkspaceName;
  dir: string;
  db: Db;
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
  options: OpenOptions = {},
): Workspace {
  const dir = workspaceDir(dataDir, name);
  return { name, dir, db: openDatabase(databaseFile(dir), options) };
}

/** Deletes a workspace's database files; the caller must have closed its connection. */
export function removeWorkspaceDatabase(dataDir: string, name: WorkspaceName): void {
  const file = databaseFile(workspaceDir(dataDir, name));
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}
