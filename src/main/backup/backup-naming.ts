import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../shared/contract';
import { WorkspaceName } from '../../shared/model/domain';
import { workspaceDir } from '../storage/workspace';
import { BACKUP_EXTENSION } from './backup-file';

// Names of backup files and of restored workspaces.

/** `<workspace>-YYYYMMDD-HHMMSS[-N][-auto].encore-backup`, UTC. */
const FILE_NAME = /^([a-z0-9][a-z0-9-]*)-(\d{8})-(\d{6})(?:-(\d+))?(-auto)?\.encore-backup$/;

function stamp(at: number): { date: string; time: string } {
  const iso = new Date(at).toISOString();
  return {
    date: iso.slice(0, 10).replaceAll('-', ''),
    time: iso.slice(11, 19).replaceAll(':', ''),
  };
}

export function parseFileName(name: string): { createdAt: number; automatic: boolean } | null {
  const match = FILE_NAME.exec(name);
  if (!match?.[2] || !match[3]) return null;
  const [d, t] = [match[2], match[3]];
  const createdAt = Date.UTC(
    Number(d.slice(0, 4)),
    Number(d.slice(4, 6)) - 1,
    Number(d.slice(6, 8)),
    Number(t.slice(0, 2)),
    Number(t.slice(2, 4)),
    Number(t.slice(4, 6)),
  );
  return Number.isFinite(createdAt) ? { createdAt, automatic: match[5] !== undefined } : null;
}

export function uniqueFileName(
  dir: string,
  workspace: string,
  at: number,
  automatic: boolean,
): string {
  const { date, time } = stamp(at);
  const tail = `${automatic ? '-auto' : ''}${BACKUP_EXTENSION}`;
  for (let n = 1; n <= 1000; n++) {
    const name = `${workspace}-${date}-${time}${n === 1 ? '' : `-${String(n)}`}${tail}`;
    if (!existsSync(join(dir, name))) return name;
  }
  throw new StudioError('CONFLICT', 'too many backups in the same second');
}

/** `<source>-YYYYMMDD`, then `-2`, `-3`…: the first name no workspace folder has. */
export function uniqueWorkspaceName(
  dataDir: string,
  source: string,
  createdAt: number,
): WorkspaceName {
  const base = `${
    source
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 40) || 'restored'
  }-${stamp(createdAt).date}`;
  for (let n = 1; n <= 1000; n++) {
    const name = WorkspaceName.parse(n === 1 ? base : `${base}-${String(n)}`);
    if (!existsSync(workspaceDir(dataDir, name))) return name;
  }
  throw new StudioError('CONFLICT', 'too many workspaces restored from this backup');
}

/** A recording's place inside a workspace: under recordings/, no `..`, no odd characters. */
export function safeRecordingName(name: string): boolean {
  return (
    /^recordings(\/[A-Za-z0-9_][A-Za-z0-9._-]*)+$/.test(name) &&
    !name.split('/').some((part) => part === '..' || part === '.')
  );
}
