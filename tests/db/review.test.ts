import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReviewHandlers } from '../../src/main/review/review-handlers';
import {
  parseRange,
  resolveRecordingFile,
  sendRecording,
} from '../../src/main/review/recording-media';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { StudioError } from '../../src/shared/contract/errors';
import type { SessionId } from '../../src/shared/model/ids';
import { useTempDirs } from '../helpers/temp-dir';

// Review on a small class written row by row: two recording parts with a gap, a third class
// never recorded, and every kind of event at a known second.

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const NOW = T0 + 3_600_000;
const S = (n: number): SessionId => n as SessionId;

function seed(dir: string): Db {
  const db = openDatabase(join(dir, 'review.db'));
  const run = (sql: string, ...params: unknown[]): void => {
    db.prepare(sql).run(...params);
  };
  run(
    `INSERT INTO courses (id, title, price_minor, currency, created_at) VALUES (1, 'Watercolour', 9900, 'CNY', ?)`,
    T0,
  );
  run(
    `INSERT INTO sessions (id, course_id, title, status, started_at, ended_at, created_at)
     VALUES (1, 1, 'Skies', 'ended', ?, ?, ?)`,
    T0,
    T0 + 300_000,
    T0,
  );
  run(
    `INSERT INTO sessions (id, course_id, title, status, started_at, ended_at, created_at)
     VALUES (2, NULL, 'Unrecorded', 'ended', ?, ?, ?)`,
    T0 - 86_400_000,
    T0 - 86_400_000 + 60_000,
    T0,
  );
  run(
    `INSERT INTO sessions (id, title, status, created_at) VALUES (3, 'Planned', 'scheduled', ?)`,
    T0,
  );
  const recordings = join(dir, 'recordings', '1');
  mkdirSync(recordings, { recursive: true });
  writeFileSync(join(recordings, '1.mp4'), Buffer.from('0123456789abcdefghij'));
  writeFileSync(join(recordings, '2.mp4'), Buffer.from('second part'));
  // Part 1: 5 s to 105 s after the start; part 2: 130 s to 300 s (the page was closed between).
  run(
    `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes, duration_ms)
     VALUES (1, 1, ?, 'video/mp4;codecs=avc1,opus', 'interrupted', ?, ?, 20, 100000)`,
    join(recordings, '1.mp4'),
    T0 + 5_000,
    T0 + 105_000,
  );
  run(
    `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes, duration_ms)
     VALUES (2, 1, ?, 'video/mp4', 'finalised', ?, ?, 11, 170000)`,
    join(recordings, '2.mp4'),
    T0 + 130_000,
    T0 + 300_000,
  );
  for (let id = 1; id <= 10; id += 1) {
    run(
      `INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, ?)`,
      id,
      `L${String(id)}`,
      T0,
    );
    run(
      `INSERT INTO live_viewers (session_id, learner_id, public_id, name, first_joined_at) VALUES (1, ?, ?, ?, ?)`,
      id,
      `p${String(id)}`,
      `Viewer ${String(id)}`,
      T0,
    );
    const left = id <= 6 ? T0 + 200_000 : null;
    run(
      `INSERT INTO attendance (session_id, learner_id, joined_at, left_at, last_seen_at) VALUES (1, ?, ?, ?, ?)`,
      id,
      T0,
      left,
      left ?? T0 + 300_000,
    );
  }
  let client = 0;
  const event = (learner: number, kind: string, at: number): number => {
    client += 1;
    return Number(
      db
        .prepare(
          `INSERT INTO events (session_id, learner_id, kind, at, client_id) VALUES (1, ?, ?, ?, ?)`,
        )
        .run(learner, kind, at, `c${String(client)}`).lastInsertRowid,
    );
  };
  const chat = event(1, 'chat', T0 + 35_000);
  run(
    `INSERT INTO chat_messages (session_id, event_id, learner_id, text, at) VALUES (1, ?, 1, 'hello at 30 s', ?)`,
    chat,
    T0 + 35_000,
  );
  const gone = event(2, 'chat', T0 + 36_000);
  run(
    `INSERT INTO chat_messages (session_id, event_id, learner_id, text, at, deleted_at, deleted_by)
     VALUES (1, ?, 2, 'deleted', ?, ?, 'host')`,
    gone,
    T0 + 36_000,
    T0 + 40_000,
  );
  run(
    `INSERT INTO chat_messages (session_id, from_host, text, at) VALUES (1, 1, 'from the host', ?)`,
    T0 + 40_000,
  );
  for (let i = 0; i < 4; i += 1) {
    const at = T0 + 65_000 + i * 1_000;
    const id = event(3 + i, 'question', at);
    run(
      `INSERT INTO questions (session_id, learner_id, event_id, text, asked_at, pinned_at) VALUES (1, ?, ?, ?, ?, ?)`,
      3 + i,
      id,
      `question ${String(i)}`,
      at,
      i === 0 ? T0 + 70_000 : null,
    );
  }
  run(
    `INSERT INTO polls (id, course_id, kind, question, options, created_at) VALUES (1, 1, 'poll', 'Which sky?', '["dawn","dusk"]', ?)`,
    T0,
  );
  run(
    `INSERT INTO poll_runs (id, poll_id, session_id, opened_at, closed_at) VALUES (1, 1, 1, ?, ?)`,
    T0 + 50_000,
    T0 + 58_000,
  );
  run(
    `INSERT INTO poll_votes (run_id, learner_id, choices, at) VALUES (1, 1, '[0]', ?)`,
    T0 + 52_000,
  );
  run(
    `INSERT INTO offers (id, session_id, course_id, title, price_minor, currency, pushed_at) VALUES (1, 1, 1, 'Spring term', 9900, 'CNY', ?)`,
    T0 + 150_000,
  );
  run(`INSERT INTO offer_clicks (offer_id, learner_id, at) VALUES (1, 7, ?)`, T0 + 160_000);
  run(`INSERT INTO announcements (session_id, text, at) VALUES (1, 'Break', ?)`, T0 + 20_000);
  run(
    `INSERT INTO lotteries (session_id, title, rule, seed, candidates, winners, drawn_at)
     VALUES (1, 'Brushes', '{}', 1, '[1,2,3]', '[2]', ?)`,
    T0 + 250_000,
  );
  run(
    `INSERT INTO checkins (id, session_id, opened_at, closed_at) VALUES (1, 1, ?, ?)`,
    T0 + 10_000,
    T0 + 30_000,
  );
  run(
    `INSERT INTO checkin_records (checkin_id, learner_id, at) VALUES (1, 1, ?), (1, 2, ?)`,
    T0 + 12_000,
    T0 + 13_000,
  );
  return db;
}

describe('review API on a class recorded in two parts', () => {
  it('lists every started class, newest first, with parts on one timeline', async () => {
    const dir = tempDir();
    const db = seed(dir);
    const review = createReviewHandlers({
      db: () => db,
      clock: () => NOW,
      workspaceDir: () => dir,
      emit: () => undefined,
    });
    const list = await review['review.list']({}, { transport: 'test' });
    expect(list.map((c) => c.sessionId)).toEqual([1, 2]);
    const [skies, unrecorded] = list;
    expect(skies).toMatchObject({
      title: 'Skies',
      courseTitle: 'Watercolour',
      durationS: 295,
      recordedS: 270,
      bytes: 31,
    });
    expect(skies?.parts.map((p) => [p.recordingId, p.offsetS, p.durationS, p.url])).toEqual([
      [1, 0, 100, '/media/recordings/1'],
      [2, 125, 170, '/media/recordings/2'],
    ]);
    expect(unrecorded).toMatchObject({ parts: [], durationS: 60, bytes: 0 });
    db.close();
  });

  it('puts every event in seconds from the first part, with the gap, curve and moments', async () => {
    const dir = tempDir();
    const db = seed(dir);
    const review = createReviewHandlers({
      db: () => db,
      clock: () => NOW,
      workspaceDir: () => dir,
      emit: () => undefined,
    });
    const tl = await review['review.timeline']({ sessionId: S(1) }, { transport: 'test' });
    expect(tl.originAt).toBe(T0 + 5_000);
    expect(tl.gaps).toEqual([{ fromS: 100, toS: 125 }]);
    expect(tl.chat.map((m) => [m.t, m.name, m.fromHost, m.text])).toEqual([
      [30, 'Viewer 1', false, 'hello at 30 s'],
      [35, '', true, 'from the host'],
    ]);
    expect(tl.questions.map((q) => q.t)).toEqual([60, 61, 62, 63]);
    expect(tl.questions[0]).toMatchObject({ name: 'Viewer 3', pinnedT: 65 });
    // 10 s buckets from t = 0: everyone until 195 s, then 4.
    expect(tl.viewers).toHaveLength(30);
    expect(tl.viewers[0]).toBe(10);
    expect(tl.viewers[20]).toBe(4);
    expect(tl.interactions['question']?.[6]).toBe(4);
    expect(tl.interactions['chat']?.[3]).toBe(2);
    const at = (kind: string): number[] =>
      tl.markers.filter((m) => m.kind === kind).map((m) => m.t);
    expect(at('poll')).toEqual([45]);
    expect(at('offer')).toEqual([145]);
    expect(at('offer_click')).toEqual([155]);
    expect(at('pin')).toEqual([65]);
    expect(at('announcement')).toEqual([15]);
    expect(at('lottery')).toEqual([245]);
    expect(tl.markers.find((m) => m.kind === 'checkin')).toMatchObject({
      t: 5,
      endT: 25,
      numbers: { checkedIn: 2 },
    });
    const burst = tl.moments.find((m) => m.kind === 'question_burst');
    expect(burst).toMatchObject({ t: 60, endT: 70, numbers: { count: 4 } });
    expect(tl.moments.find((m) => m.kind === 'peak')).toMatchObject({
      t: 0,
      numbers: { viewers: 10 },
    });
    expect(tl.moments.find((m) => m.kind === 'dip')).toMatchObject({
      numbers: { viewers: 4, peak: 10 },
    });
    const drop = tl.moments.find((m) => m.kind === 'drop_off');
    expect(drop?.numbers).toMatchObject({ before: 10, after: 4, fall: 6 });
    // Suggested: the start, the poll, then the offer (the burst is within 20 s of the poll).
    expect(tl.chaptersSaved).toBe(false);
    expect(tl.chapters.map((c) => [c.t, c.source, c.title])).toEqual([
      [0, 'start', ''],
      [45, 'poll', 'Which sky?'],
      [145, 'offer', 'Spring term'],
    ]);
    db.close();
  });

  it('stores chapters and notes by the second, and an empty list returns to the suggestions', async () => {
    const dir = tempDir();
    const db = seed(dir);
    const review = createReviewHandlers({
      db: () => db,
      clock: () => NOW,
      workspaceDir: () => dir,
      emit: () => undefined,
    });
    const ctx = { transport: 'test' as const };
    const saved = await review['review.saveChapters'](
      {
        sessionId: S(1),
        chapters: [
          { t: 140, title: 'The offer' },
          { t: 0, title: 'Welcome' },
        ],
      },
      ctx,
    );
    expect(saved).toEqual({
      chaptersSaved: true,
      chapters: [
        { t: 0, title: 'Welcome', source: 'saved' },
        { t: 140, title: 'The offer', source: 'saved' },
      ],
    });
    const note = await review['review.addNote'](
      { sessionId: S(1), t: 61.5, text: 'good question' },
      ctx,
    );
    expect(note).toMatchObject({ t: 61.5, text: 'good question' });
    let tl = await review['review.timeline']({ sessionId: S(1) }, ctx);
    expect(tl.chapters.map((c) => c.title)).toEqual(['Welcome', 'The offer']);
    expect(tl.notes).toEqual([note]);
    expect(await review['review.deleteNote']({ sessionId: S(2), noteId: note.id }, ctx)).toEqual({
      deleted: false,
    });
    expect(await review['review.deleteNote']({ sessionId: S(1), noteId: note.id }, ctx)).toEqual({
      deleted: true,
    });
    await expect(
      Promise.resolve().then(() =>
        review['review.saveChapters'](
          {
            sessionId: S(1),
            chapters: [
              { t: 3, title: 'a' },
              { t: 3, title: 'b' },
            ],
          },
          ctx,
        ),
      ),
    ).rejects.toThrow(/same second/);
    const back = await review['review.saveChapters']({ sessionId: S(1), chapters: [] }, ctx);
    expect(back.chaptersSaved).toBe(false);
    expect(back.chapters[0]?.source).toBe('start');
    tl = await review['review.timeline']({ sessionId: S(1) }, ctx);
    expect(tl.notes).toEqual([]);
    db.close();
  });

  it('refuses a class that never started', async () => {
    const dir = tempDir();
    const db = seed(dir);
    const review = createReviewHandlers({
      db: () => db,
      clock: () => NOW,
      workspaceDir: () => dir,
      emit: () => undefined,
    });
    await expect(
      Promise.resolve().then(() =>
        review['review.timeline']({ sessionId: S(3) }, { transport: 'test' }),
      ),
    ).rejects.toThrow(StudioError);
    db.close();
  });
});

describe('recording media with byte ranges', () => {
  it('parses single ranges and refuses ones past the end', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-5', 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=9-3', 100)).toBeNull();
  });

  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('serves a part whole, by range, and never a file outside the recordings folder', async () => {
    const dir = tempDir();
    const db = seed(dir);
    db.prepare(`UPDATE recordings SET path = ? WHERE id = 2`).run(join(dir, 'review.db'));
    expect(resolveRecordingFile(db, dir, '2')).toBeNull();
    expect(resolveRecordingFile(db, dir, '../1')).toBeNull();
    expect(resolveRecordingFile(db, dir, '99')).toBeNull();
    const server = createServer((req, res) => {
      const target = resolveRecordingFile(db, dir, (req.url ?? '').slice(1));
      if (!target) {
        res.writeHead(404);
        res.end();
        return;
      }
      sendRecording(req, res, target, {});
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const get = (path: string, range?: string) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
        (resolve, reject) => {
          const req = request(
            { host: '127.0.0.1', port, path, headers: range ? { Range: range } : {} },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  headers: res.headers,
                  body: Buffer.concat(chunks).toString(),
                }),
              );
            },
          );
          req.on('error', reject);
          req.end();
        },
      );
    const whole = await get('/1');
    expect(whole).toMatchObject({ status: 200, body: '0123456789abcdefghij' });
    expect(whole.headers).toMatchObject({ 'content-type': 'video/mp4', 'accept-ranges': 'bytes' });
    const part = await get('/1', 'bytes=10-14');
    expect(part).toMatchObject({ status: 206, body: 'abcde' });
    expect(part.headers['content-range']).toBe('bytes 10-14/20');
    const past = await get('/1', 'bytes=20-');
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */20');
    expect((await get('/2')).status).toBe(404);
    db.close();
  });
});
