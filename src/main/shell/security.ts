import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';
import { hasUserInfo, isHttp, parseUrl } from '../../shared/security/url';

/**
 * What the shell trusts, and how it enforces that on sessions and web contents. The pure parts
 * (URL trust, the CSP string, permission decisions) are exported separately so that they are
 * tested without Electron.
 *
 * The studio is identified by its *base*: the folder URL its pages are served from, ending in
 * `/` — `file:///…/out/renderer/studio/` when built, `http://localhost:5173/studio/` under the
 * electron-vite dev server. Anything outside that folder (the viewer page included) is foreign.
 */

const STUDIO_FOLDER = 'studio/';

/**
 * Percent-escapes that could smuggle a separator or a dot segment past the prefix check and be
 * decoded later by the file loader. Our own pages never need them.
 */
const SUSPICIOUS_ESCAPE = /%(?:2e|2f|5c|00)/i;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The studio base URL. Packaged builds always load their own files: an environment variable must
 * never be able to point a window holding the studio API at another server. The dev server URL
 * is honoured only when unpackaged, and only on a loopback host.
 */
export function resolveStudioBase(options: {
  isPackaged: boolean;
  rendererDir: string;
  devServerUrl: string | undefined;
}): string {
  if (!options.isPackaged && options.devServerUrl) {
    const dev = parseUrl(options.devServerUrl);
    if (!dev || !isHttp(dev) || !LOOPBACK_HOSTS.has(dev.hostname) || hasUserInfo(dev)) {
      throw new Error(
        `ELECTRON_RENDERER_URL must be an http(s) URL on a loopback host, got ${JSON.stringify(options.devServerUrl)}`,
      );
    }
    return `${dev.origin}/${STUDIO_FOLDER}`;
  }
  const folder = pathToFileURL(options.rendererDir).href;
  return new URL(STUDIO_FOLDER, folder.endsWith('/') ? folder : `${folder}/`).href;
}

/**
 * True when `url` is one of the studio's own pages under `base` (see resolveStudioBase). Same
 * scheme, host and port, no user info, a path inside the studio folder after normalisation, and
 * no escaped separators. Query strings and fragments are the app's own business.
 */
export function isTrustedStudioUrl(url: string, base: string): boolean {
  const target = parseUrl(url);
  const root = parseUrl(base);
  if (!target || !root) return false;
  if (root.protocol !== 'file:' && !isHttp(root)) return false;
  if (target.protocol !== root.protocol) return false;
  if (hasUserInfo(target) || hasUserInfo(root)) return false;
  if (target.host !== root.host) return false;
  // The URL parser has already resolved `..` and `.` segments (also their %2e forms).
  if (SUSPICIOUS_ESCAPE.test(target.pathname) || target.pathname.includes('\\')) return false;
  const folder = root.pathname.endsWith('/') ? root.pathname : `${root.pathname}/`;
  return target.pathname.startsWith(folder);
}

/** Only web links leave the app, and only to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && isHttp(parsed) && !hasUserInfo(parsed);
}

export { buildContentSecurityPolicy, type CspOptions } from '../../shared/security/csp';

export type PermissionName = Parameters<
  NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>
>[1];

/** Camera/microphone ('media') and screen capture; nothing else, ever. */
const GRANTED_PERMISSIONS: ReadonlySet<PermissionName> = new Set<PermissionName>([
  'media',
  'display-capture',
]);

/**
 * One decision for permission requests and checks alike: a granted kind, asked by the main frame
 * of a studio window whose page is a studio URL.
 */
export function decidePermission(request: {
  permission: PermissionName;
  fromStudioWindow: boolean;
  isMainFrame: boolean;
  requestingUrl: string | undefined;
  base: string;
}): boolean {
  return (
    GRANTED_PERMISSIONS.has(request.permission) &&
    request.fromStudioWindow &&
    request.isMainFrame &&
    request.requestingUrl !== undefined &&
    isTrustedStudioUrl(request.requestingUrl, request.base)
  );
}

export interface ShellPolicy {
  /** The studio base URL (see resolveStudioBase). */
  readonly base: string;
  /** The CSP sent with the studio's documents. */
  readonly csp: string;
  /** Whether these web contents belong to one of the studio's own windows. */
  isStudioContents(contents: WebContents): boolean;
  openExternal(url: string): Promise<void>;
  /** Where refusals are reported; they point at a bug or an attack, so they are worth a line. */
  warn(message: string, details: Record<string, unknown>): void;
}

/** Permissions, device access and the CSP header for one session. Call once per session. */
export function hardenSession(ses: Session, policy: ShellPolicy): void {
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const granted = decidePermission({
      permission,
      fromStudioWindow: policy.isStudioContents(contents),
      isMainFrame: details.isMainFrame,
      requestingUrl: details.requestingUrl,
      base: policy.base,
    });
    if (!granted)
      policy.warn('permission request denied', { permission, url: details.requestingUrl });
    callback(granted);
  });
  ses.setPermissionCheckHandler((contents, permission, _origin, details) =>
    decidePermission({
      permission,
      fromStudioWindow: contents !== null && policy.isStudioContents(contents),
      // A cross-origin subframe reports the frame that embeds it; it is never the studio.
      isMainFrame: details.isMainFrame && details.embeddingOrigin === undefined,
      requestingUrl: details.requestingUrl,
      base: policy.base,
    }),
  );
  // HID, USB, serial and Bluetooth devices: the studio has no use for them.
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const isDocument = details.resourceType === 'mainFrame' || details.resourceType === 'subFrame';
    if (!isDocument || !isTrustedStudioUrl(details.url, policy.base)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Ours replaces any policy the dev server (or anything else) sent.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy.csp];
    callback({ responseHeaders: headers });
  });
}

/** Navigation, redirect, new-window and webview guards for one web contents. */
export function hardenWebContents(contents: WebContents, policy: ShellPolicy): void {
  const guard = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isTrustedStudioUrl(event.url, policy.base)) return;
    event.preventDefault();
    policy.warn(`${kind} blocked`, { url: event.url });
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    policy.warn('webview blocked', {});
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      policy.openExternal(url).catch((error: unknown) => {
        policy.warn('could not open an external link', { url, error: String(error) });
      });
    } else {
      policy.warn('window.open blocked', { url });
    }
    return { action: 'deny' };
  });
}
