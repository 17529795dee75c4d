import { describe, expect, it } from 'vitest';
import {
  REACTIONS,
  type ServerToViewerFrame,
  type SingleServerFrame,
} from '../../src/shared/contract/audience-protocol';
import { insertPoll } from '../../src/main/storage/queries/live/polls';
import { activeBan } from '../../src/main/storage/queries/live/viewers';
import { Chat } from '../../src/main/audience/hub/features/chat';
import { Hands } from '../../src/main/audience/hub/features/hands';
import { Moderation } from '../../src/main/audience/hub/features/moderation';
import { Polls } from '../../src/main/audience/hub/features/polls';
import { Questions } from '../../src/main/audience/hub/features/questions';
import { Reactions } from '../../src/main/audience/hub/features/reactions';
import { useHubHarness, type HubHarness } from '../helpers/hub-harness';
import { useTempDirs } from '../helpers/temp-dir';

// The hub's feature modules on a real SQLite file, without sockets: chat, moderation, questions,
// polls, reactions and raised hands.

const harness = useHubHarness(useTempDirs());

function framesOf<T extends SingleServerFrame['type']>(
  frames: ServerToViewerFrame[],
  type: T,
): Extract<SingleServerFrame, { type: T }>[] {
  return frames.filter((f): f is Extract<SingleServerFrame, { type: T }> => f.type === type);
}

function flushFeed(h: HubHarness): void {
  h.ctx.feed.flush(h.time.now, {
    questions: (ids) => h.features.questions.live(ids),
    viewersNow: h.presence.viewersNow,
    viewersPeak: h.presence.peak,
    reactions: h.features.reactions.totals,
  });
}

function eventKinds(h: HubHarness): string[] {
  return (h.db.prepare('SELECT kind FROM events ORDER BY id').all() as { kind: string }[]).map(
    (r) => r.kind,
  );
}

describe('chat', () => {
  it('stores a message with its event, sends it to everyone and tells the studio on the tick', () => {
    const h = harness();
    const chat = new Chat(h.ctx, h.moderation);
    const ana = h.join('Ana');
    const ben = h.join('Ben');
    h.frames(ana.conn);
    h.frames(ben.conn);
    const frame = { type: 'chat', id: 'chat-0001', text: 'hello' } as const;
    expect(h.act(chat.actions.chat, ana.viewer, frame)).toBe('ok');
    expect(h.count('chat_messages')).toBe(1);
    expect(eventKinds(h)).toEqual(['chat']);
    for (const conn of [ana.conn, ben.conn]) {
      expect(framesOf(h.frames(conn), 'chat').map((f) => f.message)).toEqual([
        expect.objectContaining({ text: 'hello', name: 'Ana', viewerId: ana.viewer.publicId }),
      ]);
    }
    h.events.length = 0;
    flushFeed(h);
    const posted = h.events.find((e) => e.event === 'chat.posted');
    expect(posted?.payload).toMatchObject({ messages: [{ text: 'hello', fromHost: false }] });
    expect(h.events.find((e) => e.event === 'live.updated')?.payload).toMatchObject({
      messagesPerMinute: 1,
      changed: expect.arrayContaining(['chat']) as unknown,
    });
  });

  it('refuses closed chat, slow mode, muted viewers and blocked words, storing nothing', () => {
    const h = harness();
    const chat = new Chat(h.ctx, h.moderation);
    const ana = h.join('Ana');
    const say = (id: string, text: string): string =>
      h.act(chat.actions.chat, ana.viewer, { type: 'chat', id, text });

    h.moderation.configureChat({ open: false });
    expect(say('chat-0001', 'hi')).toBe('CHAT_CLOSED');
    h.moderation.configureChat({ open: true, slowModeSeconds: 10, blockedWords: ['Spam'] });
    expect(say('chat-0002', 'buy SPAM now')).toBe('BLOCKED_WORD');
    expect(say('chat-0003', 'first')).toBe('ok');
    h.time.now += 5_000;
    expect(say('chat-0004', 'too soon')).toBe('SLOW_MODE');
    h.time.now += 5_000;
    expect(say('chat-0005', 'second')).toBe('ok');
    h.moderation.mute(ana.viewer.publicId, 5);
    h.time.now += 60_000;
    expect(say('chat-0006', 'muted')).toBe('MUTED');
    expect(h.count('chat_messages')).toBe(2);
    expect(eventKinds(h)).toEqual(['chat', 'chat']);
    expect(h.count('mutes')).toBe(1);
    // Settings are stored: a hub opened later has them.
    expect(new Moderation(h.reopen()).settings).toEqual({
      open: true,
      slowModeSeconds: 10,
      blockedWords: ['Spam'],
    });
  });

  it('stores and broadcasts the host chat; hides and deletes messages for everyone', () => {
    const h = harness();
    const chat = new Chat(h.ctx, h.moderation);
    const ana = h.join('Ana');
    h.frames(ana.conn);
    const message = chat.hostChat('welcome, everyone');
    expect(message).toMatchObject({ fromHost: true, viewerId: null, text: 'welcome, everyone' });
    expect(eventKinds(h)).toEqual(['host_chat']);
    expect(framesOf(h.frames(ana.conn), 'chat')[0]?.message).toMatchObject({
      id: `m${String(message.id)}`,
      fromHost: true,
    });
    h.moderation.removeMessage(message.id, 'hide');
    expect(framesOf(h.frames(ana.conn), 'chatRemoved')).toEqual([
      { type: 'chatRemoved', messageId: `m${String(message.id)}` },
    ]);
    expect(h.count('moderation_log')).toBe(1);
    expect(() => h.moderation.removeMessage(9_999, 'delete')).toThrow(/no such message/);
  });
});

describe('moderation', () => {
  it('bans every device of a viewer who left; the device cannot join again', () => {
    const h = harness();
    const ana = h.join('Ana', 'device-ana-0000000001');
    h.leave(ana.conn);
    h.moderation.ban(ana.viewer.publicId, 'session', 'spam');
    expect(h.count('bans')).toBe(1);
    // What a join checks first: the device is banned from this class.
    expect(activeBan(h.db, 'device-ana-0000000001', h.sessionId)).toMatchObject({ reason: 'spam' });
    expect(() => h.moderation.mute('nobody', 5)).toThrow(/no such viewer/);
  });
});

describe('questions', () => {
  it('asks, upvotes once per viewer, and marks "upvoted by me" only for the voter', () => {
    const h = harness();
    const questions = h.features.questions;
    const ana = h.join('Ana');
    const ben = h.join('Ben');
    expect(
      h.act(questions.actions.ask, ana.viewer, { type: 'ask', id: 'ask-00001', text: 'Why?' }),
    ).toBe('ok');
    const id = (h.db.prepare('SELECT id FROM questions').get() as { id: number }).id;
    h.frames(ana.conn);
    h.frames(ben.conn);
    const upvote = { type: 'upvote', id: 'up-000001', questionId: `q${String(id)}` } as const;
    expect(h.act(questions.actions.upvote, ben.viewer, upvote)).toBe('ok');
    expect(h.act(questions.actions.upvote, ben.viewer, { ...upvote, id: 'up-000002' })).toBe('ok');
    expect(h.count('question_votes')).toBe(1);
    const toBen = framesOf(h.frames(ben.conn), 'question');
    const toAna = framesOf(h.frames(ana.conn), 'question');
    expect(toBen.map((f) => [f.question.upvotes, f.question.upvotedByMe])).toEqual([[1, true]]);
    expect(toAna.map((f) => [f.question.upvotes, f.question.upvotedByMe])).toEqual([[1, false]]);

    expect(questions.questionAction(id, 'answer').status).toBe('answered');
    expect(h.act(questions.actions.upvote, ana.viewer, { ...upvote, id: 'up-000003' })).toBe(
      'CLOSED',
    );
    expect(
      h.act(questions.actions.upvote, ana.viewer, {
        ...upvote,
        id: 'up-000004',
        questionId: 'q99',
      }),
    ).toBe('NOT_FOUND');
    // A hub opened later knows the question and its voter.
    const reloaded = [...new Questions(h.reopen(), h.moderation).all()];
    expect(reloaded.map((q) => [q.row.status, [...q.voters]])).toEqual([
      ['answered', [ben.viewer.learnerId]],
    ]);
  });
});

describe('polls', () => {
  it('opens a run, takes one valid vote per viewer, closes it, and reloads the votes', () => {
    const h = harness();
    const polls = h.features.polls;
    const ana = h.join('Ana');
    const pollId = insertPoll(h.db, {
      courseId: h.courseId,
      kind: 'poll',
      question: 'Tea or coffee?',
      options: ['Tea', 'Coffee'],
      multiple: false,
      correct: null,
      now: h.time.now,
    });
    h.frames(ana.conn);
    const run = polls.openPoll(pollId);
    expect(framesOf(h.frames(ana.conn), 'poll').map((f) => f.run?.state)).toEqual(['open']);
    const vote = (id: string, choices: number[], runId = `r${String(run.runId)}`): string =>
      h.act(polls.actions.vote, ana.viewer, { type: 'vote', id, runId, choices });
    expect(vote('vote-0001', [2])).toBe('BAD_FRAME');
    expect(vote('vote-0002', [0, 1])).toBe('BAD_FRAME');
    expect(vote('vote-0003', [0], 'r999')).toBe('NOT_FOUND');
    expect(vote('vote-0004', [1])).toBe('ok');
    expect(framesOf(h.frames(ana.conn), 'poll').map((f) => f.run?.myChoices)).toEqual([[1]]);
    expect(vote('vote-0005', [0])).toBe('ok');
    expect(h.count('poll_votes')).toBe(1);
    expect(polls.pollAction(run.runId, 'close').state).toBe('closed');
    expect(vote('vote-0006', [1])).toBe('CLOSED');
    const reloaded = new Polls(h.reopen()).current;
    expect(reloaded?.votes.get(ana.viewer.learnerId)).toEqual([0]);
  });
});

describe('reactions and hands', () => {
  it('stores every reaction, broadcasts totals once per tick, and reloads them', () => {
    const h = harness();
    const reactions = h.features.reactions;
    const ana = h.join('Ana');
    const reaction = REACTIONS[0] ?? 'like';
    for (const id of ['react-001', 'react-002', 'react-003']) {
      expect(h.act(reactions.actions.react, ana.viewer, { type: 'react', id, reaction })).toBe(
        'ok',
      );
    }
    h.frames(ana.conn);
    reactions.tick();
    reactions.tick();
    const sent = framesOf(h.frames(ana.conn), 'reactions');
    expect(sent.map((f) => f.totals[reaction])).toEqual([3]);
    expect(new Reactions(h.reopen()).totals[reaction]).toBe(3);
  });

  it('raises and lowers a hand (an event each), shown in presence', () => {
    const h = harness();
    const hands = new Hands(h.ctx);
    const ana = h.join('Ana');
    const hand = { type: 'hand', id: 'hand-0001', raised: true } as const;
    expect(h.act(hands.actions.hand, ana.viewer, hand)).toBe('ok');
    expect(ana.viewer.handRaised).toBe(true);
    expect(h.act(hands.actions.hand, ana.viewer, { ...hand, id: 'hand-0002', raised: false })).toBe(
      'ok',
    );
    expect(ana.viewer.handRaised).toBe(false);
    expect(eventKinds(h)).toEqual(['hand_raise', 'hand_raise']);
  });
});
