import { describe, expect, it } from 'vitest';
import type {
  ServerToViewerFrame,
  SingleServerFrame,
} from '../../src/shared/contract/audience-protocol';
import { getSession } from '../../src/main/storage/queries/live/sessions';
import { CommitQueue } from '../../src/main/audience/hub/commit-queue';
import type { ActionHandlers } from '../../src/main/audience/hub/feature';
import { Announcements } from '../../src/main/audience/hub/features/announcements';
import { Chat } from '../../src/main/audience/hub/features/chat';
import { Checkins } from '../../src/main/audience/hub/features/checkins';
import { Hands } from '../../src/main/audience/hub/features/hands';
import { Lottery } from '../../src/main/audience/hub/features/lottery';
import { useHubHarness, type HubHarness } from '../helpers/hub-harness';
import { useTempDirs } from '../helpers/temp-dir';

// The hub's offers, check-ins, lottery and announcements, its presence and its commit queue, on
// a real SQLite file without sockets.

const harness = useHubHarness(useTempDirs());

function framesOf<T extends SingleServerFrame['type']>(
  frames: ServerToViewerFrame[],
  type: T,
): Extract<SingleServerFrame, { type: T }>[] {
  return frames.filter((f): f is Extract<SingleServerFrame, { type: T }> => f.type === type);
}

function allHandlers(h: HubHarness): ActionHandlers {
  return {
    ...new Chat(h.ctx, h.moderation).actions,
    ...h.features.questions.actions,
    ...h.features.polls.actions,
    ...h.features.reactions.actions,
    ...new Hands(h.ctx).actions,
    ...h.features.checkins.actions,
    ...h.features.offers.actions,
    ...h.features.satisfaction.actions,
  };
}

describe('offers', () => {
  it('records impressions (connected and late viewers) and clicks; a withdrawn offer is closed', () => {
    const h = harness();
    const offers = h.features.offers;
    const ana = h.join('Ana');
    h.frames(ana.conn);
    const offer = offers.pushOffer({ courseId: h.courseId });
    expect(framesOf(h.frames(ana.conn), 'offer').map((f) => f.offer?.couponCode)).toEqual([
      'SPRING',
    ]);
    expect(h.count('offer_impressions')).toBe(1);
    const click = { type: 'offerClick', id: 'click-001', offerId: `o${String(offer.id)}` } as const;
    expect(h.act(offers.actions.offerClick, ana.viewer, click)).toBe('ok');
    expect(h.count('offer_clicks')).toBe(1);
    const ben = h.join('Ben');
    expect(h.count('offer_impressions')).toBe(2);
    expect(framesOf(h.frames(ben.conn), 'welcome')[0]?.state.offer?.id).toBe(
      `o${String(offer.id)}`,
    );
    offers.withdrawOffer(offer.id);
    expect(framesOf(h.frames(ana.conn), 'offer')).toEqual([{ type: 'offer', offer: null }]);
    expect(h.act(offers.actions.offerClick, ana.viewer, { ...click, id: 'click-002' })).toBe(
      'CLOSED',
    );
    expect(() => offers.pushOffer({ courseId: 999 })).toThrow(/no such course/);
  });
});

describe('check-ins', () => {
  it('checks a viewer in once; a timed check-in closes on the tick once its time is up', () => {
    const h = harness();
    const checkins = h.features.checkins;
    const ana = h.join('Ana');
    h.frames(ana.conn);
    const checkin = checkins.openCheckin(60);
    expect(framesOf(h.frames(ana.conn), 'checkin').map((f) => f.checkin?.done)).toEqual([false]);
    const frame = {
      type: 'checkin',
      id: 'chk-00001',
      checkinId: `c${String(checkin.id)}`,
    } as const;
    expect(h.act(checkins.actions.checkin, ana.viewer, frame)).toBe('ok');
    expect(framesOf(h.frames(ana.conn), 'checkin').map((f) => f.checkin?.done)).toEqual([true]);
    expect(h.act(checkins.actions.checkin, ana.viewer, { ...frame, id: 'chk-00002' })).toBe('ok');
    expect(h.count('checkin_records')).toBe(1);
    expect(new Checkins(h.reopen()).current?.done.has(ana.viewer.learnerId)).toBe(true);

    h.time.now += 30_000;
    checkins.tick(h.time.now);
    expect(h.frames(ana.conn)).toEqual([]);
    h.time.now += 30_000;
    checkins.tick(h.time.now);
    expect(framesOf(h.frames(ana.conn), 'checkin')).toEqual([{ type: 'checkin', checkin: null }]);
    const row = h.db.prepare('SELECT closed_at FROM checkins').get() as { closed_at: number };
    expect(row.closed_at).toBe(checkin.openedAt + 60_000);
    expect(h.act(checkins.actions.checkin, ana.viewer, { ...frame, id: 'chk-00003' })).toBe(
      'NOT_FOUND',
    );
  });
});

describe('lottery and announcements', () => {
  it('draws among those who asked, never the banned, reproducibly from its seed', () => {
    const h = harness();
    const lottery = new Lottery(h.ctx, h.features.points);
    const ask = h.features.questions.actions.ask;
    const viewers = ['Ana', 'Ben', 'Cai'].map((name) => h.join(name));
    viewers.forEach(({ viewer }, i) => {
      expect(h.act(ask, viewer, { type: 'ask', id: `ask-0000${String(i)}`, text: 'Why?' })).toBe(
        'ok',
      );
    });
    const cai = viewers[2];
    if (!cai) throw new Error('no Cai');
    h.leave(cai.conn);
    h.moderation.ban(cai.viewer.publicId, 'session', null);
    const args = { title: 'Book', rule: { kind: 'askedQuestion' }, winners: 1, seed: 7 } as const;
    const first = lottery.drawLottery(args);
    const second = lottery.drawLottery(args);
    expect(first.candidates.map((c) => c.name)).toEqual(['Ana', 'Ben']);
    expect(second.winners).toEqual(first.winners);
    const ana = viewers[0];
    if (!ana) throw new Error('no Ana');
    const draws = framesOf(h.frames(ana.conn), 'lottery');
    expect(draws).toHaveLength(2);
    expect(draws[0]?.draw.youWon).toBe(first.winners[0]?.name === 'Ana');
    expect(h.count('lotteries')).toBe(2);
  });

  it('announces to everyone; a hub opened later shows the latest', () => {
    const h = harness();
    const announcements = h.features.announcements;
    const ana = h.join('Ana');
    h.frames(ana.conn);
    announcements.announce('Break: 5 minutes');
    const latest = announcements.announce('We are back');
    expect(framesOf(h.frames(ana.conn), 'announcement').map((f) => f.announcement.text)).toEqual([
      'Break: 5 minutes',
      'We are back',
    ]);
    expect(new Announcements(h.reopen()).current).toMatchObject(latest);
  });
});

describe('presence', () => {
  it('welcomes, counts and continues the attendance of a viewer who comes back in time', () => {
    const h = harness();
    const ana = h.join('Ana', 'device-ana-0000000001');
    const welcome = framesOf(h.frames(ana.conn), 'welcome')[0];
    expect(welcome).toMatchObject({ viewerId: ana.viewer.publicId, state: { viewers: 1 } });
    h.presence.tick();
    expect(framesOf(h.frames(ana.conn), 'viewers')).toEqual([{ type: 'viewers', count: 1 }]);
    h.leave(ana.conn);
    expect(h.presence.viewersNow).toBe(0);
    h.time.now += 10_000;
    const again = h.join('Ana B.', 'device-ana-0000000001');
    expect(again.viewer).toBe(ana.viewer);
    expect(again.viewer.name).toBe('Ana B.');
    expect(h.count('attendance')).toBe(1);
    expect(h.count('learners')).toBe(1);
    expect(h.presence.peak).toBe(1);
    h.presence.close(true);
    const row = h.db.prepare('SELECT left_at FROM attendance').get() as { left_at: number };
    expect(row.left_at).toBe(h.time.now);
    expect(h.events.map((e) => e.event)).toEqual([
      'audience.joined',
      'audience.left',
      'audience.joined',
    ]);
  });
});

describe('commit queue', () => {
  it('acknowledges only after the commit; a refusal or a resend never takes its neighbours', () => {
    const h = harness();
    const queue = new CommitQueue(h.ctx, allHandlers(h));
    h.moderation.configureChat({ blockedWords: ['spam'] });
    const ana = h.join('Ana');
    h.frames(ana.conn);
    queue.push(ana.conn, ana.viewer, { type: 'chat', id: 'chat-0001', text: 'hello' });
    queue.push(ana.conn, ana.viewer, { type: 'chat', id: 'chat-0002', text: 'spam' });
    queue.push(ana.conn, ana.viewer, { type: 'chat', id: 'chat-0001', text: 'hello' });
    queue.push(ana.conn, ana.viewer, { type: 'hand', id: 'hand-0001', raised: true });
    expect(h.frames(ana.conn)).toEqual([]);
    queue.commit();
    const frames = h.frames(ana.conn).filter((f) => f.type === 'ack' || f.type === 'error');
    expect(frames).toEqual([
      { type: 'ack', id: 'chat-0001', duplicate: false },
      expect.objectContaining({ type: 'error', id: 'chat-0002', code: 'BLOCKED_WORD' }),
      { type: 'ack', id: 'chat-0001', duplicate: true },
      { type: 'ack', id: 'hand-0001', duplicate: false },
    ]);
    expect(h.count('chat_messages')).toBe(1);
    expect(h.count('events')).toBe(2);
  });

  it('commits what arrived over several turns of the event loop together, on the window', async () => {
    const h = harness();
    const queue = new CommitQueue(h.ctx, allHandlers(h));
    const ana = h.join('Ana');
    h.frames(ana.conn);
    queue.push(ana.conn, ana.viewer, { type: 'hand', id: 'hand-0001', raised: true });
    await new Promise((resolve) => setImmediate(resolve));
    queue.push(ana.conn, ana.viewer, { type: 'hand', id: 'hand-0002', raised: false });
    await new Promise((resolve) => setImmediate(resolve));
    // Nothing is stored, nor acknowledged, before the window's commit.
    expect(h.count('events')).toBe(0);
    expect(h.frames(ana.conn)).toEqual([]);
    queue.commit();
    expect(h.count('events')).toBe(2);
    expect(h.frames(ana.conn).map((f) => f.type)).toEqual(['ack', 'ack']);
  });

  it('refuses every action once the class has ended', () => {
    const h = harness();
    const queue = new CommitQueue(h.ctx, allHandlers(h));
    const ana = h.join('Ana');
    h.frames(ana.conn);
    h.db.prepare("UPDATE sessions SET status = 'ended' WHERE id = ?").run(h.sessionId);
    const session = getSession(h.db, h.sessionId);
    if (!session) throw new Error('no session');
    h.ctx.session = session;
    queue.push(ana.conn, ana.viewer, { type: 'hand', id: 'hand-0001', raised: true });
    queue.commit();
    expect(h.frames(ana.conn)).toEqual([
      expect.objectContaining({ type: 'error', id: 'hand-0001', code: 'SESSION_ENDED' }),
    ]);
    expect(h.count('events')).toBe(0);
  });

  it('has a handler for every action type (checked when compiling)', () => {
    const h = harness();
    // @ts-expect-error a map without the offers' `offerClick` (and others) is not ActionHandlers
    const incomplete: ActionHandlers = { ...new Hands(h.ctx).actions };
    expect(Object.keys(incomplete)).toEqual(['hand']);
  });
});
