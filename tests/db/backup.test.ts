import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/main/backup/backup-file';
import { BackupService, backupsDir } from '../../src/main/backup/backup-service';
import { createHealthMonitor } from '../../src/main/kernel/health';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { openWorkspace, type Workspace } from '../../src/main/storage/workspace';
import { LATEST_SCHEMA_VERSION } from '../../src/main/storage/migrations';
import { integrityCheck } from '../../src/main/storage/queries/backup';
import { digestTablesNow } from '../../src/main/storage/queries/table-digest';
import { openAsIs } from '../../src/main/storage/snapshot';
import type { BackupSettings } from '../../src/shared/contract/backup-api';
import { StudioError } from '../../src/shared/contract';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const DAY_MS = 24 * 60 * 60 * 1000;

function setup(options: { settings?: BackupSettings } = {}) {
  const dataDir = tempDir();
  const workspace = openWorkspace(dataDir, 'default');
  // A little of everything: a course, learners, a class with chat.
  workspace.db.exec(`
    INSERT INTO courses (id, title, price_minor, currency, tags, created_at)
      VALUES (1, 'Watercolour', 9900, 'EUR', '[]', 1);
  `);
  let now = Date.UTC(2026, 2, 1, 9, 0, 0);
  const settings = options.settings ?? { daily: true, keep: 3 };
  const service = BackupService.create({
    dataDir,
    workspace: () => workspace,
    clock: () => now,
    logger: createSilentLogger(),
    health: createHealthMonitor({ clock: () => now, emit: () => undefined }),
    appVersion: 'test',
    settings: () => settings,
    emitProgress: () => undefined,
    emitCreated: () => undefined,
  });
  return {
    dataDir,
    workspace,
    service,
    settings,
    advance: (ms: number) => (now += ms),
    workspaces: () => readdirSync(join(dataDir, 'workspaces')).sort(),
  };
}

async function restoreError(service: BackupService, path: string): Promise<StudioError> {
  const error: unknown = await service.restore({ path }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudioError);
  return error as StudioError;
}

/** Rewrites a backup's manifest (and its trailer) with `change` applied. */
async function withManifest(
  file: string,
  out: string,
  change: (manifest: Record<string, unknown>) => void,
): Promise<void> {
  const bytes = readFileSync(file);
  const end = bytes.length - 44;
  const length = bytes.readUInt32BE(end);
  const manifest = JSON.parse(bytes.subarray(end - length, end).toString('utf8')) as Record<
    string,
    unknown
  >;
  change(manifest);
  const json = Buffer.from(JSON.stringify(manifest), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  writeFileSync(
    out,
    Buffer.concat([
      bytes.subarray(0, end - length),
      json,
      len,
      createHash('sha256').update(json).digest(),
      Buffer.from('ENCOREND'),
    ]),
  );
  await readManifest(out).catch(() => undefined);
}

describe('workspace backups', () => {
  it('restores into a new workspace with every table, row and digest of the source', async () => {
    const t = setup();
    t.workspace.db.exec("UPDATE courses SET title = 'Watercolour ✓' WHERE id = 1");
    const source = digestTablesNow(t.workspace.db);
    const info = await t.service.backup({ includeRecordings: false });
    expect(info.problem).toBeNull();
    expect(info.fileName).toBe('default-20260301-090000.encore-backup');
    const result = await t.service.restore({ path: info.path });
    expect(result.workspace).toBe('default-20260301');
    const restored = openAsIs(join(t.dataDir, 'workspaces', result.workspace, 'encore.db'));
    try {
      expect(integrityCheck(restored)).toEqual(['ok']);
      expect(digestTablesNow(restored)).toEqual(source);
    } finally {
      restored.close();
    }
    // A second restore of the same file never overwrites the first.
    const again = await t.service.restore({ path: info.path });
    expect(again.workspace).toBe('default-20260301-2');
    // The restored workspace opens as a workspace (migrations have nothing to do).
    const opened: Workspace = openWorkspace(t.dataDir, again.workspace);
    opened.db.close();
  });

  it('refuses a backup from a newer version with a clear message, creating nothing', async () => {
    const t = setup();
    const info = await t.service.backup({ includeRecordings: false });
    const before = t.workspaces();
    const newerSchema = join(t.dataDir, 'newer-schema.encore-backup');
    await withManifest(info.path, newerSchema, (m) => {
      m.schemaVersion = LATEST_SCHEMA_VERSION + 10;
    });
    const error = await restoreError(t.service, newerSchema);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(/made by a newer Encore Studio .*Update the app to restore it/);
    const newerFormat = join(t.dataDir, 'newer-format.encore-backup');
    await withManifest(info.path, newerFormat, (m) => {
      m.formatVersion = 2;
      m.somethingNew = true;
    });
    expect((await restoreError(t.service, newerFormat)).message).toMatch(
      /made by a newer Encore Studio \(backup format 2/,
    );
    expect(t.workspaces()).toEqual(before);
    const listed = await t.service.list();
    expect(listed.backups).toHaveLength(1);
  });

  it('refuses a truncated or altered file with a clear error and creates nothing', async () => {
    const t = setup();
    const info = await t.service.backup({ includeRecordings: false });
    const bytes = readFileSync(info.path);
    const before = t.workspaces();
    const manifest = (await readManifest(info.path)).manifest;
    const db = manifest.entries[0];
    if (!db) throw new Error('no database entry');
    const cases: { name: string; data: Buffer; message: RegExp }[] = [
      {
        name: 'cut-at-end',
        data: bytes.subarray(0, bytes.length - 10),
        message: /incomplete or damaged/,
      },
      { name: 'cut-in-half', data: bytes.subarray(0, bytes.length >> 1), message: /incomplete/ },
      { name: 'cut-to-nothing', data: bytes.subarray(0, 3), message: /not an Encore Studio/ },
      {
        name: 'flipped-in-database',
        data: flip(bytes, db.offset + Math.floor(db.size / 2)),
        message: /encore\.db does not match its checksum/,
      },
      {
        name: 'flipped-in-manifest',
        data: flip(bytes, bytes.length - 60),
        message: /table of contents/,
      },
      { name: 'not-a-backup', data: Buffer.from('hello, world'), message: /not an Encore Studio/ },
    ];
    for (const c of cases) {
      const file = join(t.dataDir, `${c.name}.encore-backup`);
      writeFileSync(file, c.data);
      const error = await restoreError(t.service, file);
      expect(error.code, c.name).toBe('BAD_INPUT');
      expect(error.message, c.name).toMatch(c.message);
      expect(t.workspaces(), c.name).toEqual(before);
    }
    // The original still restores.
    expect((await t.service.restore({ path: info.path })).workspace).toBe('default-20260301');
  });

  it('keeps the newest N automatic backups and never deletes a manual one', async () => {
    const t = setup({ settings: { daily: true, keep: 3 } });
    const manual = await t.service.backup({ includeRecordings: false });
    const made: string[] = [];
    for (let day = 0; day < 5; day++) {
      t.advance(DAY_MS);
      const info = await t.service.backup({ includeRecordings: false, automatic: true });
      made.push(info.fileName);
    }
    const left = readdirSync(backupsDir(t.dataDir, 'default')).sort();
    expect(left).toEqual([manual.fileName, ...made.slice(2)].sort());
  });

  it('takes the daily backup when due, once, and never two at once', async () => {
    const t = setup({ settings: { daily: true, keep: 7 } });
    expect(await t.service.runDailyIfDue()).toBe('created');
    expect(await t.service.runDailyIfDue()).toBe('notDue');
    t.advance(DAY_MS - 1);
    expect(await t.service.runDailyIfDue()).toBe('notDue');
    t.advance(1);
    // While a backup runs, the daily one is skipped and a second backup is refused.
    const running = t.service.backup({ includeRecordings: false });
    expect(await t.service.runDailyIfDue()).toBe('busy');
    await expect(t.service.backup({ includeRecordings: false })).rejects.toThrow(/already running/);
    await running;
    expect(await t.service.runDailyIfDue()).toBe('created');
    t.settings.daily = false;
    t.advance(DAY_MS * 2);
    expect(await t.service.runDailyIfDue()).toBe('off');
    const list = await t.service.list();
    expect(list.backups.filter((b) => b.automatic)).toHaveLength(2);
  });

  it('stops a backup when cancelled, leaving no file behind', async () => {
    const t = setup();
    const running = t.service.backup({ includeRecordings: false, jobId: 'job-1' });
    expect(t.service.cancel('other')).toBe(false);
    expect(t.service.cancel('job-1')).toBe(true);
    await expect(running).rejects.toThrow(/cancelled/);
    expect(readdirSync(backupsDir(t.dataDir, 'default'))).toEqual([]);
    expect(t.service.running()).toBe(false);
  });

  it('brings recordings along when asked, under the new workspace', async () => {
    const t = setup();
    const recordingDir = join(t.workspace.dir, 'recordings', '1');
    mkdirSync(recordingDir, { recursive: true });
    const file = join(recordingDir, '1.mp4');
    writeFileSync(file, Buffer.alloc(300_000, 7));
    t.workspace.db.exec(`
      INSERT INTO sessions (id, title, status, created_at) VALUES (1, 'Class', 'ended', 1);
    `);
    t.workspace.db
      .prepare(
        `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, bytes)
         VALUES (1, 1, ?, 'video/mp4', 'finalised', 1, 300000)`,
      )
      .run(file);
    const info = await t.service.backup({ includeRecordings: true });
    expect(info.includesRecordings).toBe(true);
    const result = await t.service.restore({ path: info.path });
    expect(result.recordings).toBe(1);
    const dir = join(t.dataDir, 'workspaces', result.workspace);
    const copy = join(dir, 'recordings', '1', '1.mp4');
    expect(readFileSync(copy).equals(readFileSync(file))).toBe(true);
    const restored = openAsIs(join(dir, 'encore.db'));
    try {
      expect(restored.prepare('SELECT path FROM recordings WHERE id = 1').pluck().get()).toBe(copy);
    } finally {
      restored.close();
    }
    expect(existsSync(file)).toBe(true);
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}
