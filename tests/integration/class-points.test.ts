import { describe, expect, it } from 'vitest';
import { computePoints } from '../../src/main/analytics/points';
import { learnerEventsOfSession } from '../../src/main/storage/queries/live/points';
import { useTempDirs } from '../helpers/temp-dir';
import {
  call,
  callError,
  joinViewer,
  liveSession,
  startStudio,
  useLiveCleanup,
} from '../helpers/audience';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';

// Class points through real sockets: the host's switch (kept across a studio restart), the
// leaderboard frames the viewers receive (equal to computePoints over the stored events), and a
// lottery by points.

const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();

type Board = Extract<SingleServerFrame, { type: 'leaderboard' }>;
type Mine = Extract<SingleServerFrame, { type: 'myPoints' }>;

describe('class points over the audience socket', () => {
  it('sends the leaderboard equal to computePoints, keeps the switch across a restart, draws by points', async () => {
    const dataDir = tempDir();
    const first = startStudio(dataDir);
    studios.push(first);
    const { sessionId, wsUrl } = await liveSession(first);
    expect((await call(first, 'points.state', { sessionId })).enabled).toBe(false);
    const ada = await joinViewer(wsUrl, { name: 'Ada' });
    const bo = await joinViewer(wsUrl, { name: 'Bo' });
    viewers.push(ada, bo);
    const on = await call(first, 'points.set', { sessionId, enabled: true });
    expect(on.enabled).toBe(true);
    expect(on.weights.find((w) => w.kind === 'question')?.weight).toBe(3);
    await ada.waitFor((f): f is Board => f.type === 'leaderboard');

    expect(await ada.act({ type: 'ask', text: 'Why?' })).toMatchObject({ type: 'ack' });
    expect(await ada.act({ type: 'chat', text: 'hi' })).toMatchObject({ type: 'ack' });
    expect(await bo.act({ type: 'chat', text: 'hello' })).toMatchObject({ type: 'ack' });
    for (let i = 0; i < 3; i++) {
      expect(await bo.act({ type: 'react', reaction: 'heart' })).toMatchObject({ type: 'ack' });
    }
    const db = first.workspace().db;
    const expected = computePoints(
      learnerEventsOfSession(db, sessionId).map((e) => ({
        learnerId: String(e.learner_id),
        kind: e.kind,
      })),
    );
    expect(expected.map((r) => r.points)).toEqual([4, 1.3]);
    const board = await bo.waitFor(
      (f): f is Board =>
        f.type === 'leaderboard' && f.board?.top.map((r) => r.points).join() === '4,1.3',
    );
    expect(board.board?.top.map((r) => r.name)).toEqual(['Ada', 'Bo']);
    expect(board.board?.top[0]?.viewerId).toBe(ada.viewerId);
    await bo.waitFor(
      (f): f is Mine => f.type === 'myPoints' && f.mine?.rank === 2 && f.mine.points === 1.3,
    );
    const state = await call(first, 'points.state', { sessionId });
    expect(state.top.map((r) => [r.learnerId, r.points, r.rank])).toEqual(
      expected.map((r) => [Number(r.learnerId), r.points, r.rank]),
    );
    const draw = await call(first, 'lottery.draw', {
      sessionId,
      title: 'Book',
      rule: { kind: 'topPoints', top: 1 },
      winners: 1,
      seed: 5,
    });
    expect(draw.winners.map((w) => w.name)).toEqual(['Ada']);

    // A restart keeps the switch; the board is rebuilt from the stored events.
    const closing = first.audience.close();
    first.close();
    studios.splice(0);
    await closing;
    const second = startStudio(dataDir);
    studios.push(second);
    const again = await call(second, 'points.state', { sessionId });
    expect(again.enabled).toBe(true);
    expect(again.top.map((r) => r.points)).toEqual([4, 1.3]);
    const info = await call(second, 'audience.info', { sessionId });
    const cy = await joinViewer(`ws://127.0.0.1:${String(info.port)}/ws/${info.joinCode}`, {
      name: 'Cy',
    });
    viewers.push(cy);
    expect(cy.welcome.state.leaderboard?.top.map((r) => r.name)).toEqual(['Ada', 'Bo']);
    expect(cy.welcome.state.myPoints).toBeNull();

    const off = await call(second, 'points.set', { sessionId, enabled: false });
    expect(off.enabled).toBe(false);
    await cy.waitFor((f) => f.type === 'leaderboard' && f.board === null);
    const refused = await callError(second, 'lottery.draw', {
      sessionId,
      title: 'Mug',
      rule: { kind: 'pointsTickets' },
      winners: 1,
    });
    expect(refused).toBe('CONFLICT');
  });
});
