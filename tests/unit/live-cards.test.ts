import { describe, expect, it } from 'vitest';
import type { LiveState } from '../../src/shared/contract/live-api';
import {
  ALL_LIVE_CARDS,
  pickLiveCards,
  type LiveCardLabels,
  wrapLines,
} from '../../src/renderer/studio/screens/broadcast/live-cards';

const labels: LiveCardLabels = {
  question: (name) => `Q ${name}`,
  offer: 'Offer',
  coupon: (code) => `Coupon ${code}`,
  pollOpen: 'Vote',
  pollResults: (voters) => `Results ${String(voters)}`,
};
const NOW = 1_000_000;

type Offer = LiveState['offers'][number];
type Question = LiveState['questions'][number];
type Run = LiveState['polls'][number];

function offer(patch: Partial<Offer>): Offer {
  return {
    id: 1,
    courseId: null,
    title: 'Data course',
    priceMinor: 19_900,
    currency: 'CNY',
    couponCode: null,
    checkoutUrl: null,
    endsAt: null,
    stock: null,
    pushedAt: NOW - 10_000,
    withdrawnAt: null,
    impressions: 0,
    clicks: 0,
    ...patch,
  };
}
function question(patch: Partial<Question>): Question {
  return {
    id: 1,
    viewerId: null,
    name: 'Ada',
    text: 'Why?',
    at: NOW - 5_000,
    upvotes: 0,
    status: 'open',
    pinned: false,
    ...patch,
  };
}
function run(patch: Partial<Run>): Run {
  return {
    runId: 1,
    pollId: 1,
    kind: 'poll',
    question: 'Which?',
    options: ['A', 'B', 'C'],
    multiple: false,
    correct: null,
    state: 'open',
    openedAt: NOW - 20_000,
    closedAt: null,
    revealedAt: null,
    counts: [3, 1, 0],
    voters: 4,
    ...patch,
  };
}
function state(patch: Partial<LiveState>): LiveState {
  return { offers: [], questions: [], polls: [], ...patch } as unknown as LiveState;
}

describe('live cards on the picture', () => {
  it('shows the newest live offer, the pinned question and the newest poll', () => {
    const cards = pickLiveCards(
      state({
        offers: [
          offer({ id: 1, title: 'Old', pushedAt: NOW - 60_000 }),
          offer({ id: 2, title: 'New', couponCode: 'SPRING', pushedAt: NOW - 1_000 }),
          offer({ id: 3, title: 'Withdrawn', pushedAt: NOW, withdrawnAt: NOW }),
          offer({ id: 4, title: 'Expired', pushedAt: NOW, endsAt: NOW - 1 }),
        ],
        questions: [
          question({ id: 1, text: 'not pinned' }),
          question({ id: 2, text: 'pinned', pinned: true, upvotes: 7, name: 'Grace' }),
          question({ id: 3, text: 'dismissed', pinned: true, status: 'dismissed', at: NOW }),
        ],
        polls: [
          run({ runId: 1, state: 'revealed', correct: [0] }),
          run({ runId: 2, openedAt: NOW - 90_000 }),
        ],
      }),
      ALL_LIVE_CARDS,
      labels,
      'en',
      NOW,
    );
    expect(cards).toEqual([
      { kind: 'offer', label: 'Offer', title: 'New', price: 'CN¥199.00', coupon: 'Coupon SPRING' },
      { kind: 'question', label: 'Q Grace', text: 'pinned', upvotes: 7 },
      {
        kind: 'poll',
        label: 'Results 4',
        question: 'Which?',
        results: [
          { text: 'A', share: 0.75, correct: true },
          { text: 'B', share: 0.25, correct: false },
          { text: 'C', share: 0, correct: false },
        ],
      },
    ]);
  });

  it('hides results while voting is open or before they are revealed, and what the host unticks', () => {
    const open = pickLiveCards(state({ polls: [run({})] }), ALL_LIVE_CARDS, labels, 'en', NOW);
    expect(open).toEqual([{ kind: 'poll', label: 'Vote', question: 'Which?', results: null }]);
    expect(
      pickLiveCards(
        state({ polls: [run({ state: 'closed' })] }),
        ALL_LIVE_CARDS,
        labels,
        'en',
        NOW,
      ),
    ).toEqual([]);
    expect(
      pickLiveCards(
        state({ offers: [offer({})], polls: [run({})] }),
        { question: true, offer: false, poll: false },
        labels,
        'en',
        NOW,
      ),
    ).toEqual([]);
  });
});

describe('wrapLines', () => {
  const measure = (text: string) => text.length;
  it('breaks at spaces, and between characters where there are none', () => {
    expect(wrapLines(measure, 'one two three four', 9, 3)).toEqual(['one two', 'three', 'four']);
    expect(wrapLines(measure, '为什么要用贝叶斯方法', 4, 3)).toEqual([
      '为什么要',
      '用贝叶斯',
      '方法',
    ]);
  });
  it('ends the last line with an ellipsis when text is left over', () => {
    expect(wrapLines(measure, 'one two three four', 9, 2)).toEqual(['one two', 'three…']);
    expect(wrapLines(measure, '为什么要用贝叶斯方法', 4, 2)).toEqual(['为什么要', '用贝叶…']);
  });
});
