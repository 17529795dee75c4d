import { describe, expect, it } from 'vitest';
import { AUDIENCE_FRAME_MAX_BYTES } from '../../src/shared/contract/audience-protocol';
import { useTempDirs } from '../helpers/temp-dir';
import {
  actionId,
  call,
  connectViewer,
  joinViewer,
  liveSession,
  startStudio,
  useLiveCleanup,
} from '../helpers/audience';

const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();

async function setup() {
  const studio = startStudio(tempDir());
  studios.push(studio);
  const session = await liveSession(studio);
  const join = async (name: string, contact?: { email?: string; phone?: string }) => {
    const viewer = await joinViewer(session.wsUrl, { name, ...(contact ? { contact } : {}) });
    viewers.push(viewer);
    return viewer;
  };
  const count = (sql: string, ...params: unknown[]): number =>
    (
      studio
        .workspace()
        .db.prepare(sql)
        .get(...params) as { n: number }
    ).n;
  return { studio, ...session, join, count };
}

describe('audience actions', () => {
  it('stores and acknowledges each action once; a resend is a duplicate ack and no new row', async () => {
    const { studio, sessionId, join, count } = await setup();
    const viewer = await join('Ada');
    const asked = await viewer.act({ type: 'ask', id: actionId(), text: 'What is a monad?' });
    expect(asked).toMatchObject({ type: 'ack', duplicate: false });
    const question = await viewer.waitFor((f) => f.type === 'question');
    const questionId = question.question.id;
    const poll = await call(studio, 'poll.create', {
      kind: 'poll',
      question: 'Tabs?',
      options: ['yes', 'no'],
    });
    const run = await call(studio, 'poll.open', { sessionId, pollId: poll.id });
    const checkin = await call(studio, 'checkin.open', { sessionId });
    const course = Number(
      studio
        .workspace()
        .db.prepare(
          `INSERT INTO courses (title, price_minor, currency, created_at) VALUES ('Rust', 9900, 'EUR', 0)`,
        )
        .run().lastInsertRowid,
    );
    const offer = await call(studio, 'offer.push', { sessionId, courseId: course });
    const actions = [
      { type: 'chat', text: 'hello' },
      { type: 'upvote', questionId },
      { type: 'vote', runId: `r${String(run.runId)}`, choices: [0] },
      { type: 'react', reaction: 'clap' },
      { type: 'hand', raised: true },
      { type: 'checkin', checkinId: `c${String(checkin.id)}` },
      { type: 'offerClick', offerId: `o${String(offer.id)}` },
    ];
    for (const action of actions) {
      const id = actionId();
      expect(await viewer.act({ ...action, id }), action.type).toMatchObject({
        type: 'ack',
        id,
        duplicate: false,
      });
      expect(await viewer.act({ ...action, id }), action.type).toMatchObject({
        type: 'ack',
        id,
        duplicate: true,
      });
    }
    expect(count('SELECT count(*) AS n FROM events WHERE session_id = ?', sessionId)).toBe(8);
    expect(count('SELECT count(*) AS n FROM chat_messages WHERE session_id = ?', sessionId)).toBe(
      1,
    );
    expect(count('SELECT count(*) AS n FROM questions WHERE session_id = ?', sessionId)).toBe(1);
    expect(count('SELECT upvotes AS n FROM questions WHERE session_id = ?', sessionId)).toBe(1);
    expect(count('SELECT count(*) AS n FROM question_votes')).toBe(1);
    expect(count('SELECT count(*) AS n FROM poll_votes WHERE run_id = ?', run.runId)).toBe(1);
    expect(
      count('SELECT sum(count) AS n FROM reaction_counts WHERE session_id = ?', sessionId),
    ).toBe(1);
    expect(
      count('SELECT count(*) AS n FROM checkin_records WHERE checkin_id = ?', checkin.id),
    ).toBe(1);
    expect(count('SELECT count(*) AS n FROM offer_clicks WHERE offer_id = ?', offer.id)).toBe(1);
    expect(count('SELECT count(*) AS n FROM offer_impressions WHERE offer_id = ?', offer.id)).toBe(
      1,
    );
    const kinds = studio
      .workspace()
      .db.prepare('SELECT kind FROM events WHERE session_id = ? ORDER BY id')
      .all(sessionId)
      .map((r) => (r as { kind: string }).kind);
    expect(kinds).toEqual([
      'question',
      'chat',
      'upvote',
      'poll_vote',
      'reaction',
      'hand_raise',
      'check_in',
      'offer_click',
    ]);
    const state = await call(studio, 'live.state', { sessionId });
    expect(state.viewers[0]?.handRaised).toBe(true);
    expect(state.offers[0]).toMatchObject({ impressions: 1, clicks: 1 });
    await viewer.waitFor((f) => f.type === 'reactions' && f.totals.clap === 1);
  });

  it("other viewers get chat and questions, never anyone's contact details", async () => {
    const { join } = await setup();
    const ada = await join('Ada', { email: 'ada@example.org', phone: '+44 20 7946 0000' });
    const bob = await join('Bob');
    await ada.act({ type: 'chat', text: 'hi all' });
    await ada.act({ type: 'ask', text: 'question from Ada' });
    await bob.waitFor((f) => f.type === 'chat' && f.message.name === 'Ada');
    await bob.waitFor((f) => f.type === 'question' && f.question.name === 'Ada');
    const late = await join('Cy');
    expect(late.welcome.state.chat.map((m) => m.text)).toEqual(['hi all']);
    for (const text of [...bob.raw, ...late.raw]) {
      expect(text).not.toContain('ada@example.org');
      expect(text).not.toContain('7946');
    }
  });

  it('answers bad frames with error frames and keeps serving', async () => {
    const { wsUrl, join } = await setup();
    const viewer = await join('Ada');
    viewer.send('not json');
    await viewer.waitFor((f) => f.type === 'error' && f.code === 'BAD_FRAME');
    viewer.send({ type: 'teleport', id: actionId() });
    viewer.send({ type: 'chat', id: actionId(), text: 42 });
    const long = actionId();
    viewer.send({ type: 'chat', id: long, text: 'x'.repeat(501) });
    await viewer.waitFor((f) => f.type === 'error' && f.id === long && f.code === 'BAD_FRAME');
    const cleaned = await viewer.act({ type: 'chat', text: 'he\u0000llo\u200b there\u0007' });
    expect(cleaned.type).toBe('ack');
    await viewer.waitFor((f) => f.type === 'chat' && f.message.text === 'hello there');
    const stranger = await connectViewer(wsUrl);
    viewers.push(stranger);
    stranger.send({ type: 'chat', id: actionId(), text: 'who am i' });
    await stranger.waitFor((f) => f.type === 'error' && f.code === 'NOT_JOINED');
    // Oversized: the socket is closed with 1009 (message too big); the server goes on.
    const big = await connectViewer(wsUrl);
    big.send('x'.repeat(AUDIENCE_FRAME_MAX_BYTES + 1));
    expect((await big.closed).code).toBe(1009);
    expect(await viewer.act({ type: 'chat', text: 'still here' })).toMatchObject({ type: 'ack' });
  });

  it('rate-limits a flooding viewer with RATE_LIMITED and a retry delay', async () => {
    const { join } = await setup();
    const viewer = await join('Flood');
    for (let i = 0; i < 40; i++) viewer.send({ type: 'hand', id: actionId(), raised: i % 2 === 0 });
    const limited = await viewer.waitFor((f) => f.type === 'error' && f.code === 'RATE_LIMITED');
    expect(limited.type === 'error' && (limited.retryAfterMs ?? 0) > 0).toBe(true);
  });

  it('enforces closed chat, slow mode, mutes and blocked words', async () => {
    const { studio, sessionId, join } = await setup();
    const viewer = await join('Ada');
    await call(studio, 'chat.configure', { sessionId, open: false });
    expect(await viewer.act({ type: 'chat', text: 'hello?' })).toMatchObject({
      code: 'CHAT_CLOSED',
    });
    await call(studio, 'chat.configure', {
      sessionId,
      open: true,
      slowModeSeconds: 30,
      blockedWords: ['Spam'],
    });
    expect(await viewer.act({ type: 'chat', text: 'first' })).toMatchObject({ type: 'ack' });
    const slow = await viewer.act({ type: 'chat', text: 'second' });
    expect(slow).toMatchObject({ type: 'error', code: 'SLOW_MODE' });
    expect(slow.type === 'error' && (slow.retryAfterMs ?? 0) > 0).toBe(true);
    await call(studio, 'chat.configure', { sessionId, slowModeSeconds: 0 });
    expect(await viewer.act({ type: 'chat', text: 'buy SPAM now' })).toMatchObject({
      code: 'BLOCKED_WORD',
    });
    expect(await viewer.act({ type: 'ask', text: 'is spAm ok?' })).toMatchObject({
      code: 'BLOCKED_WORD',
    });
    await call(studio, 'viewer.mute', { sessionId, viewerId: viewer.viewerId, minutes: 5 });
    expect(await viewer.act({ type: 'chat', text: 'quiet' })).toMatchObject({ code: 'MUTED' });
    expect(await viewer.act({ type: 'react', reaction: 'like' })).toMatchObject({ type: 'ack' });
  });

  it('hides (kept, flagged for the host) and deletes chat messages for everyone', async () => {
    const { studio, sessionId, join } = await setup();
    const ada = await join('Ada');
    const bob = await join('Bob');
    await ada.act({ type: 'chat', text: 'rude' });
    await ada.act({ type: 'chat', text: 'worse' });
    const host = await call(studio, 'chat.send', { sessionId, text: 'Welcome!' });
    await bob.waitFor(
      (f) => f.type === 'chat' && f.message.fromHost && f.message.text === 'Welcome!',
    );
    const state = await call(studio, 'live.state', { sessionId });
    const rude = state.chat.find((m) => m.text === 'rude');
    const worse = state.chat.find((m) => m.text === 'worse');
    if (!rude || !worse) throw new Error('messages missing');
    await call(studio, 'chat.hide', { sessionId, messageId: rude.id });
    await call(studio, 'chat.delete', { sessionId, messageId: worse.id });
    await bob.waitFor((f) => f.type === 'chatRemoved' && f.messageId === `m${String(rude.id)}`);
    await bob.waitFor((f) => f.type === 'chatRemoved' && f.messageId === `m${String(worse.id)}`);
    const after = await call(studio, 'live.state', { sessionId });
    expect(after.chat.map((m) => [m.text, m.hidden])).toEqual([
      ['rude', true],
      ['Welcome!', false],
    ]);
    expect(host.fromHost).toBe(true);
    const late = await join('Cy');
    expect(late.welcome.state.chat.map((m) => m.text)).toEqual(['Welcome!']);
    const log = studio
      .workspace()
      .db.prepare('SELECT action, actor FROM moderation_log ORDER BY id')
      .all();
    expect(log).toEqual([
      { action: 'hide_message', actor: 'host' },
      { action: 'delete_message', actor: 'host' },
    ]);
  });
});
