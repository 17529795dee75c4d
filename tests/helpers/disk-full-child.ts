// Child process for the disk-full test: a studio whose data directory is on a small tmpfs, with its
// audience server on 127.0.0.1 and short presence/tick timers so that they fire within the test.
// On first start it creates and starts a session; on a restart it resumes it. Prints
// `url <ws url>` once the class can be joined, then answers line commands on stdin:
// `health` → `health <json envelope of studio.health>`, `quit` → closes the studio and exits.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createStudio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: disk-full-child <data dir>');
const studio = createStudio({
  dataDir,
  host: 'test',
  logger: createSilentLogger(),
  audience: {
    host: '127.0.0.1',
    port: 0,
    tuning: {
      presenceGraceMs: 200,
      tickMs: 50,
      connectionBucket: { ratePerSecond: 100_000, burst: 100_000 },
      actionBucket: { ratePerSecond: 100_000, burst: 100_000 },
    },
  },
});
const invoke = async (method: string, input: unknown): Promise<Record<string, unknown>> => {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as Record<string, unknown>;
};
const sessions = (await invoke('library.sessions', {})) as unknown as {
  id: number;
  status: string;
}[];
let sessionId = sessions.find((s) => s.status === 'live')?.id;
if (sessionId === undefined) {
  const session = await invoke('session.create', { title: 'Disk full' });
  sessionId = session.id as number;
  await invoke('session.start', { sessionId });
}
const info = await invoke('audience.info', { sessionId });
writeSync(1, `url ws://127.0.0.1:${String(info.port)}/ws/${String(info.joinCode)}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'health') {
    const envelope = await studio.router.handle('studio.health', {}, { transport: 'test' });
    writeSync(1, `health ${JSON.stringify(envelope)}\n`);
  } else if (line === 'quit') {
    const closing = studio.audience.close();
    studio.close();
    await closing;
    writeSync(1, 'bye\n');
    process.exit(0);
  }
}
