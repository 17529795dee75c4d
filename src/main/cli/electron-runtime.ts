import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildIsStale, buildSteps, PROJECT_ROOT } from './project-paths';

// The desktop half of `npm start`: is Electron's binary here, and if so build, prepare the
// native module and run it. Runs in plain Node (tsx); it never imports 'electron'.

export type ElectronRuntimeStatus =
  { available: true; binary: string; version: string } | { available: false; reason: string };

export interface RuntimeOptions {
  /** node_modules/electron; resolved from the project when omitted. */
  packageDir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/**
 * Whether Electron can be launched, decided without `require('electron')`: since Electron 45
 * that call downloads the binary when it is missing, which hangs or fails on machines that reach
 * only the npm registry. This repeats the package's own lookup (path.txt names the executable
 * inside dist/; ELECTRON_OVERRIDE_DIST_PATH replaces dist/) and checks the file instead.
 */
export function electronRuntimeStatus(options: RuntimeOptions = {}): ElectronRuntimeStatus {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const packageDir = options.packageDir ?? findElectronPackage();
  if (packageDir === null || !existsSync(join(packageDir, 'package.json'))) {
    return { available: false, reason: 'the electron package is not installed' };
  }
  const version = readVersion(join(packageDir, 'package.json'));
  if (version === null) {
    return { available: false, reason: `${join(packageDir, 'package.json')} is unreadable` };
  }

  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  let binary: string;
  if (override) {
    binary = join(override, executable || 'electron');
  } else if (executable) {
    binary = join(packageDir, 'dist', executable);
  } else {
    return {
      available: false,
      reason: `Electron ${version}'s binary was never downloaded (${pathFile} is missing)`,
    };
  }

  let isFile = false;
  try {
    isFile = statSync(binary).isFile();
  } catch {
    return { available: false, reason: `Electron's binary ${binary} is missing` };
  }
  if (!isFile) return { available: false, reason: `${binary} is not a file` };
  if (platform !== 'win32') {
    try {
      accessSync(binary, constants.X_OK);
    } catch {
      return { available: false, reason: `${binary} is not executable` };
    }
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      available: false,
      reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)',
    };
  }
  return { available: true, binary, version };
}

export interface LaunchOptions {
  /** Passed to the app after the project path (e.g. `--demo`). */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** The project root; this repository when omitted. */
  root?: string;
  packageDir?: string;
}

/**
 * Builds out/ when missing or stale, makes sure better-sqlite3 is built for Electron's ABI
 * (scripts/electron-native.mjs), then runs Electron on the project with inherited stdio.
 * Resolves with Electron's exit code; rejects when a step before the launch fails.
 */
export async function launchElectron(options: LaunchOptions): Promise<number> {
  const root = options.root ?? PROJECT_ROOT;
  const status = electronRuntimeStatus({
    env: options.env,
    ...(options.packageDir ? { packageDir: options.packageDir } : {}),
  });
  if (!status.available) throw new Error(`Electron cannot start: ${status.reason}`);
  const env = childEnv(options.env);

  if (buildIsStale(root)) {
    console.log('Building the app (npm run build)…');
    for (const step of buildSteps(root)) {
      await runStep(step.name, process.execPath, step.args, root, {
        ...env,
        NODE_ENV: 'production',
      });
    }
  }
  await runStep(
    'building better-sqlite3 for Electron',
    process.execPath,
    [join(root, 'scripts', 'electron-native.mjs')],
    root,
    env,
  );

  const child = spawn(status.binary, [root, ...options.args], { cwd: root, env, stdio: 'inherit' });
  // Signals aimed at the launcher go to Electron, and the launcher stays alive to report
  // Electron's exit code (as electron's own cli.js does).
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forwarders = signals.map((signal) => {
    const forward = (): void => {
      child.kill(signal);
    };
    process.on(signal, forward);
    return () => process.off(signal, forward);
  });
  try {
    return await new Promise<number>((resolvePromise, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => {
        resolvePromise(code ?? 1);
      });
    });
  } finally {
    for (const remove of forwarders) remove();
  }
}

/**
 * ELECTRON_RUN_AS_NODE would make the binary behave as plain Node and ignore the app. The dev
 * server URL must not leak into a built launch: it would point the window at a stale server.
 */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.ELECTRON_RUN_AS_NODE;
  delete copy.ELECTRON_RENDERER_URL;
  return copy;
}

function runStep(
  name: string,
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.once('error', (error) => {
      reject(new Error(`${name} could not run: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${name} failed (${code === null ? String(signal) : `exit ${code}`})`));
    });
  });
}

function findElectronPackage(): string | null {
  try {
    return dirname(resolveFrom(PROJECT_ROOT, 'electron/package.json'));
  } catch {
    return null;
  }
}

function resolveFrom(root: string, specifier: string): string {
  return createRequire(join(root, 'package.json')).resolve(specifier);
}

function readVersion(packageJson: string): string | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(packageJson, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed) {
      return typeof parsed.version === 'string' ? parsed.version : null;
    }
    return null;
  } catch {
    return null;
  }
}
