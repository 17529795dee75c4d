import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../../src/main/shell/main-window';
import {
  dataDirectory,
  electronNativeBinding,
  electronNativeDir,
} from '../../../src/main/shell/paths';
import {
  buildContentSecurityPolicy,
  hardenSession,
  type ShellPolicy,
} from '../../../src/main/shell/security';
import { useTempDirs } from '../../helpers/temp-dir';

// A fake 'electron': windows and web contents record their options and listeners so that the
// test can fire navigation, window.open and permission requests at them.

type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  class FakeWebContents {
    static nextId = 1;
    readonly id = FakeWebContents.nextId++;
    readonly listeners = new Map<string, Listener[]>();
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
    /** Fires an event the way Electron does: an event object first, then arguments. */
    fire(name: string, event: object, ...args: unknown[]): { prevented: boolean } {
      const state = { prevented: false };
      const full = { ...event, preventDefault: () => (state.prevented = true) };
      for (const listener of this.listeners.get(name) ?? []) listener(full, ...args);
      return state;
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    shown = false;
    readonly onceListeners = new Map<string, Listener>();
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.created.push(this);
    }
    once(event: string, listener: Listener): this {
      this.onceListeners.set(event, listener);
      return this;
    }
    show(): void {
      this.shown = true;
    }
    loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      return Promise.resolve();
    }
  }
  const app = {
    isPackaged: false,
    appPath: '/nowhere',
    getPath: (name: string) => `/home/ana/.config/Encore Studio/${name}-path`,
    getAppPath: () => app.appPath,
  };
  return { FakeBrowserWindow, FakeWebContents, app };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow, app: fake.app }));

const BASE = 'file:///app/out/renderer/studio/';

// Electron's Session type, reached through hardenSession (tests may not import 'electron').
type Session = Parameters<typeof hardenSession>[0];

function fakePolicy(studio: { id: number }[] = []) {
  const openExternal = vi.fn((_url: string) => Promise.resolve());
  const warn = vi.fn();
  const policy: ShellPolicy = {
    base: BASE,
    csp: buildContentSecurityPolicy(),
    isStudioContents: (contents) => studio.some((window) => window.id === contents.id),
    openExternal,
    warn,
  };
  return { policy, openExternal, warn };
}

function openWindow() {
  const { policy, openExternal, warn } = fakePolicy();
  const window = createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    policy,
    title: 'T',
  });
  return {
    window: window as unknown as InstanceType<typeof fake.FakeBrowserWindow>,
    openExternal,
    warn,
  };
}

describe('createMainWindow', () => {
  beforeEach(() => {
    fake.FakeBrowserWindow.created.length = 0;
  });

  it('creates the window with secure web preferences and the CJS preload', () => {
    const { window } = openWindow();
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(window.options.show).toBe(false);
  });

  it('loads the studio page under the base and shows the window once painted', () => {
    const { window } = openWindow();
    expect(window.loaded).toEqual([`${BASE}index.html`]);
    expect(window.shown).toBe(false);
    window.onceListeners.get('ready-to-show')?.();
    expect(window.shown).toBe(true);
  });

  it('prevents navigation and redirects away from the studio', () => {
    const { window, warn } = openWindow();
    const contents = window.webContents;
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of [
        'https://evil.example/',
        'file:///etc/passwd',
        'file:///app/out/renderer/viewer/index.html',
        'javascript:alert(1)',
        'data:text/html,hi',
      ]) {
        expect(contents.fire(event, { url }).prevented, `${event} ${url}`).toBe(true);
      }
      expect(contents.fire(event, { url: `${BASE}index.html#/reports` }).prevented).toBe(false);
    }
    expect(warn).toHaveBeenCalled();
  });

  it('denies every window.open, sending only http(s) links to the system browser', () => {
    const { window, openExternal } = openWindow();
    const open = window.webContents.windowOpenHandler!;
    expect(open({ url: 'https://example.com/course' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/course');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      `${BASE}index.html`,
      'smb://x/y',
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('prevents webviews from attaching', () => {
    const { window } = openWindow();
    expect(window.webContents.fire('will-attach-webview', {}, {}, { src: BASE }).prevented).toBe(
      true,
    );
  });
});

describe('hardenSession', () => {
  type RequestHandler = (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: { isMainFrame: boolean; requestingUrl: string },
  ) => void;
  type CheckHandler = (
    contents: unknown,
    permission: string,
    origin: string,
    details: { isMainFrame: boolean; requestingUrl?: string; embeddingOrigin?: string },
  ) => boolean;
  type HeadersListener = (
    details: { url: string; resourceType: string; responseHeaders?: Record<string, string[]> },
    callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void;

  function harden() {
    const studio = new fake.FakeWebContents();
    const stranger = new fake.FakeWebContents();
    const handlers: {
      request?: RequestHandler;
      check?: CheckHandler;
      device?: () => boolean;
      headers?: HeadersListener;
    } = {};
    const ses = {
      setPermissionRequestHandler: (handler: RequestHandler) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: CheckHandler) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: () => boolean) => (handlers.device = handler),
      webRequest: {
        onHeadersReceived: (listener: HeadersListener) => (handlers.headers = listener),
      },
    };
    const { policy } = fakePolicy([studio]);
    hardenSession(ses as unknown as Session, policy);
    const request = (contents: unknown, permission: string, url: string, isMainFrame = true) => {
      let granted: boolean | undefined;
      handlers.request!(contents, permission, (value) => (granted = value), {
        isMainFrame,
        requestingUrl: url,
      });
      return granted;
    };
    return { studio, stranger, handlers, policy, request };
  }

  it('grants camera, microphone and screen capture to the studio page only', () => {
    const { studio, stranger, request } = harden();
    const page = `${BASE}index.html`;
    expect(request(studio, 'media', page)).toBe(true);
    expect(request(studio, 'display-capture', page)).toBe(true);
    // Another window, another page, a subframe, another permission: all denied.
    expect(request(stranger, 'media', page)).toBe(false);
    expect(request(studio, 'media', 'https://evil.example/')).toBe(false);
    expect(request(studio, 'media', 'file:///app/out/renderer/viewer/index.html')).toBe(false);
    expect(request(studio, 'media', page, false)).toBe(false);
    for (const permission of ['fullscreen', 'notifications', 'geolocation', 'openExternal']) {
      expect(request(studio, permission, page), permission).toBe(false);
    }
  });

  it('answers permission checks the same way', () => {
    const { studio, stranger, handlers } = harden();
    const check = handlers.check!;
    const page = `${BASE}index.html`;
    expect(check(studio, 'media', 'file:///', { isMainFrame: true, requestingUrl: page })).toBe(
      true,
    );
    expect(
      check(studio, 'display-capture', 'file:///', { isMainFrame: true, requestingUrl: page }),
    ).toBe(true);
    expect(check(null, 'media', 'file:///', { isMainFrame: true, requestingUrl: page })).toBe(
      false,
    );
    expect(check(stranger, 'media', 'file:///', { isMainFrame: true, requestingUrl: page })).toBe(
      false,
    );
    expect(check(studio, 'media', 'file:///', { isMainFrame: true })).toBe(false);
    expect(
      check(studio, 'media', 'https://evil.example', {
        isMainFrame: true,
        requestingUrl: page,
        embeddingOrigin: 'file:///',
      }),
    ).toBe(false);
    expect(
      check(studio, 'geolocation', 'file:///', { isMainFrame: true, requestingUrl: page }),
    ).toBe(false);
    expect(handlers.device!()).toBe(false);
  });

  it('puts the CSP on studio documents only, replacing any other policy', () => {
    const { handlers, policy } = harden();
    const respond = (details: Parameters<HeadersListener>[0]) => {
      let response: { responseHeaders?: Record<string, string[]> } | undefined;
      handlers.headers!(details, (value) => (response = value));
      return response;
    };
    expect(
      respond({
        url: `${BASE}index.html`,
        resourceType: 'mainFrame',
        responseHeaders: { 'content-security-policy': ['default-src *'], 'x-other': ['1'] },
      }),
    ).toEqual({ responseHeaders: { 'x-other': ['1'], 'Content-Security-Policy': [policy.csp] } });
    expect(respond({ url: 'https://example.com/', resourceType: 'mainFrame' })).toEqual({});
    expect(respond({ url: `${BASE}assets/app.js`, resourceType: 'script' })).toEqual({});
  });
});

describe('paths', () => {
  const tempDir = useTempDirs();

  it('uses Electron userData unless ENCORE_DATA_DIR overrides it', () => {
    expect(dataDirectory({})).toBe('/home/ana/.config/Encore Studio/userData-path');
    expect(dataDirectory({ ENCORE_DATA_DIR: '  ' })).toBe(
      '/home/ana/.config/Encore Studio/userData-path',
    );
    expect(dataDirectory({ ENCORE_DATA_DIR: '/srv/encore' })).toBe('/srv/encore');
    expect(dataDirectory({ ENCORE_DATA_DIR: 'relative/dir' })).toBe(
      join(process.cwd(), 'relative/dir'),
    );
  });

  it('finds the Electron-ABI better-sqlite3 build in .native/, and explains when it is missing', () => {
    const root = tempDir();
    fake.app.appPath = root;
    fake.app.isPackaged = false;
    const target = { electron: '45.4.1', platform: 'linux', arch: 'x64' };
    try {
      expect(() => electronNativeBinding(target)).toThrow(/scripts\/electron-native\.mjs/);
      const dir = electronNativeDir(root, target);
      // The same folder name scripts/electron-native.mjs writes.
      expect(dir).toBe(join(root, '.native', 'electron-45.4.1-linux-x64'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'better_sqlite3.node'), '');
      expect(electronNativeBinding(target)).toBe(join(dir, 'better_sqlite3.node'));
      fake.app.isPackaged = true;
      expect(electronNativeBinding(target)).toBeUndefined();
    } finally {
      fake.app.isPackaged = false;
    }
  });
});
