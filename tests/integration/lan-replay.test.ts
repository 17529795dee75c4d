import { describe, expect, it } from 'vitest';
import { TOKEN, useLanReplayStudios } from '../helpers/lan-replay-fixture';

// The replay of an ended class on its join link (issue #12): served by the real audience server
// only when the educator switched it on, the recording by byte ranges, and the page's heartbeats
// from a real HTTP client on 127.0.0.1 recorded as the learner's watched spans — which the
// learner view then shows. Hostile reports get clear refusals and store nothing.

const setup = useLanReplayStudios();

describe('LAN replay on the join link', () => {
  it('is refused with a clear message while the switch is off, and for a live class', async () => {
    const { base, beat, stored } = await setup();
    const off = await fetch(`${base}/j/REPLAY1/replay.json`);
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({
      state: 'off',
      message: 'the educator has not made the replay of this class available',
    });
    const media = await fetch(`${base}/j/REPLAY1/replay/media/0`);
    expect(media.status).toBe(403);
    expect(await media.text()).toMatch(/not made the replay/);
    const live = await fetch(`${base}/j/LIVE333/replay.json`);
    expect(live.status).toBe(200);
    expect(((await live.json()) as { state: string }).state).toBe('none');
    const refused = await beat('REPLAY1', { deviceToken: TOKEN, seq: 1, spans: [[0, 1000]] });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(stored()).toEqual({ spans: 0, watchers: 0, learners: 0 });
  });

  it("serves the replay when switched on and shows a learner's watched span in their learner view", async () => {
    const { base, beat, call, db, advance } = await setup();
    const state = (await call('review.setLanReplay', { sessionId: 1, enabled: true })) as {
      enabled: boolean;
      joinPath: string;
      joinUrl: string | null;
    };
    expect(state).toMatchObject({ enabled: true, joinPath: '/j/REPLAY1' });
    // The whole link to share, on one of this machine's addresses and the audience port.
    expect(state.joinUrl).toMatch(new RegExp(`^http://[0-9.]+:${new URL(base).port}/j/REPLAY1$`));

    const data = (await (await fetch(`${base}/j/REPLAY1/replay.json`)).json()) as {
      state: string;
      durationS: number;
      parts: unknown[];
      chat: { text: string; t: number }[];
      chapters: unknown[];
    };
    expect(data.state).toBe('replay');
    expect(data.durationS).toBe(60);
    expect(data.parts).toEqual([{ index: 0, offsetS: 0, durationS: 60 }]);
    expect(data.chat).toEqual([{ t: 5, name: '', fromHost: true, text: 'Welcome back' }]);
    expect(data.chapters.length).toBeGreaterThan(0);

    // The recording by byte range: the same route code as the Review player's.
    const range = await fetch(`${base}/j/REPLAY1/replay/media/0`, {
      headers: { Range: 'bytes=100-199' },
    });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect((await range.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(`${base}/j/REPLAY1/replay/media/1`)).status).toBe(404);

    // The learner watches 10 s–25 s in two reports, then 40 s–45 s after a seek.
    const first = await beat('REPLAY1', {
      deviceToken: TOKEN,
      seq: 1,
      spans: [
        [10_000, 18_000],
        [18_000, 20_000],
      ],
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, watchedMs: 10_000 });
    advance(10_000);
    expect(
      (await beat('REPLAY1', { deviceToken: TOKEN, seq: 2, spans: [[19_000, 25_000]] })).status,
    ).toBe(200);
    advance(10_000);
    const third = await beat('REPLAY1', { deviceToken: TOKEN, seq: 3, spans: [[40_000, 45_000]] });
    expect(await third.json()).toEqual({ ok: true, watchedMs: 20_000 });

    const learnerId = (
      db
        .prepare(`SELECT learner_id FROM learner_identities WHERE kind = 'device' AND value = ?`)
        .get(TOKEN) as { learner_id: number }
    ).learner_id;
    const view = (await call('review.learnerReplays', { learnerId })) as {
      replays: { sessionId: number; watchedS: number; share: number; spans: unknown[] }[];
    };
    expect(view.replays).toHaveLength(1);
    expect(view.replays[0]).toMatchObject({
      sessionId: 1,
      title: 'Light and shade',
      watchedS: 20,
      share: 20 / 60,
      spans: [
        { fromS: 10, toS: 25 },
        { fromS: 40, toS: 45 },
      ],
    });
    expect(await call('review.lanReplay', { sessionId: 1 })).toMatchObject({ watchers: 1 });
  });

  it('refuses hostile reports clearly and stores nothing', async () => {
    const { beat, call, stored, advance } = await setup();
    await call('review.setLanReplay', { sessionId: 1, enabled: true });
    const refusal = async (codeText: string, body: unknown) => {
      const res = await beat(codeText, body);
      const json = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(json.ok).toBe(false);
      return { status: res.status, ...json.error };
    };
    const tooMany = Array.from({ length: 17 }, (_, i) => [i * 1000, i * 1000 + 500]);
    expect(await refusal('REPLAY1', { deviceToken: TOKEN, seq: 1, spans: tooMany })).toEqual({
      status: 400,
      code: 'TOO_LARGE',
      message: 'spans: at most 16 per report (got 17)',
    });
    expect(
      await refusal('REPLAY1', { deviceToken: TOKEN, seq: 1, spans: [[50_000, 61_000]] }),
    ).toEqual({
      status: 400,
      code: 'OUT_OF_RANGE',
      message: 'spans[0]: outside the recording (0–60000 ms)',
    });
    expect(
      await refusal('REPLAY1', { deviceToken: TOKEN, seq: 1, spans: [[-5, 1000]] }),
    ).toMatchObject({ code: 'OUT_OF_RANGE' });
    expect(
      await refusal('REPLAY1', {
        deviceToken: TOKEN,
        seq: 1,
        spans: [
          [5_000, 9_000],
          [8_000, 12_000],
        ],
      }),
    ).toMatchObject({ status: 400, message: 'spans[1]: spans must be in order and not overlap' });
    const oversized = JSON.stringify({
      deviceToken: TOKEN,
      seq: 1,
      spans: [[0, 1]],
      pad: 'x'.repeat(3_000),
    });
    expect(await refusal('REPLAY1', oversized)).toEqual({
      status: 413,
      code: 'TOO_LARGE',
      message: 'a report is at most 2048 bytes',
    });
    expect(await refusal('REPLAY1', '{not json')).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
    });
    expect(
      await refusal('REPLAY1', { deviceToken: 'short', seq: 1, spans: [[0, 1000]] }),
    ).toMatchObject({ status: 400, message: 'deviceToken: expected 16–128 letters or digits' });
    // Another class whose replay is off, an unknown code, a live class: no such replay.
    expect(await refusal('OTHER22', { deviceToken: TOKEN, seq: 1, spans: [[0, 1000]] })).toEqual({
      status: 403,
      code: 'FORBIDDEN',
      message: 'the educator has not made the replay of this class available',
    });
    expect(
      await refusal('NOSUCH9', { deviceToken: TOKEN, seq: 1, spans: [[0, 1000]] }),
    ).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(
      await refusal('LIVE333', { deviceToken: TOKEN, seq: 1, spans: [[0, 1000]] }),
    ).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(stored()).toEqual({ spans: 0, watchers: 0, learners: 0 });

    // Sequence numbers only grow; reports faster than the page sends them are limited.
    expect((await beat('REPLAY1', { deviceToken: TOKEN, seq: 5, spans: [[0, 1000]] })).status).toBe(
      200,
    );
    advance(10_000);
    expect(await refusal('REPLAY1', { deviceToken: TOKEN, seq: 5, spans: [[2000, 3000]] })).toEqual(
      {
        status: 409,
        code: 'STALE',
        message: 'seq must grow: the last report was 5',
      },
    );
    advance(60_000);
    for (let seq = 6; seq <= 8; seq += 1) {
      expect((await beat('REPLAY1', { deviceToken: TOKEN, seq, spans: [[0, 1000]] })).status).toBe(
        200,
      );
    }
    expect(await refusal('REPLAY1', { deviceToken: TOKEN, seq: 9, spans: [[5000, 6000]] })).toEqual(
      {
        status: 429,
        code: 'RATE_LIMITED',
        message: 'reports come too often; wait a few seconds',
      },
    );
    expect(stored()).toEqual({ spans: 1, watchers: 1, learners: 1 });
  });
});
