import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/storage/connection';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const WRITER = join(import.meta.dirname, '..', 'helpers', 'event-writer.ts');

/** Runs the writer until it has acknowledged `killAfter` events, then kills it with SIGKILL. */
async function writeThenKill(
  file: string,
  mode: 'single' | 'batch',
  killAfter: number,
): Promise<Set<string>> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked = new Set<string>();
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line.startsWith('ack ')) acked.add(line.slice(4));
    if (acked.size >= killAfter) {
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited).toBe('SIGKILL');
  return acked;
}

describe('crash safety', () => {
  for (const mode of ['single', 'batch'] as const) {
    it(`every acknowledged event survives SIGKILL mid-stream (${mode} commits)`, async () => {
      const file = join(tempDir(), 'crash.db');
      const acked = await writeThenKill(file, mode, mode === 'single' ? 3_000 : 20_000);
      const db = openDatabase(file);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const stored = new Set(
        (db.prepare('SELECT client_id FROM events').all() as { client_id: string }[]).map(
          (r) => r.client_id,
        ),
      );
      const lost = [...acked].filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      // The writer got further than its last ack, so there may be more rows, never fewer.
      expect(stored.size).toBeGreaterThanOrEqual(acked.size);
      db.close();
    });
  }
});
