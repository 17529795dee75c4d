import { afterEach, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { createLogger, createSilentLogger } from '../../src/main/kernel/logger';
import { storeReplayHeartbeat } from '../../src/main/storage/queries/lan-replay';
import { studioMethods, type MethodName } from '../../src/shared/contract';
import type { FollowUpList } from '../../src/shared/contract/analytics-api';
import type { MailMerge } from '../../src/shared/contract/follow-ups-api';
import type { ReplayAudience } from '../../src/shared/contract/lan-replay-api';
import { useTempDirs } from '../helpers/temp-dir';

// Replay watching feeds the analytics (issue #12): a learner whose LAN replay watching covered the
// moment an offer was pushed, and who did not buy the course, is on the follow-up list with that
// reason and in the mail merge; the class report counts replay apart from live.
//
// The recording starts 2 s after the class did, so the replay timeline's t = 0 is T0 + 2 s and the
// offer pushed at T0 + 22 s sits at 20 s of the replay.

const tempDir = useTempDirs();
const running: Studio[] = [];
const ctx = { transport: 'test' } as const;
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);

afterEach(async () => {
  for (const studio of running.splice(0)) {
    await studio.audience.close();
    studio.close();
  }
});

function setup() {
  const now = T0 + 86_400_000;
  const studio = createStudio({
    dataDir: tempDir(),
    host: 'test',
    logger: process.env.DEBUG_LOG ? createLogger({ level: 'error' }) : createSilentLogger(),
    clock: () => now,
  });
  running.push(studio);
  const { db } = studio.workspace();
  db.prepare(
    `INSERT INTO courses (id, title, price_minor, currency, checkout_url, created_at)
     VALUES (1, 'Watercolour basics', 9900, 'USD', 'https://shop.example/wc', ?)`,
  ).run(T0);
  db.prepare(
    `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at, course_id)
     VALUES (1, 'Light and shade', 'ended', ?, ?, ?, 1)`,
  ).run(T0, T0 + 62_000, T0);
  db.prepare(
    `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes, duration_ms)
     VALUES (1, 1, 'recordings/1/1.webm', 'video/webm', 'finalised', ?, ?, 1000, 60000)`,
  ).run(T0 + 2_000, T0 + 62_000);
  db.prepare(
    `INSERT INTO offers (id, session_id, course_id, title, price_minor, currency, pushed_at)
     VALUES (1, 1, 1, 'Watercolour basics −20%', 7900, 'USD', ?)`,
  ).run(T0 + 22_000);
  const learner = db.prepare(
    `INSERT INTO learners (id, display_name, created_at, consent_follow_up) VALUES (?, ?, ?, ?)`,
  );
  learner.run(1, 'Ann', T0, 1);
  learner.run(2, 'Bo', T0, 1);
  learner.run(3, 'Cy', T0, 1);
  learner.run(4, 'Dee', T0, 0);
  db.prepare(
    `INSERT INTO learner_identities (learner_id, kind, value, created_at) VALUES (1, 'email', 'ann@example.com', ?)`,
  ).run(T0);
  // Ann and Dee were in the class live too (Ann for 30 s).
  db.prepare(
    `INSERT INTO attendance (session_id, learner_id, joined_at, left_at, last_seen_at) VALUES (1, ?, ?, ?, ?)`,
  ).run(1, T0 + 1_000, T0 + 31_000, T0 + 31_000);
  db.prepare(
    `INSERT INTO attendance (session_id, learner_id, joined_at, left_at, last_seen_at) VALUES (1, ?, ?, ?, ?)`,
  ).run(4, T0 + 1_000, T0 + 11_000, T0 + 11_000);
  const watch = (learnerId: number, spans: [number, number][]) =>
    storeReplayHeartbeat(db, {
      sessionId: 1,
      learnerId,
      seq: 1,
      now: T0 + 3_600_000,
      merged: spans.map(([startMs, endMs]) => ({ startMs, endMs })),
    });
  // Ann and Bo watched past the offer (20 s); Bo bought the course afterwards.
  watch(1, [[15_000, 25_000]]);
  watch(2, [[15_000, 25_000]]);
  // Cy watched from 21 s: after the offer on the replay timeline (it was at 22 s of the class).
  watch(3, [[21_000, 51_000]]);
  // Dee watched the start only.
  watch(4, [[0, 12_000]]);
  db.prepare(
    `INSERT INTO orders (id, source, external_id, learner_id, ordered_at, currency, total_minor, status, imported_at)
     VALUES (1, 'shop', 'o-1', 2, ?, 'USD', 7900, 'paid', ?)`,
  ).run(T0 + 4_000_000, T0 + 4_000_000);
  db.prepare(
    `INSERT INTO order_lines (order_id, course_id, title, amount_minor) VALUES (1, 1, 'Watercolour basics', 7900)`,
  ).run();
  const call = async (method: MethodName, input: unknown): Promise<unknown> => {
    const result = await studio.router.handle(method, input, ctx);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return studioMethods[method].output.parse(result.value);
  };
  return { studio, db, call };
}

describe('replay watching in the follow-up list', () => {
  it('lists a learner who watched the replay past the offer and did not buy, with that reason', async () => {
    const { call } = setup();
    await call('settings.update', { language: 'en' });
    const list = (await call('analytics.recommendations', { limit: 50 })) as FollowUpList;
    const replay = list.rows.filter((r) => r.reason.kind === 'replayOffer');
    expect(replay.map((r) => r.learnerId)).toEqual([1]);
    expect(replay[0]).toMatchObject({
      displayName: 'Ann',
      courseId: 1,
      courseTitle: 'Watercolour basics',
      reason: { kind: 'replayOffer', sessionId: 1, sessionTitle: 'Light and shade', offerAtS: 20 },
      consentFollowUp: true,
    });
    expect(replay[0]?.text).toMatch(/replay of “Light and shade” past the offer.*\(at 0:20\)/);

    // The class's own follow-up list has her too (she watched its replay).
    const forClass = (await call('analytics.recommendations', {
      sessionId: 1,
      limit: 50,
    })) as FollowUpList;
    expect(forClass.rows.find((r) => r.learnerId === 1)?.reason.kind).toBe('replayOffer');

    // And it flows into the mail merge like any other reason.
    const merge = (await call('followUps.mailMerge', { language: 'zh-CN' })) as MailMerge;
    expect(merge.rows.find((r) => r.learnerId === 1)).toMatchObject({
      email: 'ann@example.com',
      courseTitle: 'Watercolour basics',
      checkoutUrl: 'https://shop.example/wc',
    });
  });

  it("says the reason in Chinese, in the class report's follow-up list too", async () => {
    const { call } = setup();
    await call('settings.update', { language: 'zh-CN' });
    const list = (await call('analytics.recommendations', { limit: 50 })) as FollowUpList;
    expect(list.rows.find((r) => r.reason.kind === 'replayOffer')?.text).toBe(
      '看了《Light and shade》的回放，看过了这门课的优惠（0:20），但没有购买',
    );
    const customers = (await call('report.sessionCustomers', { sessionId: 1 })) as {
      followUp: FollowUpList;
    };
    expect(customers.followUp.rows.find((r) => r.learnerId === 1)?.reason.kind).toBe('replayOffer');
  });
});

describe('live and replay in the class report', () => {
  it('counts replay watching apart from live: watchers, minutes, who also attended live', async () => {
    const { call } = setup();
    const audience = (await call('review.replayAudience', { sessionId: 1 })) as ReplayAudience;
    expect(audience).toMatchObject({
      sessionId: 1,
      enabled: false,
      liveLearners: 2,
      watchers: 4,
      replayMinutes: 1.03,
      alsoLive: 2,
    });
    expect(audience.chapters).toBeGreaterThan(0);
    expect(
      audience.learners.map((l) => [l.displayName, l.attendedLive, l.liveMinutes, l.replayMinutes]),
    ).toEqual([
      ['Cy', false, 0, 0.5],
      ['Dee', true, 0.17, 0.2],
      ['Ann', true, 0.5, 0.17],
      ['Bo', false, 0, 0.17],
    ]);
    // Cy played 21 s–51 s of 60 s: at least the chapter that holds 30 s–50 s.
    expect(audience.learners[0]?.chaptersWatched).toBeGreaterThan(0);
    await expect(call('review.replayAudience', { sessionId: 99 })).rejects.toThrow(/NOT_FOUND/);
  });
});
