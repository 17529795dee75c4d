import { describe, expect, it } from 'vitest';
import {
  buildContentSecurityPolicy,
  decidePermission,
  isExternalWebUrl,
  isTrustedStudioUrl,
  resolveStudioBase,
} from '../../../src/main/shell/security';

const FILE_BASE = 'file:///opt/encore/resources/app/out/renderer/studio/';
const DEV_BASE = 'http://localhost:5173/studio/';

describe('resolveStudioBase', () => {
  it('uses the built renderer folder when packaged, whatever the environment says', () => {
    expect(
      resolveStudioBase({
        isPackaged: true,
        rendererDir: '/opt/encore/resources/app/out/renderer',
        devServerUrl: 'http://localhost:5173',
      }),
    ).toBe(FILE_BASE);
  });

  it('percent-encodes an install path with spaces and still trusts its pages', () => {
    const base = resolveStudioBase({
      isPackaged: true,
      rendererDir: '/Users/Ana Lee/Encore Studio/out/renderer',
      devServerUrl: undefined,
    });
    expect(base).toBe('file:///Users/Ana%20Lee/Encore%20Studio/out/renderer/studio/');
    expect(isTrustedStudioUrl(`${base}index.html`, base)).toBe(true);
  });

  it('uses the dev server only when unpackaged and on a loopback host', () => {
    const dev = (devServerUrl: string) =>
      resolveStudioBase({ isPackaged: false, rendererDir: '/repo/out/renderer', devServerUrl });
    expect(dev('http://localhost:5173')).toBe(DEV_BASE);
    expect(dev('http://127.0.0.1:5174/')).toBe('http://127.0.0.1:5174/studio/');
    expect(dev('http://[::1]:5173')).toBe('http://[::1]:5173/studio/');
    for (const bad of [
      'http://evil.example:5173',
      'http://localhost@evil.example',
      'http://user:pw@localhost:5173',
      'file:///etc/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(() => dev(bad), bad).toThrow(/ELECTRON_RENDERER_URL/);
    }
    expect(
      resolveStudioBase({ isPackaged: false, rendererDir: '/repo/out/renderer', devServerUrl: '' }),
    ).toBe('file:///repo/out/renderer/studio/');
  });
});

describe('isTrustedStudioUrl', () => {
  it('trusts the studio pages of a built app, with queries and fragments', () => {
    for (const url of [
      `${FILE_BASE}index.html`,
      `${FILE_BASE}index.html#/reports?session=3`,
      `${FILE_BASE}index.html?lang=en`,
      `${FILE_BASE}assets/index-abc123.js`,
      FILE_BASE,
      // Dot segments that stay inside the folder are resolved by the parser and fine.
      `${FILE_BASE}assets/../index.html`,
    ]) {
      expect(isTrustedStudioUrl(url, FILE_BASE), url).toBe(true);
    }
  });

  it('trusts the studio pages of the dev server', () => {
    expect(isTrustedStudioUrl('http://localhost:5173/studio/index.html', DEV_BASE)).toBe(true);
    expect(isTrustedStudioUrl('http://localhost:5173/studio/#/live', DEV_BASE)).toBe(true);
  });

  it('rejects file: paths outside the studio folder, including traversal', () => {
    for (const url of [
      'file:///opt/encore/resources/app/out/renderer/viewer/index.html',
      'file:///opt/encore/resources/app/out/renderer/studio-evil/index.html',
      'file:///opt/encore/resources/app/out/renderer/studio',
      'file:///opt/encore/resources/app/out/renderer/index.html',
      'file:///etc/passwd',
      `${FILE_BASE}../viewer/index.html`,
      `${FILE_BASE}../../../../../../etc/passwd`,
      `${FILE_BASE}%2e%2e/viewer/index.html`,
      `${FILE_BASE}.%2E/viewer/index.html`,
      `${FILE_BASE}..%2fviewer%2findex.html`,
      `${FILE_BASE}..%2Fviewer/index.html`,
      `${FILE_BASE}..%5cviewer%5cindex.html`,
      `${FILE_BASE}index.html%00.png`,
      'file://evil-host/opt/encore/resources/app/out/renderer/studio/index.html',
      'file://localhost@evil/opt/encore/resources/app/out/renderer/studio/index.html',
    ]) {
      expect(isTrustedStudioUrl(url, FILE_BASE), url).toBe(false);
    }
  });

  it('rejects other schemes', () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'blob:file:///1234-5678',
      'about:blank',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
      'ftp://localhost:5173/studio/index.html',
      'https://localhost:5173/studio/index.html',
      'ws://localhost:5173/studio/',
      'http://localhost:5173/studio/index.html',
      '',
      'index.html',
      '/studio/index.html',
    ]) {
      expect(isTrustedStudioUrl(url, FILE_BASE), `${url} vs file base`).toBe(false);
    }
    for (const url of ['file:///studio/index.html', 'https://localhost:5173/studio/']) {
      expect(isTrustedStudioUrl(url, DEV_BASE), `${url} vs dev base`).toBe(false);
    }
  });

  it('rejects other hosts and ports, and userinfo tricks', () => {
    for (const url of [
      'http://localhost@evil.example/studio/index.html',
      'http://localhost:5173@evil.example/studio/index.html',
      'http://evil.example#@localhost:5173/studio/',
      'http://user:pass@localhost:5173/studio/index.html',
      'http://localhost.evil.example:5173/studio/index.html',
      'http://127.0.0.1:5173/studio/index.html',
      'http://localhost:5174/studio/index.html',
      'http://localhost/studio/index.html',
      'http://localhost:5173/viewer/index.html',
      'http://localhost:5173/',
      'http://localhost:5173/@fs/etc/passwd',
      'http://localhost:5173/studio/../viewer/index.html',
      'http://localhost:5173/studio/%2e%2e/viewer/',
      'http://localhost:5173\\@evil.example/studio/',
      'http:\\\\evil.example\\studio\\',
    ]) {
      expect(isTrustedStudioUrl(url, DEV_BASE), url).toBe(false);
    }
  });

  it('trusts nothing when the base itself is unusable', () => {
    expect(isTrustedStudioUrl('about:blank', 'about:blank')).toBe(false);
    expect(isTrustedStudioUrl('javascript:1', 'javascript:1')).toBe(false);
    expect(isTrustedStudioUrl(`${FILE_BASE}index.html`, 'not a url')).toBe(false);
  });
});

describe('isExternalWebUrl', () => {
  it('lets only plain http(s) links out to the system browser', () => {
    expect(isExternalWebUrl('https://example.com/course')).toBe(true);
    expect(isExternalWebUrl('http://example.com')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-settings:privacy',
      'https://user@evil.example',
      'not a url',
    ]) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});

describe('buildContentSecurityPolicy', () => {
  const parse = (policy: string): Map<string, string[]> =>
    new Map(
      policy.split(';').map((directive) => {
        const [name = '', ...sources] = directive.trim().split(/\s+/);
        return [name, sources];
      }),
    );

  it('keeps a built app same-origin, without eval or inline scripts', () => {
    const policy = buildContentSecurityPolicy();
    const csp = parse(policy);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
    // Loopback only: the desktop app's recordings (app/studio-media-route.ts).
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:', 'data:', 'http://127.0.0.1:*']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/(^|\s)\*(\s|;|$)/);
    expect(policy).not.toMatch(/(^|\s)(https?|wss?):(\s|;|$)/);
  });

  it("adds only the dev server's origins (and the React preamble) in development", () => {
    const policy = buildContentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' });
    const csp = parse(policy);
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'http://localhost:5173',
      'ws://localhost:5173',
    ]);
    expect(csp.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy).not.toContain('unsafe-eval');
  });

  it('never copies anything but an origin from the dev server URL into the policy', () => {
    const policy = buildContentSecurityPolicy({
      devServerUrl: "http://localhost:5173/;script-src%20*;'unsafe-eval'",
    });
    expect(policy).not.toContain('unsafe-eval');
    expect(parse(policy).get('connect-src')).toEqual([
      "'self'",
      'http://localhost:5173',
      'ws://localhost:5173',
    ]);
    for (const bad of ['javascript:alert(1)', 'file:///x', 'nonsense', 'http://a@localhost:5173']) {
      expect(() => buildContentSecurityPolicy({ devServerUrl: bad }), bad).toThrow();
    }
  });
});

describe('decidePermission', () => {
  const request = {
    permission: 'media' as const,
    fromStudioWindow: true,
    isMainFrame: true,
    requestingUrl: `${FILE_BASE}index.html`,
    base: FILE_BASE,
  };

  it('grants camera/microphone and screen capture to the studio main frame', () => {
    expect(decidePermission(request)).toBe(true);
    expect(decidePermission({ ...request, permission: 'display-capture' })).toBe(true);
  });

  it('denies every other permission, even to the studio', () => {
    for (const permission of [
      'fullscreen',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'midiSysex',
      'hid',
      'usb',
      'serial',
      'pointerLock',
      'unknown',
    ] as const) {
      expect(decidePermission({ ...request, permission }), permission).toBe(false);
    }
  });

  it('denies other windows, subframes, other pages and requests without a URL', () => {
    expect(decidePermission({ ...request, fromStudioWindow: false })).toBe(false);
    expect(decidePermission({ ...request, isMainFrame: false })).toBe(false);
    expect(decidePermission({ ...request, requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(
      decidePermission({ ...request, requestingUrl: `${FILE_BASE}../viewer/index.html` }),
    ).toBe(false);
    expect(decidePermission({ ...request, requestingUrl: undefined })).toBe(false);
  });
});
