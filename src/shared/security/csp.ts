// The studio's Content-Security-Policy, shared by the Electron shell (response headers), the
// browser host (HTTP header) and the renderer build (a <meta> backstop for file:// pages).
import { hasUserInfo, isHttp, parseUrl } from './url';

export interface CspOptions {
  /** The electron-vite dev server's URL, in development only. */
  devServerUrl?: string;
  /**
   * For a <meta> tag: browsers ignore (and warn about) frame-ancestors there, so it is left out;
   * the HTTP header and Electron's response hook still send it.
   */
  forMeta?: boolean;
}

/**
 * The studio's Content-Security-Policy. Everything is same-origin; media and images may also be
 * blob:/data: (MediaRecorder previews, MSE playback, canvas snapshots). No eval anywhere.
 * In development the dev server's HMR WebSocket must be reachable and @vitejs/plugin-react's
 * inline React Refresh preamble must run, so script-src gains 'unsafe-inline' there only.
 * style-src allows inline styles because Vite injects <style> in dev and chart/table libraries
 * set style attributes; styles cannot run code.
 */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'"];
  const script = ["'self'"];
  if (options.devServerUrl !== undefined) {
    const dev = parseUrl(options.devServerUrl);
    if (!dev || !isHttp(dev) || hasUserInfo(dev)) {
      throw new Error(`not a dev server URL: ${JSON.stringify(options.devServerUrl)}`);
    }
    // `origin` carries only scheme, host and port, so nothing from the env leaks into the policy.
    connect.push(dev.origin, dev.origin.replace(/^http/, 'ws'));
    script.push("'unsafe-inline'");
  }
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', script],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'blob:', 'data:']],
    // The desktop app's Review player loads recordings from the studio's loopback media route
    // (app/studio-media-route.ts): its page is a file, with no server of its own behind it.
    ['media-src', ["'self'", 'blob:', 'data:', 'http://127.0.0.1:*']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives
    .filter(([name]) => !(options.forMeta && name === 'frame-ancestors'))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
