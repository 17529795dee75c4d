import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import type { Db } from '../storage/connection';
import { getRecording } from '../storage/queries/recordings';

/**
 * Serves a class recording to the studio's own <video> element: the browser host's
 * `/media/recordings/<id>` (review-api.ts), with single byte ranges (RFC 9110 §14) so that the
 * player seeks without downloading the whole file. Only files under the workspace's recordings
 * folder, named by a recording row, are ever served.
 */

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * Parses a Range header against a file of `size` bytes: null for no usable range (serve it
 * whole: absent, not bytes, several ranges, malformed), 'unsatisfiable' for a range past the end.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (!Number.isSafeInteger(suffix) || suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (!Number.isSafeInteger(start)) return null;
  if (start >= size) return 'unsatisfiable';
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (!Number.isSafeInteger(end) || end < start) return null;
  return { start, end };
}

/** The file of a recording, or null when the id names none or its path left the folder. */
export function resolveRecordingFile(
  db: Db,
  workspaceDir: string,
  idText: string,
): {
  file: string;
  mimeType: string;
} | null {
  if (!/^[1-9]\d{0,15}$/.test(idText)) return null;
  const row = getRecording(db, Number(idText));
  if (!row || row.path === '') return null;
  const root = join(workspaceDir, 'recordings') + sep;
  const file = normalize(row.path);
  if (!file.startsWith(root)) return null;
  try {
    if (!statSync(file).isFile()) return null;
  } catch {
    return null;
  }
  return { file, mimeType: row.mime_type.split(';')[0]?.trim() || 'application/octet-stream' };
}

export function sendRecording(
  req: IncomingMessage,
  res: ServerResponse,
  target: { file: string; mimeType: string },
  headers: Record<string, string>,
): void {
  let size: number;
  try {
    size = statSync(target.file).size;
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('no such recording');
    return;
  }
  const base = {
    ...headers,
    'Content-Type': target.mimeType,
    'Accept-Ranges': 'bytes',
    // A recording being written grows; a finalised one is replaced by its remux.
    'Cache-Control': 'no-store',
  };
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...base, 'Content-Range': `bytes */${String(size)}` });
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : end - start + 1;
  res.writeHead(range ? 206 : 200, {
    ...base,
    'Content-Length': String(length),
    ...(range ? { 'Content-Range': `bytes ${String(start)}-${String(end)}/${String(size)}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  createReadStream(target.file, { start, end })
    .on('error', () => res.destroy())
    .pipe(res);
}
