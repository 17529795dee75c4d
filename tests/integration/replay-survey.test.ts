import { describe, expect, it } from 'vitest';
import type { ReplayAudience } from '../../src/shared/contract/lan-replay-api';
import type { SessionSatisfaction } from '../../src/shared/contract/satisfaction-api';
import { T0, TOKEN, useLanReplayStudios } from '../helpers/lan-replay-fixture';

// The class's satisfaction survey offered at the end of its LAN replay (issue #12, #15 §1): the
// replay names the survey, a learner who watched answers it over real HTTP on 127.0.0.1, the
// answer is stored like a live one but marked as from the replay, and counts in the class's
// satisfaction report. One answer per learner: a second one, or one from a learner who answered
// in the class, is refused with a clear reason and changes nothing.

const setup = useLanReplayStudios();
const LIVE_TOKEN = 'liveanswerer0002abcdef';
const answer = (surveyId: string, deviceToken: string, classRating = 4) => ({
  deviceToken,
  surveyId,
  classRating,
  teacherRating: 5,
  contentRating: 3,
  recommend: 9,
  comment: '  Loved the wash demo  ',
});

describe('the satisfaction survey at the end of a LAN replay', () => {
  it('stores one answer per learner, marked as from the replay, counted in the report', async () => {
    const { base, db, call, beat } = await setup();
    await call('review.setLanReplay', { sessionId: 1, enabled: true });
    // A class that had no survey offers none.
    const none = (await (await fetch(`${base}/j/REPLAY1/replay.json`)).json()) as {
      state: string;
      surveyId: string | null;
    };
    expect(none).toMatchObject({ state: 'replay', surveyId: null });
    const survey = Number(
      db
        .prepare(
          'INSERT INTO satisfaction_surveys (session_id, opened_at, closed_at) VALUES (1, ?, ?)',
        )
        .run(T0 + 50_000, T0 + 70_000).lastInsertRowid,
    );
    // A learner who answered in the class (and watches the replay afterwards).
    db.prepare(`INSERT INTO learners (id, display_name, created_at) VALUES (77, 'Mei', ?)`).run(T0);
    db.prepare(
      `INSERT INTO learner_identities (learner_id, kind, value, created_at) VALUES (77, 'device', ?, ?)`,
    ).run(LIVE_TOKEN, T0);
    db.prepare(
      `INSERT INTO satisfaction_answers (survey_id, learner_id, class_rating, teacher_rating,
         content_rating, recommend, comment, answered_at, updated_at)
       VALUES (?, 77, 2, 2, 2, 3, NULL, ?, ?)`,
    ).run(survey, T0 + 55_000, T0 + 55_000);

    const data = (await (await fetch(`${base}/j/REPLAY1/replay.json`)).json()) as {
      surveyId: string | null;
    };
    expect(data.surveyId).toBe(`s${String(survey)}`);
    const post = async (code: string, body: unknown) => {
      const res = await fetch(`${base}/j/${code}/replay/survey`, {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const rows = () =>
      db
        .prepare(
          `SELECT learner_id, class_rating, comment, source FROM satisfaction_answers
           ORDER BY learner_id`,
        )
        .all();
    const before = rows();

    // Before watching: refused, nothing stored.
    expect(await post('REPLAY1', answer(data.surveyId!, TOKEN))).toEqual({
      status: 409,
      body: {
        ok: false,
        error: {
          code: 'NOT_WATCHED',
          message: 'the survey is for learners who watched the replay',
        },
      },
    });
    expect(
      (await beat('REPLAY1', { deviceToken: TOKEN, seq: 1, spans: [[0, 9_000]] })).status,
    ).toBe(200);
    // Bad input gets a clear error.
    expect(await post('REPLAY1', { ...answer(data.surveyId!, TOKEN), classRating: 6 })).toEqual({
      status: 400,
      body: {
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'classRating: Too big: expected number to be <=5' },
      },
    });
    expect((await post('REPLAY1', '{"deviceToken":')).body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: 'an answer is a JSON object' },
    });
    expect((await post('REPLAY1', answer('s999', TOKEN))).body).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'this class has no such survey' },
    });
    expect(rows()).toEqual(before);

    // The answer: stored, cleaned, marked as from the replay.
    expect(await post('REPLAY1', answer(data.surveyId!, TOKEN))).toEqual({
      status: 200,
      body: { ok: true },
    });
    const learner = (
      db.prepare(`SELECT learner_id FROM learner_identities WHERE value = ?`).get(TOKEN) as {
        learner_id: number;
      }
    ).learner_id;
    expect(rows()).toEqual([
      { learner_id: 77, class_rating: 2, comment: null, source: 'live' },
      { learner_id: learner, class_rating: 4, comment: 'Loved the wash demo', source: 'replay' },
    ]);
    // One answer per learner: a second is refused and changes nothing.
    expect(await post('REPLAY1', answer(data.surveyId!, TOKEN, 1))).toEqual({
      status: 409,
      body: {
        ok: false,
        error: {
          code: 'ALREADY_ANSWERED',
          message: 'you already answered this survey after the replay',
        },
      },
    });
    // A learner who answered in the class is not asked twice.
    expect(
      (await beat('REPLAY1', { deviceToken: LIVE_TOKEN, seq: 1, spans: [[0, 5_000]] })).status,
    ).toBe(200);
    expect((await post('REPLAY1', answer(data.surveyId!, LIVE_TOKEN, 5))).body).toMatchObject({
      error: { code: 'ALREADY_ANSWERED', message: 'you already answered this survey in the class' },
    });
    expect(rows()).toEqual([
      { learner_id: 77, class_rating: 2, comment: null, source: 'live' },
      { learner_id: learner, class_rating: 4, comment: 'Loved the wash demo', source: 'replay' },
    ]);

    // Counted with the live answers in the class's satisfaction, and apart in Live and replay.
    const satisfaction = (await call('report.satisfaction', {
      sessionId: 1,
    })) as SessionSatisfaction;
    expect(JSON.stringify(satisfaction)).toContain('Loved the wash demo');
    const audience = (await call('review.replayAudience', { sessionId: 1 })) as ReplayAudience;
    expect(audience).toMatchObject({ watchers: 2, surveyAnswers: 1 });

    // GET is not how an answer is sent.
    expect((await fetch(`${base}/j/REPLAY1/replay/survey`)).status).toBe(405);
  });
});
