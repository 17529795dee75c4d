import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { contentTypeOf } from './static-files';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Types worth compressing (images and fonts already are). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.webmanifest']);
const DEFAULT_MAX_ENTRIES = 64;

export type Coding = 'br' | 'gzip' | 'identity';

interface Variant {
  body: Buffer;
  etag: string;
}

/** One file as read once: its bytes and, for text, its gzip and brotli forms. */
export interface CachedFile {
  type: string;
  lastModified: string;
  /** Seconds since the epoch, for If-Modified-Since. */
  modifiedSeconds: number;
  compressible: boolean;
  identity: Variant;
  gzip: Variant | null;
  br: Variant | null;
}

export interface SendOptions {
  /** Headers every answer carries (security headers). */
  headers: Record<string, string>;
  /** `public, max-age=31536000, immutable` for hashed assets, `no-cache` for pages. */
  cacheControl: string;
}

/**
 * Static files served from memory, compressed once: each file is read, gzipped and
 * brotli-compressed (at their best levels, off the main thread) the first time it is asked for
 * and kept while its size and mtime are unchanged. Answers follow HTTP's rules: Accept-Encoding
 * (br preferred, then gzip, identity as the fallback), `Vary: Accept-Encoding`, an ETag per
 * representation, Last-Modified, 304 for If-None-Match / If-Modified-Since, one byte range of the
 * uncompressed file (206, 416), HEAD without a body.
 */
export class CompressedFiles {
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { key: string; file: Promise<CachedFile> }>();

  private constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  static create(options: { maxEntries?: number } = {}): CompressedFiles {
    return new CompressedFiles(options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }

  /** The file as cached (read and compressed now if it is new or changed), or null if absent. */
  async load(path: string): Promise<CachedFile | null> {
    let key: string;
    let modified: Date;
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      key = `${String(info.mtimeMs)}:${String(info.size)}`;
      modified = info.mtime;
    } catch {
      return null;
    }
    const cached = this.#entries.get(path);
    if (cached?.key === key) return cached.file;
    const file = readAndCompress(path, modified);
    this.#entries.delete(path);
    this.#entries.set(path, { key, file });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
    // A failed read is not kept: the next request tries again.
    file.catch(() => {
      if (this.#entries.get(path)?.file === file) this.#entries.delete(path);
    });
    return file;
  }

  /** Reads and compresses files ahead of the first request; never rejects. */
  async warm(paths: Iterable<string>): Promise<void> {
    for (const path of paths) await this.load(path).catch(() => null);
  }

  /** Answers `req` with `path`; a missing file is a 404. Never throws, never rejects. */
  send(req: IncomingMessage, res: ServerResponse, path: string, options: SendOptions): void {
    this.load(path).then(
      (file) => {
        if (res.destroyed) return;
        if (!file) {
          res.writeHead(404, { ...options.headers, 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('not found');
          return;
        }
        answer(req, res, file, options);
      },
      () => res.destroy(),
    );
  }
}

async function readAndCompress(path: string, modified: Date): Promise<CachedFile> {
  const body = await readFile(path);
  const ext = extname(path).toLowerCase();
  const compressible = COMPRESSIBLE.has(ext);
  const tag = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  const smaller = (encoded: Buffer, suffix: string): Variant | null =>
    encoded.length < body.length ? { body: encoded, etag: `"${tag}-${suffix}"` } : null;
  const [gz, br] = compressible
    ? await Promise.all([
        gzipAsync(body, { level: zlib.Z_BEST_COMPRESSION }),
        brotliAsync(body, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
            [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
            [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
      ])
    : [null, null];
  return {
    type: contentTypeOf(path),
    lastModified: modified.toUTCString(),
    modifiedSeconds: Math.floor(modified.getTime() / 1_000),
    compressible,
    identity: { body, etag: `"${tag}"` },
    gzip: gz ? smaller(gz, 'gz') : null,
    br: br ? smaller(br, 'br') : null,
  };
}

/** The coding to send for an Accept-Encoding header: br over gzip at equal weight. */
export function chooseCoding(
  acceptEncoding: string | undefined,
  available: { br: boolean; gzip: boolean },
): Coding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key = '', value = ''] = param.split('=').map((part) => part.trim());
      // A weight that does not read as one refuses the coding rather than preferring it.
      if (key === 'q') q = /^[0-9.]+$/.test(value) ? Number(value) : 0;
    }
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(q) ? q : 0);
  }
  const weight = (name: string): number => weights.get(name) ?? weights.get('*') ?? 0;
  const br = available.br ? weight('br') : 0;
  const gz = available.gzip ? weight('gzip') : 0;
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

function etagList(header: string): string[] {
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

function notModified(req: IncomingMessage, file: CachedFile): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const tags = etagList(ifNoneMatch);
    const ours = [file.identity, file.gzip, file.br].flatMap((v) => (v ? [v.etag] : []));
    return tags.includes('*') || tags.some((tag) => ours.includes(tag));
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && file.modifiedSeconds <= Math.floor(since / 1_000);
}

/** One `bytes=` range of `size` bytes: [start, end] inclusive, 'unsatisfiable', or null (ignore). */
export function parseRange(
  header: string,
  size: number,
): [number, number] | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null; // several ranges or another unit: the whole file is sent
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (to !== '' && Number(to) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  file: CachedFile,
  options: SendOptions,
): void {
  const head = req.method === 'HEAD';
  const common: Record<string, string> = {
    ...options.headers,
    'Content-Type': file.type,
    'Cache-Control': options.cacheControl,
    'Last-Modified': file.lastModified,
    'Accept-Ranges': 'bytes',
  };
  if (file.compressible) common.Vary = 'Accept-Encoding';
  const coding = chooseCoding(req.headers['accept-encoding'], {
    br: file.br !== null,
    gzip: file.gzip !== null,
  });
  const variant =
    (coding === 'br' ? file.br : coding === 'gzip' ? file.gzip : null) ?? file.identity;
  if (notModified(req, file)) {
    res.writeHead(304, { ...common, ETag: variant.etag });
    res.end();
    return;
  }
  const rangeHeader = req.headers.range;
  const ifRange = [req.headers['if-range']].flat()[0];
  const rangeApplies =
    rangeHeader !== undefined &&
    (ifRange === undefined ||
      ifRange.trim() === file.identity.etag ||
      ifRange === file.lastModified);
  const range = rangeApplies ? parseRange(rangeHeader, file.identity.body.length) : null;
  if (range === 'unsatisfiable') {
    res.writeHead(416, {
      ...common,
      'Content-Range': `bytes */${String(file.identity.body.length)}`,
      'Content-Length': '0',
    });
    res.end();
    return;
  }
  if (range) {
    // Ranges are of the file as stored: never compressed.
    const [start, end] = range;
    const part = file.identity.body.subarray(start, end + 1);
    res.writeHead(206, {
      ...common,
      ETag: file.identity.etag,
      'Content-Range': `bytes ${String(start)}-${String(end)}/${String(file.identity.body.length)}`,
      'Content-Length': String(part.length),
    });
    res.end(head ? undefined : part);
    return;
  }
  const headers: Record<string, string> = {
    ...common,
    ETag: variant.etag,
    'Content-Length': String(variant.body.length),
  };
  if (variant !== file.identity) headers['Content-Encoding'] = coding;
  res.writeHead(200, headers);
  res.end(head ? undefined : variant.body);
}
