import { describe, expect, it } from 'vitest';
import {
  SNAPSHOT_QUESTIONS,
  checkinPublic,
  offerLive,
  offerPublic,
  questionPublic,
  runPublic,
  snapshot,
} from '../../src/main/audience/hub/projections';
import { publicNumber, type CurrentRun } from '../../src/main/audience/hub/state';
import type { OfferRow } from '../../src/main/storage/queries/live/offers';
import type { RunRow } from '../../src/main/storage/queries/live/polls';
import type { QuestionRow } from '../../src/main/storage/queries/live/questions';

function offer(over: Partial<OfferRow> = {}): OfferRow {
  return {
    id: 3,
    session_id: 1,
    course_id: 1,
    title: 'SQL',
    price_minor: 14_900,
    list_price_minor: 19_900,
    currency: 'EUR',
    coupon_code: null,
    checkout_url: 'https://shop.example/sql',
    stock: null,
    pushed_at: 0,
    ends_at: null,
    withdrawn_at: null,
    impressions: 0,
    clicks: 0,
    ...over,
  };
}

function question(id: number, over: Partial<QuestionRow> = {}): QuestionRow {
  return {
    id,
    session_id: 1,
    learner_id: 1,
    text: `q ${String(id)}`,
    asked_at: id,
    status: 'open',
    pinned_at: null,
    hidden: 0,
    upvotes: 0,
    public_id: 'vAAAA',
    name: 'Ada',
    ...over,
  };
}

function run(kind: 'poll' | 'quiz', over: Partial<RunRow> = {}): CurrentRun {
  const row: RunRow = {
    id: 7,
    poll_id: 1,
    session_id: 1,
    opened_at: 0,
    closed_at: null,
    revealed_at: null,
    kind,
    question: '2 + 2?',
    options: '["3","4"]',
    multiple: 0,
    correct: kind === 'quiz' ? '[1]' : null,
    ...over,
  };
  return {
    row,
    options: ['3', '4'],
    correct: kind === 'quiz' ? [1] : null,
    votes: new Map([
      [1, [0]],
      [2, [1]],
      [3, [1]],
    ]),
    scores: null,
  };
}

describe('audience hub projections', () => {
  it('reads public ids back to row ids, and nothing else', () => {
    expect(publicNumber('q12', 'q')).toBe(12);
    expect(publicNumber('r12', 'q')).toBe(0);
    expect(publicNumber('q-1', 'q')).toBe(0);
    expect(publicNumber('q1.5', 'q')).toBe(0);
    expect(publicNumber('q99999999999999999999', 'q')).toBe(0);
  });

  it('shows an offer while it is live, with a safe checkout link and a real discount only', () => {
    expect(offerLive(offer(), 5)).toBe(true);
    expect(offerLive(offer({ ends_at: 5 }), 5)).toBe(false);
    expect(offerLive(offer({ withdrawn_at: 1 }), 0)).toBe(false);
    expect(offerPublic(offer())).toMatchObject({ id: 'o3', listPriceMinor: 19_900 });
    expect(offerPublic(offer({ list_price_minor: 14_900 })).listPriceMinor).toBeNull();
    expect(offerPublic(offer({ checkout_url: 'javascript:alert(1)' })).checkoutUrl).toBeNull();
    expect(offerPublic(offer({ checkout_url: 'https://' })).checkoutUrl).toBeNull();
  });

  it('hides counts of an open poll, shows a closed poll, and a quiz answer only once revealed', () => {
    expect(runPublic(run('poll'), 1)).toMatchObject({
      id: 'r7',
      state: 'open',
      counts: null,
      myChoices: [0],
    });
    expect(runPublic(run('poll', { closed_at: 1 }), 9)).toMatchObject({
      counts: [1, 2],
      myChoices: null,
      myScore: null,
    });
    expect(runPublic(run('quiz', { closed_at: 1 }), 1)).toMatchObject({
      counts: null,
      correct: null,
    });
    const revealed = run('quiz', { closed_at: 1, revealed_at: 2 });
    revealed.scores = new Map([[2, { correct: 1, answered: 1 }]]);
    expect(runPublic(revealed, 2)).toMatchObject({
      counts: [1, 2],
      correct: [1],
      myScore: { correct: 1, answered: 1 },
    });
    expect(runPublic(revealed, 4).myScore).toEqual({ correct: 0, answered: 0 });
  });

  it('marks my own upvote and my own check-in', () => {
    const state = { row: question(1, { upvotes: 1 }), voters: new Set([5]) };
    expect(questionPublic(state, 5)).toMatchObject({ id: 'q1', upvotedByMe: true, upvotes: 1 });
    expect(questionPublic(state, 6).upvotedByMe).toBe(false);
    expect(questionPublic(state, null).upvotedByMe).toBe(false);
    const checkin = { id: 4, closesAt: null, done: new Set([5]) };
    expect(checkinPublic(checkin, 5)).toEqual({ id: 'c4', closesAt: null, done: true });
    expect(checkinPublic(null, 5)).toBeNull();
  });

  it('snapshots the last questions that are not hidden, and no ended offer', () => {
    const questions = Array.from({ length: SNAPSHOT_QUESTIONS + 5 }, (_, i) => ({
      row: question(i + 1, { hidden: i === SNAPSHOT_QUESTIONS + 4 ? 1 : 0 }),
      voters: new Set<number>(),
    }));
    const state = snapshot({
      learnerId: 1,
      handRaised: true,
      now: 10,
      chat: [],
      questions,
      run: null,
      offer: offer({ ends_at: 10 }),
      checkin: null,
      announcement: { id: 2, text: 'Break', at: 3 },
      reactions: { like: 1, heart: 0, clap: 0, laugh: 0, wow: 0 },
      viewers: 12,
    });
    expect(state.questions).toHaveLength(SNAPSHOT_QUESTIONS);
    expect(state.questions[0]?.id).toBe('q5');
    expect(state.questions.at(-1)?.id).toBe(`q${String(SNAPSHOT_QUESTIONS + 4)}`);
    expect(state.offer).toBeNull();
    expect(state.announcement).toEqual({ id: 'a2', text: 'Break', at: 3 });
    expect(state).toMatchObject({ handRaised: true, viewers: 12, poll: null });
  });
});
