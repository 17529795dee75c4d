import { spawn, spawnSync } from 'node:child_process';

/**
 * Opens a URL in the user's browser when there is one to open: never on a headless machine, and
 * never blocking or failing the studio if it does not work.
 */
export function openBrowser(url: string): boolean {
  const command =
    process.platform === 'darwin'
      ? 'open'
      : process.platform === 'win32'
        ? 'explorer.exe'
        : 'xdg-open';
  if (process.platform === 'linux') {
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
    if (spawnSync('which', [command]).status !== 0) return false;
  }
  try {
    spawn(command, [url], { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();
    return true;
  } catch {
    return false;
  }
}
