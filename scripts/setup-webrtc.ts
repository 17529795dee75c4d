// `npm run setup:webrtc`: builds the mediasoup worker for this machine from the sources that ship
// inside the `mediasoup` npm package and Debian packages alone (no other download), verifies it,
// and keeps it in a per-user cache where the studio, the tests and the benchmarks find it
// (src/main/media/webrtc/worker-location.ts). Optional: without it viewers get the HTTP stream.
//
//   npm run setup:webrtc               build once (~10-20 min on 2 cores), later runs take seconds
//   npm run setup:webrtc -- --force    rebuild even when the cache has this build
//   npm run setup:webrtc -- --keep-build   keep the scratch build directory (for debugging)
//
// Environment: ENCORE_MEDIASOUP_WORKER_CACHE (cache root), XDG_CACHE_HOME, ENCORE_BUILD_JOBS.
// The patches and shims it applies are in scripts/webrtc (see its README for why each exists).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { types as ms } from 'mediasoup';
import {
  WORKER_FILE,
  findMediasoupWorker,
  mediasoupPackageDir,
  workerBuildHash,
  workerBuildKey,
  workerCacheRoot,
} from '../src/main/media/webrtc/worker-location';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEBRTC_DIR = join(ROOT, 'scripts', 'webrtc');
const PATCHES_DIR = join(WEBRTC_DIR, 'patches');
const SHIMS_DIR = join(WEBRTC_DIR, 'subprojects');
const PLACEHOLDER = 'placeholder.c';
/** In the scratch directory once its sources are patched and meson is set up. */
const PREPARED = 'prepared.json';
const VERIFY_TIMEOUT_MS = 30_000;

/** Build tools and the system libraries the shims point meson at (Debian 12 names). */
const APT_PACKAGES = [
  'g++',
  'meson',
  'ninja-build',
  'pkg-config',
  'patch',
  'libssl-dev',
  'libuv1-dev',
  'libsrtp2-dev',
  'libabsl-dev',
  'flatbuffers-compiler',
  'libflatbuffers-dev',
];

class SetupError extends Error {}

function log(line: string): void {
  console.log(`setup:webrtc: ${line}`);
}

function run(command: string, args: string[], options: { cwd?: string } = {}): void {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new SetupError(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new SetupError(`${command} ${args.join(' ')} failed (exit ${String(result.status)})`);
  }
}

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function missingAptPackages(): string[] {
  return APT_PACKAGES.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('install ok installed');
  });
}

/** Installs the Debian packages when root; otherwise says exactly what to run. */
function ensureAptPackages(): void {
  if (process.platform !== 'linux') {
    throw new SetupError(
      `building the worker is supported on Debian/Ubuntu Linux; on ${process.platform} set MEDIASOUP_WORKER_BIN to a mediasoup-worker instead`,
    );
  }
  if (!hasCommand('dpkg-query')) {
    const tools = ['c++', 'meson', 'ninja', 'pkg-config', 'patch', 'flatc'];
    const missing = tools.filter((tool) => !hasCommand(tool));
    if (missing.length > 0) {
      throw new SetupError(`not a Debian system and these tools are missing: ${missing.join(' ')}`);
    }
    return;
  }
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`setup:webrtc: missing Debian packages: ${missing.join(' ')}`);
    console.error(
      `setup:webrtc: install them as root, then run this again:\n  sudo sh -c '${line}'`,
    );
    process.exit(1);
  }
  log(`installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) throw new SetupError('apt-get update failed');
  const install = spawnSync(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES],
    { stdio: 'inherit', env },
  );
  if (install.status !== 0) throw new SetupError(`apt-get install failed: ${line}`);
}

/** The wrap's `directory =`: the folder meson uses instead of downloading when it exists. */
function wrapDirectory(wrapFile: string): string {
  const match = /^directory\s*=\s*(\S+)\s*$/m.exec(readFileSync(wrapFile, 'utf8'));
  if (!match?.[1] || match[1].includes('/') || match[1].startsWith('.')) {
    throw new SetupError(`${wrapFile} has no usable "directory =" line`);
  }
  return match[1];
}

function applyPatches(workerDir: string, version: string): string[] {
  const patches = readdirSync(PATCHES_DIR)
    .filter((name) => name.endsWith('.patch'))
    .sort();
  for (const name of patches) {
    const file = join(PATCHES_DIR, name);
    // Strict: no fuzz, and a dry run first so that a half-applied patch never gets built.
    const args = [
      '-p1',
      '--forward',
      '--batch',
      '--fuzz=0',
      '--no-backup-if-mismatch',
      '-d',
      workerDir,
      '-i',
      file,
    ];
    const dry = spawnSync('patch', ['--dry-run', ...args], { encoding: 'utf8' });
    if (dry.status !== 0) {
      throw new SetupError(
        `patch ${name} no longer applies to mediasoup ${version}'s worker; update scripts/webrtc/patches for this version.\n${dry.stdout}${dry.stderr}`,
      );
    }
    run('patch', ['--quiet', ...args]);
    log(`applied ${name}`);
  }
  return patches;
}

function placeShims(workerDir: string): string[] {
  const subprojects = join(workerDir, 'subprojects');
  const placed: string[] = [];
  for (const name of readdirSync(SHIMS_DIR).sort()) {
    const shim = join(SHIMS_DIR, name);
    if (!statSync(shim).isDirectory()) continue;
    const wrap = join(subprojects, `${name}.wrap`);
    if (!existsSync(wrap)) {
      throw new SetupError(
        `mediasoup's worker has no subprojects/${name}.wrap any more; update scripts/webrtc/subprojects`,
      );
    }
    const target = join(subprojects, wrapDirectory(wrap));
    rmSync(target, { recursive: true, force: true });
    cpSync(shim, target, { recursive: true });
    copyFileSync(join(SHIMS_DIR, PLACEHOLDER), join(target, PLACEHOLDER));
    placed.push(`${name} -> subprojects/${basename(target)}`);
  }
  return placed;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SetupError(`${what} timed out`)), VERIFY_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface MediasoupApi {
  version: string;
  createWorker(settings: ms.WorkerSettings): Promise<ms.Worker>;
}

/** Starts a worker with the binary, creates a router and a WebRTC transport on 127.0.0.1. */
async function verify(bin: string): Promise<void> {
  const mediasoup = (await import('mediasoup')) as unknown as MediasoupApi;
  const worker = await withTimeout(
    mediasoup.createWorker({ workerBin: bin, logLevel: 'warn' }),
    'starting the worker',
  );
  try {
    const router = await withTimeout(
      worker.createRouter({
        mediaCodecs: [
          { kind: 'audio', mimeType: 'audio/opus', clockRate: 48_000, channels: 2 },
          { kind: 'video', mimeType: 'video/VP8', clockRate: 90_000 },
        ],
      }),
      'creating a router',
    );
    const transport = await withTimeout(
      router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] }),
      'creating a WebRTC transport',
    );
    const candidate = transport.iceCandidates[0];
    if (!candidate || candidate.address !== '127.0.0.1' || candidate.port <= 0) {
      throw new SetupError(`the WebRTC transport has no 127.0.0.1 candidate`);
    }
    if (transport.dtlsParameters.fingerprints.length === 0) {
      throw new SetupError('the WebRTC transport has no DTLS fingerprints');
    }
    transport.close();
    router.close();
  } finally {
    worker.close();
  }
  log(`verified: worker started, router and WebRTC transport on 127.0.0.1 created and closed`);
}

function build(workerSrc: string, version: string, scratch: string, target: string): string[] {
  const workerDir = join(scratch, 'worker');
  const buildDir = join(scratch, 'build');
  const prepared = join(scratch, PREPARED);
  if (existsSync(prepared)) {
    // An interrupted build of these very sources (the directory is keyed by their hash):
    // ninja carries on where it stopped.
    log(`resuming the interrupted build in ${scratch}`);
    const patches = JSON.parse(readFileSync(prepared, 'utf8')) as string[];
    compile(buildDir, target);
    return patches;
  }
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  log(`copying ${relative(ROOT, workerSrc)} to ${scratch}`);
  // node_modules stays untouched: everything below happens on the copy.
  cpSync(workerSrc, workerDir, {
    recursive: true,
    filter: (path) => !['out', 'prebuild'].includes(relative(workerSrc, path)),
  });
  const patches = applyPatches(workerDir, version);
  for (const line of placeShims(workerDir)) log(`shim ${line}`);
  run('meson', [
    'setup',
    buildDir,
    workerDir,
    '--buildtype=release',
    '--wrap-mode=nodownload',
    '-Dms_build_tests=false',
    '-Dms_build_fuzzer=false',
  ]);
  writeFileSync(prepared, `${JSON.stringify(patches)}\n`);
  compile(buildDir, target);
  return patches;
}

function compile(buildDir: string, target: string): void {
  const jobs = Number(process.env.ENCORE_BUILD_JOBS) || availableParallelism();
  log(`compiling with ${jobs} jobs (about 10-20 minutes on 2 cores)`);
  run('ninja', ['-C', buildDir, '-j', String(jobs), 'mediasoup-worker']);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(buildDir, WORKER_FILE), target);
  chmodSync(target, 0o755);
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  for (const arg of args) {
    if (!['--force', '--keep-build'].includes(arg)) {
      throw new SetupError(`unknown argument ${arg} (expected --force or --keep-build)`);
    }
  }
  const started = Date.now();
  ensureAptPackages();
  const pkgDir = mediasoupPackageDir(ROOT);
  const version = (
    JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const key = workerBuildKey(version, workerBuildHash(WEBRTC_DIR));
  const cacheRoot = workerCacheRoot();
  const entry = join(cacheRoot, key);
  const bin = join(entry, WORKER_FILE);

  if (existsSync(bin) && !args.has('--force')) {
    log(`mediasoup ${version}: cached worker ${bin}`);
    await verify(bin);
  } else {
    log(`mediasoup ${version}: building the worker (cache entry ${key})`);
    const scratch = join(cacheRoot, `build-${key}`);
    const pending = `${bin}.tmp`;
    const patches = build(join(pkgDir, 'worker'), version, scratch, pending);
    await verify(pending);
    renameSync(pending, bin);
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(
      join(entry, 'build.json'),
      `${JSON.stringify({ mediasoup: version, key, patches, builtAt: new Date().toISOString(), seconds }, null, 2)}\n`,
    );
    if (!args.has('--keep-build')) rmSync(scratch, { recursive: true, force: true });
    log(`built in ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
  }

  const found = findMediasoupWorker({ version });
  if (found?.source === 'env') {
    log(`note: MEDIASOUP_WORKER_BIN=${found.path} is set and overrides this worker`);
  } else if (found?.path !== bin) {
    throw new SetupError(
      `the studio's lookup does not find ${bin} (found ${found?.path ?? 'nothing'})`,
    );
  }
  const size = (statSync(bin).size / 1024 / 1024).toFixed(1);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`mediasoup-worker ${version} (${size} MB): ${bin}`);
}

main().catch((error: unknown) => {
  console.error(`setup:webrtc: ${error instanceof Error ? error.message : String(error)}`);
  // Exit now: a worker that timed out during the verification may still be running.
  process.exit(1);
});
