import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';
import { createStudio, type Studio } from '../src/main/app/create-studio';
import { RENDERER_OUT_DIR } from '../src/main/cli/project-paths';
import { ensureBuilt } from '../src/main/cli/run-build';
import { createSilentLogger } from '../src/main/kernel/logger';
import { wsText } from '../src/main/net/ws-text';

// A join storm on loopback: N page loads (the viewer page, every asset it names, then the
// audience socket's join) measured until the first frame carrying a chat message arrives, against
// the studio's audience server and, in the same invocation, against a baseline: the same files
// served uncompressed from memory by a bare node:http server and a bare ws server that answers a
// join with one pre-built chat frame. Clients are plain Node (not browsers), `concurrency` at a
// time; each load has its own keep-alive agent of 6 sockets, like a browser's.
//
// `npm run bench viewer-page`, or directly:
//   npx tsx bench/viewer-page.ts --loads 500 --concurrency 50

const LOAD_TIMEOUT_MS = 15_000;
const ACCEPT_ENCODING = 'gzip, deflate, br';

export interface StormOptions {
  loads?: number;
  concurrency?: number;
}

interface Target {
  origin: string;
  pagePath: string;
  wsUrl: string;
}

interface StormResult {
  loads: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Bytes of the page and its assets as received (compressed when the server compressed). */
  bytesPerLoad: number;
  seconds: number;
}

/** Fetches one file as a phone would (compression offered) and counts the bytes received. */
function fetchBytes(agent: Agent, origin: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}${path}`,
      { agent, headers: { 'Accept-Encoding': ACCEPT_ENCODING } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: HTTP ${String(res.statusCode)}`));
          else resolve(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The assets a built viewer page names (script, preloads, stylesheet, icon). */
function assetPaths(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="\.\.\/assets\/([^"]+)"/g)].map(
    (match) => `/assets/${match[1] ?? ''}`,
  );
}

function hasChat(text: string): boolean {
  if (!text.includes('"chat')) return false;
  const frame = JSON.parse(text) as {
    type: string;
    frames?: unknown[];
    state?: { chat?: unknown[] };
  };
  const frames = frame.type === 'batch' ? (frame.frames ?? []) : [frame];
  return frames.some((f) => {
    const one = f as { type: string; state?: { chat?: unknown[] } };
    return one.type === 'chat' || (one.type === 'welcome' && (one.state?.chat?.length ?? 0) > 0);
  });
}

function joinUntilChat(wsUrl: string, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const timer = setTimeout(() => finish(new Error('no chat frame in time')), LOAD_TIMEOUT_MS);
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      ws.removeAllListeners('message');
      ws.on('error', () => undefined);
      ws.terminate();
      if (error) reject(error);
      else resolve();
    };
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          type: 'join',
          protocol: 1,
          deviceToken: `bench-device-${String(index).padStart(8, '0')}`,
          name: `Learner ${String(index)}`,
        }),
      ),
    );
    ws.on('message', (data) => {
      try {
        if (hasChat(wsText(data))) finish();
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    });
    ws.on('error', (error) => finish(error));
  });
}

async function oneLoad(target: Target, index: number): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const agent = new Agent({ keepAlive: true, maxSockets: 6 });
  try {
    // The page, then what it names (the list is read from the built page once, in run()).
    const page = await fetchBytes(agent, target.origin, target.pagePath);
    const assets = await Promise.all(ASSETS.map((path) => fetchBytes(agent, target.origin, path)));
    await joinUntilChat(target.wsUrl, index);
    const bytes = page + assets.reduce((sum, asset) => sum + asset, 0);
    return { ms: performance.now() - started, bytes };
  } finally {
    agent.destroy();
  }
}

let ASSETS: string[] = [];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number((sorted[Math.max(0, index)] ?? 0).toFixed(1));
}

async function storm(target: Target, loads: number, concurrency: number): Promise<StormResult> {
  const started = performance.now();
  const times: number[] = [];
  let bytes = 0;
  let failed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < loads) {
      const index = next++;
      try {
        const load = await oneLoad(target, index);
        times.push(load.ms);
        bytes = load.bytes;
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, loads) }, () => worker()));
  times.sort((a, b) => a - b);
  return {
    loads,
    failed,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: percentile(times, 100),
    bytesPerLoad: bytes,
    seconds: Number(((performance.now() - started) / 1_000).toFixed(2)),
  };
}

async function startStudioTarget(dataDir: string): Promise<{ studio: Studio; target: Target }> {
  const studio = createStudio({
    dataDir,
    host: 'test',
    logger: createSilentLogger(),
    audience: { host: '127.0.0.1', port: 0, rendererDir: RENDERER_OUT_DIR },
    webrtc: { enabled: false },
  });
  const invoke = async (method: string, input: unknown): Promise<Record<string, unknown>> => {
    const envelope = await studio.router.handle(method, input, { transport: 'test' });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as Record<string, unknown>;
  };
  const session = await invoke('session.create', { title: 'Join storm' });
  await invoke('session.start', { sessionId: session.id });
  const info = await invoke('audience.info', { sessionId: session.id });
  const origin = `http://127.0.0.1:${String(info.port)}`;
  const target = {
    origin,
    pagePath: `/j/${String(info.joinCode)}`,
    wsUrl: `ws://127.0.0.1:${String(info.port)}/ws/${String(info.joinCode)}`,
  };
  // The teacher's welcome line, so that every join's welcome carries chat.
  const teacher = new WebSocket(target.wsUrl);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack for the first chat')), LOAD_TIMEOUT_MS);
    teacher.on('open', () => {
      teacher.send(
        JSON.stringify({
          type: 'join',
          protocol: 1,
          deviceToken: 'bench-teacher-0001',
          name: 'Dana',
        }),
      );
      teacher.send(JSON.stringify({ type: 'chat', id: 'benchchat0001', text: 'Welcome!' }));
    });
    teacher.on('message', (data) => {
      if (wsText(data).includes('"ack"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    teacher.on('error', reject);
  });
  teacher.terminate();
  return { studio, target };
}

/** The baseline: the same files, uncompressed from memory; a ws server with one chat frame. */
async function startBaseline(): Promise<{ close: () => Promise<void>; target: Target }> {
  const files = new Map<string, Buffer>();
  files.set('/j/BASE', readFileSync(join(RENDERER_OUT_DIR, 'viewer', 'index.html')));
  for (const path of ASSETS) files.set(path, readFileSync(join(RENDERER_OUT_DIR, path)));
  const server: Server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Length': String(body.length) }).end(body);
  });
  const chat = JSON.stringify({
    type: 'chat',
    message: { id: 'm1', viewerId: 'v1', name: 'Dana', text: 'Welcome!', at: Date.now() },
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => {
    ws.once('message', () => ws.send(chat));
    ws.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    target: {
      origin: `http://127.0.0.1:${String(port)}`,
      pagePath: '/j/BASE',
      wsUrl: `ws://127.0.0.1:${String(port)}/ws/BASE`,
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function run(options: StormOptions = {}): Promise<Record<string, unknown>> {
  const loads = Math.max(1, Math.min(options.loads ?? 500, 5_000));
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 50, 500));
  ensureBuilt((line) => console.error(line));
  ASSETS = assetPaths(readFileSync(join(RENDERER_OUT_DIR, 'viewer', 'index.html'), 'utf8'));
  const dataDir = mkdtempSync(join(tmpdir(), 'encore-bench-viewer-'));
  let studio: Studio | null = null;
  let baseline: Awaited<ReturnType<typeof startBaseline>> | null = null;
  try {
    const started = await startStudioTarget(dataDir);
    studio = started.studio;
    baseline = await startBaseline();
    // One load each first: the studio compresses its files once (warm), both JITs warm up.
    await oneLoad(started.target, -1);
    await oneLoad(baseline.target, -2);
    const studioResult = await storm(started.target, loads, concurrency);
    const baselineResult = await storm(baseline.target, loads, concurrency);
    return {
      loads,
      concurrency,
      assets: ASSETS,
      studio: studioResult,
      baseline: baselineResult,
      p50Ratio: Number((studioResult.p50Ms / Math.max(baselineResult.p50Ms, 0.1)).toFixed(2)),
      p99Ratio: Number((studioResult.p99Ms / Math.max(baselineResult.p99Ms, 0.1)).toFixed(2)),
      bytesRatio: Number(
        (studioResult.bytesPerLoad / Math.max(baselineResult.bytesPerLoad, 1)).toFixed(3),
      ),
      note: 'servers and clients share this process; loopback; clients do not decompress',
      loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      cpus: availableParallelism(),
    };
  } finally {
    await baseline?.close();
    if (studio) {
      const closing = studio.audience.close();
      studio.close();
      await closing;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { loads: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const number = (text: string | undefined, name: string): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  const result = await run({
    loads: number(values.loads, 'loads'),
    concurrency: number(values.concurrency, 'concurrency'),
  });
  console.log(JSON.stringify(result, null, 2));
}
