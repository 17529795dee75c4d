import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REPO_WEBRTC_DIR,
  findMediasoupWorker,
  installedMediasoupVersion,
  packagedWorkerPath,
  workerBuildHash,
  workerBuildKey,
  workerCacheRoot,
} from '../../../src/main/media/webrtc/worker-location';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** A scripts/webrtc look-alike: one patch, one shim, a README. */
function webrtcDir(root: string, patch = 'fix'): string {
  const dir = join(root, 'webrtc');
  mkdirSync(join(dir, 'patches'), { recursive: true });
  mkdirSync(join(dir, 'subprojects', 'libuv'), { recursive: true });
  writeFileSync(join(dir, 'patches', '0001-a.patch'), `--- a/x\n+++ b/x\n${patch}\n`);
  writeFileSync(join(dir, 'subprojects', 'libuv', 'meson.build'), "project('libuv', 'c')\n");
  writeFileSync(join(dir, 'README.md'), 'why\n');
  return dir;
}

/** A worker file in the cache entry for this key; executable unless told otherwise. */
function placeWorker(cache: string, key: string, executable = true): string {
  mkdirSync(join(cache, key), { recursive: true });
  const path = join(cache, key, 'mediasoup-worker');
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

describe('workerCacheRoot', () => {
  it('uses the override, then an absolute XDG_CACHE_HOME, then ~/.cache', () => {
    expect(workerCacheRoot({ ENCORE_MEDIASOUP_WORKER_CACHE: '/opt/ms' }, '/home/a')).toBe(
      '/opt/ms',
    );
    expect(workerCacheRoot({ XDG_CACHE_HOME: '/xdg' }, '/home/a')).toBe(
      '/xdg/encore-studio/mediasoup-worker',
    );
    // A relative XDG_CACHE_HOME is invalid by the XDG spec and ignored.
    expect(workerCacheRoot({ XDG_CACHE_HOME: 'rel' }, '/home/a')).toBe(
      '/home/a/.cache/encore-studio/mediasoup-worker',
    );
    expect(workerCacheRoot({}, '/home/a')).toBe('/home/a/.cache/encore-studio/mediasoup-worker');
  });
});

describe('workerBuildHash', () => {
  it('changes with a patch, not with the README, and needs patches or shims', () => {
    const dir = webrtcDir(tempDir());
    const before = workerBuildHash(dir);
    expect(before).toMatch(/^[0-9a-f]{12}$/);
    writeFileSync(join(dir, 'README.md'), 'reworded\n');
    expect(workerBuildHash(dir)).toBe(before);
    writeFileSync(join(dir, 'patches', '0001-a.patch'), '--- a/x\n+++ b/x\nother\n');
    expect(workerBuildHash(dir)).not.toBe(before);
    expect(() => workerBuildHash(join(tempDir(), 'empty'))).toThrow(/no patches or shims/);
  });

  it('hashes the repository patches and shims', () => {
    expect(workerBuildHash(REPO_WEBRTC_DIR)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('rejects a version that is not one', () => {
    expect(workerBuildKey('3.27.1', 'abc')).toBe('3.27.1-abc');
    expect(() => workerBuildKey('../x', 'abc')).toThrow(/bad mediasoup version/);
  });
});

describe('findMediasoupWorker', () => {
  it('reads the installed mediasoup version', () => {
    expect(installedMediasoupVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('MEDIASOUP_WORKER_BIN wins over a cached worker', () => {
    const root = tempDir();
    const dir = webrtcDir(root);
    const cache = join(root, 'cache');
    placeWorker(cache, workerBuildKey('3.27.1', workerBuildHash(dir)));
    expect(
      findMediasoupWorker({
        env: { MEDIASOUP_WORKER_BIN: '/custom/worker', ENCORE_MEDIASOUP_WORKER_CACHE: cache },
        version: '3.27.1',
        webrtcDir: dir,
      }),
    ).toEqual({ path: '/custom/worker', source: 'env' });
  });

  it('finds the build of the current patches under XDG_CACHE_HOME', () => {
    const root = tempDir();
    const dir = webrtcDir(root);
    const env = { XDG_CACHE_HOME: join(root, 'xdg') };
    const key = workerBuildKey('3.27.1', workerBuildHash(dir));
    const path = placeWorker(workerCacheRoot(env), key);
    expect(findMediasoupWorker({ env, version: '3.27.1', webrtcDir: dir })).toEqual({
      path,
      source: 'cache',
    });
    // Another mediasoup version has no worker there.
    expect(findMediasoupWorker({ env, version: '3.28.0', webrtcDir: dir })).toBeUndefined();
  });

  it('in the source tree, ignores a worker built from older patches or not executable', () => {
    const root = tempDir();
    const dir = webrtcDir(root, 'old');
    const env = { ENCORE_MEDIASOUP_WORKER_CACHE: join(root, 'cache') };
    placeWorker(join(root, 'cache'), workerBuildKey('3.27.1', workerBuildHash(dir)));
    writeFileSync(join(dir, 'patches', '0001-a.patch'), '--- a/x\n+++ b/x\nnew\n');
    expect(findMediasoupWorker({ env, version: '3.27.1', webrtcDir: dir })).toBeUndefined();
    placeWorker(join(root, 'cache'), workerBuildKey('3.27.1', workerBuildHash(dir)), false);
    expect(findMediasoupWorker({ env, version: '3.27.1', webrtcDir: dir })).toBeUndefined();
  });

  it('without scripts/webrtc (a packaged app), takes the newest worker of that version', () => {
    const root = tempDir();
    const cache = join(root, 'cache');
    const env = { ENCORE_MEDIASOUP_WORKER_CACHE: cache };
    const older = placeWorker(cache, '3.27.1-aaaaaaaaaaaa');
    const newer = placeWorker(cache, '3.27.1-bbbbbbbbbbbb');
    placeWorker(cache, '3.26.0-cccccccccccc');
    utimesSync(older, new Date(1_000_000), new Date(1_000_000));
    const missing = join(root, 'no-webrtc-dir');
    expect(findMediasoupWorker({ env, version: '3.27.1', webrtcDir: missing })?.path).toBe(newer);
    utimesSync(newer, new Date(500_000), new Date(500_000));
    expect(findMediasoupWorker({ env, version: '3.27.1', webrtcDir: missing })?.path).toBe(older);
    expect(findMediasoupWorker({ env, version: '3.28.0', webrtcDir: missing })).toBeUndefined();
    // No cache at all.
    expect(
      findMediasoupWorker({
        env: { ENCORE_MEDIASOUP_WORKER_CACHE: join(root, 'none') },
        version: '3.27.1',
        webrtcDir: missing,
      }),
    ).toBeUndefined();
  });
});

describe('findMediasoupWorker in a packaged app', () => {
  /** A resources folder laid out as electron-builder.json's extraResources put it. */
  function resourcesWithWorker(root: string, executable = true): string {
    const resources = join(root, 'resources');
    mkdirSync(join(resources, 'mediasoup-worker'), { recursive: true });
    const path = join(resources, 'mediasoup-worker', 'mediasoup-worker');
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, executable ? 0o755 : 0o644);
    return resources;
  }

  it('takes the worker shipped in its resources folder before any cached one', () => {
    const root = tempDir();
    const resources = resourcesWithWorker(root);
    const cache = join(root, 'cache');
    placeWorker(cache, '3.27.1-aaaaaaaaaaaa');
    const env = { ENCORE_MEDIASOUP_WORKER_CACHE: cache };
    const missing = join(root, 'no-webrtc-dir');
    expect(
      findMediasoupWorker({ env, version: '3.27.1', webrtcDir: missing, resourcesDir: resources }),
    ).toEqual({ path: packagedWorkerPath(resources), source: 'resources' });
    expect(packagedWorkerPath(resources)).toBe(
      join(resources, 'mediasoup-worker', 'mediasoup-worker'),
    );
    // MEDIASOUP_WORKER_BIN still overrides it.
    expect(
      findMediasoupWorker({
        env: { ...env, MEDIASOUP_WORKER_BIN: '/custom/worker' },
        version: '3.27.1',
        webrtcDir: missing,
        resourcesDir: resources,
      }),
    ).toEqual({ path: '/custom/worker', source: 'env' });
  });

  it('falls back to the cache when the resources folder has no usable worker', () => {
    const root = tempDir();
    const cache = join(root, 'cache');
    const cached = placeWorker(cache, '3.27.1-aaaaaaaaaaaa');
    const env = { ENCORE_MEDIASOUP_WORKER_CACHE: cache };
    const missing = join(root, 'no-webrtc-dir');
    // A platform where the worker is not built ships none.
    const empty = join(root, 'empty-resources');
    mkdirSync(empty);
    expect(
      findMediasoupWorker({ env, version: '3.27.1', webrtcDir: missing, resourcesDir: empty }),
    ).toEqual({ path: cached, source: 'cache' });
    // A shipped file that is not executable does not count.
    const resources = resourcesWithWorker(join(root, 'app'), false);
    expect(
      findMediasoupWorker({ env, version: '3.27.1', webrtcDir: missing, resourcesDir: resources }),
    ).toEqual({ path: cached, source: 'cache' });
  });
});
