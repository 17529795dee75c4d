import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { BackupSettings } from '../../shared/contract/backup-api';
import { Language, WorkspaceName } from '../../shared/model/domain';

/**
 * App-level preferences that hold across workspaces (the UI language, which workspace was open).
 * Workspace data lives in each workspace's database; these live beside them in one JSON file.
 */
export const Preferences = z.object({
  language: Language.default('zh-CN'),
  workspace: WorkspaceName.default('default'),
  /** Automatic backups (src/main/backup): daily, keeping this many per workspace. */
  backups: BackupSettings.default({ daily: true, keep: 7 }),
});
export type Preferences = z.infer<typeof Preferences>;

export function preferencesPath(dataDir: string): string {
  return join(dataDir, 'preferences.json');
}

/** A missing or damaged file gives the defaults: preferences are never worth refusing to start. */
export function readPreferences(dataDir: string): Preferences {
  try {
    const parsed = Preferences.safeParse(
      JSON.parse(readFileSync(preferencesPath(dataDir), 'utf8')),
    );
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the defaults
  }
  return Preferences.parse({});
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export function writePreferences(dataDir: string, preferences: Preferences): void {
  const file = preferencesPath(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(preferences, null, 2));
    renameSync(tmp, file);
  } catch (error) {
    // A full disk leaves a partial file behind: the previous preferences stay as they were.
    rmSync(tmp, { force: true });
    throw error;
  }
}
