import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawWinners } from '../../src/main/audience/lottery';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  CoverageError,
  LEARNER_TABLES,
  coverageProblems,
  eraseLearnerData,
  exportLearnerData,
  type Row,
} from '../../src/main/storage/learner-data';
import { useTempDirs } from '../helpers/temp-dir';

// Data-subject export and deletion on a hand-built workspace where the learner has a row in every
// table that can hold one, beside a bystander who must come through untouched. The schema is
// introspected (sqlite_schema, pragma table_info / foreign_key_list) independently of the rules in
// storage/learner-data.ts: a new table that references learners fails here until the rules cover
// it AND this fixture gives the learner a row in it.

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 2, 1, 9);
const ANN = { email: 'ann.lee@example.com', phone: '+8613800001111', device: 'dev-ann-7f3k' };
const BO = { email: 'bo@example.com', device: 'dev-bo-99' };

interface Fixture {
  db: Db;
  ann: number;
  bo: number;
  annQuestion: number;
  boQuestion: number;
}

function run(db: Db, sql: string, ...params: unknown[]): number {
  return Number(db.prepare(sql).run(...params).lastInsertRowid);
}

/** Ann takes part in everything; Bo in some of it, and upvotes Ann's question. */
function buildFixture(): Fixture {
  const db = openDatabase(join(tempDir(), 'learners.db'));
  const course = run(
    db,
    `INSERT INTO courses (title, price_minor, currency, created_at) VALUES ('Python', 19900, 'CNY', ?)`,
    T0,
  );
  const session = run(
    db,
    `INSERT INTO sessions (course_id, title, status, started_at, ended_at, created_at)
     VALUES (?, 'Intro', 'ended', ?, ?, ?)`,
    course,
    T0,
    T0 + 3_600_000,
    T0,
  );
  run(
    db,
    `INSERT INTO live_settings (session_id, join_code, updated_at) VALUES (?, 'ABCD23', ?)`,
    session,
    T0,
  );
  const learner = (name: string): number =>
    run(
      db,
      `INSERT INTO learners (display_name, created_at, consent_follow_up, consent_link_purchases,
         consent_updated_at) VALUES (?, ?, 1, 1, ?)`,
      name,
      T0,
      T0,
    );
  const ann = learner('Ann Lee');
  const bo = learner('Bo Chen');
  const identity = (id: number, kind: string, value: string, platform = ''): void => {
    run(
      db,
      `INSERT INTO learner_identities (learner_id, kind, platform, value, created_at) VALUES (?, ?, ?, ?, ?)`,
      id,
      kind,
      platform,
      value,
      T0,
    );
  };
  identity(ann, 'email', ANN.email);
  identity(ann, 'phone', ANN.phone);
  identity(ann, 'device', ANN.device);
  identity(ann, 'platform', 'cust-881', 'shop');
  identity(bo, 'email', BO.email);
  identity(bo, 'device', BO.device);
  // Ann typed an old address and a number into a viewer page: claims (unverified), not
  // identities. They are hers: exported and deleted with her.
  const claim = (id: number, kind: string, value: string): void => {
    run(
      db,
      `INSERT INTO identity_claims (learner_id, kind, value, session_id, claimed_at) VALUES (?, ?, ?, ?, ?)`,
      id,
      kind,
      value,
      null,
      T0,
    );
  };
  claim(ann, 'email', 'ann.old@example.net');
  claim(ann, 'phone', '+15550001111');

  let client = 0;
  const event = (id: number, kind: string, at: number, payload: object = {}): number =>
    run(
      db,
      `INSERT INTO events (session_id, learner_id, kind, at, payload, client_id) VALUES (?, ?, ?, ?, ?, ?)`,
      session,
      id,
      kind,
      at,
      JSON.stringify(payload),
      `c${client++}`,
    );
  const viewer = (id: number, publicId: string, name: string): void => {
    run(
      db,
      `INSERT INTO live_viewers (session_id, learner_id, public_id, name, first_joined_at) VALUES (?, ?, ?, ?, ?)`,
      session,
      id,
      publicId,
      name,
      T0,
    );
    run(
      db,
      `INSERT INTO attendance (session_id, learner_id, joined_at, left_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
      session,
      id,
      T0 + 60_000,
      T0 + 3_000_000,
      T0 + 3_000_000,
    );
  };
  viewer(ann, 'vAnn1', 'Ann');
  viewer(bo, 'vBo22', 'Bo');

  // Both watched the class's replay on the join link afterwards (migration 0270).
  for (const [learner, from] of [
    [ann, 0],
    [bo, 30_000],
  ] as const) {
    run(
      db,
      `INSERT INTO replay_watchers (session_id, learner_id, first_at, last_at, last_seq, heartbeats)
       VALUES (?, ?, ?, ?, 1, 1)`,
      session,
      learner,
      T0 + 86_400_000,
      T0 + 86_400_000,
    );
    run(
      db,
      'INSERT INTO replay_watch_spans (session_id, learner_id, start_ms, end_ms) VALUES (?, ?, ?, ?)',
      session,
      learner,
      from,
      from + 10_000,
    );
  }

  // Chat, hidden by the host: the moderation log names the message.
  const chat = (id: number, text: string, at: number): number =>
    run(
      db,
      `INSERT INTO chat_messages (session_id, event_id, learner_id, text, at) VALUES (?, ?, ?, ?, ?)`,
      session,
      event(id, 'chat', at, { text }),
      id,
      text,
      at,
    );
  const annChat = chat(ann, 'Hi, Ann here (ann.lee@example.com)', T0 + 120_000);
  chat(bo, 'Hello from Bo', T0 + 130_000);

  const question = (id: number, text: string, at: number): number =>
    run(
      db,
      `INSERT INTO questions (session_id, learner_id, event_id, text, asked_at, upvotes) VALUES (?, ?, ?, ?, ?, 1)`,
      session,
      id,
      event(id, 'question', at, { text }),
      text,
      at,
    );
  const annQuestion = question(ann, 'Will there be a recording?', T0 + 200_000);
  const boQuestion = question(bo, 'Which editor do you use?', T0 + 210_000);
  // Each upvotes the other's question.
  for (const [voter, target] of [
    [ann, boQuestion],
    [bo, annQuestion],
  ] as const) {
    event(voter, 'upvote', T0 + 220_000, { questionId: target });
    run(
      db,
      'INSERT INTO question_votes (question_id, learner_id, at) VALUES (?, ?, ?)',
      target,
      voter,
      T0 + 220_000,
    );
  }

  const poll = run(
    db,
    `INSERT INTO polls (course_id, kind, question, options, correct, created_at)
     VALUES (?, 'quiz', '2 + 2?', '["3","4"]', '[1]', ?)`,
    course,
    T0,
  );
  const pollRun = run(
    db,
    'INSERT INTO poll_runs (poll_id, session_id, opened_at, closed_at) VALUES (?, ?, ?, ?)',
    poll,
    session,
    T0 + 600_000,
    T0 + 700_000,
  );
  for (const id of [ann, bo]) {
    event(id, 'poll_vote', T0 + 610_000, { runId: pollRun, choices: [1] });
    run(
      db,
      `INSERT INTO poll_votes (run_id, learner_id, choices, at) VALUES (?, ?, '[1]', ?)`,
      pollRun,
      id,
      T0 + 610_000,
    );
  }
  const survey = run(
    db,
    'INSERT INTO satisfaction_surveys (session_id, opened_at) VALUES (?, ?)',
    session,
    T0 + 800_000,
  );
  for (const id of [ann, bo]) {
    run(
      db,
      `INSERT INTO satisfaction_answers (survey_id, learner_id, class_rating, teacher_rating,
         content_rating, recommend, comment, answered_at, updated_at)
       VALUES (?, ?, 5, 4, 5, 9, 'Clear and useful', ?, ?)`,
      survey,
      id,
      T0 + 810_000,
      T0 + 810_000,
    );
  }

  const offer = run(
    db,
    `INSERT INTO offers (session_id, course_id, title, price_minor, currency, pushed_at)
     VALUES (?, ?, 'Python -20%', 15900, 'CNY', ?)`,
    session,
    course,
    T0 + 1_800_000,
  );
  for (const id of [ann, bo]) {
    run(
      db,
      'INSERT INTO offer_impressions (offer_id, learner_id, at) VALUES (?, ?, ?)',
      offer,
      id,
      T0 + 1_800_000,
    );
  }
  event(ann, 'offer_click', T0 + 1_810_000, { offerId: offer });
  run(
    db,
    'INSERT INTO offer_clicks (offer_id, learner_id, at) VALUES (?, ?, ?)',
    offer,
    ann,
    T0 + 1_810_000,
  );
  // The offer is an experiment with two variants (issue #15), and a personal offer followed it.
  run(db, `INSERT INTO offer_experiments (offer_id, seed, variants) VALUES (?, 'seed', 2)`, offer);
  for (const idx of [0, 1]) {
    run(
      db,
      `INSERT INTO offer_variants (offer_id, idx, label, price_minor) VALUES (?, ?, ?, 15900)`,
      offer,
      idx,
      idx === 0 ? 'A' : 'B',
    );
  }
  for (const [idx, id] of [ann, bo].entries()) {
    run(
      db,
      'INSERT INTO offer_variant_exposures (offer_id, learner_id, idx, at) VALUES (?, ?, ?, ?)',
      offer,
      id,
      idx,
      T0 + 1_800_000,
    );
  }
  const personal = run(
    db,
    `INSERT INTO offers (session_id, course_id, title, price_minor, currency, pushed_at)
     VALUES (?, ?, 'Python', 19900, 'CNY', ?)`,
    session,
    course,
    T0 + 2_000_000,
  );
  run(db, 'INSERT INTO personal_offers (offer_id) VALUES (?)', personal);
  for (const id of [ann, bo]) {
    run(
      db,
      `INSERT INTO personal_offer_picks (offer_id, learner_id, course_id, title, price_minor,
         currency, reason, at) VALUES (?, ?, ?, 'Python', 19900, 'CNY', '{}', ?)`,
      personal,
      id,
      course,
      T0 + 2_000_000,
    );
  }

  event(ann, 'reaction', T0 + 900_000, { reaction: 'heart' });
  run(
    db,
    `INSERT INTO reaction_counts (session_id, learner_id, reaction, count, last_at) VALUES (?, ?, 'heart', 12, ?)`,
    session,
    ann,
    T0 + 900_000,
  );
  event(ann, 'hand_raise', T0 + 950_000, { raised: true });

  const checkin = run(
    db,
    'INSERT INTO checkins (session_id, opened_at, closed_at) VALUES (?, ?, ?)',
    session,
    T0 + 300_000,
    T0 + 400_000,
  );
  run(
    db,
    'INSERT INTO checkin_records (checkin_id, learner_id, event_id, at) VALUES (?, ?, ?, ?)',
    checkin,
    ann,
    event(ann, 'check_in', T0 + 310_000, { checkinId: checkin }),
    T0 + 310_000,
  );

  // The host muted Ann, hid her message, banned her device everywhere, then lifted the ban.
  run(
    db,
    'INSERT INTO mutes (session_id, learner_id, until, at, actor) VALUES (?, ?, ?, ?, ?)',
    session,
    ann,
    T0 + 1_000_000,
    T0 + 700_000,
    'host',
  );
  const ban = run(
    db,
    `INSERT INTO bans (session_id, device_token, learner_id, reason, at, actor, lifted_at, lifted_by)
     VALUES (NULL, ?, ?, 'spam from Ann Lee', ?, 'host', ?, 'host')`,
    ANN.device,
    ann,
    T0 + 800_000,
    T0 + 850_000,
  );
  run(
    db,
    `INSERT INTO bans (session_id, device_token, learner_id, reason, at, actor) VALUES (?, ?, ?, 'flood', ?, 'host')`,
    session,
    BO.device,
    bo,
    T0 + 820_000,
  );
  const log = (action: string, target: string, detail: object = {}): void => {
    run(
      db,
      `INSERT INTO moderation_log (session_id, action, target, actor, at, detail) VALUES (?, ?, ?, 'host', ?, ?)`,
      session,
      action,
      target,
      T0 + 700_000,
      JSON.stringify(detail),
    );
  };
  log('mute', 'vAnn1', { minutes: 5 });
  log('hide_message', `m${annChat}`);
  log('ban', 'vAnn1', { scope: 'global', reason: 'spam from Ann Lee' });
  log('unban', String(ban));
  log('ban', 'vBo22', { scope: 'session', reason: 'flood' });
  log('configure_chat', 'x', { slowModeSeconds: 5 });

  // A draw among both, stored in learner-id order, Ann the winner.
  const candidates = [
    { learnerId: ann, viewerId: 'vAnn1', name: 'Ann' },
    { learnerId: bo, viewerId: 'vBo22', name: 'Bo' },
  ];
  const seed = [...Array(200).keys()].find(
    (s) => drawWinners(candidates, 1, s)[0]?.learnerId === ann,
  );
  run(
    db,
    `INSERT INTO lotteries (session_id, title, rule, seed, candidates, winners, drawn_at)
     VALUES (?, 'Book', '{"kind":"attended"}', ?, ?, ?, ?)`,
    session,
    seed,
    JSON.stringify(candidates),
    JSON.stringify(drawWinners(candidates, 1, seed ?? 0)),
    T0 + 3_500_000,
  );

  // Orders: one linked with a line and a refund link; one imported before the studio knew her
  // email (unlinked, but hers); Bo's.
  const order = (
    externalId: string,
    learnerId: number | null,
    email: string | null,
    status = 'paid',
  ): number =>
    run(
      db,
      `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor,
         refunded_minor, status, buyer_email, imported_at)
       VALUES ('shop', ?, ?, ?, 'CNY', 19900, ?, ?, ?, ?)`,
      externalId,
      learnerId,
      T0 + 86_400_000,
      status === 'partially_refunded' ? 5000 : 0,
      status,
      email,
      T0 + 90_000_000,
    );
  const line = (orderId: number): void => {
    run(
      db,
      `INSERT INTO order_lines (order_id, course_id, title, amount_minor, sku) VALUES (?, ?, 'Python', 19900, 'PY1')`,
      orderId,
      course,
    );
  };
  const annOrder = order('A-1', ann, ANN.email, 'partially_refunded');
  line(annOrder);
  run(
    db,
    `INSERT INTO order_refund_links (source, refund_external_id, refund_line, order_id, line_position,
       amount_minor, refunded_at) VALUES ('shop', 'C-1', 0, ?, 0, 5000, ?)`,
    annOrder,
    T0 + 95_000_000,
  );
  line(order('A-0', null, ANN.email));
  line(order('B-1', bo, BO.email));
  run(
    db,
    `INSERT INTO import_runs (source, format, started_at, finished_at, status, rows_read, warning_count, errors)
     VALUES ('shop', 'csv', ?, ?, 'done', 3, 2, ?)`,
    T0 + 90_000_000,
    T0 + 90_000_100,
    JSON.stringify([
      { line: 2, kind: 'warning', reason: "invalid phone '138' ignored", orderId: 'A-1' },
      { line: 4, kind: 'warning', reason: 'unknown sku', orderId: 'B-1' },
    ]),
  );
  return { db, ann, bo, annQuestion, boQuestion };
}

/** Tables with a column that references learners, found from the schema alone. */
function tablesReferencingLearners(db: Db): { table: string; column: string }[] {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  return tables.flatMap(({ name }) => {
    const keys = (
      db
        .prepare(`SELECT "from" AS col FROM pragma_foreign_key_list(?) WHERE "table" = 'learners'`)
        .all(name) as { col: string }[]
    ).map((k) => k.col);
    const named = (
      db.prepare(`SELECT name FROM pragma_table_info(?) WHERE name = 'learner_id'`).all(name) as {
        name: string;
      }[]
    ).map((c) => c.name);
    return [...new Set([...keys, ...named])].map((column) => ({ table: name, column }));
  });
}

/** Every text cell of every table, as `table.column: value`. */
function allText(db: Db): string[] {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (db.prepare(`SELECT * FROM ${name}`).all() as Row[]).flatMap((row) =>
      Object.entries(row)
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        .map(([column, value]) => `${name}.${column}: ${value}`),
    ),
  );
}

const sortRows = (rows: readonly Row[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

describe('learner data rules', () => {
  it('cover every table of the schema', () => {
    const { db } = buildFixture();
    expect(coverageProblems(db)).toEqual([]);
    const listed = LEARNER_TABLES.map((r) => r.table).sort();
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    expect(listed).toEqual(tables);
    for (const { table } of tablesReferencingLearners(db)) {
      expect(LEARNER_TABLES.find((r) => r.table === table)?.kind, table).toBe('rows');
    }
    db.close();
  });

  it('refuse to export or delete when a table is not covered', () => {
    const { db, ann } = buildFixture();
    db.exec(
      `CREATE TABLE notes (id INTEGER PRIMARY KEY, learner_id INTEGER REFERENCES learners (id), text TEXT) STRICT`,
    );
    expect(coverageProblems(db)).toContain('notes is not listed');
    expect(() => exportLearnerData(db, ann, T0)).toThrow(CoverageError);
    expect(() => eraseLearnerData(db, ann, T0)).toThrow(CoverageError);
    expect(db.prepare('SELECT count(*) AS n FROM learners').get()).toEqual({ n: 2 });
    // Listed, but as holding nothing about learners: still refused.
    const wrong = [...LEARNER_TABLES, { table: 'notes', kind: 'none' as const, why: 'test' }];
    expect(coverageProblems(db, wrong)).toEqual([
      "notes.learner_id references learners but the table is 'none'",
      "notes.learner_id looks personal but the table is 'none'",
    ]);
    db.close();
  });
});

describe('learner deletion query plans', () => {
  it("finds what references each of the learner's events by index, not by a scan per event", () => {
    const { db } = buildFixture();
    const plan = (
      db.prepare('EXPLAIN QUERY PLAN DELETE FROM events WHERE learner_id = ?').all(1) as {
        detail: string;
      }[]
    ).map((p) => p.detail);
    expect(plan).toContain('SEARCH questions USING COVERING INDEX questions_event (event_id=?)');
    expect(plan).toContain('SEARCH checkin_records USING INDEX checkin_records_event (event_id=?)');
    expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual([]);
    db.close();
  });
});

describe('learner.export / learner.delete on the database', () => {
  it('exports every row the database holds about the learner, and nothing of others', () => {
    const { db, ann, bo } = buildFixture();
    const data = exportLearnerData(db, ann, T0 + 10)!;
    expect(data.format).toBe('encore-studio/learner-data');
    expect(data.learner).toEqual({ id: ann, displayName: 'Ann Lee' });

    // Every table that references learners: the learner has rows there (the fixture is complete),
    // and the export holds each of them exactly as stored.
    for (const { table, column } of tablesReferencingLearners(db)) {
      const stored = db.prepare(`SELECT * FROM ${table} WHERE ${column} = ?`).all(ann) as Row[];
      expect(stored.length, `${table} has rows of the learner in the fixture`).toBeGreaterThan(0);
      const exported = sortRows(data.tables[table] ?? []);
      expect(exported, table).toEqual(expect.arrayContaining(sortRows(stored)));
      // Only orders add rows not linked by id: the unlinked one that carries her email.
      expect(exported.length, table).toBe(stored.length + (table === 'orders' ? 1 : 0));
    }
    expect(sortRows(data.tables.learners ?? [])).toEqual(
      sortRows(db.prepare('SELECT * FROM learners WHERE id = ?').all(ann) as Row[]),
    );
    // Children of their rows, and the unlinked order that carries their email.
    expect(data.tables.orders?.map((o) => o.external_id).sort()).toEqual(['A-0', 'A-1']);
    expect(data.tables.order_lines).toHaveLength(2);
    expect(data.tables.order_refund_links).toHaveLength(1);
    expect(data.tables.bans?.map((b) => b.reason)).toEqual(['spam from Ann Lee']);
    // Their own contact details are in it (it is for them)...
    const text = JSON.stringify(data);
    for (const value of [ANN.email, ANN.phone, ANN.device]) expect(text).toContain(value);
    // ...and nobody else's: not Bo's name, email, device, question or chat.
    for (const value of ['Bo Chen', BO.email, BO.device, 'Which editor', 'Hello from Bo', 'flood'])
      expect(text).not.toContain(value);
    expect(data.tables.question_votes?.map((v) => v.learner_id)).toEqual([ann]);

    // Mentions: their entry of the draw, moderation decisions about them, their import issue.
    expect(data.mentions.lotteries).toEqual([
      expect.objectContaining({ name: 'Ann', viewer_id: 'vAnn1', won: 1 }),
    ]);
    expect(data.mentions.moderation_log?.map((m) => m.action).sort()).toEqual([
      'ban',
      'hide_message',
      'mute',
      'unban',
    ]);
    expect(JSON.parse(String(data.mentions.import_runs?.[0]?.issues))).toEqual([
      expect.objectContaining({ orderId: 'A-1' }),
    ]);
    expect(data.tables.identity_claims?.map((c) => [c.kind, c.value, c.status])).toEqual([
      ['email', 'ann.old@example.net', 'open'],
      ['phone', '+15550001111', 'open'],
    ]);
    expect(exportLearnerData(db, bo, T0)?.tables.identity_claims).toEqual([]);
    expect(exportLearnerData(db, 9_999, T0)).toBeNull();
    expect(exportLearnerData(db, bo, T0)?.tables.orders?.map((o) => o.external_id)).toEqual([
      'B-1',
    ]);
    db.close();
  });

  it('deletes the learner and everything derived from them, in one go, and only them', () => {
    const { db, ann, bo, boQuestion } = buildFixture();
    const boBefore = exportLearnerData(db, bo, T0)!;
    const summary = eraseLearnerData(db, ann, T0 + 20)!;

    // No table holds their id any more…
    for (const { table, column } of tablesReferencingLearners(db)) {
      expect(
        db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(ann),
        table,
      ).toEqual({ n: 0 });
    }
    expect(db.prepare('SELECT count(*) AS n FROM learners WHERE id = ?').get(ann)).toEqual({
      n: 0,
    });
    // …nor, anywhere, their email, phone, device, names or anything they wrote.
    const leftovers = allText(db).filter((cell) =>
      [
        ANN.email,
        ANN.phone,
        ANN.device,
        'Ann',
        'vAnn1',
        'recording?',
        'cust-881',
        '+15550001111',
      ].some((v) => cell.includes(v)),
    );
    expect(leftovers).toEqual([]);
    expect(db.prepare(`SELECT count(*) AS n FROM orders`).get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // The summary counts what went; the tombstone keeps the counts, not the id.
    expect(summary.deleted).toMatchObject({
      learners: 1,
      learner_identities: 4,
      identity_claims: 2,
      orders: 2,
      order_lines: 2,
      order_refund_links: 1,
      // Her vote on Bo's question, and Bo's vote on her question.
      question_votes: 2,
      bans: 1,
    });
    expect(summary.scrubbed).toEqual({ lotteries: 1, moderation_log: 4, import_runs: 1 });
    const tombstone = db.prepare('SELECT * FROM learner_erasures').all() as Row[];
    expect(tombstone).toHaveLength(1);
    expect(JSON.stringify(tombstone)).not.toMatch(new RegExp(`"${ann}"|Ann`));

    // Bo keeps everything (his vote on her question went with the question); his question no
    // longer counts her upvote.
    const boAfter = exportLearnerData(db, bo, T0)!;
    for (const [table, rows] of Object.entries(boBefore.tables)) {
      let expected = rows;
      if (table === 'question_votes') expected = rows.filter((v) => v.question_id === boQuestion);
      if (table === 'questions') expected = rows.map((q) => ({ ...q, upvotes: 0 }));
      expect(sortRows(boAfter.tables[table] ?? []), table).toEqual(sortRows(expected));
    }
    expect(db.prepare('SELECT upvotes FROM questions WHERE id = ?').get(boQuestion)).toEqual({
      upvotes: 0,
    });

    // The draw keeps its place-holder, so seed + candidates still replay it.
    const lottery = db.prepare('SELECT seed, candidates, winners FROM lotteries').get() as {
      seed: number;
      candidates: string;
      winners: string;
    };
    const candidates = JSON.parse(lottery.candidates) as unknown[];
    expect(candidates).toEqual([
      { learnerId: null, viewerId: null, name: '' },
      { learnerId: bo, viewerId: 'vBo22', name: 'Bo' },
    ]);
    expect(drawWinners(candidates, 1, lottery.seed)).toEqual(JSON.parse(lottery.winners));
    // The moderation trail keeps its decisions, without whom; Bo's ban entry is untouched.
    expect(db.prepare(`SELECT action, target FROM moderation_log ORDER BY id`).all()).toEqual([
      { action: 'mute', target: null },
      { action: 'hide_message', target: null },
      { action: 'ban', target: null },
      { action: 'unban', target: null },
      { action: 'ban', target: 'vBo22' },
      { action: 'configure_chat', target: 'x' },
    ]);
    expect(
      JSON.parse((db.prepare('SELECT errors FROM import_runs').get() as { errors: string }).errors),
    ).toEqual([expect.objectContaining({ orderId: 'B-1' })]);

    expect(eraseLearnerData(db, ann, T0 + 30)).toBeNull();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
