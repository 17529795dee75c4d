// Child process for the hostile-network tests: a real studio with its audience server (and the
// HTTP stream relay on the same port) and the browser host, all on 127.0.0.1, with one live
// session. A listener that throws ends this process, which the test then sees: that is the
// point of running the servers here and not in the test's own process.
// Prints one line `ready <json>` with the ports, the token and the join code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSync } from 'node:fs';
import { createStudio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { startBrowserHost } from '../../src/main/web-host/browser-host';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: hostile-child <data dir>');

/** A tiny stand-in renderer build: a studio page, a viewer page and their assets. */
const rendererDir = join(dataDir, 'renderer');
for (const dir of ['studio', 'viewer', 'assets'])
  mkdirSync(join(rendererDir, dir), { recursive: true });
writeFileSync(
  join(rendererDir, 'studio', 'index.html'),
  '<!doctype html><title>studio</title><script type="module" src="../assets/studio-only.js"></script>',
);
writeFileSync(
  join(rendererDir, 'viewer', 'index.html'),
  '<!doctype html><title>viewer</title><script type="module" src="../assets/viewer-main.js"></script>',
);
writeFileSync(join(rendererDir, 'assets', 'viewer-main.js'), 'import "./shared-chunk.js";');
writeFileSync(join(rendererDir, 'assets', 'shared-chunk.js'), 'export const shared = 1;');
writeFileSync(join(rendererDir, 'assets', 'studio-only.js'), 'import "./shared-chunk.js";');

const studio = createStudio({
  dataDir: join(dataDir, 'data'),
  host: 'test',
  logger: createSilentLogger(),
  audience: { host: '127.0.0.1', port: 0, rendererDir },
});
const host = await startBrowserHost({ studio, rendererDir, port: 0 });
const invoke = async (method: string, input: unknown): Promise<Record<string, unknown>> => {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as Record<string, unknown>;
};
const session = await invoke('session.create', { title: 'Hostile network' });
await invoke('session.start', { sessionId: session.id });
const info = await invoke('audience.info', { sessionId: session.id });
writeSync(
  1,
  `ready ${JSON.stringify({
    audiencePort: info.port,
    joinCode: info.joinCode,
    hostPort: host.port,
    token: host.token,
  })}\n`,
);
