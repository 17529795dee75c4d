// The audience benchmark's server: a studio with its audience server on 127.0.0.1 in its own
// process, so that its CPU time is measured apart from the 2,000 clients. Prints `url <ws url>`;
// on stdin, `cpu` answers `cpu <user µs> <system µs> <loop p99 ms>`, `stop` closes and exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createStudio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';

const dataDir = mkdtempSync(join(tmpdir(), 'encore-bench-audience-'));
const studio = createStudio({
  dataDir,
  host: 'test',
  logger: createSilentLogger(),
  audience: { host: '127.0.0.1', port: 0 },
});
const invoke = async (method: string, input: unknown): Promise<Record<string, unknown>> => {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as Record<string, unknown>;
};
const session = await invoke('session.create', { title: 'Fan-out bench' });
await invoke('session.start', { sessionId: session.id });
const info = await invoke('audience.info', { sessionId: session.id });
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.stdout.write(`url ws://127.0.0.1:${String(info.port)}/ws/${String(info.joinCode)}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'cpu') {
    const cpu = process.cpuUsage();
    process.stdout.write(
      `cpu ${String(cpu.user)} ${String(cpu.system)} ${(loop.percentile(99) / 1e6).toFixed(1)}\n`,
    );
    loop.reset();
  } else if (line === 'stop') {
    const events = studio.workspace().db.prepare('SELECT count(*) AS n FROM events').get() as {
      n: number;
    };
    process.stdout.write(`events ${String(events.n)}\n`);
    const closing = studio.audience.close();
    studio.close();
    await closing;
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
}
