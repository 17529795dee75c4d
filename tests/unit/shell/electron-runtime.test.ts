import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIsStale } from '../../../src/main/cli/project-paths';
import {
  electronRuntimeStatus,
  launchElectron,
  type ElectronRuntimeStatus,
} from '../../../src/main/cli/electron-runtime';
import { useTempDirs } from '../../helpers/temp-dir';

// Fake node_modules/electron folders, laid out like the real package after (or without) its
// lazy download: package.json, path.txt naming the executable, dist/<executable>.

const tempDir = useTempDirs();
const DISPLAY_ENV = { DISPLAY: ':0' };
const posixOnly = process.platform === 'win32' ? it.skip : it;

function write(file: string, text: string, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (mode !== undefined) chmodSync(file, mode);
}

function fakeElectronPackage(
  options: { pathTxt?: string; binary?: 'executable' | 'plain' | 'directory' | 'none' } = {},
): string {
  const dir = join(tempDir(), 'node_modules', 'electron');
  write(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  const executable = options.pathTxt ?? 'electron';
  if (options.pathTxt !== '') write(join(dir, 'path.txt'), executable);
  const binary = join(dir, 'dist', executable);
  switch (options.binary ?? 'executable') {
    case 'executable':
      write(binary, '#!/bin/sh\nexit 0\n', 0o755);
      break;
    case 'plain':
      write(binary, 'not runnable', 0o644);
      break;
    case 'directory':
      mkdirSync(binary, { recursive: true });
      break;
    case 'none':
      break;
  }
  return dir;
}

/** The reason of an unavailable status; fails the test when the runtime is available. */
function reasonOf(status: ElectronRuntimeStatus): string {
  if (status.available) throw new Error(`expected no runtime, got ${status.binary}`);
  return status.reason;
}

describe('electronRuntimeStatus', () => {
  posixOnly('reports the binary when the package has been downloaded', () => {
    const packageDir = fakeElectronPackage();
    expect(electronRuntimeStatus({ packageDir, env: DISPLAY_ENV, platform: 'linux' })).toEqual({
      available: true,
      binary: join(packageDir, 'dist', 'electron'),
      version: '45.4.1',
    });
  });

  it('is unavailable when the binary was never downloaded (no path.txt), without downloading', () => {
    const packageDir = fakeElectronPackage({ pathTxt: '', binary: 'none' });
    const status = electronRuntimeStatus({ packageDir, env: DISPLAY_ENV, platform: 'linux' });
    expect(reasonOf(status)).toMatch(/never downloaded/);
    expect(existsSync(join(packageDir, 'dist'))).toBe(false);
  });

  it('is unavailable when path.txt names a binary that is not there', () => {
    const packageDir = fakeElectronPackage({ binary: 'none' });
    expect(
      reasonOf(electronRuntimeStatus({ packageDir, env: DISPLAY_ENV, platform: 'linux' })),
    ).toMatch(/is missing/);
  });

  posixOnly('is unavailable when the binary is not executable or not a file', () => {
    const plain = fakeElectronPackage({ binary: 'plain' });
    expect(
      reasonOf(electronRuntimeStatus({ packageDir: plain, env: DISPLAY_ENV, platform: 'linux' })),
    ).toMatch(/not executable/);
    const folder = fakeElectronPackage({ binary: 'directory' });
    expect(
      reasonOf(electronRuntimeStatus({ packageDir: folder, env: DISPLAY_ENV, platform: 'linux' })),
    ).toMatch(/not a file/);
  });

  it('reads the macOS app bundle path from path.txt', () => {
    const packageDir = fakeElectronPackage({ pathTxt: 'Electron.app/Contents/MacOS/Electron' });
    const status = electronRuntimeStatus({ packageDir, env: {}, platform: 'darwin' });
    expect(status).toMatchObject({
      available: true,
      binary: join(packageDir, 'dist', 'Electron.app/Contents/MacOS/Electron'),
    });
  });

  posixOnly('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const packageDir = fakeElectronPackage({ pathTxt: '', binary: 'none' });
    const custom = tempDir();
    write(join(custom, 'electron'), '#!/bin/sh\n', 0o755);
    expect(
      electronRuntimeStatus({
        packageDir,
        env: { ...DISPLAY_ENV, ELECTRON_OVERRIDE_DIST_PATH: custom },
        platform: 'linux',
      }),
    ).toMatchObject({ available: true, binary: join(custom, 'electron') });
  });

  it('is unavailable when the package is not installed at all', () => {
    expect(
      electronRuntimeStatus({ packageDir: join(tempDir(), 'nope'), env: DISPLAY_ENV }),
    ).toEqual({
      available: false,
      reason: 'the electron package is not installed',
    });
  });

  posixOnly('is unavailable on Linux without a display', () => {
    const packageDir = fakeElectronPackage();
    expect(reasonOf(electronRuntimeStatus({ packageDir, env: {}, platform: 'linux' }))).toMatch(
      /no display/,
    );
    expect(
      electronRuntimeStatus({
        packageDir,
        env: { WAYLAND_DISPLAY: 'wayland-0' },
        platform: 'linux',
      }),
    ).toMatchObject({ available: true });
  });

  it("reports this repository's real electron package without triggering a download", () => {
    // Whatever the answer on this machine, asking must neither throw nor fetch anything.
    const status = electronRuntimeStatus();
    expect(typeof status.available).toBe('boolean');
  });
});

/** A project root with sources and a complete out/, the outputs newer than the sources. */
function fakeProject(): string {
  const root = tempDir();
  const past = new Date(Date.now() - 60_000);
  for (const file of ['src/main/index.ts', 'electron.vite.config.ts', 'package.json']) {
    write(join(root, file), '');
    utimesSync(join(root, file), past, past);
  }
  utimesSync(join(root, 'src/main'), past, past);
  utimesSync(join(root, 'src'), past, past);
  for (const file of [
    'out/main/index.js',
    'out/preload/index.cjs',
    'out/renderer/studio/index.html',
    'out/renderer/viewer/index.html',
    'out/renderer/report/report.js',
  ]) {
    write(join(root, file), '');
  }
  return root;
}

describe('buildIsStale', () => {
  it('is fresh when every output is newer than every source', () => {
    expect(buildIsStale(fakeProject())).toBe(false);
  });

  it('is stale when a source is newer than the outputs', () => {
    const root = fakeProject();
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src/main/index.ts'), future, future);
    expect(buildIsStale(root)).toBe(true);
  });

  it('is stale when any one output is missing', () => {
    for (const output of [
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/studio/index.html',
      'out/renderer/report/report.js',
    ]) {
      const root = fakeProject();
      rmSync(join(root, output));
      expect(buildIsStale(root), output).toBe(true);
    }
  });

  it('is stale when out/ does not exist', () => {
    expect(buildIsStale(tempDir())).toBe(true);
  });
});

describe('launchElectron', () => {
  /** An Electron stand-in that records its arguments and environment, then exits with 7. */
  function fakeBinaryPackage(root: string): string {
    const packageDir = fakeElectronPackage({ binary: 'none' });
    write(
      join(packageDir, 'dist', 'electron'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${root}/electron-args.txt"\n` +
        `printf '%s' "\${ELECTRON_RUN_AS_NODE:-unset}" > "${root}/run-as-node.txt"\nexit 7\n`,
      0o755,
    );
    return packageDir;
  }

  posixOnly(
    'prepares the native module, then runs Electron on the project and returns its exit code',
    async () => {
      const root = fakeProject();
      write(
        join(root, 'scripts/electron-native.mjs'),
        `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(root, 'native-ran.txt'))}, 'yes');\n`,
      );
      const code = await launchElectron({
        args: ['--demo'],
        env: { ...process.env, ...DISPLAY_ENV, ELECTRON_RUN_AS_NODE: '1' },
        root,
        packageDir: fakeBinaryPackage(root),
      });
      expect(code).toBe(7);
      expect(readFileSync(join(root, 'native-ran.txt'), 'utf8')).toBe('yes');
      expect(readFileSync(join(root, 'electron-args.txt'), 'utf8')).toBe(`${root}\n--demo\n`);
      // The variable would make Electron act as plain Node and ignore the app.
      expect(readFileSync(join(root, 'run-as-node.txt'), 'utf8')).toBe('unset');
    },
  );

  posixOnly('does not start Electron when the native build fails', async () => {
    const root = fakeProject();
    write(join(root, 'scripts/electron-native.mjs'), 'process.exit(3);\n');
    await expect(
      launchElectron({
        args: [],
        env: { ...process.env, ...DISPLAY_ENV },
        root,
        packageDir: fakeBinaryPackage(root),
      }),
    ).rejects.toThrow(/better-sqlite3 for Electron failed \(exit 3\)/);
    expect(existsSync(join(root, 'electron-args.txt'))).toBe(false);
  });

  it('refuses to launch without a runtime', async () => {
    await expect(
      launchElectron({
        args: [],
        env: DISPLAY_ENV,
        root: tempDir(),
        packageDir: join(tempDir(), 'none'),
      }),
    ).rejects.toThrow(/electron package is not installed/);
  });
});
