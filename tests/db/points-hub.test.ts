import { describe, expect, it } from 'vitest';
import type {
  ServerToViewerFrame,
  SingleServerFrame,
} from '../../src/shared/contract/audience-protocol';
import { computePoints } from '../../src/main/analytics/points';
import { Chat } from '../../src/main/audience/hub/features/chat';
import { Hands } from '../../src/main/audience/hub/features/hands';
import { Lottery } from '../../src/main/audience/hub/features/lottery';
import {
  LEADERBOARD_INTERVAL_MS,
  Points,
  storedClassPoints,
} from '../../src/main/audience/hub/features/points';
import { learnerEventsOfSession } from '../../src/main/storage/queries/live/points';
import { useHubHarness, type HubHarness } from '../helpers/hub-harness';
import { useTempDirs } from '../helpers/temp-dir';

// Class points in the hub on a real SQLite file: counted incrementally from committed actions,
// always equal to computePoints over the stored events; the leaderboard frames; the lottery's
// points rules.

const harness = useHubHarness(useTempDirs());

function framesOf<T extends SingleServerFrame['type']>(
  frames: ServerToViewerFrame[],
  type: T,
): Extract<SingleServerFrame, { type: T }>[] {
  return frames.filter((f): f is Extract<SingleServerFrame, { type: T }> => f.type === type);
}

/** computePoints over the stored events, as (learner id, points, rank). */
function fromStore(h: HubHarness): { learnerId: number; points: number; rank: number }[] {
  const events = learnerEventsOfSession(h.db, h.sessionId).map((e) => ({
    learnerId: String(e.learner_id),
    kind: e.kind,
  }));
  return computePoints(events).map((r) => ({ ...r, learnerId: Number(r.learnerId) }));
}

let ids = 0;
const nextId = (): string => `act-${String(++ids).padStart(6, '0')}`;

/** A deterministic mix of actions by a few viewers (reactions past their cap, refusals too). */
function interact(h: HubHarness, rounds: number): void {
  const chat = new Chat(h.ctx, h.moderation).actions.chat;
  const hand = new Hands(h.ctx).actions.hand;
  const { ask, upvote } = h.features.questions.actions;
  const react = h.features.reactions.actions.react;
  const viewers = ['Ana', 'Ben', 'Cai', 'Dee'].map((name) => h.join(name).viewer);
  for (let i = 0; i < rounds; i++) {
    const viewer = viewers[(i * 7) % viewers.length];
    if (!viewer) continue;
    switch (i % 5) {
      case 0:
        h.act(chat, viewer, { type: 'chat', id: nextId(), text: `hello ${String(i)}` });
        break;
      case 1:
        h.act(ask, viewer, { type: 'ask', id: nextId(), text: `why ${String(i)}?` });
        break;
      case 2:
        for (let r = 0; r < 9; r++)
          h.act(react, viewer, { type: 'react', id: nextId(), reaction: 'heart' });
        break;
      case 3:
        h.act(hand, viewer, { type: 'hand', id: nextId(), raised: i % 2 === 0 });
        break;
      default:
        // Refused: no such question (nothing stored, nothing counted).
        expect(
          h.act(upvote, viewer, { type: 'upvote', id: nextId(), questionId: 'q999999' }),
        ).not.toBe('ok');
    }
    h.time.now += 100;
  }
}

describe('class points in the hub', () => {
  it('counts committed actions incrementally, equal to computePoints over the stored events', () => {
    const h = harness();
    interact(h, 60);
    const live = h.features.points.ranking();
    expect(live.length).toBeGreaterThan(1);
    expect(live).toEqual(fromStore(h));
    // Reactions beyond the cap of 30 earn nothing: someone reacted more than 30 times.
    const reactions = learnerEventsOfSession(h.db, h.sessionId).filter(
      (e) => e.kind === 'reaction',
    );
    expect(reactions.length).toBeGreaterThan(30 * 1);
    // A hub opened again (a studio restart) loads the same board from the store.
    const again = new Points(h.reopen());
    expect(again.ranking()).toEqual(live);
    expect(storedClassPoints(h.db, h.sessionId).top.map((r) => r.points)).toEqual(
      live.slice(0, 10).map((r) => r.points),
    );
  });

  it('sends the leaderboard when on, at most once per interval and only when it changed', () => {
    const h = harness();
    const ana = h.join('Ana');
    const points = h.features.points;
    expect(points.enabled).toBe(false);
    interact(h, 10);
    points.tick(h.time.now);
    expect(framesOf(h.frames(ana.conn), 'leaderboard')).toEqual([]);
    points.setEnabled(true);
    const board = framesOf(h.frames(ana.conn), 'leaderboard');
    expect(board).toHaveLength(1);
    expect(board[0]?.board?.top.map((r) => r.points)).toEqual(
      fromStore(h)
        .slice(0, 10)
        .map((r) => r.points),
    );
    expect(board[0]?.board?.weights.find((w) => w.kind === 'reaction')).toEqual({
      kind: 'reaction',
      weight: 0.1,
      cap: 30,
    });
    // Nothing changed: nothing sent.
    h.time.now += LEADERBOARD_INTERVAL_MS;
    points.tick(h.time.now);
    expect(framesOf(h.frames(ana.conn), 'leaderboard')).toEqual([]);
    // Ana chats: the board goes out on the next tick (the interval has passed) ...
    const chat = new Chat(h.ctx, h.moderation).actions.chat;
    h.act(chat, ana.viewer, { type: 'chat', id: nextId(), text: 'one' });
    points.tick(h.time.now);
    expect(framesOf(h.frames(ana.conn), 'leaderboard')).toHaveLength(1);
    // ... and again within the interval: nothing until it has passed, then one board.
    h.act(chat, ana.viewer, { type: 'chat', id: nextId(), text: 'two' });
    h.time.now += LEADERBOARD_INTERVAL_MS - 1;
    points.tick(h.time.now);
    expect(framesOf(h.frames(ana.conn), 'leaderboard')).toEqual([]);
    h.time.now += 1;
    points.tick(h.time.now);
    const frames = h.frames(ana.conn);
    expect(framesOf(frames, 'leaderboard')).toHaveLength(1);
    const mine = framesOf(frames, 'myPoints').at(-1)?.mine;
    const expected = fromStore(h).find((r) => r.learnerId === ana.viewer.learnerId);
    expect(mine).toEqual({ rank: expected?.rank, points: expected?.points });
    // A viewer joining later gets the board in the welcome.
    const eve = h.join('Eve');
    const welcome = framesOf(h.frames(eve.conn), 'welcome')[0];
    expect(welcome?.state.leaderboard?.top.length).toBeGreaterThan(0);
    // Off: everyone hears at once.
    points.setEnabled(false);
    expect(framesOf(h.frames(ana.conn), 'leaderboard').at(-1)?.board).toBeNull();
  });

  it('draws the top N by points (ties included) and refuses points rules while points are off', () => {
    const h = harness();
    interact(h, 40);
    const lottery = new Lottery(h.ctx, h.features.points);
    const rule = { kind: 'topPoints', top: 2 } as const;
    expect(() => lottery.drawLottery({ title: 'Book', rule, winners: 1, seed: 3 })).toThrow(
      /points are off/,
    );
    h.features.points.setEnabled(true);
    const ranking = fromStore(h);
    const draw = lottery.drawLottery({ title: 'Book', rule, winners: 5, seed: 3 });
    const top = ranking.filter((r) => r.rank <= 2).map((r) => r.learnerId);
    expect(draw.candidates.map((c) => c.learnerId).sort()).toEqual([...top].sort());
    const tickets = lottery.drawLottery({
      title: 'Mug',
      rule: { kind: 'pointsTickets' },
      winners: 2,
      seed: 11,
    });
    expect(tickets.candidates.map((c) => c.tickets)).toEqual(
      [...ranking].sort((a, b) => a.learnerId - b.learnerId).map((r) => Math.round(r.points * 10)),
    );
    const replay = lottery.drawLottery({
      title: 'Mug',
      rule: { kind: 'pointsTickets' },
      winners: 2,
      seed: 11,
    });
    expect(replay.winners).toEqual(tickets.winners);
  });
});
