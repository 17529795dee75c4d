import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT, buildIsStale, buildSteps } from './project-paths';

/**
 * Runs `npm run build`'s two steps (electron-vite, then the exported report's single-file app)
 * when the build is missing or stale; throws when one fails.
 */
export function ensureBuilt(log: (line: string) => void): void {
  if (!buildIsStale()) return;
  log('Building the studio (electron-vite build)…');
  for (const { name, args } of buildSteps()) {
    // A production build whoever asks (vitest runs with NODE_ENV=test, which would otherwise
    // give the report bundle React's development JSX runtime).
    const result = spawnSync(process.execPath, args, {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (result.status !== 0) throw new Error(`${name} failed (exit ${String(result.status)})`);
  }
}
