// Child process for the audience crash test: a studio with its audience server on 127.0.0.1 and
// one live session. Prints `url <ws url>` once it can be joined; the test then chats through it
// and kills this process with SIGKILL at an arbitrary moment.
import { writeSync } from 'node:fs';
import { createStudio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: audience-child <data dir>');
const studio = createStudio({
  dataDir,
  host: 'test',
  logger: createSilentLogger(),
  audience: {
    host: '127.0.0.1',
    port: 0,
    // The test wants many acknowledged writes quickly, not the production rate limits.
    tuning: {
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
const session = await invoke('session.create', { title: 'Crash' });
await invoke('session.start', { sessionId: session.id });
const info = await invoke('audience.info', { sessionId: session.id });
writeSync(1, `url ws://127.0.0.1:${String(info.port)}/ws/${String(info.joinCode)}\n`);
writeSync(1, `session ${String(session.id)}\n`);
