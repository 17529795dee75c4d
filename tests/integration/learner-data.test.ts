import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../src/main/app/create-studio';
import { databaseFile } from '../../src/main/storage/workspace';
import type { Db } from '../../src/main/storage/connection';
import type { Row } from '../../src/main/storage/learner-data';
import {
  studioEvents,
  studioMethods,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../src/shared/contract';
import type { LearnerId, SessionId } from '../../src/shared/model/ids';
import { callError, joinViewer, liveSession, startStudio } from '../helpers/audience';

// Data-subject requests through the real router on the demo workspace plus a real live class
// (WebSocket viewers on loopback) and a real order import: the export holds every row the database
// held about the learner (compared with direct SQL over every table that references learners,
// found by introspection), the deletion leaves no trace of them in any table — nor in the
// database file's bytes — and the reports, customers and recommendations still compute without
// them.

let dir: string;
let studio: Studio;
const deletedEvents: unknown[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encore-learner-data-'));
  studio = startStudio(dir);
  studio.events.subscribe((event, payload) => {
    studioEvents[event].parse(payload);
    if (event === 'learner.deleted') deletedEvents.push(payload);
  });
  await call('settings.update', { language: 'en' });
  await call('workspace.loadDemo', {});
}, 120_000);

afterAll(async () => {
  const closing = studio.audience.close();
  studio.close();
  await closing;
  rmSync(dir, { recursive: true, force: true });
});

async function call<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const result = await studio.router.handle(method, input, { transport: 'test' });
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return studioMethods[method].output.parse(result.value) as MethodOutput<M>;
}

const db = (): Db => studio.workspace().db;

/** Tables with a column that references learners, from the schema alone. */
function referencingTables(): { table: string; column: string }[] {
  const tables = db()
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  return tables.flatMap(({ name }) => {
    const columns = [
      ...(
        db()
          .prepare(`SELECT "from" AS c FROM pragma_foreign_key_list(?) WHERE "table" = 'learners'`)
          .all(name) as { c: string }[]
      ).map((r) => r.c),
      ...(
        db()
          .prepare(`SELECT name AS c FROM pragma_table_info(?) WHERE name = 'learner_id'`)
          .all(name) as { c: string }[]
      ).map((r) => r.c),
    ];
    return [...new Set(columns)].map((column) => ({ table: name, column }));
  });
}

/** Every text cell of the database containing one of `needles`. */
function cellsContaining(needles: readonly string[]): string[] {
  const tables = db()
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  const found: string[] = [];
  for (const { name } of tables) {
    for (const row of db().prepare(`SELECT * FROM ${name}`).all() as Row[]) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string' && needles.some((n) => value.includes(n)))
          found.push(`${name}.${column}: ${value}`);
      }
    }
  }
  return found;
}

const key = (rows: readonly Row[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

/** The export against direct SQL: every row of every referencing table, and their orders' lines. */
function expectExportMatchesDatabase(
  data: MethodOutput<'learner.export'>,
  learnerId: number,
  extraOrders: number,
): void {
  for (const { table, column } of referencingTables()) {
    const stored = db()
      .prepare(`SELECT * FROM ${table} WHERE ${column} = ?`)
      .all(learnerId) as Row[];
    const exported = key(data.tables[table] ?? []);
    expect(exported, table).toEqual(expect.arrayContaining(key(stored)));
    expect(exported.length, table).toBe(stored.length + (table === 'orders' ? extraOrders : 0));
  }
  const orderIds = (data.tables.orders ?? []).map((o) => o.id);
  const lines = db()
    .prepare('SELECT * FROM order_lines WHERE order_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(orderIds)) as Row[];
  expect(key(data.tables.order_lines ?? [])).toEqual(key(lines));
  expect(data.tables.learners).toEqual([
    db().prepare('SELECT * FROM learners WHERE id = ?').get(learnerId),
  ]);
}

async function allFollowUps(): Promise<MethodOutput<'analytics.recommendations'>['rows']> {
  const rows: MethodOutput<'analytics.recommendations'>['rows'] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await call('analytics.recommendations', { limit: 500, offset });
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return rows;
  }
}

async function sessionViewerIds(sessionId: number): Promise<{ total: number; ids: number[] }> {
  const ids: number[] = [];
  let total = 0;
  for (let offset = 0; ; offset += 500) {
    const report = await call('report.session', {
      sessionId: sessionId,
      viewerLimit: 500,
      viewerOffset: offset,
    });
    total = report.engagement.viewers.total;
    ids.push(...report.engagement.viewers.rows.map((v) => v.learnerId));
    if (ids.length >= total || report.engagement.viewers.rows.length === 0) break;
  }
  return { total, ids };
}

function identitiesOf(learnerId: number): string[] {
  return (
    db().prepare(`SELECT value FROM learner_identities WHERE learner_id = ?`).all(learnerId) as {
      value: string;
    }[]
  ).map((r) => r.value);
}

const secrets: string[] = [];

describe('learner.export and learner.delete', () => {
  it('refuse unknown learners and an unconfirmed deletion', async () => {
    expect(await callError(studio, 'learner.export', { learnerId: 987_654 })).toBe('NOT_FOUND');
    expect(
      await callError(studio, 'learner.delete', {
        learnerId: 987_654,
        confirmName: 'x',
      }),
    ).toBe('NOT_FOUND');
    expect(await callError(studio, 'learner.export', { learnerId: -1 })).toBe('BAD_INPUT');
    expect(await callError(studio, 'learner.delete', { learnerId: 1 as LearnerId } as never)).toBe(
      'BAD_INPUT',
    );
    const first = db().prepare('SELECT id, display_name FROM learners LIMIT 1').get() as {
      id: number;
      display_name: string;
    };
    const wrong = await studio.router.handle(
      'learner.delete',
      { learnerId: first.id, confirmName: `${first.display_name}x` },
      { transport: 'test' },
    );
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(db().prepare('SELECT count(*) AS n FROM learners WHERE id = ?').get(first.id)).toEqual({
      n: 1,
    });
  });

  it('export a demo customer completely; deletion removes them from every report', async () => {
    const customers = await call('analytics.customers', { limit: 500 });
    const followUps = await allFollowUps();
    const recommended = new Set(followUps.map((r) => r.learnerId as number));
    // A name no other learner's contains, so that "nowhere any more" is about them alone.
    const uniqueName = (name: string): boolean =>
      (
        db()
          .prepare(
            `SELECT (SELECT count(*) FROM learners WHERE instr(display_name, @n) > 0)
               + (SELECT count(*) FROM live_viewers WHERE instr(name, @n) > 0) AS n`,
          )
          .get({ n: name }) as { n: number }
      ).n === 1;
    const attended = (id: number): number | undefined =>
      (
        db()
          .prepare(
            `SELECT a.session_id AS s FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.learner_id = ? AND s.status = 'ended' ORDER BY s.started_at DESC LIMIT 1`,
          )
          .get(id) as { s: number } | undefined
      )?.s;
    const hasContact = (id: number): boolean =>
      identitiesOf(id).some((v) => v.includes('@') || v.startsWith('+'));
    const chosen = customers.predictions?.top.find(
      (v) =>
        recommended.has(v.learnerId) &&
        uniqueName(v.displayName) &&
        attended(v.learnerId) &&
        hasContact(v.learnerId),
    );
    expect(chosen, 'a demo customer with a recommendation and a class').toBeDefined();
    const id = chosen!.learnerId as number;
    const sessionId = attended(id)!;
    const profile = await call('analytics.learner', { learnerId: chosen!.learnerId });
    expect(profile.attendance.length).toBeGreaterThan(0);
    expect(profile.purchases.length).toBeGreaterThan(0);
    expect(profile.prediction).not.toBeNull();
    expect(profile.recommendations.length).toBeGreaterThan(0);
    expect(profile.segment?.text).toBeTruthy();
    // The profile shows contact details only masked.
    const contacts = identitiesOf(id).filter((v) => v.includes('@') || v.startsWith('+'));
    expect(contacts.length).toBeGreaterThan(0);
    for (const value of contacts) expect(JSON.stringify(profile)).not.toContain(value);
    expect(profile.learner.contactHints.length).toBe(contacts.length);

    const data = await call('learner.export', { learnerId: chosen!.learnerId });
    expect(data).toMatchObject({
      format: 'encore-studio/learner-data',
      formatVersion: 1,
      learner: { id, displayName: chosen!.displayName },
    });
    expectExportMatchesDatabase(data, id, 0);
    // The export is the one place contact details leave the core: they are the learner's own.
    for (const value of contacts) expect(JSON.stringify(data)).toContain(value);

    const before = await sessionViewerIds(sessionId);
    expect(before.ids).toContain(id);
    const learnersBefore = (await call('library.learners', { limit: 1 })).total;
    const needles = [...identitiesOf(id), chosen!.displayName];
    secrets.push(...needles);

    // Exported reports of their class name them and go too; another class's stay.
    const exportsDir = join(studio.workspace().dir, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    const theirs = `report-${String(sessionId)}-their-class-20261122-0900.html`;
    const other = 'report-999999-another-class-20261122-0900.pdf';
    writeFileSync(join(exportsDir, theirs), chosen!.displayName);
    writeFileSync(join(exportsDir, other), 'x');
    // So does an offline replay of their class (a folder: the page and its video).
    const replay = `replay-${String(sessionId)}-their-class-20261122-0900`;
    mkdirSync(join(exportsDir, replay));
    writeFileSync(join(exportsDir, replay, 'replay.html'), chosen!.displayName);
    writeFileSync(join(exportsDir, replay, 'video-1.mp4'), 'x');

    const result = await call('learner.delete', {
      learnerId: chosen!.learnerId,
      confirmName: ` ${chosen!.displayName} `,
    });
    expect(result.exportsRemoved).toEqual([replay, theirs]);
    expect(readdirSync(exportsDir)).toEqual([other]);
    expect(result.learnerId).toBe(id);
    expect(result.deleted.learners).toBe(1);
    expect(result.fileCompacted).toBe(true);
    expect(result.deleted.orders).toBe(data.tables.orders?.length);
    expect(result.deleted.attendance).toBe(data.tables.attendance?.length);
    expect(deletedEvents).toContainEqual({ learnerId: id, deletedAt: result.deletedAt });

    for (const { table, column } of referencingTables()) {
      expect(
        db().prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(id),
        table,
      ).toEqual({ n: 0 });
    }
    expect(cellsContaining(needles)).toEqual([]);

    // Every report still computes, without them.
    const after = await sessionViewerIds(sessionId);
    expect(after.total).toBe(before.total - 1);
    expect(after.ids).not.toContain(id);
    const customersAfter = await call('analytics.customers', { limit: 500 });
    expect(customersAfter.rfm.customers).toBe(customers.rfm.customers - 1);
    expect(customersAfter.predictions?.top.map((v) => v.learnerId)).not.toContain(id);
    expect((await allFollowUps()).map((r) => r.learnerId)).not.toContain(id);
    expect(await callError(studio, 'analytics.learner', { learnerId: chosen!.learnerId })).toBe(
      'NOT_FOUND',
    );
    expect(await callError(studio, 'learner.export', { learnerId: chosen!.learnerId })).toBe(
      'NOT_FOUND',
    );
    expect((await call('library.learners', { limit: 1 })).total).toBe(learnersBefore - 1);
  }, 120_000);

  it('a learner of a live class: refused while the class is open, then deleted with every trace', async () => {
    const email = 'zoe.quill@example.org';
    const course = (await call('library.courses', {}))[0]!;
    // An order imported before the studio knew her email: unmatched, but hers.
    const csv = (orderId: string): string =>
      `order_id,ordered_at,email,name,course,amount,currency,status\r\n${orderId},2026-01-05 10:00,${email},Zoe Quill,"${course.title}",199.00,CNY,paid\r\n`;
    const unmatched = await call('imports.run', {
      fileName: 'shop-early.csv',
      text: csv('Z-1'),
      source: 'shop',
      options: { createLearners: false },
    });
    expect(unmatched.ordersUnmatched).toBe(1);

    // She types her email into the viewer page of an earlier class: a claim, which links
    // nothing by itself...
    const earlier = await liveSession(studio, 'Warm-up class');
    const first = await joinViewer(earlier.wsUrl, {
      name: 'Zoe Quill',
      contact: { email, phone: '+44 7700 900123' },
    });
    await first.close();
    await call('session.end', { sessionId: earlier.sessionId });
    // ...until an import brings orders with that address (their buyer becomes a learner) and the
    // educator says the viewer is the same person: merged into that learner.
    await call('imports.run', { fileName: 'shop-late.csv', text: csv('Z-2'), source: 'shop' });
    const claim = (await call('learner.conflicts', {})).conflicts.find(
      (c) => c.hint === 'z•••@example.org',
    );
    expect(claim?.holder?.orders).toBe(1);
    const merged = await call('learner.resolveConflict', {
      claimId: claim!.claimId,
      resolution: 'same-person',
    });
    const zoeId = merged.learnerId;

    const session = await liveSession(studio, 'Erasure class');
    const sid = session.sessionId as SessionId;
    const zoe = await joinViewer(session.wsUrl, {
      name: 'Zoe Quill',
      deviceToken: first.deviceToken,
      contact: { email, phone: '+44 7700 900123' },
    });
    const bo = await joinViewer(session.wsUrl, { name: 'Bo Tester' });
    expect(
      db()
        .prepare('SELECT learner_id AS id FROM live_viewers WHERE public_id = ?')
        .get(zoe.viewerId),
    ).toEqual({ id: zoeId });
    const boId = (
      db()
        .prepare(`SELECT learner_id AS id FROM live_viewers WHERE public_id = ?`)
        .get(bo.viewerId) as { id: number }
    ).id;

    await zoe.act({ type: 'chat', text: 'Hello, Zoe from Leeds here' });
    await zoe.act({ type: 'ask', text: 'Zoe asks: is there homework?' });
    await bo.act({ type: 'ask', text: 'Bo asks: slides?' });
    const zoeQuestion = await bo.waitFor(
      (f) => f.type === 'question' && f.question.name === 'Zoe Quill',
    );
    const boQuestion = await zoe.waitFor(
      (f) => f.type === 'question' && f.question.name === 'Bo Tester',
    );
    if (zoeQuestion.type !== 'question' || boQuestion.type !== 'question')
      throw new Error('frames');
    await bo.act({ type: 'upvote', questionId: zoeQuestion.question.id });
    await zoe.act({ type: 'upvote', questionId: boQuestion.question.id });
    const poll = await call('poll.create', {
      kind: 'quiz',
      question: '1+1?',
      options: ['1', '2'],
      correct: [1],
    });
    const run = await call('poll.open', { sessionId: sid, pollId: poll.id });
    await zoe.act({ type: 'vote', runId: `r${String(run.runId)}`, choices: [1] });
    await bo.act({ type: 'vote', runId: `r${String(run.runId)}`, choices: [0] });
    await call('poll.reveal', { sessionId: sid, runId: run.runId });
    await zoe.act({ type: 'react', reaction: 'clap' });
    await zoe.act({ type: 'hand', raised: true });
    const checkin = await call('checkin.open', { sessionId: sid });
    await zoe.act({ type: 'checkin', checkinId: `c${String(checkin.id)}` });
    const offer = await call('offer.push', { sessionId: sid, courseId: course.id });
    await zoe.act({ type: 'offerClick', offerId: `o${String(offer.id)}` });
    // The end-of-class survey, an offer experiment and a personal offer also hold her rows.
    const survey = await call('survey.open', { sessionId: sid });
    await zoe.act({
      type: 'survey',
      surveyId: `s${String(survey.id)}`,
      classRating: 5,
      teacherRating: 4,
      contentRating: 5,
      recommend: 9,
      comment: 'Zoe liked it',
    });
    await call('offer.pushExperiment', {
      sessionId: sid,
      courseId: course.id,
      seed: 'erasure',
      variants: [{ label: 'A' }, { label: 'B', headline: 'Save today' }],
    });
    await call('offer.pushPersonal', { sessionId: sid });
    const draw = await call('lottery.draw', {
      sessionId: sid,
      title: 'Book',
      rule: { kind: 'attended' },
      winners: 2,
      seed: 7,
    });
    expect(draw.winners.map((w) => w.name).sort()).toEqual(['Bo Tester', 'Zoe Quill']);
    const message = db()
      .prepare('SELECT id FROM chat_messages WHERE learner_id = ?')
      .get(zoeId) as { id: number };
    await call('chat.hide', { sessionId: sid, messageId: message.id });
    await call('viewer.mute', { sessionId: sid, viewerId: zoe.viewerId, minutes: 5 });

    // Connected: refused, with a reason.
    const refusal = await studio.router.handle(
      'learner.delete',
      { learnerId: zoeId, confirmName: 'Zoe Quill' },
      { transport: 'test' },
    );
    expect(refusal).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('Erasure class') as unknown },
    });
    // Banned and gone, the class still open: still refused (the class keeps her in memory).
    const ban = await call('viewer.ban', {
      sessionId: sid,
      viewerId: zoe.viewerId,
      scope: 'global',
      reason: 'testing Zoe',
    });
    await zoe.closed;
    await call('viewer.unban', { banId: ban.id });
    expect(
      await callError(studio, 'learner.delete', {
        learnerId: zoeId,
        confirmName: 'Zoe Quill',
      }),
    ).toBe('CONFLICT');
    // Someone who is not in the open class can be deleted meanwhile; the file is not rewritten
    // while the class is open (it would hold up the audience's writes).
    const other = db()
      .prepare(
        `SELECT id, display_name FROM learners WHERE id NOT IN (?, ?) ORDER BY id DESC LIMIT 1`,
      )
      .get(zoeId, boId) as { id: number; display_name: string };
    const meanwhile = await call('learner.delete', {
      learnerId: other.id,
      confirmName: other.display_name,
    });
    expect(meanwhile).toMatchObject({ learnerId: other.id, fileCompacted: false });
    // Ends at once: no survey at End keeping the room (and its learners) open.
    await call('survey.configure', { sessionId: sid, atEnd: false });
    await call('session.end', { sessionId: sid });
    await bo.close();
    // Her LAN replay watching (the class has no recording to replay here, so the rows the replay
    // route stores are written as it writes them: one watcher row and its merged spans).
    db()
      .prepare(
        `INSERT INTO replay_watchers (session_id, learner_id, first_at, last_at, last_seq, heartbeats)
         VALUES (?, ?, 1, 2, 1, 1)`,
      )
      .run(sid, zoeId);
    db()
      .prepare(
        `INSERT INTO replay_watch_spans (session_id, learner_id, start_ms, end_ms) VALUES (?, ?, 0, 5000)`,
      )
      .run(sid, zoeId);

    // Her data now fills every table that can hold a learner's row.
    const data = await call('learner.export', { learnerId: zoeId });
    for (const { table, column } of referencingTables()) {
      expect(
        (
          db().prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(zoeId) as {
            n: number;
          }
        ).n,
        `${table} has her rows`,
      ).toBeGreaterThan(0);
    }
    expectExportMatchesDatabase(data, zoeId, 1);
    expect(data.tables.orders?.map((o) => o.external_id).sort()).toEqual(['Z-1', 'Z-2']);
    expect(data.mentions.lotteries).toEqual([
      expect.objectContaining({ name: 'Zoe Quill', won: 1 }),
    ]);
    expect(data.mentions.moderation_log?.map((m) => m.action).sort()).toEqual([
      'ban',
      'hide_message',
      'mute',
      'unban',
    ]);
    expect(JSON.stringify(data)).not.toMatch(/Bo Tester|Bo asks/);

    const needles = [...identitiesOf(zoeId), 'Zoe', zoe.viewerId];
    secrets.push(email, '+447700900123', zoe.deviceToken);
    const reportBefore = await call('report.session', { sessionId: sid });
    expect(reportBefore.audience.uniqueViewers).toBe(2);

    await call('learner.delete', { learnerId: zoeId, confirmName: 'Zoe Quill' });
    for (const { table, column } of referencingTables()) {
      expect(
        db().prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(zoeId),
        table,
      ).toEqual({ n: 0 });
    }
    expect(cellsContaining(needles)).toEqual([]);
    expect(db().pragma('foreign_key_check')).toEqual([]);

    // The class's report without her: Bo alone, his question without her upvote; the draw
    // keeps an anonymous entry in her place and still replays.
    const report = await call('report.session', { sessionId: sid });
    expect(report.audience.uniqueViewers).toBe(1);
    expect(report.engagement.viewers.rows.map((v) => v.learnerId)).toEqual([boId]);
    expect(report.questions.asked).toBe(1);
    expect(report.questions.topUpvoted.every((q) => q.upvotes === 0)).toBe(true);
    const state = await call('live.state', { sessionId: sid });
    expect(state.lotteries[0]?.candidates.map((c) => c.name)).toEqual(
      zoeId < boId ? ['', 'Bo Tester'] : ['Bo Tester', ''],
    );
    expect(state.chat.map((m) => m.text)).not.toContain('Hello, Zoe from Leeds here');
    expect((await call('orders.unmatched', {})).rows.map((o) => o.externalId)).not.toContain('Z-1');
  }, 120_000);

  it('leaves no trace of them in the database file either', async () => {
    expect(secrets.length).toBeGreaterThan(3);
    const closing = studio.audience.close();
    studio.close();
    await closing;
    const file = databaseFile(join(dir, 'workspaces', 'demo'));
    const bytes = Buffer.concat(
      [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    );
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
    }
    // Reopened for afterAll to close again.
    studio = startStudio(dir);
  });
});
