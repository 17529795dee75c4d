import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app } from 'electron';

/**
 * Where the studio keeps its data: Electron's per-user folder, unless ENCORE_DATA_DIR says
 * otherwise (tests, a portable install, a second profile for a demo).
 */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.ENCORE_DATA_DIR?.trim();
  return override ? resolve(override) : app.getPath('userData');
}

/**
 * Folder of better_sqlite3.node built for this Electron's ABI. The same name is written by
 * scripts/electron-native.mjs; node_modules keeps the Node build for tests and the browser host.
 */
export interface NativeTarget {
  electron: string;
  platform: string;
  arch: string;
}

export function electronNativeDir(root: string, versions: NativeTarget): string {
  return join(
    root,
    '.native',
    `electron-${versions.electron}-${versions.platform}-${versions.arch}`,
  );
}

/**
 * The Electron-ABI build of better-sqlite3 for an unpackaged run (`npm start`, `npm run dev`).
 * A packaged app is rebuilt for Electron by the packager, so it loads the module normally
 * (undefined). An unpackaged run without the build cannot open a database: say how to make it.
 */
export function electronNativeBinding(
  versions: NativeTarget = {
    electron: process.versions.electron,
    platform: process.platform,
    arch: process.arch,
  },
): string | undefined {
  if (app.isPackaged) return undefined;
  const file = join(electronNativeDir(app.getAppPath(), versions), 'better_sqlite3.node');
  if (!existsSync(file)) {
    throw new Error(
      `better-sqlite3 has no build for Electron ${versions.electron} (${file} is missing); ` +
        'run `node scripts/electron-native.mjs` or start the app with `npm start`',
    );
  }
  return file;
}
