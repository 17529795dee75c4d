// Copies the mediasoup worker this machine uses (MEDIASOUP_WORKER_BIN, else the build of
// `npm run setup:webrtc`) to .package/webrtc/, where electron-builder.json's extraResources take it
// into the package as <resources>/mediasoup-worker/mediasoup-worker (the packaged app looks there
// first: src/main/media/webrtc/worker-location.ts). Run it before `npx electron-builder --linux`.
//
//   npx tsx scripts/stage-webrtc-worker.ts              stage the worker, or clear the stage
//   npx tsx scripts/stage-webrtc-worker.ts --require    fail when there is no worker to stage
//
// Without a worker the package is still built: its viewers get the HTTP stream.
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_FILE, findMediasoupWorker } from '../src/main/media/webrtc/worker-location';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** electron-builder.json's linux.extraResources `from` (relative to the repository). */
export const STAGE_DIR = join(ROOT, '.package', 'webrtc');

/** Copies `worker` into `stageDir` as mediasoup-worker (executable); returns the copy's path. */
export function stageWorker(worker: string, stageDir: string): string {
  mkdirSync(stageDir, { recursive: true });
  const target = join(stageDir, WORKER_FILE);
  copyFileSync(worker, target);
  chmodSync(target, 0o755);
  return target;
}

function main(): number {
  const require = process.argv.includes('--require');
  // Never pick up a stale worker from an earlier run.
  rmSync(STAGE_DIR, { recursive: true, force: true });
  const found = findMediasoupWorker({ resourcesDir: '' });
  if (!found) {
    const say = require ? console.error : console.log;
    say(
      'No mediasoup worker on this machine (run `npm run setup:webrtc`, or set MEDIASOUP_WORKER_BIN): ' +
        'the package will have none and its viewers will get the HTTP stream.',
    );
    return require ? 1 : 0;
  }
  const target = stageWorker(found.path, STAGE_DIR);
  console.log(`Staged the mediasoup worker ${found.path} (${found.source}) as ${target}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
