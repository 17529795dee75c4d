/** A URL, or null when the text is not one (never throws). */
export function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

export function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/** `http://localhost@evil/` style URLs carry user info; nothing of ours ever does. */
export function hasUserInfo(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}
