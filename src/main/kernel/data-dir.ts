import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_DIR_NAME = 'Encore Studio';

/**
 * Where the studio keeps its data when no Electron `app.getPath('userData')` is at hand: the same
 * folder Electron would use, so the desktop app and the browser host share one workspace.
 * ENCORE_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.ENCORE_DATA_DIR) return env.ENCORE_DATA_DIR;
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_DIR_NAME);
  }
  if (platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', PRODUCT_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_DIR_NAME);
}
