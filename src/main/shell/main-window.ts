import { BrowserWindow, type WebPreferences } from 'electron';
import { hardenWebContents, type ShellPolicy } from './security';

export interface MainWindowOptions {
  /** out/preload/index.cjs: CommonJS, because a sandboxed preload cannot be an ES module. */
  preloadPath: string;
  policy: ShellPolicy;
  title: string;
}

/** The only preferences a studio window is ever created with; see DESIGN.md §2. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/**
 * Creates the studio window, guards it and loads the studio page (the dev server's or the built
 * file, both named by the policy's base). Shown once painted so it never flashes white.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: options.title,
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#111418',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  // Guards go on before the first load so that not even the first navigation escapes them.
  hardenWebContents(window.webContents, options.policy);
  window.once('ready-to-show', () => {
    window.show();
  });
  const entry = new URL('index.html', options.policy.base).href;
  window.loadURL(entry).catch((error: unknown) => {
    options.policy.warn('the studio page failed to load', { url: entry, error: String(error) });
    // 'ready-to-show' may never come; an empty window (with DevTools) beats an invisible app.
    if (!window.isDestroyed()) window.show();
  });
  return window;
}
