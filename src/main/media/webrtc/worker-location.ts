import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the mediasoup worker built by `npm run setup:webrtc` lives, and how the studio, the
 * tests and the benchmarks find it. One lookup for all of them:
 *   1. MEDIASOUP_WORKER_BIN, when set, always wins;
 *   2. in a packaged app, the worker shipped in its resources folder
 *      (<resources>/mediasoup-worker/mediasoup-worker: electron-builder.json's extraResources,
 *      staged by scripts/stage-webrtc-worker.ts), built for the mediasoup packaged beside it;
 *   3. the cache entry for the installed mediasoup version built from the repo's current
 *      patches and shims (scripts/webrtc): <cache>/<version>-<hash>/mediasoup-worker;
 *   4. without scripts/webrtc (a packaged app has none to hash), the newest cache entry for
 *      that mediasoup version.
 * The cache is ENCORE_MEDIASOUP_WORKER_CACHE, else $XDG_CACHE_HOME/encore-studio/mediasoup-worker,
 * else ~/.cache/encore-studio/mediasoup-worker.
 */

export const WORKER_BIN_ENV = 'MEDIASOUP_WORKER_BIN';
export const WORKER_CACHE_ENV = 'ENCORE_MEDIASOUP_WORKER_CACHE';
export const WORKER_FILE = 'mediasoup-worker';
/** The folder under a packaged app's resources that holds the worker (extraResources' `to`). */
export const PACKAGED_WORKER_DIR = 'mediasoup-worker';
/** The folders under scripts/webrtc whose files make the build (its README does not). */
const HASHED_DIRS = ['patches', 'subprojects'];

export type Env = Readonly<Record<string, string | undefined>>;

/** The repository's scripts/webrtc, when this runs from the source tree. */
export const REPO_WEBRTC_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'scripts',
  'webrtc',
);

/** The root of the worker cache (not the entry of one build). */
export function workerCacheRoot(env: Env = process.env, home: string = homedir()): string {
  const override = env[WORKER_CACHE_ENV];
  if (override) return resolve(override);
  const xdg = env.XDG_CACHE_HOME;
  // XDG: a relative XDG_CACHE_HOME is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.cache');
  return join(base, 'encore-studio', 'mediasoup-worker');
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * A short hash of every patch and shim (their paths and bytes): a change to any of them makes
 * a new cache entry, so a stale worker is never picked up.
 */
export function workerBuildHash(webrtcDir: string): string {
  const hash = createHash('sha256');
  const files = HASHED_DIRS.flatMap((name) => {
    const dir = join(webrtcDir, name);
    return existsSync(dir) ? listFiles(dir) : [];
  })
    .map((file) => relative(webrtcDir, file).split(sep).join('/'))
    .sort();
  if (files.length === 0) throw new Error(`no patches or shims under ${webrtcDir}`);
  for (const file of files) {
    const bytes = readFileSync(join(webrtcDir, file));
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 12);
}

/** The cache entry name for one mediasoup version built with one set of patches. */
export function workerBuildKey(version: string, hash: string): string {
  if (!/^[0-9A-Za-z.+-]+$/.test(version)) throw new Error(`bad mediasoup version: ${version}`);
  return `${version}-${hash}`;
}

/** The installed mediasoup package's directory (its package.json is not in its exports). */
export function mediasoupPackageDir(
  fromDir: string = dirname(fileURLToPath(import.meta.url)),
): string {
  const main = createRequire(join(fromDir, 'noop.js')).resolve('mediasoup');
  let dir = dirname(main);
  for (let i = 0; i < 10; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown };
      if (parsed.name === 'mediasoup') return dir;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`cannot find mediasoup's package.json above ${main}`);
}

/** The installed mediasoup version, or undefined when the package is not there. */
export function installedMediasoupVersion(): string | undefined {
  try {
    const pkg = join(mediasoupPackageDir(), 'package.json');
    const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface WorkerLookup {
  /** Default process.env. */
  env?: Env;
  /** The installed mediasoup version; default read from node_modules. */
  version?: string;
  /** scripts/webrtc, to hash; default the repository's (skipped when it is not there). */
  webrtcDir?: string;
  /** Default os.homedir() (for the XDG default). */
  home?: string;
  /**
   * A packaged app's resources folder; default Electron's process.resourcesPath (undefined
   * under plain Node; under an unpackaged Electron it is Electron's own, which has no worker).
   */
  resourcesDir?: string;
}

/** The resources folder Electron sets on process; plain Node has none. */
function electronResourcesPath(): string | undefined {
  const path = (process as NodeJS.Process & { resourcesPath?: unknown }).resourcesPath;
  return typeof path === 'string' && path !== '' ? path : undefined;
}

/** Where a packaged app's worker is, under its resources folder. */
export function packagedWorkerPath(resourcesDir: string): string {
  return join(resourcesDir, PACKAGED_WORKER_DIR, WORKER_FILE);
}

export interface FoundWorker {
  path: string;
  source: 'env' | 'resources' | 'cache';
}

/** The mediasoup-worker to use, or undefined when there is none (the HTTP stream then). */
export function findMediasoupWorker(options: WorkerLookup = {}): FoundWorker | undefined {
  const env = options.env ?? process.env;
  const fromEnv = env[WORKER_BIN_ENV];
  if (fromEnv) return { path: fromEnv, source: 'env' };
  const resourcesDir = options.resourcesDir ?? electronResourcesPath();
  if (resourcesDir) {
    const shipped = packagedWorkerPath(resourcesDir);
    if (isExecutable(shipped)) return { path: shipped, source: 'resources' };
  }
  const version = options.version ?? installedMediasoupVersion();
  if (!version) return undefined;
  const root = workerCacheRoot(env, options.home);
  const webrtcDir = options.webrtcDir ?? REPO_WEBRTC_DIR;
  if (existsSync(webrtcDir)) {
    // In the source tree only the build of the current patches counts: a worker built before
    // a patch changed is stale (npm run setup:webrtc builds the new one).
    const exact = join(root, workerBuildKey(version, workerBuildHash(webrtcDir)), WORKER_FILE);
    return isExecutable(exact) ? { path: exact, source: 'cache' } : undefined;
  }
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return undefined;
  }
  const candidates = entries
    .filter((name) => name.startsWith(`${version}-`))
    .map((name) => join(root, name, WORKER_FILE))
    .filter(isExecutable)
    .map((path) => ({ path, mtime: statSync(path).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const newest = candidates[0];
  return newest ? { path: newest.path, source: 'cache' } : undefined;
}
