import { networkInterfaces } from 'node:os';

/** IPv4 addresses of this machine that learners on the LAN can reach (no loopback). */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) found.push(entry.address);
    }
  }
  return found;
}

/**
 * The link to share for a class's join code: the first LAN address (loopback when there is
 * none), or null before the audience server has a port.
 */
export function shareableJoinUrl(
  server: { port: number; urls(joinCode: string): { url: string }[] },
  joinCode: string,
): string | null {
  if (server.port === 0) return null;
  return server.urls(joinCode)[0]?.url ?? null;
}

/**
 * The QR code of a URL as SVG, when the optional `qrcode` package is installed (DESIGN.md §12);
 * null otherwise, and the studio shows the URL and the join code only.
 */
export async function qrSvg(url: string): Promise<string | null> {
  const name = 'qrcode';
  try {
    const module = (await import(name)) as {
      toString?: (text: string, options: { type: 'svg'; margin: number }) => Promise<string>;
      default?: {
        toString?: (text: string, options: { type: 'svg'; margin: number }) => Promise<string>;
      };
    };
    const toString = module.toString ?? module.default?.toString;
    return typeof toString === 'function' ? await toString(url, { type: 'svg', margin: 1 }) : null;
  } catch {
    return null;
  }
}
