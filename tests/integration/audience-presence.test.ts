import { describe, expect, it } from 'vitest';
import type { Studio } from '../../src/main/app/create-studio';
import { useTempDirs } from '../helpers/temp-dir';
import {
  call,
  connectViewer,
  eventually,
  joinViewer,
  liveSession,
  startStudio,
  TEST_TUNING,
  useLiveCleanup,
} from '../helpers/audience';

const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();

function studio(): Studio {
  const s = startStudio(tempDir());
  studios.push(s);
  return s;
}

interface Interval {
  learner_id: number;
  joined_at: number;
  left_at: number | null;
  last_seen_at: number;
}

function intervals(s: Studio, sessionId: number): Interval[] {
  return s
    .workspace()
    .db.prepare(
      'SELECT learner_id, joined_at, left_at, last_seen_at FROM attendance WHERE session_id = ? ORDER BY id',
    )
    .all(sessionId) as Interval[];
}

describe('audience presence', () => {
  it('serves the viewer page and refuses unknown join codes', async () => {
    const s = studio();
    const { port, joinCode, sessionId } = await liveSession(s);
    expect(joinCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
    const page = await fetch(`http://127.0.0.1:${String(port)}/j/${joinCode}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBeTruthy();
    expect((await fetch(`http://127.0.0.1:${String(port)}/studio/index.html`)).status).toBe(404);
    await expect(connectViewer(`ws://127.0.0.1:${String(port)}/ws/ZZZZZZ`)).rejects.toThrow();
    const info = await call(s, 'audience.info', { sessionId });
    expect(info.urls.at(-1)?.url).toBe(`http://127.0.0.1:${String(port)}/j/${joinCode}`);
  });

  it('opens an attendance interval on join and closes it after leaving', async () => {
    const s = studio();
    const { sessionId, wsUrl } = await liveSession(s);
    const viewer = await joinViewer(wsUrl, { name: 'Ada' });
    expect(viewer.welcome.session.phase).toBe('live');
    const open = intervals(s, sessionId);
    expect(open).toHaveLength(1);
    expect(open[0]?.left_at).toBeNull();
    const state = await call(s, 'live.state', { sessionId });
    expect(state.viewersNow).toBe(1);
    expect(state.viewers[0]?.name).toBe('Ada');
    await viewer.close();
    const closed = await eventually(() => intervals(s, sessionId).find((i) => i.left_at !== null));
    expect(closed.left_at).toBeGreaterThanOrEqual(closed.joined_at);
    expect(intervals(s, sessionId)).toHaveLength(1);
  });

  it("writes every viewer's heartbeat to their interval, the class's in one go per tick", async () => {
    let now = Date.UTC(2026, 11, 7, 9, 0, 0);
    const s = startStudio(tempDir(), {
      clock: () => now,
      audience: {
        host: '127.0.0.1',
        port: 0,
        tuning: { ...TEST_TUNING, heartbeatWriteMs: 15_000, tickMs: 20 },
      },
    });
    studios.push(s);
    const { sessionId, wsUrl } = await liveSession(s);
    const joined = now;
    const class3 = await Promise.all(
      ['Ada', 'Grace', 'Hedy'].map((name) => joinViewer(wsUrl, { name })),
    );
    viewers.push(...class3);
    // Before heartbeatWriteMs has passed nothing is written; after it, each ping is.
    now += 5_000;
    for (const v of class3) v.send({ type: 'ping', t: 1 });
    now += 15_000;
    for (const v of class3) v.send({ type: 'ping', t: 2 });
    const seen = now;
    await eventually(() =>
      intervals(s, sessionId).every((i) => i.last_seen_at === seen) ? true : undefined,
    );
    const rows = intervals(s, sessionId);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ joined_at: joined, left_at: null, last_seen_at: seen });
    }
  });

  it('continues the same interval when a viewer reconnects within the grace period', async () => {
    const s = studio();
    const { sessionId, wsUrl } = await liveSession(s);
    const first = await joinViewer(wsUrl, { name: 'Ada' });
    await first.close();
    const again = await joinViewer(wsUrl, { name: 'Ada L.', deviceToken: first.deviceToken });
    viewers.push(again);
    expect(again.viewerId).toBe(first.viewerId);
    const rows = intervals(s, sessionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.left_at).toBeNull();
    // Still one interval, still open, after the grace period would have closed it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(intervals(s, sessionId)).toMatchObject([{ left_at: null }]);
  });

  it('a second socket for the same device replaces the first', async () => {
    const s = studio();
    const { wsUrl } = await liveSession(s);
    const first = await joinViewer(wsUrl);
    const second = await joinViewer(wsUrl, { deviceToken: first.deviceToken });
    viewers.push(second);
    await first.waitFor((f) => f.type === 'goodbye' && f.reason === 'replaced');
    await first.closed;
  });

  it('bans by device token: goodbye, and no rejoin under a new name', async () => {
    const s = studio();
    const { sessionId, wsUrl } = await liveSession(s);
    const troll = await joinViewer(wsUrl, { name: 'Troll' });
    const ban = await call(s, 'viewer.ban', {
      sessionId,
      viewerId: troll.viewerId,
      reason: 'spam',
    });
    expect(ban.scope).toBe('session');
    await troll.waitFor((f) => f.type === 'goodbye' && f.reason === 'banned');
    await troll.closed;
    const retry = await connectViewer(wsUrl);
    viewers.push(retry);
    retry.send({ type: 'join', protocol: 1, deviceToken: troll.deviceToken, name: 'Totally New' });
    await retry.waitFor((f) => f.type === 'goodbye' && f.reason === 'banned');
    const state = await call(s, 'live.state', { sessionId });
    expect(state.viewers.filter((v) => v.name === 'Totally New')).toHaveLength(0);
    expect(state.bans).toHaveLength(1);
    await call(s, 'viewer.unban', { banId: ban.id });
    const back = await joinViewer(wsUrl, { deviceToken: troll.deviceToken, name: 'Reformed' });
    viewers.push(back);
    expect(back.viewerId).toBe(troll.viewerId);
  });

  it('ends a session: goodbye ended, intervals closed, no rejoin', async () => {
    const s = studio();
    const { sessionId, wsUrl } = await liveSession(s);
    const viewer = await joinViewer(wsUrl);
    // Without the survey at End (with it: tests/integration/survey-at-end.test.ts).
    await call(s, 'survey.configure', { sessionId, atEnd: false });
    const ended = await call(s, 'session.end', { sessionId });
    expect(ended.status).toBe('ended');
    await viewer.waitFor((f) => f.type === 'goodbye' && f.reason === 'ended');
    expect(intervals(s, sessionId).every((i) => i.left_at !== null)).toBe(true);
    await expect(connectViewer(wsUrl)).rejects.toThrow();
  });

  it('refuses to switch workspaces while a session is live', async () => {
    const s = studio();
    await liveSession(s);
    const envelope = await s.router.handle(
      'workspace.open',
      { name: 'demo' },
      { transport: 'test' },
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
