import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the CLI entries run from source with tsx. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RENDERER_OUT_DIR = join(PROJECT_ROOT, 'out', 'renderer');

/** What `npm run build` writes: the Electron app loads the first four, the browser host two. */
const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/studio/index.html',
  'out/renderer/viewer/index.html',
  'out/renderer/report/report.js',
];
const BUILD_INPUTS = [
  'src',
  'electron.vite.config.ts',
  'vite.report.config.ts',
  'package.json',
  'tsconfig.base.json',
];

function newestMtime(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when an output is missing or any source is newer than the oldest output. */
export function buildIsStale(root: string = PROJECT_ROOT): boolean {
  let oldestOutput = Infinity;
  for (const output of BUILD_OUTPUTS) {
    const file = join(root, output);
    if (!existsSync(file)) return true;
    oldestOutput = Math.min(oldestOutput, statSync(file).mtimeMs);
  }
  return BUILD_INPUTS.some((input) => newestMtime(join(root, input)) > oldestOutput);
}

/** The electron-vite command-line script (its package does not export the bin path). */
export function electronViteCli(root: string = PROJECT_ROOT): string {
  const pkg = createRequire(join(root, 'package.json')).resolve('electron-vite/package.json');
  return join(dirname(pkg), 'bin', 'electron-vite.js');
}

/** Vite's command-line script, for the report app's own build (vite.report.config.ts). */
export function viteCli(root: string = PROJECT_ROOT): string {
  const pkg = createRequire(join(root, 'package.json')).resolve('vite/package.json');
  return join(dirname(pkg), 'bin', 'vite.js');
}

/**
 * `npm run build` as node invocations: electron-vite (main, preload, the studio and viewer
 * pages), then the exported report's single-file app, which must come after (electron-vite
 * empties out/renderer).
 */
export function buildSteps(root: string = PROJECT_ROOT): { name: string; args: string[] }[] {
  return [
    { name: 'electron-vite build', args: [electronViteCli(root), 'build'] },
    {
      name: 'report app build',
      args: [viteCli(root), 'build', '--config', 'vite.report.config.ts', '--logLevel', 'warn'],
    },
  ];
}
