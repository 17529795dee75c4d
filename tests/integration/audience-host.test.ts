import { describe, expect, it } from 'vitest';
import { drawWinners } from '../../src/main/audience/lottery';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';
import { useTempDirs } from '../helpers/temp-dir';
import {
  actionId,
  call,
  callError,
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
  const join = async (name: string) => {
    const viewer = await joinViewer(session.wsUrl, { name });
    viewers.push(viewer);
    return viewer;
  };
  return { studio, ...session, join };
}

type PollFrame = Extract<SingleServerFrame, { type: 'poll' }>;
const isPoll =
  (state: string) =>
  (f: SingleServerFrame): f is PollFrame =>
    f.type === 'poll' && f.run?.state === state;

describe('host features', () => {
  it('lists the viewers that matter first and only as many as asked', async () => {
    const { studio, sessionId, join } = await setup();
    const ann = await join('Ann');
    await join('Bo');
    const cai = await join('Cai');
    expect(await cai.act({ type: 'hand', id: actionId(), raised: true })).toMatchObject({
      type: 'ack',
    });
    await call(studio, 'viewer.mute', { sessionId, viewerId: ann.viewerId, minutes: 5 });
    const all = await call(studio, 'live.state', { sessionId });
    expect(all.viewerCount).toBe(3);
    expect(all.viewers.map((v) => v.name)).toHaveLength(3);
    expect(all.viewers.find((v) => v.name === 'Ann')?.mutedUntil).not.toBeNull();
    const top = await call(studio, 'live.state', { sessionId, viewerLimit: 1 });
    expect(top.viewerCount).toBe(3);
    expect(top.viewers.map((v) => v.name)).toEqual(['Cai']);
  });

  it('runs a quiz: open → votes → close → reveal with scores; reopening is a new run', async () => {
    const { studio, sessionId, join } = await setup();
    const ada = await join('Ada');
    const bob = await join('Bob');
    const quiz = await call(studio, 'poll.create', {
      kind: 'quiz',
      question: '2 + 2?',
      options: ['3', '4', '5'],
      correct: [1],
    });
    expect(
      await callError(studio, 'poll.create', { kind: 'quiz', question: 'x', options: ['a', 'b'] }),
    ).toBe('BAD_INPUT');
    const run = await call(studio, 'poll.open', { sessionId, pollId: quiz.id });
    const opened = await ada.waitFor(isPoll('open'));
    expect(opened.run?.counts).toBeNull();
    const runId = `r${String(run.runId)}`;
    expect(await ada.act({ type: 'vote', runId, choices: [1] })).toMatchObject({ type: 'ack' });
    expect(await bob.act({ type: 'vote', runId, choices: [2] })).toMatchObject({ type: 'ack' });
    expect(await bob.act({ type: 'vote', runId, choices: [0, 1] })).toMatchObject({
      code: 'BAD_FRAME',
    });
    expect(await bob.act({ type: 'vote', runId, choices: [7] })).toMatchObject({
      code: 'BAD_FRAME',
    });
    const closed = await call(studio, 'poll.close', { sessionId, runId: run.runId });
    expect(closed).toMatchObject({ state: 'closed', counts: [0, 1, 1], voters: 2 });
    expect(await ada.act({ type: 'vote', runId, choices: [0] })).toMatchObject({ code: 'CLOSED' });
    // A closed quiz keeps its counts hidden from viewers until it is revealed.
    expect((await ada.waitFor(isPoll('closed'))).run?.counts).toBeNull();
    await call(studio, 'poll.reveal', { sessionId, runId: run.runId });
    const revealedAda = await ada.waitFor(isPoll('revealed'));
    const revealedBob = await bob.waitFor(isPoll('revealed'));
    expect(revealedAda.run).toMatchObject({
      counts: [0, 1, 1],
      correct: [1],
      myChoices: [1],
      myScore: { correct: 1, answered: 1 },
    });
    expect(revealedBob.run).toMatchObject({ myChoices: [2], myScore: { correct: 0, answered: 1 } });
    const again = await call(studio, 'poll.open', { sessionId, pollId: quiz.id });
    expect(again.runId).not.toBe(run.runId);
    expect(again).toMatchObject({ state: 'open', voters: 0 });
    const library = await call(studio, 'poll.list', {});
    expect(library).toMatchObject([{ id: quiz.id, runs: 2 }]);
    const state = await call(studio, 'live.state', { sessionId });
    expect(state.polls.map((p) => p.state)).toEqual(['revealed', 'open']);
  });

  it('pushes an offer: impressions for connected and late viewers, clicks recorded, withdraw', async () => {
    const { studio, sessionId, join } = await setup();
    const db = studio.workspace().db;
    const courseId = Number(
      db
        .prepare(
          `INSERT INTO courses (title, price_minor, currency, checkout_url, created_at)
           VALUES ('Advanced SQL', 19900, 'EUR', 'https://shop.example/sql', 0)`,
        )
        .run().lastInsertRowid,
    );
    const ada = await join('Ada');
    const bob = await join('Bob');
    const offer = await call(studio, 'offer.push', {
      sessionId,
      courseId: courseId,
      priceMinor: 14900,
      couponCode: 'LIVE50',
      stock: 20,
      endsAt: Date.now() + 600_000,
    });
    expect(offer).toMatchObject({
      title: 'Advanced SQL',
      priceMinor: 14900,
      impressions: 2,
      clicks: 0,
      stock: 20,
    });
    const seen = await ada.waitFor((f) => f.type === 'offer' && f.offer !== null);
    expect(seen.type === 'offer' && seen.offer).toMatchObject({
      listPriceMinor: 19900,
      couponCode: 'LIVE50',
      checkoutUrl: 'https://shop.example/sql',
      stockLeft: 20,
    });
    const late = await join('Cy');
    expect(late.welcome.state.offer?.id).toBe(`o${String(offer.id)}`);
    expect(await bob.act({ type: 'offerClick', offerId: `o${String(offer.id)}` })).toMatchObject({
      type: 'ack',
    });
    expect(await bob.act({ type: 'offerClick', offerId: 'o999' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    const state = await call(studio, 'live.state', { sessionId });
    expect(state.offers[0]).toMatchObject({ impressions: 3, clicks: 1, stock: 20 });
    await call(studio, 'offer.withdraw', { sessionId, offerId: offer.id });
    await ada.waitFor((f) => f.type === 'offer' && f.offer === null);
    expect(await ada.act({ type: 'offerClick', offerId: `o${String(offer.id)}` })).toMatchObject({
      code: 'CLOSED',
    });
  });

  it('draws a lottery among poll voters, reproducibly from its seed, and stores its candidates', async () => {
    const { studio, sessionId, join } = await setup();
    const poll = await call(studio, 'poll.create', {
      kind: 'poll',
      question: 'Coffee?',
      options: ['yes', 'no'],
    });
    const run = await call(studio, 'poll.open', { sessionId, pollId: poll.id });
    const people = await Promise.all(['A', 'B', 'C', 'D', 'E', 'F'].map((name) => join(name)));
    for (const viewer of people.slice(0, 5)) {
      await viewer.act({ type: 'vote', runId: `r${String(run.runId)}`, choices: [0] });
    }
    const rule = { kind: 'votedInRun' as const, runId: run.runId };
    const first = await call(studio, 'lottery.draw', {
      sessionId,
      title: 'Book',
      rule,
      winners: 2,
      seed: 42,
    });
    const second = await call(studio, 'lottery.draw', {
      sessionId,
      title: 'Book again',
      rule,
      winners: 2,
      seed: 42,
    });
    expect(first.candidates.map((c) => c.name)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(first.winners).toHaveLength(2);
    expect(second.winners).toEqual(first.winners);
    expect(drawWinners(first.candidates, 2, 42)).toEqual(first.winners);
    const stored = studio
      .workspace()
      .db.prepare('SELECT seed, candidates, winners FROM lotteries ORDER BY id')
      .all() as {
      seed: number;
      candidates: string;
      winners: string;
    }[];
    expect(stored).toHaveLength(2);
    expect(stored[0]?.seed).toBe(42);
    expect(JSON.parse(stored[0]?.candidates ?? '[]')).toEqual(first.candidates);
    const winnerIds = new Set(first.winners.map((w) => w.viewerId));
    for (const viewer of people) {
      const frame = await viewer.waitFor((f) => f.type === 'lottery' && f.draw.title === 'Book');
      expect(frame.type === 'lottery' && frame.draw.youWon).toBe(winnerIds.has(viewer.viewerId));
    }
    const unseeded = await call(studio, 'lottery.draw', {
      sessionId,
      title: 'x',
      rule: { kind: 'attended' },
      winners: 10,
    });
    expect(unseeded.candidates).toHaveLength(6);
    expect(unseeded.winners).toHaveLength(6);
  });

  it('runs check-ins, announcements and the question queue', async () => {
    const { studio, sessionId, join } = await setup();
    const ada = await join('Ada');
    const bob = await join('Bob');
    const checkin = await call(studio, 'checkin.open', { sessionId, durationSeconds: 60 });
    await ada.waitFor((f) => f.type === 'checkin' && f.checkin?.done === false);
    await ada.act({ type: 'checkin', checkinId: `c${String(checkin.id)}` });
    await ada.waitFor((f) => f.type === 'checkin' && f.checkin?.done === true);
    const closed = await call(studio, 'checkin.close', { sessionId, checkinId: checkin.id });
    expect(closed).toMatchObject({ count: 1 });
    expect(await bob.act({ type: 'checkin', checkinId: `c${String(checkin.id)}` })).toMatchObject({
      code: 'NOT_FOUND',
    });
    const lottery = await call(studio, 'lottery.draw', {
      sessionId,
      title: 'x',
      rule: { kind: 'checkedIn' },
      winners: 3,
      seed: 1,
    });
    expect(lottery.candidates.map((c) => c.name)).toEqual(['Ada']);

    await call(studio, 'announcement.post', { sessionId, text: 'Break in 5 minutes' });
    await bob.waitFor(
      (f) => f.type === 'announcement' && f.announcement.text === 'Break in 5 minutes',
    );

    await ada.act({ type: 'ask', text: 'first?' });
    await bob.act({ type: 'ask', text: 'second?' });
    const state = await call(studio, 'live.state', { sessionId });
    const [q1, q2] = state.questions;
    if (!q1 || !q2) throw new Error('questions missing');
    await bob.act({ type: 'upvote', questionId: `q${String(q1.id)}` });
    await bob.waitFor(
      (f) => f.type === 'question' && f.question.upvotes === 1 && f.question.upvotedByMe,
    );
    await ada.waitFor(
      (f) => f.type === 'question' && f.question.upvotes === 1 && !f.question.upvotedByMe,
    );
    await call(studio, 'question.pin', { sessionId, questionId: q1.id });
    await call(studio, 'question.pin', { sessionId, questionId: q2.id });
    await ada.waitFor(
      (f) => f.type === 'question' && f.question.id === `q${String(q1.id)}` && !f.question.pinned,
    );
    const answered = await call(studio, 'question.answer', { sessionId, questionId: q1.id });
    expect(answered.status).toBe('answered');
    expect(await bob.act({ type: 'upvote', questionId: `q${String(q1.id)}` })).toMatchObject({
      code: 'CLOSED',
    });
    const dismissed = await call(studio, 'question.dismiss', { sessionId, questionId: q2.id });
    expect(dismissed).toMatchObject({ status: 'dismissed', pinned: false });
  });

  it('opens chat before the class goes live (warm-up), and pauses', async () => {
    const studio = startStudio(tempDir());
    studios.push(studio);
    const session = await call(studio, 'session.create', { title: 'Tomorrow' });
    const info = await call(studio, 'audience.info', { sessionId: session.id });
    const viewer = await joinViewer(`ws://127.0.0.1:${String(info.port)}/ws/${info.joinCode}`);
    viewers.push(viewer);
    expect(viewer.welcome.session.phase).toBe('waiting');
    expect(await viewer.act({ type: 'chat', text: 'early!' })).toMatchObject({ type: 'ack' });
    await call(studio, 'session.start', { sessionId: session.id });
    await viewer.waitFor((f) => f.type === 'session' && f.session.phase === 'live');
    await call(studio, 'session.pause', { sessionId: session.id });
    await viewer.waitFor((f) => f.type === 'session' && f.session.phase === 'paused');
    expect(await callError(studio, 'session.pause', { sessionId: session.id })).toBe('CONFLICT');
    await call(studio, 'session.resume', { sessionId: session.id });
    await viewer.waitFor((f) => f.type === 'session' && f.session.phase === 'live');
  });
});
