import { createStudio } from '../app/create-studio';
import { defaultDataDir } from '../kernel/data-dir';
import { createLogger } from '../kernel/logger';
import { startBrowserHost, type BrowserHost } from '../web-host/browser-host';
import type { HostArgs } from './args';
import { openBrowser } from './open-browser';
import { RENDERER_OUT_DIR } from './project-paths';
import { ensureBuilt } from './run-build';

/** `npm run serve`: the whole studio in a browser, served from this machine's loopback. */
export async function runBrowserHost(args: HostArgs): Promise<BrowserHost> {
  ensureBuilt((line) => console.log(line));
  // The terminal is the user's: only warnings and errors, unless ENCORE_LOG_LEVEL asks for more.
  const logger = createLogger({ level: process.env.ENCORE_LOG_LEVEL ?? 'warn' });
  const studio = createStudio({
    dataDir: args.dataDir ?? defaultDataDir(),
    host: 'browser',
    logger,
    audience: {
      rendererDir: RENDERER_OUT_DIR,
      ...(args.audienceHost !== undefined ? { host: args.audienceHost } : {}),
      ...(args.audiencePort !== undefined ? { port: args.audiencePort } : {}),
    },
  });
  if (args.demo) {
    const loaded = await studio.router.handle('workspace.loadDemo', {}, { transport: 'test' });
    if (!loaded.ok) throw new Error(`could not load the demo workspace: ${loaded.error.message}`);
  }
  const listen = async (port: number): Promise<BrowserHost> =>
    startBrowserHost({ studio, rendererDir: RENDERER_OUT_DIR, host: args.host, port });
  let host: BrowserHost;
  try {
    host = await listen(args.port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    host = await listen(0);
  }
  const info = studio.info();
  console.log(`Encore Studio is running in your browser at ${host.url}`);
  console.log(
    `Workspace: ${info.workspace.name} (${info.workspace.dataDir}). Press Ctrl+C to stop.`,
  );
  if (args.open) openBrowser(host.url);

  const shutdown = (): void => {
    void host.close().finally(() => {
      studio.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return host;
}
