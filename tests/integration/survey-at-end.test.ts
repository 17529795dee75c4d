import { describe, expect, it } from 'vitest';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';
import {
  TEST_TUNING,
  call,
  callError,
  joinViewer,
  liveSession,
  startStudio,
  useLiveCleanup,
} from '../helpers/audience';
import { useTempDirs } from '../helpers/temp-dir';

// The survey at End through the real audience server and real sockets: ending a class opens the
// survey for the viewers still there, keeps it answerable (and nothing else) for a grace period,
// then closes it and the room; the host may close it sooner; the per-class switch turns it off.

const tempDir = useTempDirs();
const live = useLiveCleanup();

const rating = { classRating: 5, teacherRating: 4, contentRating: 5, recommend: 9 };
type Goodbye = Extract<SingleServerFrame, { type: 'goodbye' }>;
const isGoodbye = (f: SingleServerFrame): f is Goodbye => f.type === 'goodbye';
const surveyFrame = (state: 'open' | 'closed') => (f: SingleServerFrame) =>
  f.type === 'survey' && f.survey?.state === state;

function studioWith(surveyGraceMs: number) {
  const studio = startStudio(tempDir(), {
    audience: { host: '127.0.0.1', port: 0, tuning: { ...TEST_TUNING, surveyGraceMs } },
  });
  live.studios.push(studio);
  return studio;
}

describe('the survey at End', () => {
  it('is on for a new class; ending opens it for the viewers still there, answers only', async () => {
    const studio = studioWith(60_000);
    const { sessionId, wsUrl } = await liveSession(studio);
    expect(await call(studio, 'survey.configure', { sessionId })).toEqual({
      sessionId,
      atEnd: true,
      graceSeconds: 60,
    });
    const ana = await joinViewer(wsUrl, { name: 'Ana' });
    const ben = await joinViewer(wsUrl, { name: 'Ben' });
    live.viewers.push(ana, ben);
    expect(await call(studio, 'survey.state', { sessionId })).toBeNull();
    const course = await call(studio, 'course.create', {
      title: 'Next course',
      priceMinor: 19900,
      currency: 'CNY',
    });
    await call(studio, 'offer.push', { sessionId, courseId: course.id });
    const shown = await ben.waitFor((f) => f.type === 'offer' && f.offer !== null);
    const offerId = shown.type === 'offer' ? shown.offer?.id : undefined;

    const ended = await call(studio, 'session.end', { sessionId });
    expect(ended.status).toBe('ended');
    // Both are told the class ended, then get the survey; the room stays open.
    for (const v of [ana, ben]) {
      await v.waitFor((f) => f.type === 'session' && f.session.phase === 'ended');
      await v.waitFor(surveyFrame('open'));
    }
    expect(ana.frames.some(isGoodbye)).toBe(false);
    const survey = await call(studio, 'survey.state', { sessionId });
    expect(survey).toMatchObject({ sessionId, closedAt: null });
    const surveyId = `s${String(survey?.id)}`;

    expect(await ana.act({ type: 'survey', surveyId, ...rating })).toMatchObject({ type: 'ack' });
    // Nothing else is taken from an ended class.
    expect(await ben.act({ type: 'chat', text: 'still here?' })).toMatchObject({
      type: 'error',
      code: 'SESSION_ENDED',
    });
    // The offer still on screen may be clicked (a purchase after class is welcome).
    expect(await ben.act({ type: 'offerClick', offerId })).toMatchObject({ type: 'ack' });
    // A viewer whose page reloads during the grace period gets the survey in its welcome.
    const again = await joinViewer(wsUrl, { name: 'Ben', deviceToken: ben.deviceToken });
    live.viewers.push(again);
    expect(again.welcome.state.survey).toMatchObject({ id: surveyId, state: 'open', mine: null });
    expect(await again.act({ type: 'survey', surveyId, ...rating, recommend: 4 })).toMatchObject({
      type: 'ack',
    });
    // Acknowledged means stored.
    expect(await call(studio, 'survey.state', { sessionId })).toMatchObject({ answers: 2 });
    // The host cannot open another survey in an ended class, but may close this one: the room
    // closes with it.
    expect(await callError(studio, 'survey.open', { sessionId })).toBe('CONFLICT');
    const closed = await call(studio, 'survey.close', { sessionId, surveyId: survey?.id ?? 0 });
    expect(closed).toMatchObject({ answers: 2 });
    expect(closed.closedAt).not.toBeNull();
    const bye = await ana.waitFor(isGoodbye);
    expect(bye.reason).toBe('ended');
    await ana.closed;
    expect(studio.audience.hub(sessionId)).toBeUndefined();
  });

  it('closes the survey and the room by itself after the grace period', async () => {
    const studio = studioWith(300);
    const { sessionId, wsUrl } = await liveSession(studio);
    const ana = await joinViewer(wsUrl, { name: 'Ana' });
    live.viewers.push(ana);
    await call(studio, 'session.end', { sessionId });
    await ana.waitFor(surveyFrame('open'));
    // Closed when the grace period is over: the viewer sees it closed, then goodbye.
    await ana.waitFor(surveyFrame('closed'), 10_000);
    expect((await ana.waitFor(isGoodbye, 10_000)).reason).toBe('ended');
    const survey = await call(studio, 'survey.state', { sessionId });
    expect(survey?.closedAt).not.toBeNull();
    expect(studio.audience.hub(sessionId)).toBeUndefined();
    // The grace period is not attendance: Ana's interval ends at the class's End.
    const db = studio.workspace().db;
    const { ended_at } = db
      .prepare('SELECT ended_at FROM sessions WHERE id = ?')
      .get(sessionId) as {
      ended_at: number;
    };
    const rows = db
      .prepare('SELECT left_at FROM attendance WHERE session_id = ?')
      .all(sessionId) as { left_at: number | null }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.left_at).not.toBeNull();
    expect(rows[0]?.left_at).toBeLessThanOrEqual(ended_at);
  });

  it('closes a survey a killed studio left open in its grace period when it starts again', async () => {
    const dataDir = tempDir();
    const first = startStudio(dataDir, {
      audience: { host: '127.0.0.1', port: 0, tuning: { ...TEST_TUNING, surveyGraceMs: 60_000 } },
    });
    const { sessionId, wsUrl } = await liveSession(first);
    const ana = await joinViewer(wsUrl, { name: 'Ana' });
    live.viewers.push(ana);
    await call(first, 'session.end', { sessionId });
    await ana.waitFor(surveyFrame('open'));
    const surveyId = (await call(first, 'survey.state', { sessionId }))?.id ?? 0;
    const closing = first.audience.close();
    // What a killed process leaves: the survey as it was during the grace period.
    first.workspace().db.prepare('UPDATE satisfaction_surveys SET closed_at = NULL').run();
    first.close();
    await closing;

    const second = startStudio(dataDir, {
      audience: { host: '127.0.0.1', port: 0, tuning: { ...TEST_TUNING, surveyGraceMs: 60_000 } },
    });
    live.studios.push(second);
    const state = await call(second, 'survey.state', { sessionId });
    expect(state?.id).toBe(surveyId);
    const { ended_at } = second
      .workspace()
      .db.prepare('SELECT ended_at FROM sessions WHERE id = ?')
      .get(sessionId) as { ended_at: number };
    // Closed when its grace period would have ended (or at the restart, if sooner).
    expect(state?.closedAt).not.toBeNull();
    expect(state?.closedAt).toBeLessThanOrEqual(ended_at + 60_000);
    expect(state?.closedAt).toBeGreaterThanOrEqual(ended_at);
  });

  it('keeps a survey the host opened during the class, and asks no second time', async () => {
    const studio = studioWith(60_000);
    const first = await liveSession(studio, 'First');
    const ana = await joinViewer(first.wsUrl, { name: 'Ana' });
    live.viewers.push(ana);
    const opened = await call(studio, 'survey.open', { sessionId: first.sessionId });
    await call(studio, 'session.end', { sessionId: first.sessionId });
    await ana.waitFor((f) => f.type === 'session' && f.session.phase === 'ended');
    const state = await call(studio, 'survey.state', { sessionId: first.sessionId });
    expect(state).toMatchObject({ id: opened.id, closedAt: null });
    expect(ana.frames.some(isGoodbye)).toBe(false);

    // A class whose survey was already closed ends at once.
    const second = await liveSession(studio, 'Second');
    const ben = await joinViewer(second.wsUrl, { name: 'Ben' });
    live.viewers.push(ben);
    const s = await call(studio, 'survey.open', { sessionId: second.sessionId });
    await call(studio, 'survey.close', { sessionId: second.sessionId, surveyId: s.id });
    await call(studio, 'session.end', { sessionId: second.sessionId });
    expect((await ben.waitFor(isGoodbye)).reason).toBe('ended');
    // No second survey: the latest is still the one the host closed.
    expect(await call(studio, 'survey.state', { sessionId: second.sessionId })).toMatchObject({
      id: s.id,
    });
    expect(ben.frames.filter(surveyFrame('open'))).toHaveLength(1);
  });

  it('is off when the host turned it off: the class ends at once, no survey', async () => {
    const studio = studioWith(60_000);
    const { sessionId, wsUrl } = await liveSession(studio);
    expect(await call(studio, 'survey.configure', { sessionId, atEnd: false })).toMatchObject({
      atEnd: false,
    });
    const ana = await joinViewer(wsUrl, { name: 'Ana' });
    live.viewers.push(ana);
    await call(studio, 'session.end', { sessionId });
    expect((await ana.waitFor(isGoodbye)).reason).toBe('ended');
    expect(await call(studio, 'survey.state', { sessionId })).toBeNull();
    expect(ana.frames.some(surveyFrame('open'))).toBe(false);
  });
});
