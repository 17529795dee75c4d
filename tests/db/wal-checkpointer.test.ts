import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  DEFAULT_AUTOCHECKPOINT_PAGES,
  WalCheckpointer,
  type CheckpointResult,
} from '../../src/main/storage/wal-checkpointer';
import { useTempDirs } from '../helpers/temp-dir';

// The write-ahead log is checkpointed on a thread of its own while the writer (the event loop's
// connection) commits with its automatic checkpoints off; it falls back to the writer's own
// checkpoints when the thread cannot run, and stops with its connection closed.

const tempDir = useTempDirs();

const autocheckpoint = (db: Db): number =>
  db.pragma('wal_autocheckpoint', { simple: true }) as number;

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Writes `batches` commits of about 100 pages each, yielding between them. */
async function writeBatches(db: Db, batches: number, between: () => Promise<void>): Promise<void> {
  db.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  const body = Buffer.alloc(4_000, 7);
  for (let b = 0; b < batches; b++) {
    db.transaction(() => {
      for (let i = 0; i < 100; i++) insert.run(body);
    })();
    await between();
  }
}

describe('WAL checkpoints on a thread of their own', () => {
  it('keeps the log small while the writer never checkpoints itself', async () => {
    const file = join(tempDir(), 'w.db');
    const db = openDatabase(file);
    const results: CheckpointResult[] = [];
    const checkpointer = new WalCheckpointer(db, file, {
      intervalMs: 20,
      onCheckpoint: (r) => results.push(r),
    });
    await until(() => checkpointer.offloaded);
    expect(autocheckpoint(db)).toBe(0);
    const seen = (): number => results.length;
    // After each batch, wait for a checkpoint: the log restarts from its beginning.
    await writeBatches(db, 12, async () => {
      const before = seen();
      await until(() => seen() > before + 1);
    });
    expect(results.some((r) => r.checkpointed > 0)).toBe(true);
    const walBytes = statSync(`${file}-wal`).size;
    // Twelve batches of ~100 pages: never more than a couple of batches in the log at once.
    expect(walBytes).toBeLessThan(3 * 110 * 4_096);
    checkpointer.stop();
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    expect(checkpointer.offloaded).toBe(false);
    // The thread's connection is closed: the writer is the last one, so closing it removes the log.
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('without it, the same writes grow the log (what the test above guards against)', async () => {
    const file = join(tempDir(), 'w.db');
    const db = openDatabase(file);
    db.pragma('wal_autocheckpoint = 0');
    await writeBatches(db, 12, () => new Promise((resolve) => setTimeout(resolve, 5)));
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(10 * 100 * 4_096);
    db.close();
  });

  it('falls back to the writer checkpointing itself when the thread cannot start', async () => {
    const file = join(tempDir(), 'w.db');
    const db = openDatabase(file);
    const failures: Error[] = [];
    const checkpointer = new WalCheckpointer(db, file, {
      intervalMs: 20,
      nativeBinding: join(tempDir(), 'no-such-binding.node'),
      onFallback: (error) => failures.push(error),
    });
    await until(() => failures.length > 0);
    expect(checkpointer.offloaded).toBe(false);
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    checkpointer.stop();
    db.close();
  });

  it('leaves an in-memory database alone', () => {
    const db = openDatabase(':memory:');
    const checkpointer = new WalCheckpointer(db, ':memory:');
    expect(checkpointer.offloaded).toBe(false);
    checkpointer.stop();
    db.close();
  });
});
