import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';
import type { Studio } from '../../src/main/app/create-studio';
import type { Db } from '../../src/main/storage/connection';
import { useTempDirs } from '../helpers/temp-dir';
import {
  call,
  connectViewer,
  eventually,
  liveSession,
  startStudio,
  useLiveCleanup,
  type TestViewer,
} from '../helpers/audience';

/**
 * The audience hub's golden transcript: a seeded, simulated class of 50 viewers against an
 * injected clock. Every frame every viewer receives (batches unpacked, per connection) and the
 * resulting rows of every non-empty table are compared with tests/fixtures/audience-golden/.
 * A refactor of the hub must leave it byte-identical; `UPDATE_GOLDEN=1` rewrites it.
 *
 * Determinism:
 * - time is the injected clock, advanced only by the script, and only once the server has
 *   handled everything sent so far;
 * - viewers act one at a time in a fixed, seeded order and each action waits for its ack (or
 *   error), so the order in which the hub queues frames is fixed; batches are unpacked, so how
 *   the frames were grouped into sends (a real-time window) does not matter;
 * - the hub's tick (viewer counts, reaction totals, check-in expiry) runs on real time: after
 *   every change that makes the tick broadcast, the script waits for that broadcast before the
 *   next step, so each tick frame lands at a fixed place in every viewer's stream.
 *
 * Normalised (random by design, so replaced by placeholders numbered in order of first
 * appearance in the transcript): the join code, public viewer ids (`v` + 8 random base64url
 * characters) and host chat client ids (`host-` + a random UUID).
 */

const GOLDEN_DIR = join(__dirname, '..', 'fixtures', 'audience-golden');
const GOLDEN_FILE = join(GOLDEN_DIR, 'transcript.json');
const VIEWERS = 50;
const START = 1_700_000_000_000;

const tempDir = useTempDirs();
const { studios, viewers: cleanup } = useLiveCleanup();

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Slot {
  name: string;
  deviceToken: string;
  /** Every connection this viewer opened, in order. */
  conns: TestViewer[];
  current: TestViewer | null;
}

async function waitNext(
  viewer: TestViewer,
  from: number,
  predicate: (frame: SingleServerFrame) => boolean,
): Promise<SingleServerFrame> {
  let index = 0;
  return viewer.waitFor((frame) => {
    index += 1;
    return index > from && predicate(frame);
  }, 10_000);
}

async function runClass(): Promise<string> {
  let now = START;
  const clock = (): number => now;
  const studio: Studio = startStudio(tempDir(), {
    clock,
    // The transcript records a class without WebRTC, whether or not this machine has a worker.
    webrtc: { enabled: false },
    audience: {
      host: '127.0.0.1',
      port: 0,
      tuning: {
        presenceGraceMs: 5_000,
        outboundWindowMs: 5,
        tickMs: 15,
        heartbeatWriteMs: 15_000,
        idleTimeoutMs: 1_000_000_000,
        joinTimeoutMs: 1_000_000_000,
      },
    },
  });
  studios.push(studio);
  const db = studio.workspace().db;
  const { sessionId, wsUrl, joinCode } = await liveSession(studio, 'Golden class');
  const random = prng(20_240_601);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('empty pick');
    return item;
  };
  const step = (): void => {
    now += 200 + Math.floor(random() * 1_800);
  };
  let actionCounter = 0;
  let reactionsSent = 0;
  const nextId = (): string => {
    actionCounter += 1;
    return `golden-${String(actionCounter).padStart(5, '0')}`;
  };

  const slots: Slot[] = Array.from({ length: VIEWERS }, (_, i) => ({
    name: `Viewer ${String(i + 1).padStart(2, '0')}`,
    deviceToken: `golden-device-${String(i + 1).padStart(2, '0')}`,
    conns: [],
    current: null,
  }));
  let connected = 0;
  const observer = (): TestViewer => {
    const slot = slots.find((s) => s.current !== null);
    if (!slot?.current) throw new Error('nobody is connected');
    return slot.current;
  };
  const viewersFrame = async (on: TestViewer, from: number, count: number): Promise<void> => {
    await waitNext(on, from, (f) => f.type === 'viewers' && f.count === count);
  };

  const join = async (slot: Slot, expect: 'welcome' | 'refused' = 'welcome'): Promise<void> => {
    const viewer = await connectViewer(wsUrl);
    cleanup.push(viewer);
    slot.conns.push(viewer);
    viewer.send({ type: 'join', protocol: 1, deviceToken: slot.deviceToken, name: slot.name });
    if (expect === 'refused') {
      await viewer.closed;
      return;
    }
    await waitNext(viewer, 0, (f) => f.type === 'welcome');
    const replacing = slot.current !== null;
    slot.current = viewer;
    if (!replacing) {
      connected += 1;
      await viewersFrame(viewer, 0, connected);
    }
  };

  const leave = async (slot: Slot): Promise<void> => {
    const viewer = slot.current;
    if (!viewer) throw new Error(`${slot.name} is not connected`);
    slot.current = null;
    connected -= 1;
    await viewer.close();
    if (connected > 0) {
      const on = observer();
      await viewersFrame(on, on.frames.length - 1, connected);
    }
  };

  const act = async (
    slot: Slot,
    frame: Record<string, unknown> & { type: string },
  ): Promise<SingleServerFrame> => {
    const viewer = slot.current;
    if (!viewer) throw new Error(`${slot.name} is not connected`);
    const id = nextId();
    const from = viewer.frames.length;
    viewer.send({ ...frame, id });
    const reply = await waitNext(
      viewer,
      from,
      (f) => (f.type === 'ack' || f.type === 'error') && f.id === id,
    );
    if (frame.type === 'react' && reply.type === 'ack' && !reply.duplicate) {
      // The tick's totals that include this reaction (an earlier tick's frame may still be on
      // its way to this viewer, so match the sum, not just the type).
      reactionsSent += 1;
      await waitNext(
        viewer,
        from,
        (f) =>
          f.type === 'reactions' &&
          Object.values(f.totals).reduce((sum, n) => sum + n, 0) === reactionsSent,
      );
    }
    return reply;
  };

  /** Connections that never joined. */
  const strangers: TestViewer[] = [];
  const everyone = (): Slot[] => slots.filter((s) => s.current !== null);

  // ---- joins ----------------------------------------------------------------------------------
  for (const slot of slots) {
    step();
    await join(slot);
  }

  // ---- chat -----------------------------------------------------------------------------------
  for (let i = 0; i < 40; i++) {
    step();
    const slot = pick(everyone());
    await act(slot, { type: 'chat', text: `message ${String(i)} from ${slot.name}` });
  }
  step();
  await call(studio, 'chat.send', { sessionId, text: 'Welcome, everyone!' });

  // ---- questions + upvotes --------------------------------------------------------------------
  const questionIds: string[] = [];
  for (let i = 0; i < 8; i++) {
    step();
    const slot = pick(everyone());
    const from = slot.current?.frames.length ?? 0;
    await act(slot, { type: 'ask', text: `question ${String(i)}?` });
    const current = slot.current;
    if (!current) throw new Error('gone');
    const frame = await waitNext(
      current,
      from,
      (f) => f.type === 'question' && f.question.text === `question ${String(i)}?`,
    );
    if (frame.type === 'question') questionIds.push(frame.question.id);
  }
  for (let i = 0; i < 30; i++) {
    step();
    await act(pick(everyone()), { type: 'upvote', questionId: pick(questionIds) });
  }
  const firstQuestion = Number((questionIds[0] ?? 'q0').slice(1));
  const secondQuestion = Number((questionIds[1] ?? 'q0').slice(1));
  step();
  await call(studio, 'question.pin', { sessionId, questionId: firstQuestion });
  step();
  await call(studio, 'question.answer', { sessionId, questionId: firstQuestion });
  step();
  await call(studio, 'question.dismiss', { sessionId, questionId: secondQuestion });
  step();
  await act(pick(everyone()), { type: 'upvote', questionId: `q${String(secondQuestion)}` });

  // ---- a poll and a quiz ----------------------------------------------------------------------
  const poll = await call(studio, 'poll.create', {
    kind: 'poll',
    question: 'Tabs or spaces?',
    options: ['tabs', 'spaces', 'both'],
  });
  step();
  const pollRun = await call(studio, 'poll.open', { sessionId, pollId: poll.id });
  for (const slot of everyone()) {
    if (random() < 0.6) {
      step();
      await act(slot, {
        type: 'vote',
        runId: `r${String(pollRun.runId)}`,
        choices: [Math.floor(random() * 3)],
      });
    }
  }
  step();
  await act(pick(everyone()), { type: 'vote', runId: `r${String(pollRun.runId)}`, choices: [7] });
  step();
  await call(studio, 'poll.close', { sessionId, runId: pollRun.runId });
  step();
  await act(pick(everyone()), { type: 'vote', runId: `r${String(pollRun.runId)}`, choices: [0] });
  const quiz = await call(studio, 'poll.create', {
    kind: 'quiz',
    question: '2 + 2?',
    options: ['3', '4', '5'],
    correct: [1],
  });
  step();
  const quizRun = await call(studio, 'poll.open', { sessionId, pollId: quiz.id });
  for (const slot of everyone()) {
    if (random() < 0.5) {
      step();
      await act(slot, {
        type: 'vote',
        runId: `r${String(quizRun.runId)}`,
        choices: [Math.floor(random() * 3)],
      });
    }
  }
  step();
  await call(studio, 'poll.close', { sessionId, runId: quizRun.runId });
  step();
  await call(studio, 'poll.reveal', { sessionId, runId: quizRun.runId });

  // ---- reactions and hand raises --------------------------------------------------------------
  const reactions = ['like', 'heart', 'clap', 'laugh', 'wow'] as const;
  for (let i = 0; i < 25; i++) {
    step();
    await act(pick(everyone()), { type: 'react', reaction: pick(reactions) });
  }
  for (let i = 0; i < 5; i++) {
    step();
    await act(pick(everyone()), { type: 'hand', raised: random() < 0.7 });
  }

  // ---- an offer: push, clicks, withdraw -------------------------------------------------------
  const courseId = Number(
    db
      .prepare(
        `INSERT INTO courses (title, price_minor, currency, checkout_url, created_at)
         VALUES ('Advanced SQL', 19900, 'EUR', 'https://shop.example/sql', 0)`,
      )
      .run().lastInsertRowid,
  );
  step();
  const offer = await call(studio, 'offer.push', {
    sessionId,
    courseId,
    priceMinor: 14900,
    couponCode: 'LIVE50',
    stock: 20,
    endsAt: now + 600_000,
  });
  for (let i = 0; i < 12; i++) {
    step();
    await act(pick(everyone()), { type: 'offerClick', offerId: `o${String(offer.id)}` });
  }

  // ---- a check-in that expires on the clock ---------------------------------------------------
  step();
  const checkin = await call(studio, 'checkin.open', { sessionId, durationSeconds: 60 });
  for (const slot of everyone()) {
    if (random() < 0.7) {
      step();
      await act(slot, { type: 'checkin', checkinId: `c${String(checkin.id)}` });
    }
  }
  now = (checkin.closesAt ?? now) + 1_000;
  {
    const on = observer();
    await waitNext(on, on.frames.length - 1, (f) => f.type === 'checkin' && f.checkin === null);
  }
  step();
  await act(pick(everyone()), { type: 'checkin', checkinId: `c${String(checkin.id)}` });
  step();
  await call(studio, 'offer.withdraw', { sessionId, offerId: offer.id });

  // ---- a lottery and an announcement ----------------------------------------------------------
  step();
  await call(studio, 'lottery.draw', {
    sessionId,
    title: 'A free seat',
    rule: { kind: 'attended' },
    winners: 3,
    seed: 42,
  });
  step();
  await call(studio, 'announcement.post', { sessionId, text: 'Break in 5 minutes' });

  // ---- moderation: blocked words, mute, hide, delete, ban -------------------------------------
  step();
  await call(studio, 'chat.configure', { sessionId, blockedWords: ['spoiler'] });
  step();
  await act(pick(everyone()), { type: 'chat', text: 'big SPOILER ahead' });
  const muted = slots[3];
  const banned = slots[4];
  if (!muted?.current || !banned?.current) throw new Error('the script expects them connected');
  const mutedRow = db
    .prepare(`SELECT public_id FROM live_viewers WHERE session_id = ? AND name = ?`)
    .get(sessionId, muted.name) as { public_id: string };
  step();
  await call(studio, 'viewer.mute', { sessionId, viewerId: mutedRow.public_id, minutes: 5 });
  step();
  await act(muted, { type: 'chat', text: 'can I still talk?' });
  step();
  await act(muted, { type: 'ask', text: 'muted question?' });
  const chatIds = (
    db.prepare(`SELECT id FROM chat_messages WHERE session_id = ? ORDER BY id`).all(sessionId) as {
      id: number;
    }[]
  ).map((r) => r.id);
  step();
  await call(studio, 'chat.hide', { sessionId, messageId: chatIds[2] ?? 0 });
  step();
  await call(studio, 'chat.delete', { sessionId, messageId: chatIds[5] ?? 0 });
  step();
  await call(studio, 'chat.configure', { sessionId, slowModeSeconds: 30 });
  const talker = slots[10];
  if (!talker) throw new Error('no talker');
  step();
  await act(talker, { type: 'chat', text: 'first in slow mode' });
  step();
  await act(talker, { type: 'chat', text: 'second in slow mode' });
  step();
  await call(studio, 'chat.configure', { sessionId, slowModeSeconds: 0 });
  const bannedRow = db
    .prepare(`SELECT public_id FROM live_viewers WHERE session_id = ? AND name = ?`)
    .get(sessionId, banned.name) as { public_id: string };
  step();
  {
    const on = slots[0]?.current;
    if (!on) throw new Error('no observer');
    const from = on.frames.length;
    const bannedConn = banned.current;
    await call(studio, 'viewer.ban', {
      sessionId,
      viewerId: bannedRow.public_id,
      scope: 'session',
      reason: 'spam',
    });
    banned.current = null;
    connected -= 1;
    await bannedConn.closed;
    await viewersFrame(on, from, connected);
  }
  step();
  await join(banned, 'refused');

  // ---- frames that are refused before they reach the hub's actions ----------------------------
  {
    const slot = slots[6];
    const viewer = slot?.current;
    if (!slot || !viewer) throw new Error('no viewer 7');
    let from = viewer.frames.length;
    viewer.send('not json');
    await waitNext(viewer, from, (f) => f.type === 'error' && f.code === 'BAD_FRAME');
    from = viewer.frames.length;
    viewer.send({ type: 'chat', id: 'bad', text: 42 });
    await waitNext(viewer, from, (f) => f.type === 'error' && f.id === 'bad');
    step();
    await act(slot, { type: 'rtc.caps' });
    step();
    await act(slot, { type: 'upvote', questionId: 'q999' });
    const early = await connectViewer(wsUrl);
    cleanup.push(early);
    early.send({ type: 'chat', id: 'early-chat', text: 'hi' });
    await waitNext(early, 0, (f) => f.type === 'error' && f.id === 'early-chat');
    await early.close();
    strangers.push(early);
  }

  // ---- a duplicate action is acknowledged once more, not stored twice -------------------------
  {
    const slot = slots[7];
    const viewer = slot?.current;
    if (!viewer) throw new Error('no viewer 8');
    step();
    for (let i = 0; i < 2; i++) {
      const from = viewer.frames.length;
      viewer.send({ type: 'chat', id: 'duplicate-1', text: 'said once' });
      await waitNext(viewer, from, (f) => f.type === 'ack' && f.id === 'duplicate-1');
    }
  }

  // ---- reconnects: within the grace period, and a second tab replacing the first --------------
  for (const index of [8, 9, 11]) {
    const slot = slots[index];
    if (!slot) throw new Error('no slot');
    step();
    await leave(slot);
    now += 1_000;
    await join(slot);
  }
  {
    const slot = slots[12];
    const first = slot?.current;
    if (!slot || !first) throw new Error('no slot 13');
    step();
    await join(slot);
    await first.closed;
  }

  // ---- leaves: the grace period ends and the attendance closes at the moment they left --------
  const leaving = slots.slice(40, 46);
  for (const slot of leaving) {
    step();
    await leave(slot);
  }
  const leavingNames = leaving.map((s) => s.name);
  await eventually(() => {
    const open = db
      .prepare(
        `SELECT COUNT(*) AS n FROM attendance a JOIN live_viewers v
           ON v.session_id = a.session_id AND v.learner_id = a.learner_id
         WHERE a.session_id = ? AND a.left_at IS NULL AND v.name IN (${leavingNames.map(() => '?').join(',')})`,
      )
      .get(sessionId, ...leavingNames) as { n: number };
    return open.n === 0 ? true : undefined;
  }, 20_000);
  for (let i = 0; i < 10; i++) {
    step();
    await act(pick(everyone()), { type: 'chat', text: `after the leaves ${String(i)}` });
  }

  // ---- the end --------------------------------------------------------------------------------
  step();
  // Ends at once (the survey at End and its grace period: tests/integration/survey-at-end.test.ts).
  await call(studio, 'survey.configure', { sessionId, atEnd: false });
  await call(studio, 'session.end', { sessionId });
  for (const slot of slots) {
    if (slot.current) await slot.current.closed;
    slot.current = null;
  }

  const transcript = {
    viewers: slots.map((slot) => ({
      name: slot.name,
      deviceToken: slot.deviceToken,
      connections: slot.conns.map((conn) => conn.frames),
    })),
    strangers: strangers.map((conn) => conn.frames),
    tables: dumpTables(db),
  };
  const publicIds = (
    db.prepare(`SELECT public_id FROM live_viewers ORDER BY id`).all() as { public_id: string }[]
  ).map((r) => r.public_id);
  return normalise(JSON.stringify(transcript, null, 1), joinCode, publicIds);
}

function dumpTables(db: Db): Record<string, unknown[]> {
  const names = (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
  const tables: Record<string, unknown[]> = {};
  for (const name of names) {
    // Ordered by the primary key (the id of every table that has one), else by every column.
    const columns = db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(name) as {
      name: string;
      pk: number;
    }[];
    const keys = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const order = (keys.length > 0 ? keys : columns).map((c) => `"${c.name}"`).join(', ');
    const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all() as Record<
      string,
      unknown
    >[];
    if (rows.length === 0) continue;
    tables[name] = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v]),
      ),
    );
  }
  return tables;
}

/** Replaces the random tokens with placeholders numbered in order of first appearance. */
function normalise(text: string, joinCode: string, publicIds: string[]): string {
  const seen = new Map<string, string>();
  const counters = new Map<string, number>();
  const label = (kind: string, token: string): string => {
    let placeholder = seen.get(token);
    if (!placeholder) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      placeholder = `<${kind}-${String(n)}>`;
      seen.set(token, placeholder);
    }
    return placeholder;
  };
  return text
    .replaceAll(joinCode, '<join-code>')
    .replace(/host-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (m) =>
      label('host-client-id', m),
    )
    .replace(new RegExp(publicIds.map((id) => id.replace(/[-]/g, '\\-')).join('|'), 'g'), (m) =>
      label('viewer', m),
    );
}

describe('audience hub golden transcript', () => {
  it('a seeded class of 50 viewers produces the recorded frames and rows', async () => {
    const transcript = await runClass();
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(GOLDEN_FILE, `${transcript}\n`);
    }
    expect(existsSync(GOLDEN_FILE), 'no golden file: run with UPDATE_GOLDEN=1 once').toBe(true);
    const golden = readFileSync(GOLDEN_FILE, 'utf8').slice(0, -1).split('\n');
    const lines = transcript.split('\n');
    // The first line that differs, with a little context (a whole-file diff is too large).
    const first = lines.findIndex((line, i) => line !== golden[i]);
    const at = first === -1 && lines.length !== golden.length ? lines.length : first;
    expect(
      at === -1
        ? null
        : { line: at + 1, got: lines.slice(at, at + 5), golden: golden.slice(at, at + 5) },
    ).toBeNull();
  }, 120_000);
});
