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
  'class_points',
  'class_schedules',
  'course_series',
  'course_skus',
  'course_title_aliases',
  'courses',
  'events',
  'identity_claims',
  'import_mappings',
  'import_runs',
  'lan_replays',
  'learner_erasures',
  'learner_identities',
  'learners',
  'live_settings',
  'live_viewers',
  'lotteries',
  'moderation_log',
  'mutes',
  'offer_clicks',
  'offer_experiments',
  'offer_impressions',
  'offer_variant_exposures',
  'offer_variants',
  'offers',
  'order_lines',
  'order_refund_links',
  'orders',
  'outputs',
  'personal_offer_picks',
  'personal_offers',
  'poll_runs',
  'poll_votes',
  'polls',
  'question_votes',
  'questions',
  'reaction_counts',
  'recordings',
  'replay_watch_spans',
  'replay_watchers',
  'review_chapters',
  'review_notes',
  'satisfaction_answers',
  'satisfaction_surveys',
  'scene_changes',
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

describe('0160: action ids unique per viewer (a table rebuild)', () => {
  it('keeps every event and what references it, and enforces foreign keys again after', () => {
    const raw = new Database(join(tempDir(), 'rebuild.db'));
    raw.pragma('foreign_keys = ON');
    migrate(
      raw,
      migrations.filter((step) => step.version < 160),
    );
    const now = 1_700_000_000_000;
    const session = Number(
      raw.prepare(`INSERT INTO sessions (title, created_at) VALUES ('Class', ?)`).run(now)
        .lastInsertRowid,
    );
    const learner = (name: string): number =>
      Number(
        raw.prepare(`INSERT INTO learners (display_name, created_at) VALUES (?, ?)`).run(name, now)
          .lastInsertRowid,
      );
    const ann = learner('Ann');
    const bob = learner('Bob');
    const event = raw.prepare(
      `INSERT INTO events (session_id, learner_id, kind, at, client_id) VALUES (?, ?, ?, ?, ?)`,
    );
    const chatEvent = Number(event.run(session, ann, 'chat', now, 'a-1').lastInsertRowid);
    const askEvent = Number(event.run(session, ann, 'question', now + 1, 'a-2').lastInsertRowid);
    raw
      .prepare(
        `INSERT INTO chat_messages (session_id, event_id, learner_id, text, at) VALUES (?, ?, ?, 'hi', ?)`,
      )
      .run(session, chatEvent, ann, now);
    raw
      .prepare(
        `INSERT INTO questions (session_id, learner_id, event_id, text, asked_at) VALUES (?, ?, ?, 'why?', ?)`,
      )
      .run(session, ann, askEvent, now + 1);

    expect(migrate(raw)).toBe(LATEST_SCHEMA_VERSION);
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.prepare(`SELECT id, client_id FROM events ORDER BY id`).all()).toEqual([
      { id: chatEvent, client_id: 'a-1' },
      { id: askEvent, client_id: 'a-2' },
    ]);
    // The same id from another viewer is a new event; from the same viewer it is not.
    event.run(session, bob, 'chat', now + 2, 'a-1');
    expect(() => event.run(session, ann, 'chat', now + 2, 'a-1')).toThrow(/UNIQUE/);
    // The references still cascade: deleting the event deletes its chat message and question.
    raw.prepare(`DELETE FROM events WHERE id IN (?, ?)`).run(chatEvent, askEvent);
    expect(raw.prepare(`SELECT count(*) AS n FROM chat_messages`).get()).toEqual({ n: 0 });
    expect(raw.prepare(`SELECT count(*) AS n FROM questions`).get()).toEqual({ n: 0 });
    raw.close();
  });
});
