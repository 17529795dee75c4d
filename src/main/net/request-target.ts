import type { IncomingHttpHeaders } from 'node:http';

/**
 * The one place where the studio's HTTP servers (browser host, audience server, HTTP stream
 * relay) read a request's target and origin. Nothing here throws: whatever bytes a client sends,
 * the answer is a value (or null, which the caller turns into a 4xx).
 *
 * `new URL(req.url, base)` is NOT used on purpose: it reads `//x`, `/\x` as a host (and throws
 * `Invalid URL` for `//`), so a one-line request used to take the whole studio down.
 */

/** Longer targets are refused (Node's own header limit is 16 KiB; no route needs more). */
export const MAX_REQUEST_TARGET_LENGTH = 4_096;

export interface RequestTarget {
  /** The raw path, still percent-encoded: routes match it, static files decode it themselves. */
  path: string;
  query: URLSearchParams;
}

/** Control characters, spaces, backslashes and anything outside ASCII. */
// eslint-disable-next-line no-control-regex
const BAD_TARGET_CHAR = /[\u0000-\u0020\u007f-\uffff\\]/;

/**
 * An origin-form target (`/path?query`), or null: absolute-form (`http://h/p`), authority-form
 * (`h:443`), asterisk-form (`*`), empty, too long, or with bytes no browser sends.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_REQUEST_TARGET_LENGTH) {
    return null;
  }
  if (!raw.startsWith('/') || BAD_TARGET_CHAR.test(raw)) return null;
  const hash = raw.indexOf('#');
  const target = hash < 0 ? raw : raw.slice(0, hash);
  const q = target.indexOf('?');
  return {
    path: q < 0 ? target : target.slice(0, q),
    // URLSearchParams never throws: a stray `%` stays a `%`.
    query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)),
  };
}

/** `host[:port]` as a browser sends it in Host: a name, IPv4 or [IPv6], and digits. */
const HOST_HEADER = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * Whether a request may come from a page on another site. No `Origin` header: not a browser
 * page's request (curl, the `ws` client), allowed. Otherwise the origin must be http(s) and name
 * exactly the host the request was sent to; `Origin: null` (sandboxed frames, file://) and
 * anything unparsable are refused.
 */
export function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  const host = headers.host?.toLowerCase();
  if (typeof origin !== 'string' || host === undefined || !HOST_HEADER.test(host)) return false;
  const match = /^https?:\/\/([^/?#@]+)$/i.exec(origin);
  return match?.[1]?.toLowerCase() === host;
}
