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
    const { db, dir } = studio.workspace();
    const file = join(dir, 'recordings', '1', '1.webm');
    mkdirSync(join(dir, 'recordings', '1'), { recursive: true });
    writeFileSync(file, Buffer.alloc(1000, 7));
    db.prepare(
      `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at) VALUES (1, 'c', 'ended', 1, 2, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, bytes)
       VALUES (1, 1, ?, 'video/webm;codecs=vp8,opus', 'finalised', 1, 1000)`,
    ).run(file);
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
