// Child process for the recording crash test: a studio with one live session recording the
// fragmented MP4 at argv[3] in random-sized chunks through the studio API. After each
// acknowledged append it prints `ack <bytes in the file>`; the test kills it with SIGKILL
// mid-stream.
import { readFileSync, writeSync } from 'node:fs';
import { createStudio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { randomChunks } from './media';

const [dataDir, source] = process.argv.slice(2);
if (!dataDir || !source) throw new Error('usage: recording-child <data dir> <fragmented mp4>');
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
const session = await invoke('session.create', { title: 'Crash while recording' });
await invoke('session.start', { sessionId: session.id });
const recording = await invoke('recording.start', {
  sessionId: session.id,
  mimeType: 'video/mp4;codecs=avc1,opus',
});
writeSync(1, `recording ${String(recording.id)} ${String(recording.path)}\n`);
const chunks = randomChunks(new Uint8Array(readFileSync(source)), 8_000, 7);
let seq = 0;
for (const bytes of chunks) {
  const ack = await invoke('recording.append', { recordingId: recording.id, seq, bytes });
  writeSync(1, `ack ${String(ack.bytes)}\n`);
  seq += 1;
  // Roughly the pace of a recorder, so the kill lands mid-stream.
  await new Promise((resolve) => setTimeout(resolve, 20));
}
writeSync(1, 'done\n');
