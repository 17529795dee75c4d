import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { wsText } from '../../src/main/net/ws-text';
import { joinViewer } from '../helpers/audience';
import {
  describeOutcome,
  rawRequest,
  seededRandom,
  type RawOutcome,
  type RawRequest,
} from '../helpers/raw-http';

// The studio's network edges under hostile traffic: raw requests over plain TCP to the browser
// host, the audience server and the HTTP stream path on the audience port, all served by a real
// studio in a child process (a listener that throws ends that process, which is what we check).
// Everything stays on 127.0.0.1.

const CHILD = join(import.meta.dirname, '..', 'helpers', 'hostile-child.ts');
const VALID_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

interface ChildInfo {
  audiencePort: number;
  joinCode: string;
  hostPort: number;
  token: string;
}

let child: ChildProcess;
let info: ChildInfo;
let childOutput = '';
let dataDir = '';

function alive(): boolean {
  return child.exitCode === null && child.signalCode === null;
}

beforeAll(async () => {
  // One folder for the whole file (the child serves from it in every test).
  dataDir = mkdtempSync(join(tmpdir(), 'encore-hostile-'));
  child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (data: Buffer) => (childOutput += data.toString()));
  info = await new Promise<ChildInfo>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child not ready: ${childOutput}`)), 25_000);
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      const line = /^ready (.+)$/m.exec(out);
      if (line?.[1]) {
        clearTimeout(timer);
        resolve(JSON.parse(line[1]) as ChildInfo);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${String(code)}): ${childOutput}`));
    });
  });
}, 30_000);

afterAll(async () => {
  if (alive()) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** The real clients still work: a viewer joins and chats; the studio API answers. */
async function stillServes(): Promise<void> {
  expect(alive(), `the studio process died: ${childOutput.slice(-2_000)}`).toBe(true);
  const viewer = await joinViewer(`ws://127.0.0.1:${info.audiencePort}/ws/${info.joinCode}`);
  const reply = await viewer.act({ type: 'chat', text: 'still here' });
  expect(reply.type).toBe('ack');
  await viewer.close();

  const ws = new WebSocket(`ws://127.0.0.1:${info.hostPort}/api?token=${info.token}`);
  const result = await new Promise<{ ok: boolean }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer from the studio API')), 5_000);
    ws.on('message', (data) => {
      const frame = JSON.parse(wsText(data)) as { type: string; id?: number; envelope?: unknown };
      if (frame.type !== 'result' || frame.id !== 1) return;
      clearTimeout(timer);
      resolve(frame.envelope as { ok: boolean });
    });
    ws.once('open', () =>
      ws.send(JSON.stringify({ type: 'invoke', id: 1, method: 'app.info', input: {} })),
    );
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  ws.close();
  expect(result.ok).toBe(true);
}

type Server = 'audience' | 'host';

interface Row {
  name: string;
  server: Server;
  request: RawRequest;
  /** Besides a 4xx or a close: what else this row may get. */
  allow?: ('101' | '2xx' | 'silent')[];
}

function portOf(server: Server): number {
  return server === 'audience' ? info.audiencePort : info.hostPort;
}

function hostHeader(server: Server): string {
  return `127.0.0.1:${String(portOf(server))}`;
}

function acceptable(row: Row, outcome: RawOutcome): boolean {
  if (outcome.kind === 'closed') return true;
  if (outcome.kind === 'silent') return row.allow?.includes('silent') ?? false;
  if (outcome.kind !== 'status') return false;
  if (outcome.status >= 400 && outcome.status < 500) return true;
  if (outcome.status === 101) return row.allow?.includes('101') ?? false;
  if (outcome.status >= 200 && outcome.status < 300) return row.allow?.includes('2xx') ?? false;
  return false;
}

function head(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function get(server: Server, target: string, extra: string[] = []): RawRequest {
  return { chunks: [head([`GET ${target} HTTP/1.1`, `Host: ${hostHeader(server)}`, ...extra])] };
}

function upgrade(
  server: Server,
  target: string,
  options: { origin?: string; key?: string | null; version?: string | null; extra?: string[] } = {},
): RawRequest {
  const lines = [
    `GET ${target} HTTP/1.1`,
    `Host: ${hostHeader(server)}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
  ];
  const key = options.key === undefined ? VALID_KEY : options.key;
  const version = options.version === undefined ? '13' : options.version;
  if (key !== null) lines.push(`Sec-WebSocket-Key: ${key}`);
  if (version !== null) lines.push(`Sec-WebSocket-Version: ${version}`);
  if (options.origin !== undefined) lines.push(`Origin: ${options.origin}`);
  return { chunks: [head([...lines, ...(options.extra ?? [])])] };
}

/** Request targets no server should choke on. */
function oddTargets(): string[] {
  return [
    '//',
    '///',
    '/\\',
    '\\',
    '%',
    '/%',
    '/%00',
    '/%ff',
    '/%zz',
    '/..%2f..%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/assets/..%5c..%5cpackage.json',
    '//evil.example/',
    '//127.0.0.1/',
    `/${'a'.repeat(6_000)}`,
    `/${'a'.repeat(70_000)}`,
    'http://127.0.0.1/',
    'http://evil.example/x',
    'ws://127.0.0.1/ws/ABCD',
    '127.0.0.1:80',
    '*',
    '/?%',
    '/?token=%',
    `/?token=${'x'.repeat(5_000)}`,
    '/j/%',
    '/j/%2e%2e',
    '/ws/',
    '/ws/%',
    '/ws//',
    '/stream/',
    '/stream/%',
    '/api/',
    '/api?token=%',
  ];
}

function tableRows(): Row[] {
  const rows: Row[] = [];
  const servers: Server[] = ['audience', 'host'];
  const sameOriginOf = (server: Server): string => `http://${hostHeader(server)}`;
  const origins = (server: Server): (string | undefined)[] => [
    undefined,
    'null',
    'http://evil.example',
    '%%%',
    'http://',
    '//',
    'file://',
    `${sameOriginOf(server)}/path`,
    sameOriginOf(server),
  ];
  for (const server of servers) {
    // A path that must be refused with a 4xx on this server whatever the headers.
    const refused = server === 'audience' ? '/assets/studio-only.js' : '/';
    for (const target of oddTargets()) {
      // The viewer page is public: an odd query on it still gets the page.
      const page = server === 'audience' && target.startsWith('/?');
      rows.push({
        name: `GET ${target.slice(0, 40)}`,
        server,
        request: get(server, target),
        ...(page ? { allow: ['2xx' as const] } : {}),
      });
      rows.push({
        name: `upgrade ${target.slice(0, 40)}`,
        server,
        request: upgrade(server, target),
      });
      rows.push({
        name: `upgrade ${target.slice(0, 40)} Origin: null`,
        server,
        request: upgrade(server, target, { origin: 'null' }),
      });
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'BREW', 'get']) {
      rows.push({
        name: `${method} /`,
        server,
        request: {
          chunks: [
            head([`${method} / HTTP/1.1`, `Host: ${hostHeader(server)}`, 'Content-Length: 0']),
          ],
        },
      });
    }
    rows.push({
      name: 'CONNECT authority-form',
      server,
      request: { chunks: [head(['CONNECT 127.0.0.1:22 HTTP/1.1', 'Host: 127.0.0.1:22'])] },
    });
    rows.push({
      name: 'OPTIONS *',
      server,
      request: { chunks: [head(['OPTIONS * HTTP/1.1', `Host: ${hostHeader(server)}`])] },
    });
    const headerRows: [string, string[]][] = [
      ['no Host', [`GET ${refused} HTTP/1.1`]],
      ['two Hosts', [`GET ${refused} HTTP/1.1`, 'Host: a', 'Host: b']],
      ['garbage Host', [`GET ${refused} HTTP/1.1`, 'Host: %%%\u0001']],
      ['empty Host', [`GET ${refused} HTTP/1.1`, 'Host:']],
      ['header without colon', [`GET ${refused} HTTP/1.1`, `Host: ${hostHeader(server)}`, 'Oops']],
      [
        'huge header',
        [`GET ${refused} HTTP/1.1`, `Host: ${hostHeader(server)}`, `X-Big: ${'b'.repeat(40_000)}`],
      ],
      [
        'Content-Length and chunked',
        [
          `GET ${refused} HTTP/1.1`,
          `Host: ${hostHeader(server)}`,
          'Content-Length: 5',
          'Transfer-Encoding: chunked',
        ],
      ],
      [
        'two Content-Lengths',
        [
          `GET ${refused} HTTP/1.1`,
          `Host: ${hostHeader(server)}`,
          'Content-Length: 1',
          'Content-Length: 2',
        ],
      ],
      ['HTTP/0.9', [`GET ${refused}`]],
      ['HTTP/2.0 text', [`GET ${refused} HTTP/2.0`, `Host: ${hostHeader(server)}`]],
      ['HTTP/1.0 without Host', [`GET ${refused} HTTP/1.0`]],
      [
        'odd cookie',
        [`GET ${refused} HTTP/1.1`, `Host: ${hostHeader(server)}`, 'Cookie: ;;==;encore_token'],
      ],
      ['Origin: null', [`GET ${refused} HTTP/1.1`, `Host: ${hostHeader(server)}`, 'Origin: null']],
      [
        'NUL in header',
        [`GET ${refused} HTTP/1.1`, `Host: ${hostHeader(server)}`, 'X-A: a\u0000b'],
      ],
    ];
    for (const [name, lines] of headerRows) {
      rows.push({ name, server, request: { chunks: [head(lines)] } });
    }
    rows.push({
      name: 'binary garbage',
      server,
      request: { chunks: [Buffer.from([0, 255, 1, 254, 13, 10, 13, 10])] },
    });
    rows.push({
      name: 'TLS hello',
      server,
      request: { chunks: [Buffer.from('16030100a5010000a10303', 'hex')] },
    });

    // Upgrades to every path, with and without valid codes and tokens, from every kind of origin.
    const code = info.joinCode;
    const valid =
      server === 'audience'
        ? [`/ws/${code}`, `/ws/${code.toLowerCase()}`, `/stream/${code}`, `/ws/${code}?x=%`]
        : [`/api?token=${info.token}`];
    const invalid =
      server === 'audience'
        ? [
            '/ws/ZZZZ9',
            '/ws/AB',
            `/ws/${code}/x`,
            '/stream/ZZZZ9',
            `/stream/${code}x`,
            '/api',
            '/',
            `/j/${code}`,
          ]
        : [
            '/api',
            '/api?token=',
            `/api?token=${info.token.slice(1)}x`,
            `/api/?token=${info.token}`,
            `/?token=${info.token}`,
            `/ws/${code}`,
          ];
    for (const origin of origins(server)) {
      const goodOrigin = origin === undefined || origin === sameOriginOf(server);
      for (const target of valid) {
        for (const key of [VALID_KEY, 'short', '', null]) {
          for (const version of ['13', '8', 'x', '', null]) {
            // `ws` speaks versions 8 and 13.
            const accepted =
              goodOrigin && key === VALID_KEY && (version === '13' || version === '8');
            rows.push({
              name: `upgrade ${target} origin=${String(origin)} key=${String(key)} version=${String(version)}`,
              server,
              request: upgrade(server, target, { origin, key, version }),
              ...(accepted ? { allow: ['101' as const] } : {}),
            });
          }
        }
      }
      for (const target of invalid) {
        rows.push({
          name: `upgrade ${target} origin=${String(origin)}`,
          server,
          request: upgrade(server, target, { origin }),
        });
      }
    }
    if (server === 'host') {
      rows.push({
        name: 'upgrade with the token cookie from another origin',
        server,
        request: upgrade(server, '/api', {
          origin: 'http://evil.example',
          extra: [`Cookie: encore_token=${info.token}`],
        }),
      });
    }

    // Slow and half-open sockets: held or closed, never a crash.
    rows.push({
      name: 'half-open (nothing sent)',
      server,
      request: { chunks: [''], waitMs: 300 },
      allow: ['silent'],
    });
    rows.push({
      name: 'partial head',
      server,
      request: {
        chunks: [`GET ${refused} HTTP/1.1\r\nHost: ${hostHeader(server)}\r\n`],
        waitMs: 300,
      },
      allow: ['silent'],
    });
    rows.push({
      name: 'partial upgrade head',
      server,
      request: {
        chunks: [
          `GET /ws/${code} HTTP/1.1\r\nHost: ${hostHeader(server)}\r\nUpgrade: websocket\r\n`,
        ],
        waitMs: 300,
      },
      allow: ['silent'],
    });
    rows.push({
      name: 'head one byte at a time',
      server,
      request: { chunks: Array.from(head([`GET ${refused} HTTP/1.1`, 'Host: x'])), gapMs: 2 },
    });
    rows.push({
      name: 'body promised, never sent',
      server,
      request: {
        chunks: [
          head(['POST / HTTP/1.1', `Host: ${hostHeader(server)}`, 'Content-Length: 100000']),
        ],
        waitMs: 300,
      },
      allow: ['silent'],
    });
  }
  return rows;
}

async function runAll<T>(
  items: T[],
  inFlight: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await run(item);
      }
    }),
  );
}

describe('hostile network: raw requests to every server', () => {
  it('answers every odd request with a 4xx or a close, and keeps serving its real clients', async () => {
    await stillServes();
    const failures: string[] = [];
    const rows = tableRows();
    await runAll(rows, 16, async (row) => {
      const outcome = await rawRequest(portOf(row.server), row.request);
      if (!acceptable(row, outcome)) {
        failures.push(`${row.server}: ${row.name} → ${describeOutcome(outcome)}`);
      }
    });
    expect(
      failures.slice(0, 20),
      `${String(failures.length)} of ${String(rows.length)} rows`,
    ).toEqual([]);
    await stillServes();
  }, 120_000);

  it('serves the viewer page and its own assets on the audience port, never a studio-only chunk', async () => {
    const base = `http://127.0.0.1:${info.audiencePort}`;
    expect((await fetch(`${base}/j/${info.joinCode}`)).status).toBe(200);
    expect((await fetch(`${base}/assets/viewer-main.js`)).status).toBe(200);
    expect((await fetch(`${base}/assets/shared-chunk.js`)).status).toBe(200);
    expect((await fetch(`${base}/assets/studio-only.js`)).status).toBe(404);
  });
});

// ---- fuzz ------------------------------------------------------------------------------------

const FUZZ_PER_SERVER = 10_000;
const FUZZ_IN_FLIGHT = 32;
/**
 * A bound, not a target: one kind takes about 7 s on a quiet 2-core machine; the count must still
 * be reached within this, so a hang shows up as a failure instead of a stuck run.
 */
const FUZZ_DEADLINE_MS = 60_000;

type FuzzTarget = 'host' | 'audience' | 'stream';

function fuzzRequest(random: () => number, target: FuzzTarget): RawRequest {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const server: Server = target === 'host' ? 'host' : 'audience';
  const chars = Array.from('aZ09/\\%.?#&=;:@!$*+,~-_ \t\u0000\u007f\u00e9\u4e2d');
  const noise = (max: number): string =>
    Array.from({ length: Math.floor(random() * max) }, () => pick(chars)).join('');
  if (random() < 0.03) {
    const bytes = Buffer.alloc(Math.floor(random() * 200));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    return { chunks: [bytes], waitMs: 150 };
  }
  const prefixes: Record<FuzzTarget, string[]> = {
    host: [
      '/',
      '/api',
      '/api?token=',
      `/api?token=${info.token}`,
      '/assets/',
      '/exports/',
      '/studio/',
      '//',
      '/\\',
    ],
    audience: [
      '/',
      '/j/',
      `/j/${info.joinCode}`,
      '/ws/',
      `/ws/${info.joinCode}`,
      '/assets/',
      '//',
      '/\\',
      '%',
    ],
    stream: [
      '/stream/',
      `/stream/${info.joinCode}`,
      '/stream//',
      '/stream/%',
      '//stream/',
      '/\\stream/',
    ],
  };
  const path = pick(prefixes[target]) + (random() < 0.7 ? noise(12) : '');
  const method = pick([
    'GET',
    'GET',
    'GET',
    'HEAD',
    'POST',
    'PUT',
    'OPTIONS',
    'CONNECT',
    'G\u00e9T',
    noise(6),
  ]);
  const version = pick([
    'HTTP/1.1',
    'HTTP/1.1',
    'HTTP/1.1',
    'HTTP/1.0',
    'HTTP/2.0',
    'HTTP/9',
    noise(4),
  ]);
  const lines = [`${method} ${path} ${version}`];
  const host = hostHeader(server);
  const headerPool: (() => string)[] = [
    () => `Host: ${host}`,
    () => `Host: ${host}`,
    () => `Host: ${noise(10)}`,
    () => 'Upgrade: websocket',
    () => 'Upgrade: websocket',
    () => 'Connection: Upgrade',
    () => 'Connection: Upgrade',
    () => `Sec-WebSocket-Key: ${pick([VALID_KEY, VALID_KEY, noise(24), ''])}`,
    () => `Sec-WebSocket-Version: ${pick(['13', '13', '8', noise(3)])}`,
    () =>
      `Origin: ${pick(['null', `http://${host}`, 'http://evil.example', noise(16), '', '//', 'http://'])}`,
    () => `Cookie: ${pick([`encore_token=${info.token}`, 'encore_token=', noise(20)])}`,
    () => `Content-Length: ${pick(['0', '5', '-1', '99999999999999999999', noise(4)])}`,
    () => 'Transfer-Encoding: chunked',
    () => `${noise(8)}: ${noise(20)}`,
    () => noise(30),
  ];
  const count = Math.floor(random() * 8);
  for (let i = 0; i < count; i++) lines.push(pick(headerPool)());
  let text = `${lines.join('\r\n')}\r\n\r\n`;
  if (random() < 0.1) text += noise(40);
  // A few are cut short: the server is left with a half-sent request.
  if (random() < 0.04)
    return { chunks: [text.slice(0, Math.floor(random() * text.length))], waitMs: 150 };
  return { chunks: [text], waitMs: 1_500 };
}

describe('hostile network: fuzz', () => {
  it('survives 10,000 seeded random raw requests per server and keeps serving', async () => {
    const seed = Number(process.env.HOSTILE_FUZZ_SEED ?? Date.now() % 1_000_000_000);
    const random = seededRandom(seed);
    const failures: string[] = [];
    for (const target of ['host', 'audience', 'stream'] as const) {
      const port = portOf(target === 'host' ? 'host' : 'audience');
      const started = Date.now();
      let sent = 0;
      const items = Array.from({ length: FUZZ_PER_SERVER }, (_, i) => i);
      await runAll(items, FUZZ_IN_FLIGHT, async () => {
        if (Date.now() - started > FUZZ_DEADLINE_MS || failures.length > 0) return;
        const request = fuzzRequest(random, target);
        const outcome = await rawRequest(port, request);
        sent += 1;
        const serverError = outcome.kind === 'status' && outcome.status >= 500;
        if (outcome.kind === 'refused' || serverError || !alive()) {
          failures.push(
            `${target}: ${JSON.stringify(String(request.chunks[0]).slice(0, 300))} → ${describeOutcome(outcome)}`,
          );
        }
      });
      expect(
        failures,
        `seed ${String(seed)} (HOSTILE_FUZZ_SEED=${String(seed)} replays it)`,
      ).toEqual([]);
      expect(sent, `seed ${String(seed)}: ${target} fuzz ran out of time`).toBe(FUZZ_PER_SERVER);
    }
    await stillServes();
  }, 240_000);
});
