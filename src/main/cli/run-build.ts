import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT, buildIsStale, electronViteCli } from './project-paths';

/** Runs `electron-vite build` when the build is missing or stale; throws when it fails. */
export function ensureBuilt(log: (line: string) => void): void {
  if (!buildIsStale()) return;
  log('Building the studio (electron-vite build)…');
  const result = spawnSync(process.execPath, [electronViteCli(), 'build'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error(`electron-vite build failed (exit ${String(result.status)})`);
}
