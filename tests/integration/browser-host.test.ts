import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { startBrowserHost, type BrowserHost } from '../../src/main/web-host/browser-host';
import { wsText } from '../../src/main/net/ws-text';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const running: { host: BrowserHost; studio: Studio }[] = [];

afterEach(async () => {
  for (const { host, studio } of running.splice(0)) {
    await host.close();
    studio.close();
  }
});

/** A browser host over a real studio and a tiny stand-in renderer build. */
async function start(): Promise<BrowserHost> {
  const rendererDir = join(tempDir(), 'renderer');
  mkdirSync(join(rendererDir, 'studio'), { recursive: true });
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'studio', 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tempDir(), 'secret.txt'), 'secret');
  const studio = createStudio({ dataDir: tempDir(), host: 'test', logger: createSilentLogger() });
  const host = await startBrowserHost({ studio, rendererDir, port: 0 });
  running.push({ host, studio });
  return host;
}

function base(host: BrowserHost): string {
  return `http://127.0.0.1:${host.port}`;
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`HTTP ${String(res.statusCode)}`)),
    );
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(wsText(data)) as { type: string };
      if (message.type !== 'result') return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('browser host', () => {
  it('listens on loopback and prints a URL with a long random token', async () => {
    const host = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const other = await start();
    expect(other.token).not.toBe(host.token);
  });

  it('refuses pages and assets without the token, or with a wrong one', async () => {
    const host = await start();
    for (const path of [
      '/',
      '/studio/',
      '/assets/app.js',
      `/?token=${host.token.slice(1)}x`,
      '/?token=',
    ]) {
      const res = await fetch(`${base(host)}${path}`);
      expect(res.status, path).toBe(401);
    }
    const wrongCookie = await fetch(`${base(host)}/assets/app.js`, {
      headers: { cookie: 'encore_token=nope' },
    });
    expect(wrongCookie.status).toBe(401);
  });

  it('serves the studio with the token, sets a strict cookie and security headers', async () => {
    const host = await start();
    const res = await fetch(`${base(host)}/?token=${host.token}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>studio</title>');
    expect(res.headers.get('set-cookie')).toMatch(/encore_token=.+; HttpOnly; SameSite=Strict/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const asset = await fetch(`${base(host)}/assets/app.js`, {
      headers: { cookie: `encore_token=${host.token}` },
    });
    expect(asset.status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    const host = await start();
    const cookie = { cookie: `encore_token=${host.token}` };
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%00',
    ]) {
      const res = await fetch(`${base(host)}${path}`, { headers: cookie });
      expect([400, 404], path).toContain(res.status);
    }
  });

  it('refuses the API socket without the token, with a wrong one, or from another origin', async () => {
    const host = await start();
    await expect(openSocket(`ws://127.0.0.1:${host.port}/api`)).rejects.toThrow(/401/);
    await expect(openSocket(`ws://127.0.0.1:${host.port}/api?token=wrong`)).rejects.toThrow(/401/);
    await expect(
      openSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
        origin: 'http://evil.example',
      }),
    ).rejects.toThrow(/401/);
  });

  it('answers API calls with envelopes, including errors, and pushes events', async () => {
    const host = await start();
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
      origin: `http://127.0.0.1:${host.port}`,
    });
    expect(await call(ws, { type: 'invoke', id: 1, method: 'settings.get', input: {} })).toEqual({
      type: 'result',
      id: 1,
      envelope: { ok: true, value: { language: 'zh-CN', timeZone: 'UTC' } },
    });
    expect(await call(ws, { type: 'invoke', id: 2, method: 'no.such', input: {} })).toMatchObject({
      id: 2,
      envelope: { ok: false, error: { code: 'UNKNOWN_METHOD' } },
    });
    expect(
      await call(ws, {
        type: 'invoke',
        id: 3,
        method: 'settings.update',
        input: { language: 'xx' },
      }),
    ).toMatchObject({
      id: 3,
      envelope: { ok: false, error: { code: 'BAD_INPUT' } },
    });
    expect(await call(ws, 'not json')).toMatchObject({
      id: -1,
      envelope: { ok: false, error: { code: 'BAD_INPUT' } },
    });
    expect(await call(ws, { type: 'invoke', id: 'x' })).toMatchObject({ envelope: { ok: false } });

    const event = new Promise((resolve) =>
      ws.on('message', (data) => {
        const message = JSON.parse(wsText(data)) as { type: string };
        if (message.type === 'event') resolve(message);
      }),
    );
    await call(ws, { type: 'invoke', id: 4, method: 'settings.update', input: { language: 'en' } });
    expect(await event).toEqual({
      type: 'event',
      event: 'settings.changed',
      payload: { language: 'en', timeZone: 'UTC' },
    });
    ws.close();
  });

  it('closes a socket that sends an oversized frame, and keeps serving others', async () => {
    const host = await start();
    const url = `ws://127.0.0.1:${host.port}/api?token=${host.token}`;
    const big = await openSocket(url);
    const closed = new Promise<number>((resolve) => big.on('close', (code) => resolve(code)));
    big.send('x'.repeat(300 * 1024));
    expect(await closed).toBe(1009);
    const ok = await openSocket(url);
    expect(
      await call(ok, { type: 'invoke', id: 1, method: 'settings.get', input: {} }),
    ).toMatchObject({
      envelope: { ok: true },
    });
    ok.close();
  });
});
