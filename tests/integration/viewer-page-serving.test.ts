import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { liveSession, startStudio, useLiveCleanup } from '../helpers/audience';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const { studios } = useLiveCleanup();

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function fetchRaw(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** A built renderer in miniature: the viewer page, its assets, and a studio chunk beside them. */
function renderer(): { dir: string; script: string } {
  const dir = tempDir();
  for (const sub of ['viewer', 'studio', 'assets']) mkdirSync(join(dir, sub));
  writeFileSync(
    join(dir, 'viewer', 'index.html'),
    `<!doctype html><title>Encore</title><script type="module" src="../assets/viewer-A1.js"></script>` +
      `<link rel="stylesheet" href="../assets/viewer-B2.css"><div id="root"></div>${'<!-- pad -->'.repeat(50)}`,
  );
  const script = `export const words = [${Array.from({ length: 300 }, (_, i) => `"w${String(i)}"`).join(',')}];`;
  writeFileSync(join(dir, 'assets', 'viewer-A1.js'), script);
  writeFileSync(
    join(dir, 'assets', 'viewer-B2.css'),
    `body{margin:0}${'.a{color:red}'.repeat(100)}`,
  );
  writeFileSync(join(dir, 'assets', 'studio-C3.js'), 'export const studioOnly = true;');
  writeFileSync(join(dir, 'secret.txt'), 'not for learners');
  return { dir, script };
}

describe('the audience server serves the viewer page light', () => {
  it('compresses the page and its assets, caches assets for a year and revalidates the page', async () => {
    const { dir, script } = renderer();
    const studio = startStudio(tempDir(), {
      audience: { host: '127.0.0.1', port: 0, rendererDir: dir },
    });
    studios.push(studio);
    const { port, joinCode } = await liveSession(studio);

    const page = await fetchRaw(port, `/j/${joinCode}`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.vary).toBe('Accept-Encoding');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(brotliDecompressSync(page.body).toString()).toContain('viewer-A1.js');
    const revalidated = await fetchRaw(port, `/j/${joinCode}`, {
      'Accept-Encoding': 'gzip, deflate, br',
      'If-None-Match': page.headers.etag ?? '',
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers['content-security-policy']).toContain("default-src 'self'");

    const asset = await fetchRaw(port, '/assets/viewer-A1.js', { 'Accept-Encoding': 'gzip' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.etag).toBeTruthy();
    expect(asset.headers['last-modified']).toBeTruthy();
    expect(gunzipSync(asset.body).toString()).toBe(script);

    const head = await fetchRaw(
      port,
      '/assets/viewer-A1.js',
      { 'Accept-Encoding': 'gzip' },
      'HEAD',
    );
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(asset.headers['content-length']);

    const range = await fetchRaw(port, '/assets/viewer-A1.js', { Range: 'bytes=0-5' });
    expect(range.status).toBe(206);
    expect(range.body.toString()).toBe(script.slice(0, 6));
  });

  it('still refuses the studio chunks, paths out of the assets folder and other methods', async () => {
    const { dir } = renderer();
    const studio = startStudio(tempDir(), {
      audience: { host: '127.0.0.1', port: 0, rendererDir: dir },
    });
    studios.push(studio);
    const { port } = await liveSession(studio);
    for (const path of [
      '/assets/studio-C3.js',
      '/assets/..%2fsecret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/..%5csecret.txt',
      '/assets/../secret.txt',
      '/secret.txt',
      '/viewer/index.html',
      '/assets/viewer-A1.js%00',
      '/assets/',
    ]) {
      const reply = await fetchRaw(port, path, { 'Accept-Encoding': 'gzip, br' });
      expect([400, 404], path).toContain(reply.status);
      expect(reply.body.toString(), path).not.toContain('studioOnly');
      expect(reply.body.toString(), path).not.toContain('not for learners');
    }
    expect((await fetchRaw(port, '/assets/viewer-A1.js', {}, 'POST')).status).toBe(405);
  });
});
