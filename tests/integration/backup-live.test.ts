import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrityCheck } from '../../src/main/storage/queries/backup';
import { digestTablesNow, type TableDigest } from '../../src/main/storage/queries/table-digest';
import { openAsIs } from '../../src/main/storage/snapshot';
import type { BackupProgress } from '../../src/shared/contract/backup-api';
import {
  call,
  joinViewer,
  liveSession,
  startStudio,
  TEST_TUNING,
  useLiveCleanup,
} from '../helpers/audience';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();

const VIEWERS = 8;
/** Each viewer's chat is bounded: it stops at this many messages or when the backup is done. */
const MAX_MESSAGES_PER_VIEWER = 400;

describe('backup during a live class', () => {
  it('restores, into a new workspace, exactly the database as of the backup, while viewers chat', async () => {
    const dataDir = tempDir();
    const studio = startStudio(dataDir, {
      audience: {
        host: '127.0.0.1',
        port: 0,
        // Actions commit on the outbound window's timer: a 1 ms window lets chat land between
        // the backup's steps even when the whole copy takes less than the default 30 ms.
        tuning: {
          ...TEST_TUNING,
          outboundWindowMs: 1,
          actionBucket: { ratePerSecond: 10_000, burst: 10_000 },
        },
      },
    });
    studios.push(studio);
    // The demo workspace: several megabytes, so that the online backup takes several steps.
    await call(studio, 'workspace.loadDemo', {});
    const { wsUrl } = await liveSession(studio, 'Backup under load');
    for (let i = 0; i < VIEWERS; i++) {
      viewers.push(await joinViewer(wsUrl, { name: `Viewer ${String(i)}` }));
    }

    let backupDone = false;
    let acked = 0;
    const chatting = viewers.map(async (viewer, v) => {
      for (let n = 0; n < MAX_MESSAGES_PER_VIEWER && !backupDone; n++) {
        const answer = await viewer.act({
          type: 'chat',
          text: `v${String(v)} message ${String(n)}`,
        });
        if (answer.type === 'ack') acked += 1;
      }
    });
    // Chat is flowing before the backup starts.
    const firstAcks = viewers.map((viewer) => viewer.waitFor((frame) => frame.type === 'ack'));
    await Promise.all(firstAcks);

    const db = studio.workspace().db;
    const chatRows = (): number =>
      db.prepare('SELECT count(*) FROM chat_messages').pluck().get() as number;
    const chatAtStart = chatRows();
    let steps = 0;
    let atSnapshot: TableDigest[] | null = null;
    let chatAtSnapshot = 0;
    const unsubscribe = studio.events.subscribe((event, payload) => {
      if (event !== 'backup.progress') return;
      const progress = payload as BackupProgress;
      if (progress.kind !== 'backup' || progress.phase !== 'snapshot') return;
      if (progress.fraction < 1) steps += 1;
      // Emitted in the same turn as the last step of SQLite's backup: nothing can be written
      // between, so this is the source as of the backup's moment.
      else if (atSnapshot === null) {
        atSnapshot = digestTablesNow(db);
        chatAtSnapshot = chatRows();
      }
    });
    const backup = await call(studio, 'workspace.backup', { jobId: 'live-backup' });
    unsubscribe();
    backupDone = true;
    await Promise.all(chatting);

    expect(backup.problem).toBeNull();
    expect(atSnapshot).not.toBeNull();
    const expected = atSnapshot as unknown as TableDigest[];
    // The copy really ran in steps while the class went on, and chat kept landing.
    expect(steps).toBeGreaterThan(1);
    expect(chatAtSnapshot).toBeGreaterThan(chatAtStart);
    expect(acked).toBeGreaterThan(VIEWERS);
    expect(chatRows()).toBeGreaterThanOrEqual(chatAtSnapshot);

    const restored = await call(studio, 'workspace.restore', { path: backup.path });
    expect(restored.workspace).toMatch(/^demo-\d{8}$/);
    expect(restored.tables).toBe(expected.length);
    const copy = openAsIs(join(dataDir, 'workspaces', restored.workspace, 'encore.db'));
    try {
      expect(integrityCheck(copy)).toEqual(['ok']);
      const got = digestTablesNow(copy);
      expect(got.map((t) => t.name)).toEqual(expected.map((t) => t.name));
      for (const [i, table] of got.entries()) {
        expect({ name: table.name, rows: table.rows, sha256: table.sha256 }).toEqual(expected[i]);
      }
      expect(copy.prepare('SELECT count(*) FROM chat_messages').pluck().get()).toBe(chatAtSnapshot);
    } finally {
      copy.close();
    }

    // Listed, and the open workspace is still the live one.
    const list = await call(studio, 'workspace.backups', {});
    expect(list.backups.map((b) => b.fileName)).toContain(backup.fileName);
    expect(studio.workspace().name).toBe('demo');
  });
});
