import { describe, expect, it } from 'vitest';
import type { StudioHealth } from '../../src/shared/contract';
import { guarded } from '../../src/main/kernel/guarded';
import { createHealthMonitor, storageProblem } from '../../src/main/kernel/health';
import { createSilentLogger } from '../../src/main/kernel/logger';

/** What better-sqlite3 and node:fs throw: an Error with a `code`. */
function sqliteError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('studio health', () => {
  it('tells storage failures from bugs', () => {
    expect(storageProblem(sqliteError('SQLITE_FULL'))).toBe('diskFull');
    expect(storageProblem(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(
      'diskFull',
    );
    expect(storageProblem(sqliteError('SQLITE_IOERR_WRITE'))).toBe('writeFailed');
    expect(storageProblem(sqliteError('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageProblem(new TypeError('a bug'))).toBeNull();
    expect(storageProblem('not an error')).toBeNull();
  });

  it('counts failed writes from the first, and clears on the first success', () => {
    let now = 1_000;
    const events: StudioHealth[] = [];
    const health = createHealthMonitor({ clock: () => now, emit: (h) => events.push(h) });
    health.writeSucceeded();
    expect(events).toEqual([]);
    const full = Object.assign(new Error('full'), { code: 'SQLITE_FULL' });
    health.writeFailed(full);
    now += 10;
    health.writeFailed(full);
    health.writeFailed(new TypeError('a bug, not the disk'));
    expect(health.status()).toEqual({
      storage: { problem: 'diskFull', failedWrites: 2, since: 1_000 },
    });
    // The first failure is announced at once; counts within the next second ride on later events.
    expect(events).toEqual([{ storage: { problem: 'diskFull', failedWrites: 1, since: 1_000 } }]);
    now += 1_000;
    health.writeFailed(full);
    expect(events.at(-1)).toEqual({
      storage: { problem: 'diskFull', failedWrites: 3, since: 1_000 },
    });
    health.writeSucceeded();
    expect(health.status()).toEqual({ storage: null });
    expect(events.at(-1)).toEqual({ storage: null });
  });

  it('guards a callback: its error is logged and reported, never thrown, and the caller learns it failed', () => {
    const reported: StudioHealth[] = [];
    const health = createHealthMonitor({ clock: () => 5, emit: (h) => reported.push(h) });
    const sink = { logger: createSilentLogger(), health };
    const fails = guarded(sink, 'a write', (code: string) => {
      throw Object.assign(new Error('disk full'), { code });
    });
    expect(fails('ENOSPC')).toBe(false);
    expect(health.status().storage).toMatchObject({ problem: 'diskFull', failedWrites: 1 });
    let ran = 0;
    expect(guarded(sink, 'a write', () => (ran += 1))()).toBe(true);
    expect(ran).toBe(1);
  });
});
