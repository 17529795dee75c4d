import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { startBrowserHost, type BrowserHost } from '../../src/main/web-host/browser-host';
import { useTempDirs } from '../helpers/temp-dir';

// The Review player's recordings through the browser host: the token, byte ranges, and nothing
// but a recording row's own file.

const tempDir = useTempDirs();
const running: { host: BrowserHost; studio: Studio }[] = [];

afterEach(async () => {
  for (const { host, studio } of running.splice(0)) {
    await host.close();
    studio.close();
  }
});

/** An ended class (id 1) with one finalised recording (id 1) of `bytes` bytes in the workspace. */
function addRecording(studio: Studio, bytes: number, mimeType: string): void {
  const { db, dir } = studio.workspace();
  const file = join(dir, 'recordings', '1', '1.webm');
  mkdirSync(join(dir, 'recordings', '1'), { recursive: true });
  writeFileSync(file, Buffer.alloc(bytes, 7));
  db.prepare(
    `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at) VALUES (1, 'c', 'ended', 1, 2, 1)`,
  ).run();
  db.prepare(
    `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes)
     VALUES (1, 1, ?, ?, 'finalised', 1, 2, ?)`,
  ).run(file, mimeType, bytes);
}

/** The first part's URL of the first class in Review's list. */
async function firstPartUrl(studio: Studio): Promise<string | undefined> {
  const list = await studio.router.handle('review.list', {}, { transport: 'test' });
  if (!list.ok) throw new Error(list.error.message);
  return (list.value as { parts: { url: string }[] }[])[0]?.parts[0]?.url;
}

describe('browser host: /media/recordings/<id>', () => {
  it('serves a recording by range with the token, and refuses without it', async () => {
    const rendererDir = join(tempDir(), 'renderer');
    mkdirSync(join(rendererDir, 'studio'), { recursive: true });
    writeFileSync(
      join(rendererDir, 'studio', 'index.html'),
      '<!doctype html><title>studio</title>',
    );
    const studio = createStudio({ dataDir: tempDir(), host: 'test', logger: createSilentLogger() });
    const host = await startBrowserHost({ studio, rendererDir, port: 0 });
    running.push({ host, studio });
    addRecording(studio, 1000, 'video/webm;codecs=vp8,opus');
    const base = `http://127.0.0.1:${String(host.port)}`;
    expect((await fetch(`${base}/media/recordings/1`)).status).toBe(401);
    const res = await fetch(`${base}/media/recordings/1?token=${host.token}`, {
      headers: { Range: 'bytes=100-199' },
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('video/webm');
    expect(res.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect((await res.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(`${base}/media/recordings/2?token=${host.token}`)).status).toBe(404);
    expect((await fetch(`${base}/media/recordings/..%2f1?token=${host.token}`)).status).toBe(404);
  });
});

describe('desktop app: recordings on the audience server, loopback only, behind a token', () => {
  it("gives Review's parts absolute loopback URLs that play by range; a guessed token gets 404", async () => {
    const studio = createStudio({
      dataDir: tempDir(),
      host: 'test',
      logger: createSilentLogger(),
      audience: { host: '127.0.0.1', port: 0 },
      mediaOverLoopback: true,
    });
    const closeStudio = async (): Promise<void> => {
      const closing = studio.audience.close();
      studio.close();
      await closing;
    };
    try {
      await studio.audience.ready();
      addRecording(studio, 1000, 'video/webm;codecs=vp8,opus');
      const url = (await firstPartUrl(studio)) ?? '';
      const origin = `http://127.0.0.1:${String(studio.audience.port)}`;
      expect(url).toMatch(
        new RegExp(`^${origin}/studio-media/[A-Za-z0-9_-]{32}/media/recordings/1$`),
      );
      const timeline = await studio.router.handle(
        'review.timeline',
        { sessionId: 1 },
        { transport: 'test' },
      );
      if (!timeline.ok) throw new Error(timeline.error.message);
      expect((timeline.value as { class: { parts: { url: string }[] } }).class.parts[0]?.url).toBe(
        url,
      );

      const res = await fetch(url, { headers: { Range: 'bytes=100-199' } });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-type')).toBe('video/webm');
      expect(res.headers.get('content-range')).toBe('bytes 100-199/1000');
      expect((await res.arrayBuffer()).byteLength).toBe(100);
      // Any other token, or a path past the recordings, is the server's plain 404.
      const token = /studio-media\/([^/]+)\//.exec(url)?.[1] ?? '';
      const other = url.replace(token, `${token.slice(1)}x`);
      expect((await fetch(other)).status).toBe(404);
      expect((await fetch(url.replace(/1$/, '2'))).status).toBe(404);
      expect((await fetch(url.replace(/recordings\/1$/, 'recordings/..%2f1'))).status).toBe(404);
      expect((await fetch(`${origin}/studio-media/${token}`)).status).toBe(404);
    } finally {
      await closeStudio();
    }
  });

  it('leaves the media paths relative for the browser host', async () => {
    const studio = createStudio({ dataDir: tempDir(), host: 'test', logger: createSilentLogger() });
    try {
      addRecording(studio, 10, 'video/webm');
      expect(await firstPartUrl(studio)).toBe('/media/recordings/1');
    } finally {
      studio.close();
    }
  });
});
