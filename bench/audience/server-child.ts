// The audience benchmark's studio: a studio with its audience server on 127.0.0.1 in its own
// process, so that its CPU time is measured apart from the clients. argv[2]: the outbound window
// in ms (or `default`). Speaks bench/audience/protocol.ts over IPC: reports its url, answers
// `cpu` (process.cpuUsage, µs) and `rows` (what the class's database holds: viewers' chat
// messages and the sum of reaction counts), and on `stop` closes the studio and exits.
// With BENCH_AUDIENCE_CPU_PROFILE=<file>, the V8 CPU profile of the measured interval (from the
// first `cpu` to the second) is written to <file> (open it in Chrome DevTools or speedscope).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { loopDelayMeter, type ServerCommand, type ServerEvent } from './protocol';

const windowArg = process.argv[2] ?? 'default';
const outboundWindowMs = windowArg === 'default' ? undefined : Number(windowArg);
const dataDir = mkdtempSync(join(tmpdir(), 'encore-bench-audience-'));
const send = (event: ServerEvent): void => {
  process.send?.(event);
};
const studio = createStudio({
  dataDir,
  host: 'test',
  logger: createSilentLogger(),
  audience: {
    host: '127.0.0.1',
    port: 0,
    ...(outboundWindowMs === undefined ? {} : { tuning: { outboundWindowMs } }),
  },
});
let stopped = false;
const stop = async (): Promise<void> => {
  if (stopped) return;
  stopped = true;
  try {
    const closing = studio.audience.close();
    studio.close();
    await closing;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};
process.on('disconnect', () => {
  void stop().finally(() => process.exit(0));
});

const invoke = async (method: string, input: unknown): Promise<Record<string, unknown>> => {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as Record<string, unknown>;
};
const session = await invoke('session.create', { title: 'Fan-out bench' });
await invoke('session.start', { sessionId: session.id });
const info = await invoke('audience.info', { sessionId: session.id });

const profileFile = process.env.BENCH_AUDIENCE_CPU_PROFILE ?? '';
let profiler: Session | null = null;
/** The first `cpu` starts the profile, the second writes it (when a profile was asked for). */
const profile = (): void => {
  if (profileFile === '') return;
  if (profiler === null) {
    profiler = new Session();
    profiler.connect();
    profiler.post('Profiler.enable', () => profiler?.post('Profiler.start'));
    return;
  }
  profiler.post('Profiler.stop', (error, result) => {
    if (error) console.error(`bench:audience: no profile: ${error.message}`);
    else writeFileSync(profileFile, JSON.stringify(result.profile));
  });
};

const loopDelay = loopDelayMeter();
process.on('message', (command: ServerCommand) => {
  if (command.cmd === 'cpu') {
    profile();
    const cpu = process.cpuUsage();
    const loopDelayMs = loopDelay();
    send({ ev: 'cpu', micros: cpu.user + cpu.system, ...(loopDelayMs ? { loopDelayMs } : {}) });
  } else if (command.cmd === 'rows') {
    // The bench reads the studio's database directly: persisted = acknowledged is the check.
    const db = studio.workspace().db;
    const chat = db
      .prepare('SELECT count(*) AS n FROM chat_messages WHERE session_id = ? AND from_host = 0')
      .get(session.id) as { n: number };
    const reactions = db
      .prepare('SELECT ifnull(sum(count), 0) AS n FROM reaction_counts WHERE session_id = ?')
      .get(session.id) as { n: number };
    send({ ev: 'rows', chat: chat.n, reactions: reactions.n });
  } else {
    void stop().finally(() => {
      send({ ev: 'stopped' });
      process.exit(0);
    });
  }
});
send({ ev: 'url', url: `ws://127.0.0.1:${String(info.port)}/ws/${String(info.joinCode)}` });
