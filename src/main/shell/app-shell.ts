import { join } from 'node:path';
import {
  app,
  desktopCapturer,
  ipcMain,
  safeStorage,
  session,
  shell,
  type BrowserWindow,
  type WebContents,
} from 'electron';
import { APP_NAME, createStudio } from '../app/create-studio';
import { desktopSourceLister } from './desktop-sources';
import { registerIpc } from './ipc';
import { createMainWindow } from './main-window';
import { dataDirectory, electronNativeBinding } from './paths';
import {
  buildContentSecurityPolicy,
  hardenSession,
  isTrustedStudioUrl,
  resolveStudioBase,
  type ShellPolicy,
} from './security';

export interface AppShell {
  /** Focuses the studio window, creating it if there is none (launch, dock click, 2nd launch). */
  showStudio(): void;
  /** Stops IPC and closes the studio core (its database). Idempotent. */
  dispose(): void;
}

/**
 * Wires the plain-Node studio core to Electron: data folder, native module, session policy,
 * IPC and the studio window. Call once, after `app` is ready.
 *
 * @param mainDir the folder of the built main bundle (out/main); the preload and the renderer
 *   are its siblings in out/.
 * @param options.demo generate and open the demo workspace first (`npm start -- --demo`).
 */
export async function startAppShell(
  mainDir: string,
  options: { demo?: boolean } = {},
): Promise<AppShell> {
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const rendererDir = join(mainDir, '..', 'renderer');
  const base = resolveStudioBase({ isPackaged: app.isPackaged, rendererDir, devServerUrl });
  const studio = createStudio({
    dataDir: dataDirectory(),
    host: 'electron',
    nativeBinding: electronNativeBinding(),
    // The viewer page learners open is the built one, served by the audience server.
    audience: { rendererDir },
    desktopSources: desktopSourceLister(desktopCapturer),
    // Stream keys at rest: encrypted by the OS's keychain where it offers one.
    secretCipher: safeStorage,
    // The studio page is a file: Review's recordings come over loopback (app/studio-media-route.ts).
    mediaOverLoopback: true,
  });
  const logger = studio.logger.child({ module: 'shell' });
  if (options.demo) {
    const loaded = await studio.router.handle('workspace.loadDemo', {}, { transport: 'ipc' });
    if (!loaded.ok) throw new Error(`could not load the demo workspace: ${loaded.error.message}`);
  }
  const windows = new Set<BrowserWindow>();
  const liveContents = (): WebContents[] =>
    [...windows].filter((window) => !window.isDestroyed()).map((window) => window.webContents);

  const warn = (message: string, details: Record<string, unknown>): void => {
    logger.warn(details, message);
  };
  const policy: ShellPolicy = {
    base,
    csp: buildContentSecurityPolicy(devServerUrl ? { devServerUrl } : {}),
    isStudioContents: (contents) => liveContents().some((live) => live.id === contents.id),
    openExternal: (url) => shell.openExternal(url),
    warn,
  };

  hardenSession(session.defaultSession, policy);
  // Anything else that ever gets web contents (DevTools, a future helper window) still may not
  // open windows or embed webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
    });
  });

  const disposeIpc = registerIpc({
    ipcMain,
    router: studio.router,
    events: studio.events,
    isTrusted: (url) => isTrustedStudioUrl(url, base),
    studioContents: liveContents,
    warn,
  });
  logger.info({ base, dataDir: studio.info().workspace.dataDir }, 'studio shell started');

  let disposed = false;
  return {
    showStudio() {
      if (disposed) return;
      const existing = [...windows].find((window) => !window.isDestroyed());
      if (existing) {
        if (existing.isMinimized()) existing.restore();
        existing.focus();
        return;
      }
      const window = createMainWindow({
        preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
        policy,
        title: APP_NAME,
      });
      windows.add(window);
      window.on('closed', () => windows.delete(window));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      disposeIpc();
      studio.close();
    },
  };
}
