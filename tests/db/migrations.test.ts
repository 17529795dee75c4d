import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/storage/connection';
import {
  LATEST_SCHEMA_VERSION,
  NewerDatabaseError,
  migrate,
  migrations,
} from '../../src/main/storage/migrations';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

const EXPECTED_TABLES = [
  'announcements',
  'attendance',
  'bans',
  'chat_messages',
  'checkin_records',
  'checkins',
  'course_skus',
  'courses',
  'events',
  'identity_claims',
  'import_mappings',
  'import_runs',
  'learner_erasures',
  'learner_identities',
  'learners',
  'live_settings',
  'live_viewers',
  'lotteries',
  'moderation_log',
  'mutes',
  'offer_clicks',
  'offer_impressions',
  'offers',
  'order_lines',
  'order_refund_links',
  'orders',
  'outputs',
  'poll_runs',
  'poll_votes',
  'polls',
  'question_votes',
  'questions',
  'reaction_counts',
  'recordings',
  'sessions',
  'settings',
];

describe('migrations', () => {
  it('are numbered in strictly increasing multiples of 10', () => {
    // Gaps are allowed: changes developed side by side reserve their numbers (0150 before 0140).
    migrations.forEach((step, index) => {
      expect(step.version % 10).toBe(0);
      expect(step.version).toBeGreaterThan(migrations[index - 1]?.version ?? 0);
    });
  });

  it('create the whole schema from empty, as STRICT tables, and record the version', () => {
    const db = openDatabase(join(tempDir(), 'fresh.db'));
    const tables = db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(EXPECTED_TABLES);
    for (const table of tables) expect(table.sql, table.name).toMatch(/\)\s*STRICT/);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('are idempotent: reopening applies nothing twice', () => {
    const file = join(tempDir(), 'again.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('apply only the pending steps, in one transaction', () => {
    const file = join(tempDir(), 'partial.db');
    const raw = new Database(file);
    migrate(raw, migrations.slice(0, 3));
    expect(raw.pragma('user_version', { simple: true })).toBe(30);
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('roll back every step when one fails, leaving the database as it was', () => {
    const raw = new Database(join(tempDir(), 'broken.db'));
    const broken = [
      ...migrations.slice(0, 2),
      { version: 30, name: 'broken', up: 'CREATE TABLE (' },
    ];
    expect(() => migrate(raw, broken)).toThrow();
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get()).toEqual({ n: 0 });
    raw.close();
  });

  it('refuse a database written by a newer version, and leave it untouched', () => {
    const file = join(tempDir(), 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 10}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(file)).toThrow(/newer Encore Studio/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 10);
    check.close();
  });

  it('enforce the schema: foreign keys, checks and the per-session unique client id', () => {
    const db = openDatabase(join(tempDir(), 'rules.db'));
    const now = 1_700_000_000_000;
    expect(() =>
      db
        .prepare(`INSERT INTO sessions (title, course_id, created_at) VALUES ('x', 999, ?)`)
        .run(now),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO courses (title, price_minor, currency, created_at) VALUES ('x', -1, 'CNY', ?)`,
        )
        .run(now),
    ).toThrow(/CHECK/);
    const session = db
      .prepare(`INSERT INTO sessions (title, created_at) VALUES ('Class', ?)`)
      .run(now).lastInsertRowid;
    const insert = db.prepare(
      `INSERT INTO events (session_id, kind, at, client_id) VALUES (?, 'chat', ?, ?)`,
    );
    insert.run(session, now, 'c-1');
    expect(() => insert.run(session, now, 'c-1')).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO events (session_id, kind, at, client_id, payload) VALUES (?, 'chat', ?, 'c-2', '{bad')`,
        )
        .run(session, now),
    ).toThrow(/CHECK/);
    db.close();
  });
});
