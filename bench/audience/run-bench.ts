import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HUB_TUNING } from '../../src/main/audience/hub/tuning';
import type {
  ClientCommand,
  ClientEvent,
  ClientStats,
  LoopDelay,
  ServerCommand,
  ServerEvent,
} from './protocol';

// The audience benchmark: the studio's audience server and a bare `ws` baseline, one after the
// other, each in a process of its own, against the SAME client processes (bench/audience/
// client-child.ts), on 127.0.0.1. Every chat a viewer sent ends acknowledged, refused (by reason)
// or lost; deliveries are counted until the last one arrives (a drain bounded in time); latency
// percentiles, server and client CPU; for the studio, persisted rows = acknowledged.

export interface AudienceBenchOptions {
  viewers: number;
  /** Chat messages per second, across the class. */
  chat: number;
  /** Reactions per second, across the class. */
  reactions: number;
  seconds: number;
  /** The outbound window of both servers (ms); the studio's default when null. */
  windowMs: number | null;
  clientProcs: number;
  /** How long deliveries and answers may still arrive once sending stopped. */
  drainMs: number;
}

export const DEFAULT_DRAIN_MS = 10_000;
const HERE = dirname(fileURLToPath(import.meta.url));
const STEP_TIMEOUT_MS = 120_000;

interface Outcome {
  sent: number;
  acknowledged: number;
  refused: Record<string, number>;
  lost: number;
}

export interface TargetResult {
  viewersJoined: number;
  joinFailures: number;
  chat: Outcome;
  reactions: Outcome;
  deliveries: { expected: number; counted: number; missing: number; drainMs: number };
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  serverCpuPercentOfOneCore: number;
  /** How late the server's event loop ran during the run (p50, p99, max). */
  serverLoopDelayMs: LoopDelay | null;
  clientCpuPercentOfOneCore: number;
  /** What the server stored (the studio's database; the baseline's counters). */
  persisted: { chat: number; reactions: number };
  socketErrors: number;
  closedEarly: number;
}

export interface AudienceBenchResult {
  machine: { node: string; cpus: number; cpu: string; loadAverage: number[] };
  options: AudienceBenchOptions;
  studio: TargetResult;
  baseline: TargetResult;
  /** studio ÷ baseline: p99 delivery latency (the acceptance figure), p50, server CPU. */
  ratio: { p99: number | null; p50: number | null; serverCpu: number | null };
  loadAverageAfter: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A child process spoken to over IPC: `next` waits (bounded) for its next event of a kind. */
class Child<Command, Event extends { ev: string }> {
  readonly #process: ChildProcess;
  readonly #events: Event[] = [];
  #wake: (() => void) | null = null;
  #exited = false;

  constructor(file: string, args: string[]) {
    this.#process = fork(join(HERE, file), args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#process.on('message', (event: Event) => {
      this.#events.push(event);
      this.#wake?.();
    });
    this.#process.on('exit', () => {
      this.#exited = true;
      this.#wake?.();
    });
    this.#process.on('error', () => undefined);
  }

  send(command: Command): void {
    if (!this.#exited && this.#process.connected) this.#process.send(command as object);
  }

  async next<K extends Event['ev']>(
    ev: K,
    timeoutMs = STEP_TIMEOUT_MS,
  ): Promise<Extract<Event, { ev: K }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.#events.findIndex((event) => event.ev === ev);
      if (at >= 0) return this.#events.splice(at, 1)[0] as Extract<Event, { ev: K }>;
      if (this.#exited) throw new Error(`a bench process exited while waiting for ${ev}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`a bench process did not answer ${ev} in time`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  kill(): void {
    if (!this.#exited) this.#process.kill('SIGKILL');
  }
}

type ClientProc = Child<ClientCommand, ClientEvent>;
type ServerProc = Child<ServerCommand, ServerEvent>;

function percentile(histogram: Map<number, number>, total: number, p: number): number | null {
  if (total === 0) return null;
  const target = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const ms of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(ms) ?? 0;
    if (seen >= target) return ms;
  }
  return null;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function sumRefused(into: Record<string, number>, from: Record<string, number>): void {
  for (const [code, n] of Object.entries(from)) into[code] = (into[code] ?? 0) + n;
}

async function allStats(clients: ClientProc[]): Promise<ClientStats[]> {
  for (const client of clients) client.send({ cmd: 'stats' });
  return Promise.all(clients.map(async (client) => (await client.next('stats')).stats));
}

async function measure(
  target: 'studio' | 'baseline',
  clients: ClientProc[],
  options: AudienceBenchOptions,
): Promise<TargetResult> {
  const file = target === 'studio' ? 'server-child.ts' : 'baseline-child.ts';
  const windowArg =
    options.windowMs === null
      ? target === 'studio'
        ? 'default'
        : String(DEFAULT_HUB_TUNING.outboundWindowMs)
      : String(options.windowMs);
  const server: ServerProc = new Child(file, [windowArg]);
  try {
    const { url } = await server.next('url');
    // Viewers spread evenly over the client processes; each joins before anything is measured.
    const shares = clients.map(
      (_, i) =>
        Math.floor(options.viewers / clients.length) +
        (i < options.viewers % clients.length ? 1 : 0),
    );
    let from = 0;
    clients.forEach((client, i) => {
      client.send({ cmd: 'connect', url, from, count: shares[i] ?? 0, tag: target.slice(0, 1) });
      from += shares[i] ?? 0;
    });
    const connected = await Promise.all(clients.map((client) => client.next('connected')));
    const joined = connected.reduce((sum, c) => sum + c.joined, 0);
    for (const client of clients) client.send({ cmd: 'reset' });
    server.send({ cmd: 'cpu' });
    const cpuBefore = (await server.next('cpu')).micros;
    const started = Date.now();
    clients.forEach((client, i) => {
      const share = (shares[i] ?? 0) / Math.max(1, options.viewers);
      client.send({
        cmd: 'run',
        seconds: options.seconds,
        chatPerSecond: options.chat * share,
        reactionsPerSecond: options.reactions * share,
      });
    });
    await Promise.all(
      clients.map((client) => client.next('ran', options.seconds * 1_000 + STEP_TIMEOUT_MS)),
    );
    // The drain: until every chat and reaction is answered and every delivery counted, bounded.
    const drainStarted = Date.now();
    let stats = await allStats(clients);
    for (;;) {
      const acked = stats.reduce((sum, s) => sum + s.chat.acknowledged, 0);
      const pending = stats.reduce((sum, s) => sum + s.chat.pending + s.reactions.pending, 0);
      const delivered = stats.reduce((sum, s) => sum + s.delivered, 0);
      if (pending === 0 && delivered >= acked * joined) break;
      if (Date.now() - drainStarted >= options.drainMs) break;
      await sleep(100);
      stats = await allStats(clients);
    }
    const drainMs = Date.now() - drainStarted;
    server.send({ cmd: 'cpu' });
    const { micros: cpuAfter, loopDelayMs } = await server.next('cpu');
    const wallMs = Date.now() - started;
    server.send({ cmd: 'rows' });
    const rows = await server.next('rows');

    const histogram = new Map<number, number>();
    const chat: Outcome = { sent: 0, acknowledged: 0, refused: {}, lost: 0 };
    const reactions: Outcome = { sent: 0, acknowledged: 0, refused: {}, lost: 0 };
    let delivered = 0;
    let clientCpu = 0;
    let socketErrors = 0;
    let closedEarly = 0;
    for (const s of stats) {
      for (const [ms, n] of s.histogram) histogram.set(ms, (histogram.get(ms) ?? 0) + n);
      for (const [into, from] of [
        [chat, s.chat],
        [reactions, s.reactions],
      ] as const) {
        into.sent += from.sent;
        into.acknowledged += from.acknowledged;
        into.lost += from.pending;
        sumRefused(into.refused, from.refused);
      }
      delivered += s.delivered;
      clientCpu += s.cpuMicros;
      socketErrors += s.socketErrors;
      closedEarly += s.closedEarly;
    }
    const expected = chat.acknowledged * joined;
    return {
      viewersJoined: joined,
      joinFailures: connected.reduce((sum, c) => sum + c.failed, 0),
      chat,
      reactions,
      deliveries: {
        expected,
        counted: delivered,
        missing: Math.max(0, expected - delivered),
        drainMs,
      },
      latencyMs: {
        p50: percentile(histogram, delivered, 50),
        p95: percentile(histogram, delivered, 95),
        p99: percentile(histogram, delivered, 99),
        max: percentile(histogram, delivered, 100),
      },
      serverCpuPercentOfOneCore: round1(((cpuAfter - cpuBefore) / 1_000 / wallMs) * 100),
      serverLoopDelayMs: loopDelayMs ?? null,
      clientCpuPercentOfOneCore: round1((clientCpu / 1_000 / wallMs) * 100),
      persisted: { chat: rows.chat, reactions: rows.reactions },
      socketErrors,
      closedEarly,
    };
  } finally {
    for (const client of clients) client.send({ cmd: 'close' });
    await Promise.allSettled(clients.map((client) => client.next('closed', 10_000)));
    server.send({ cmd: 'stop' });
    await server.next('stopped', 10_000).catch(() => undefined);
    server.kill();
  }
}

const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100;

/** Runs the studio, then the baseline, with the same client processes; always ends them all. */
export async function runAudienceBench(
  options: AudienceBenchOptions,
): Promise<AudienceBenchResult> {
  const loadAverage = loadavg().map((n) => Number(n.toFixed(2)));
  const clients: ClientProc[] = [];
  const killAll = (): void => {
    for (const client of clients) client.kill();
  };
  process.once('exit', killAll);
  try {
    for (let i = 0; i < options.clientProcs; i++) clients.push(new Child('client-child.ts', []));
    await Promise.all(clients.map((client) => client.next('ready')));
    const studio = await measure('studio', clients, options);
    const baseline = await measure('baseline', clients, options);
    return {
      machine: {
        node: process.version,
        cpus: availableParallelism(),
        cpu: cpus()[0]?.model ?? 'unknown',
        loadAverage,
      },
      options,
      studio,
      baseline,
      ratio: {
        p99: ratio(studio.latencyMs.p99, baseline.latencyMs.p99),
        p50: ratio(studio.latencyMs.p50, baseline.latencyMs.p50),
        serverCpu: ratio(studio.serverCpuPercentOfOneCore, baseline.serverCpuPercentOfOneCore),
      },
      loadAverageAfter: loadavg().map((n) => Number(n.toFixed(2))),
    };
  } finally {
    killAll();
    process.removeListener('exit', killAll);
  }
}
