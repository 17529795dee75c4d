import { describe, expect, it } from 'vitest';
import {
  MessageText,
  ViewerFrame,
  type ServerToViewerFrame,
} from '../../src/shared/contract/audience-protocol';
import { SurveyComment } from '../../src/shared/contract/satisfaction-protocol';
import { CommitQueue } from '../../src/main/audience/hub/commit-queue';
import type { ActionHandlers, ActionOf } from '../../src/main/audience/hub/feature';
import { Satisfaction } from '../../src/main/audience/hub/features/satisfaction';
import { Chat } from '../../src/main/audience/hub/features/chat';
import { Hands } from '../../src/main/audience/hub/features/hands';
import { createSatisfactionReportHandlers } from '../../src/main/insights/satisfaction-handlers';
import { useHubHarness, type HubHarness } from '../helpers/hub-harness';
import { useTempDirs } from '../helpers/temp-dir';

// The satisfaction survey's hub feature on a real SQLite file: open, answer, change the answer,
// close; hostile answers are refused clearly; the class report reads what was stored.

const harness = useHubHarness(useTempDirs());

function answer(
  surveyId: string,
  id: string,
  ratings: Partial<ActionOf<'survey'>> = {},
): ActionOf<'survey'> {
  return {
    type: 'survey',
    id,
    surveyId,
    classRating: 5,
    teacherRating: 4,
    contentRating: 5,
    recommend: 9,
    ...ratings,
  };
}

function surveyFrames(h: HubHarness, conn: Parameters<HubHarness['frames']>[0]) {
  return h
    .frames(conn)
    .flatMap((f: ServerToViewerFrame) => (f.type === 'batch' ? f.frames : [f]))
    .filter((f) => f.type === 'survey');
}

describe('satisfaction survey (hub feature)', () => {
  it('stores one answer per viewer, editable while open, refused once closed', () => {
    const h = harness();
    const sat = h.features.satisfaction;
    const ana = h.join('Ana');
    const ben = h.join('Ben');
    h.frames(ana.conn);

    const opened = sat.openSurvey();
    expect(opened).toMatchObject({ sessionId: h.sessionId, closedAt: null, answers: 0 });
    const sid = `s${String(opened.id)}`;
    // Every connected viewer hears that it opened, with no answer of theirs yet.
    expect(surveyFrames(h, ana.conn)).toEqual([
      { type: 'survey', survey: { id: sid, state: 'open', mine: null } },
    ]);

    expect(h.act(sat.actions.survey, ana.viewer, answer(sid, 'srv-00001'))).toBe('ok');
    expect(
      h.act(
        sat.actions.survey,
        ben.viewer,
        answer(sid, 'srv-00002', { classRating: 2, recommend: 3, comment: 'Too fast' }),
      ),
    ).toBe('ok');
    // Ana changes her mind: still one row, now with the new ratings.
    expect(
      h.act(
        sat.actions.survey,
        ana.viewer,
        answer(sid, 'srv-00003', { teacherRating: 5, comment: 'Great' }),
      ),
    ).toBe('ok');
    expect(h.count('satisfaction_answers')).toBe(2);
    const row = h.db
      .prepare('SELECT teacher_rating, comment FROM satisfaction_answers WHERE learner_id = ?')
      .get(ana.viewer.learnerId);
    expect(row).toEqual({ teacher_rating: 5, comment: 'Great' });
    expect(surveyFrames(h, ana.conn).at(-1)).toEqual({
      type: 'survey',
      survey: {
        id: sid,
        state: 'open',
        mine: {
          classRating: 5,
          teacherRating: 5,
          contentRating: 5,
          recommend: 9,
          comment: 'Great',
        },
      },
    });

    // A survey that is not the current one, and one that does not exist.
    expect(h.act(sat.actions.survey, ana.viewer, answer('s999', 'srv-00004'))).toBe('NOT_FOUND');
    expect(h.act(sat.actions.survey, ana.viewer, answer('x1', 'srv-00005'))).toBe('NOT_FOUND');

    const closed = sat.closeSurvey(opened.id);
    expect(closed.closedAt).not.toBeNull();
    expect(closed.answers).toBe(2);
    expect(h.act(sat.actions.survey, ben.viewer, answer(sid, 'srv-00006'))).toBe('CLOSED');
    const stored = h.db
      .prepare('SELECT class_rating FROM satisfaction_answers WHERE learner_id = ?')
      .get(ben.viewer.learnerId);
    expect(stored).toEqual({ class_rating: 2 });

    // A fresh hub (after a restart) loads the survey and each viewer's answer from the file.
    const again = new Satisfaction(h.reopen());
    expect(again.publicFor(ana.viewer.learnerId)?.mine?.comment).toBe('Great');
    expect(again.publicFor(ana.viewer.learnerId)?.state).toBe('closed');
  });

  it('acknowledges only after the commit, and a resend (same id) is stored once', () => {
    const h = harness();
    const sat = h.features.satisfaction;
    const ana = h.join('Ana');
    const sid = `s${String(sat.openSurvey().id)}`;
    h.frames(ana.conn);
    const handlers: ActionHandlers = {
      ...new Chat(h.ctx, h.moderation).actions,
      ...h.features.questions.actions,
      ...h.features.polls.actions,
      ...h.features.reactions.actions,
      ...new Hands(h.ctx).actions,
      ...h.features.checkins.actions,
      ...h.features.offers.actions,
      ...sat.actions,
    };
    const queue = new CommitQueue(h.ctx, handlers);
    queue.push(ana.conn, ana.viewer, answer(sid, 'srv-10001'));
    expect(h.count('satisfaction_answers')).toBe(0);
    expect(h.frames(ana.conn)).toEqual([]);
    queue.commit();
    expect(h.count('satisfaction_answers')).toBe(1);
    const frames = h.frames(ana.conn);
    expect(frames[0]).toEqual({ type: 'ack', id: 'srv-10001', duplicate: false });
    queue.push(ana.conn, ana.viewer, answer(sid, 'srv-10001', { classRating: 1 }));
    queue.commit();
    expect(h.frames(ana.conn)[0]).toEqual({ type: 'ack', id: 'srv-10001', duplicate: true });
    expect(h.db.prepare('SELECT class_rating FROM satisfaction_answers').get()).toEqual({
      class_rating: 5,
    });
    // The studio hears of the answers on the next tick, once.
    sat.tick();
    sat.tick();
    expect(h.events.filter((e) => e.event === 'survey.changed').at(-1)?.payload).toMatchObject({
      answers: 1,
    });
  });

  it('refuses out-of-range ratings and oversize comments as bad frames, without throwing', () => {
    const ok = {
      type: 'survey',
      id: 'srv-20001',
      surveyId: 's1',
      classRating: 5,
      teacherRating: 5,
      contentRating: 5,
      recommend: 10,
    };
    expect(ViewerFrame.safeParse(ok).success).toBe(true);
    for (const bad of [
      { classRating: 6 },
      { teacherRating: 0 },
      { contentRating: 2.5 },
      { recommend: 11 },
      { recommend: -1 },
      { classRating: '5' },
      { comment: 'x'.repeat(501) },
      { extra: true },
    ]) {
      const parsed = ViewerFrame.safeParse({ ...ok, ...bad });
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
    }
    // Exactly 500 characters is accepted; a blank comment is none.
    const long = ViewerFrame.safeParse({ ...ok, comment: 'y'.repeat(500) });
    expect(long.success).toBe(true);
    const blank = ViewerFrame.parse({ ...ok, comment: '  \u200B ' });
    expect(blank.type === 'survey' && blank.comment).toBe(null);
  });

  it('cleans a comment exactly like a chat message', () => {
    for (const text of [
      '  hi\u0007 there\u202E ',
      'line one\nline two',
      '\u200Bzero width',
      'ok',
    ]) {
      expect(SurveyComment.parse(text)).toBe(MessageText.parse(text));
    }
  });

  it('reports the class’s score with the workspace weights, NPS and comments', async () => {
    const h = harness();
    const sat = h.features.satisfaction;
    const sid = `s${String(sat.openSurvey().id)}`;
    const viewers = ['Ana', 'Ben', 'Cai', 'Dee'].map((n) => h.join(n));
    const ratings = [
      { classRating: 5, teacherRating: 5, contentRating: 5, recommend: 10 },
      { classRating: 4, teacherRating: 4, contentRating: 4, recommend: 9, comment: 'Good' },
      { classRating: 3, teacherRating: 3, contentRating: 2, recommend: 7 },
      { classRating: 1, teacherRating: 2, contentRating: 1, recommend: 2, comment: 'Lost' },
    ];
    viewers.forEach((v, i) => {
      expect(h.act(sat.actions.survey, v.viewer, answer(sid, `srv-3000${i}`, ratings[i]))).toBe(
        'ok',
      );
    });
    const handlers = createSatisfactionReportHandlers({ db: () => h.db, clock: () => h.time.now });
    const ctx = { transport: 'test' as const };
    // Weights are normalised: 1:1:2 → 0.25, 0.25, 0.5.
    expect(handlers['satisfaction.setWeights']({ class: 1, teacher: 1, content: 2 }, ctx)).toEqual({
      class: 0.25,
      teacher: 0.25,
      content: 0.5,
    });
    const report = await handlers['report.satisfaction']({ sessionId: h.sessionId as never }, ctx);
    const s = report.summary;
    expect(s.responses).toBe(4);
    // Scores: 5; 4; 0.25·3 + 0.25·3 + 0.5·2 = 2.5; 0.25·1 + 0.25·2 + 0.5·1 = 1.25
    expect(s.meanScore).toBeCloseTo((5 + 4 + 2.5 + 1.25) / 4, 12);
    expect(s.satisfied).toBe(2);
    // 2 promoters, 1 passive, 1 detractor of 4 → 25
    expect(s.netPromoter.nps).toBeCloseTo(25, 12);
    expect(report.comments.map((c) => c.text).sort()).toEqual(['Good', 'Lost']);
    expect(report.attendees).toBe(4);
    expect(() =>
      handlers['satisfaction.setWeights']({ class: 0, teacher: 0, content: 0 }, ctx),
    ).toThrow(/above 0/);
  });
});
