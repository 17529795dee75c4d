import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CompressedFiles, chooseCoding, parseRange } from '../../../src/main/net/compressed-files';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const IMMUTABLE = 'public, max-age=31536000, immutable';
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A real HTTP server on 127.0.0.1 that answers every request with one file. */
async function serve(file: string, cacheControl = IMMUTABLE): Promise<number> {
  const files = CompressedFiles.create();
  const server = createServer((req, res) =>
    files.send(req, res, file, { headers: { 'X-Frame-Options': 'DENY' }, cacheControl }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method, headers }, (res) => {
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

function script(): { file: string; text: string } {
  const dir = join(tempDir(), 'assets');
  mkdirSync(dir, { recursive: true });
  const text = `export const lines = [${Array.from({ length: 400 }, (_, i) => `"line ${String(i)}"`).join(',')}];\n`;
  const file = join(dir, 'viewer-abc123.js');
  writeFileSync(file, text);
  return { file, text };
}

describe('CompressedFiles over HTTP', () => {
  it('sends brotli when offered, gzip otherwise, identity as the fallback, with Vary', async () => {
    const { file, text } = script();
    const port = await serve(file);

    const br = await get(port, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(text.length / 3);
    expect(brotliDecompressSync(br.body).toString()).toBe(text);

    const gz = await get(port, { 'Accept-Encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(text);

    // q-values: br refused, gzip taken.
    const weighted = await get(port, { 'Accept-Encoding': 'br;q=0, gzip;q=0.5' });
    expect(weighted.headers['content-encoding']).toBe('gzip');

    const plain = await get(port);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(text);

    // Each representation has its own ETag.
    const tags = new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]);
    expect(tags.size).toBe(3);
  });

  it('carries the caching headers it is given, an ETag and Last-Modified, and answers 304', async () => {
    const { file } = script();
    const modified = new Date('2026-12-01T10:00:00Z');
    utimesSync(file, modified, modified);
    const port = await serve(file);

    const first = await get(port, { 'Accept-Encoding': 'gzip' });
    expect(first.headers['cache-control']).toBe(IMMUTABLE);
    expect(first.headers['x-frame-options']).toBe('DENY');
    expect(first.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(first.headers['last-modified']).toBe(modified.toUTCString());
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+-gz"$/);

    const again = await get(port, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe(IMMUTABLE);

    const since = await get(port, { 'If-Modified-Since': modified.toUTCString() });
    expect(since.status).toBe(304);
    const older = await get(port, { 'If-Modified-Since': 'Mon, 30 Nov 2026 10:00:00 GMT' });
    expect(older.status).toBe(200);
    const otherTag = await get(port, { 'If-None-Match': '"something-else"' });
    expect(otherTag.status).toBe(200);
  });

  it('sends a page with no-cache, and a changed file at once', async () => {
    const dir = join(tempDir(), 'viewer');
    mkdirSync(dir, { recursive: true });
    const page = join(dir, 'index.html');
    writeFileSync(page, `<!doctype html><title>one</title>${' '.repeat(2_000)}`);
    const port = await serve(page, 'no-cache');
    const first = await get(port, { 'Accept-Encoding': 'br' });
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(brotliDecompressSync(first.body).toString()).toContain('one');

    writeFileSync(page, `<!doctype html><title>two, rebuilt</title>${' '.repeat(2_000)}`);
    const second = await get(port, {
      'Accept-Encoding': 'br',
      'If-None-Match': first.headers.etag ?? '',
    });
    expect(second.status).toBe(200);
    expect(brotliDecompressSync(second.body).toString()).toContain('two, rebuilt');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { file } = script();
    const port = await serve(file);
    const getReply = await get(port, { 'Accept-Encoding': 'br' });
    const head = await get(port, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(getReply.headers['content-length']);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers.etag).toBe(getReply.headers.etag);
  });

  it('serves one byte range of the uncompressed file, and 416 beyond its end', async () => {
    const { file, text } = script();
    const port = await serve(file);
    const part = await get(port, { 'Accept-Encoding': 'gzip, br', Range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.headers['content-range']).toBe(`bytes 10-19/${String(text.length)}`);
    expect(part.body.toString()).toBe(text.slice(10, 20));

    const tail = await get(port, { Range: 'bytes=-5' });
    expect(tail.body.toString()).toBe(text.slice(-5));

    const beyond = await get(port, { Range: `bytes=${String(text.length + 10)}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${String(text.length)}`);

    // If-Range with a stale tag: the whole file.
    const stale = await get(port, { Range: 'bytes=0-9', 'If-Range': '"stale"' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(text);
  });

  it('does not compress what is already compressed, and 404s a missing file', async () => {
    const dir = tempDir();
    const png = join(dir, 'x.png');
    writeFileSync(png, Buffer.alloc(3_000, 7));
    const port = await serve(png);
    const reply = await get(port, { 'Accept-Encoding': 'gzip, br' });
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(reply.headers.vary).toBeUndefined();
    expect(reply.body.length).toBe(3_000);

    const missing = await serve(join(dir, 'gone.js'));
    expect((await get(missing)).status).toBe(404);
  });
});

describe('chooseCoding and parseRange', () => {
  const both = { br: true, gzip: true };
  it('prefers brotli at equal weight and honours q=0 and *', () => {
    expect(chooseCoding('gzip, br', both)).toBe('br');
    expect(chooseCoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(chooseCoding('*', both)).toBe('br');
    expect(chooseCoding('*;q=0, identity', both)).toBe('identity');
    expect(chooseCoding('x-gzip', both)).toBe('gzip');
    expect(chooseCoding('br', { br: false, gzip: true })).toBe('identity');
    expect(chooseCoding(undefined, both)).toBe('identity');
    expect(chooseCoding('gzip;q=abc', both)).toBe('identity');
  });

  it('reads one range and ignores what it does not support', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual([0, 0]);
    expect(parseRange('bytes=5-', 10)).toEqual([5, 9]);
    expect(parseRange('bytes=5-100', 10)).toEqual([5, 9]);
    expect(parseRange('bytes=-3', 10)).toEqual([7, 9]);
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
    expect(parseRange('bytes=6-2', 10)).toBeNull();
  });
});
