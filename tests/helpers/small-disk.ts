import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A small real file system (a tmpfs) for tests of a full disk, mounted before the file's tests and
 * unmounted after them. Mounting needs root on Linux (CI and the build machines run as root);
 * elsewhere `mounted` stays false and `skipReason` says why, for the test to skip with it.
 */
export function useSmallDisk(size: string): {
  readonly root: string;
  readonly mounted: boolean;
  readonly skipReason: string;
} {
  const disk = { root: '', mounted: false, skipReason: '' };
  beforeAll(() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) {
      disk.skipReason =
        'needs root on Linux to mount a tmpfs (CI and the build machines run as root)';
      return;
    }
    disk.root = mkdtempSync(join(tmpdir(), 'encore-small-disk-'));
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', disk.root], {
      encoding: 'utf8',
    });
    if (mount.status !== 0) {
      disk.skipReason = `cannot mount a tmpfs: ${mount.stderr.trim()}`;
      return;
    }
    disk.mounted = true;
  });
  afterAll(() => {
    if (disk.mounted) spawnSync('umount', ['-l', disk.root]);
    if (disk.root) rmSync(disk.root, { recursive: true, force: true });
  });
  return disk;
}

/** Writes `bytes` into `file`, or as much as the disk takes (ENOSPC ends it quietly). */
export function fillDisk(file: string, bytes = Number.MAX_SAFE_INTEGER): void {
  const fd = openSync(file, 'a');
  const block = Buffer.alloc(64 * 1024, 7);
  try {
    for (let left = bytes; left > 0; left -= block.length) {
      writeSync(fd, block, 0, Math.min(block.length, left));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

export function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}
