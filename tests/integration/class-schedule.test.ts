import { describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../src/shared/contract';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';
import type { Studio } from '../../src/main/app/create-studio';
import { useTempDirs } from '../helpers/temp-dir';
import { call, connectViewer, joinViewer, startStudio, useLiveCleanup } from '../helpers/audience';

const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.UTC(2026, 11, 1, 8, 0, 0);

type Goodbye = Extract<SingleServerFrame, { type: 'goodbye' }>;
const isGoodbye = (f: SingleServerFrame): f is Goodbye => f.type === 'goodbye';

async function failure<M extends MethodName>(
  studio: Studio,
  method: M,
  input: MethodInput<M>,
): Promise<string> {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (envelope.ok) throw new Error(`${method} succeeded`);
  return `${envelope.error.code} ${envelope.error.message}`;
}

/** A studio whose clock the test moves by hand. */
function setup() {
  const time = { now: T0 };
  const studio = startStudio(tempDir(), { clock: () => time.now });
  studios.push(studio);
  return { studio, time };
}

describe('classes ahead of time', () => {
  it('refuses a start in the past, a length outside 5 min–12 h and a warm-up outside 0–120 min', async () => {
    const { studio } = setup();
    const base = { title: 'Pricing', startsAt: T0 + DAY, plannedMinutes: 60 };
    expect(await failure(studio, 'session.schedule', { ...base, startsAt: T0 - MINUTE })).toBe(
      'BAD_INPUT the start is in the past',
    );
    expect(await failure(studio, 'session.schedule', { ...base, plannedMinutes: 4 })).toBe(
      'BAD_INPUT session.schedule: plannedMinutes: a class lasts at least 5 minutes',
    );
    expect(await failure(studio, 'session.schedule', { ...base, plannedMinutes: 721 })).toBe(
      'BAD_INPUT session.schedule: plannedMinutes: a class lasts at most 12 hours (720 minutes)',
    );
    expect(await failure(studio, 'session.schedule', { ...base, warmupMinutes: 121 })).toBe(
      'BAD_INPUT session.schedule: warmupMinutes: the warm-up opens at most 120 minutes early',
    );
    expect(await failure(studio, 'session.schedule', { ...base, warmupMinutes: -1 })).toBe(
      'BAD_INPUT session.schedule: warmupMinutes: the warm-up cannot be negative',
    );
    expect(await failure(studio, 'session.schedule', { ...base, courseId: 999 })).toBe(
      'NOT_FOUND no such course',
    );
    // The limits themselves are allowed.
    await call(studio, 'session.schedule', { ...base, plannedMinutes: 5, warmupMinutes: 0 });
    await call(studio, 'session.schedule', { ...base, plannedMinutes: 720, warmupMinutes: 120 });
    expect(await call(studio, 'session.upcoming', {})).toHaveLength(2);
  });

  it('schedule → join code at once → warm-up closed before its window → open inside it → cancel', async () => {
    const { studio, time } = setup();
    const startsAt = T0 + 3 * DAY;
    const planned = await call(studio, 'session.schedule', {
      title: '定价策略，第二讲; Q&A',
      startsAt,
      plannedMinutes: 90,
      warmupMinutes: 20,
    });
    expect(planned.sequence).toBe(0);
    expect(planned.opensAt).toBe(startsAt - 20 * MINUTE);
    expect(planned.endsAt).toBe(startsAt + 90 * MINUTE);
    // The code, link and QR exist as soon as the class is scheduled: shareable days before.
    expect(planned.joinCode).toMatch(/^[A-Z0-9]{4,12}$/);
    const { port } = await studio.audience.ready();
    const share = await call(studio, 'session.share', { sessionId: planned.sessionId });
    expect(share.joinCode).toBe(planned.joinCode);
    expect(share.urls[0]?.url).toBe(`http://127.0.0.1:${String(port)}/j/${planned.joinCode}`);
    expect(share.qrSvg).toContain('<svg');
    const [listed] = await call(studio, 'session.upcoming', {});
    expect(listed).toMatchObject({ sessionId: planned.sessionId, joinUrl: share.urls[0]?.url });

    // Before the window: the viewer is told when the room opens, and the socket closes. Also when
    // the host has the room's hub open already (the Live screen opened it).
    await call(studio, 'audience.info', { sessionId: planned.sessionId });
    const wsUrl = `ws://127.0.0.1:${String(port)}/ws/${planned.joinCode}`;
    const early = await connectViewer(wsUrl);
    viewers.push(early);
    expect(await early.waitFor(isGoodbye)).toEqual({
      type: 'goodbye',
      reason: 'not-open',
      opensAt: startsAt - 20 * MINUTE,
    });
    expect((await early.closed).code).toBe(1000);

    // Moved by a day: a new SEQUENCE, the window moves with it.
    const moved = await call(studio, 'session.reschedule', {
      sessionId: planned.sessionId,
      startsAt: startsAt + DAY,
      warmupMinutes: 30,
    });
    expect(moved).toMatchObject({ sequence: 1, startsAt: startsAt + DAY, plannedMinutes: 90 });
    expect(moved.joinCode).toBe(planned.joinCode);
    const ics = await call(studio, 'session.ics', { sessionId: planned.sessionId });
    expect(ics.fileName).toBe('定价策略-第二讲-Q-A.ics');
    const unfolded = ics.content.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nMETHOD:PUBLISH\r\n');
    expect(unfolded).toContain('\r\nSEQUENCE:1\r\n');
    expect(unfolded).toContain('\r\nSTATUS:CONFIRMED\r\n');
    // A full-width comma is not a TEXT delimiter; the ASCII semicolon is escaped.
    expect(unfolded).toContain('\r\nSUMMARY:定价策略，第二讲\\; Q&A\r\n');
    expect(unfolded).toContain(`\r\nURL:${share.urls[0]?.url ?? ''}\r\n`);
    // In the studio's language (zh-CN by default).
    expect(unfolded).toContain(
      `\r\nDESCRIPTION:加入链接：${share.urls[0]?.url ?? ''}\\n加入码：${planned.joinCode}\\n`,
    );
    const uid = /\r\nUID:([^\r]+)\r\n/.exec(unfolded)?.[1];
    expect(uid).toMatch(/^class-\d+-\d+@encore-studio$/);

    time.now = startsAt + DAY - 30 * MINUTE - 1;
    const stillEarly = await connectViewer(wsUrl);
    viewers.push(stillEarly);
    expect(await stillEarly.waitFor(isGoodbye)).toMatchObject({ reason: 'not-open' });

    // Inside the window: the warm-up chat is open.
    time.now = startsAt + DAY - 30 * MINUTE;
    const ann = await joinViewer(wsUrl, { name: 'Ann' });
    viewers.push(ann);
    expect(ann.welcome.session.phase).toBe('waiting');
    expect(await ann.act({ type: 'chat', text: 'hello early' })).toMatchObject({ type: 'ack' });

    // Cancelled: the viewer in the warm-up is told, nobody gets back in, it cannot go live.
    const cancelled = await call(studio, 'session.cancel', { sessionId: planned.sessionId });
    expect(cancelled).toMatchObject({ sequence: 2 });
    expect(cancelled.cancelledAt).toBe(time.now);
    expect(await ann.waitFor(isGoodbye)).toMatchObject({ reason: 'cancelled' });
    const late = await connectViewer(wsUrl);
    viewers.push(late);
    expect(await late.waitFor(isGoodbye)).toEqual({ type: 'goodbye', reason: 'cancelled' });
    expect(await failure(studio, 'session.start', { sessionId: planned.sessionId })).toBe(
      'CONFLICT the class was cancelled',
    );
    expect(
      await failure(studio, 'session.reschedule', { sessionId: planned.sessionId, title: 'x' }),
    ).toBe('CONFLICT the class was cancelled');
    expect(await call(studio, 'session.upcoming', {})).toEqual([]);
    const cancel = (await call(studio, 'session.ics', { sessionId: planned.sessionId })).content;
    expect(cancel).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(cancel).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(cancel).toContain('\r\nSEQUENCE:2\r\n');
    expect(cancel.replace(/\r\n /g, '')).toContain(`\r\nUID:${uid ?? ''}\r\n`);
  });

  it("writes a course's upcoming classes into one calendar, cancelled ones as CANCELLED", async () => {
    const { studio } = setup();
    // A fresh workspace has no course: the demo one has several.
    await call(studio, 'workspace.loadDemo', { seed: 1 });
    const courseId = (await call(studio, 'library.courses', {}))[0]?.id;
    if (courseId === undefined) throw new Error('no course');
    const a = await call(studio, 'session.schedule', {
      courseId,
      title: 'One',
      startsAt: T0 + DAY,
      plannedMinutes: 60,
    });
    const b = await call(studio, 'session.schedule', {
      courseId,
      title: 'Two',
      startsAt: T0 + 2 * DAY,
      plannedMinutes: 60,
    });
    await call(studio, 'session.schedule', {
      title: 'Other',
      startsAt: T0 + DAY,
      plannedMinutes: 60,
    });
    await call(studio, 'session.cancel', { sessionId: b.sessionId });
    const upcoming = await call(studio, 'session.upcoming', { courseId });
    expect(upcoming.map((c) => c.sessionId)).toEqual([a.sessionId]);
    const file = await call(studio, 'course.ics', { courseId });
    expect(file.fileName.endsWith('.ics')).toBe(true);
    const text = file.content;
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain('METHOD:PUBLISH');
    expect(text).toContain('SUMMARY:One');
    expect(text).toContain('STATUS:CANCELLED');
    expect(text).not.toContain('SUMMARY:Other');
    expect(await failure(studio, 'session.ics', { sessionId: 9_999 })).toBe(
      'NOT_FOUND no planned class 9999',
    );
  });
});
