import { describe, expect, it } from 'vitest';
import {
  compareWithEarlier,
  computeSessionMetrics,
  DEFAULT_ENGAGEMENT_WEIGHTS,
  describeEngagementFormula,
  INTERACTION_KINDS,
  type AttendanceInterval,
  type SessionData,
  type SessionEvent,
  type SessionHeadline,
  type SessionOffer,
  type SessionOrder,
  type SessionPollRun,
  type SessionQuestion,
} from '../../../src/main/analytics/session-metrics';
import { expectError } from './expect-error';

// Hand-made classes whose every number can be worked out on paper; the comments show the sums.

const MIN = 60_000;
const DAY = 86_400_000;
/** 2026-01-05 11:00:00.000 UTC; all times below are T0 + minutes. */
const T0 = Date.UTC(2026, 0, 5, 11, 0, 0);
const at = (minutes: number): number => T0 + Math.round(minutes * MIN);

function session(minutes: number, parts: Partial<Omit<SessionData, 'session'>> = {}): SessionData {
  return {
    session: { id: 1, startedAt: T0, endedAt: at(minutes), courseId: 7 },
    attendance: [],
    events: [],
    questions: [],
    pollRuns: [],
    offers: [],
    orders: [],
    ...parts,
  };
}

const present = (learnerId: number, from: number, to: number | null, seen?: number) =>
  ({
    learnerId,
    joinedAt: at(from),
    leftAt: to === null ? null : at(to),
    lastSeenAt: at(seen ?? to ?? from),
  }) satisfies AttendanceInterval;

const event = (learnerId: number | null, kind: string, minute: number): SessionEvent => ({
  learnerId,
  kind,
  at: at(minute),
});

/**
 * Ten minutes, four viewers:
 * - learner 1: [1, 4) and [3, 6) overlap, [6, 7) touches: one presence [1, 7), 6 minutes;
 * - learner 2: joined at 1.5, never closed, last seen at 4.5: [1.5, 4.5), 3 minutes;
 * - learner 3: in the lobby from −2, left at 2: clipped to [0, 2), 2 minutes;
 * - learner 4: from 8 to 12 (after the end): clipped to [8, 10), 2 minutes.
 */
const audienceClass = (): SessionData =>
  session(10, {
    attendance: [
      present(1, 1, 4),
      present(1, 3, 6),
      present(1, 6, 7),
      present(2, 1.5, null, 4.5),
      present(3, -2, 2),
      present(4, 8, 12),
    ],
  });

describe('audience', () => {
  it('unions a learner’s overlapping and touching intervals, closes open ones at lastSeenAt', () => {
    const { audience } = computeSessionMetrics(audienceClass());
    expect(audience.uniqueViewers).toBe(4);
    // 6 + 3 + 2 + 2 = 13 minutes watched.
    expect(audience.totalWatchMs).toBe(13 * MIN);
    expect(audience.averageWatchMs).toBe((13 / 4) * MIN);
    expect(audience.medianWatchMs).toBe(2.5 * MIN);
    expect(audience.averageConcurrency).toBeCloseTo(1.3, 12);
    expect(audience.averageWatchShare).toBeCloseTo(0.325, 12);
    // At [1.5, 2) learners 1, 2 and 3 are all there.
    expect(audience.peakConcurrency).toBe(3);
    expect(audience.peakAt).toBe(at(1.5));
  });

  it('gives concurrency, arrivals, departures and retention per minute', () => {
    const { audience } = computeSessionMetrics(audienceClass());
    const b = audience.buckets;
    expect(b).toHaveLength(10);
    expect(b.map((x) => x.startAt)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(at));
    expect(b.at(-1)?.endAt).toBe(at(10));
    expect(b.map((x) => x.present)).toEqual([1, 2, 2, 2, 2, 1, 1, 0, 1, 1]);
    expect(b.map((x) => x.averageConcurrency)).toEqual([1, 2.5, 2, 2, 1.5, 1, 1, 0, 1, 1]);
    expect(b.map((x) => x.joined)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 1, 0]);
    // Learner 4 stays to the end: not a departure.
    expect(b.map((x) => x.left)).toEqual([0, 0, 1, 0, 1, 0, 0, 1, 0, 0]);
    expect(b.map((x) => x.stayedToNext)).toEqual([1, 0.5, 1, 1, 0.5, 1, 0, null, 1, null]);
    expect(b.map((x) => x.shareOfViewers)).toEqual(
      [1, 2, 2, 2, 2, 1, 1, 0, 1, 1].map((n) => n / 4),
    );
    expect(b.map((x) => x.shareOfArrived)).toEqual([
      1,
      1,
      2 / 3,
      2 / 3,
      2 / 3,
      1 / 3,
      1 / 3,
      0,
      1 / 4,
      1 / 4,
    ]);
  });

  it('samples presence at each minute’s start; a short last bucket is averaged over its length', () => {
    // The class lasts 2.5 minutes. Learner 1 drops at 0.9 and is back at 1.1: away at 1:00, so
    // not "still present" from minute 0 to minute 1. Learner 3 drops at 1.3 and is back at 1.6:
    // present at 1:00 and at 2:00, so they stayed from minute 1 to minute 2.
    const data = session(2.5, {
      attendance: [
        present(1, 0, 0.9),
        present(1, 1.1, 2.5),
        present(2, 0, 0.95),
        present(3, 1, 1.3),
        present(3, 1.6, 2.5),
      ],
    });
    const b = computeSessionMetrics(data).audience.buckets;
    expect(b.map((x) => x.present)).toEqual([2, 1, 2]);
    expect(b.map((x) => x.stayedToNext)).toEqual([0, 1, null]);
    // Last bucket [2, 2.5): learners 1 and 3 for its whole half minute.
    expect(b[2]?.averageConcurrency).toBe(2);
    expect(b[0]?.averageConcurrency).toBeCloseTo(0.9 + 0.95, 12);
  });

  it('handles a class nobody came to', () => {
    const metrics = computeSessionMetrics(session(3));
    expect(metrics.audience).toMatchObject({
      uniqueViewers: 0,
      peakConcurrency: 0,
      peakAt: null,
      averageConcurrency: 0,
      averageWatchMs: null,
      medianWatchMs: null,
    });
    expect(metrics.audience.buckets.map((x) => x.shareOfViewers)).toEqual([null, null, null]);
    expect(metrics.dropOffs).toEqual([]);
    expect(metrics.engagement.averageScore).toBeNull();
    expect(metrics.offers.total.conversionRate).toBeNull();
  });
});

describe('drop-offs', () => {
  /** Ten viewers from the start; an offer at 5:10; six of them gone by 5:50; a poll at 1:00. */
  const dropClass = (): SessionData =>
    session(10, {
      attendance: Array.from({ length: 10 }, (_, i) =>
        present(i + 1, 0, i < 6 ? 5.3 + i * 0.1 : 10),
      ),
      events: [event(1, 'chat', 4.2), event(2, 'reaction', 5.2), event(3, 'reaction', 5.25)],
      offers: [
        {
          id: 31,
          courseId: 7,
          title: 'Open-class price',
          priceMinor: 15_900,
          currency: 'CNY',
          pushedAt: at(5 + 1 / 6),
          endsAt: at(60),
          withdrawnAt: null,
          impressions: [],
          clicks: [],
        },
      ],
      pollRuns: [
        {
          id: 41,
          pollId: 40,
          kind: 'poll',
          question: 'Where are you from?',
          options: ['North', 'South'],
          multiple: false,
          correct: null,
          openedAt: at(1),
          closedAt: at(2),
          revealedAt: null,
          votes: [],
        },
      ],
      questions: [
        question({ id: 51, status: 'answered', askedAt: at(2), answeredAt: at(4.5) }),
        question({ id: 52, status: 'answered', askedAt: at(1), answeredAt: at(1.5) }),
      ],
    });

  it('reports the fall right after an offer with the offer as the preceding moment', () => {
    const [drop, ...rest] = computeSessionMetrics(dropClass()).dropOffs;
    expect(rest).toEqual([]);
    expect(drop).toEqual({
      bucket: 5,
      startAt: at(5),
      endAt: at(6),
      before: 10,
      after: 4,
      fall: 6,
      fallShare: 0.6,
      joined: 0,
      left: 6,
      // The two minutes before the drop minute, and the minute itself.
      contextFrom: at(3),
      moments: [
        { at: at(5 + 1 / 6), kind: 'offer_pushed', subjectId: 31, title: 'Open-class price' },
      ],
      interactions: { chat: 1, reaction: 2 },
      questionsAnswered: 1,
    });
  });

  it('keeps the biggest falls, at least minFall viewers and minFallShare of those present', () => {
    const data = session(6, {
      attendance: [
        ...Array.from({ length: 8 }, (_, i) => present(i + 1, 0, i < 1 ? 1.5 : i < 4 ? 2.5 : 6)),
        present(9, 0, 3.5),
      ],
    });
    // present: [9, 9, 8, 5, 4, 4]; falls: minute 1 → 1, minute 2 → 3, minute 3 → 1.
    const all = computeSessionMetrics(data, { dropOffs: { minFallShare: 0 } }).dropOffs;
    expect(all.map((d) => [d.bucket, d.fall])).toEqual([
      [2, 3],
      [1, 1],
      [3, 1],
    ]);
    const big = computeSessionMetrics(data, { dropOffs: { minFall: 2 } }).dropOffs;
    expect(big.map((d) => d.bucket)).toEqual([2]);
    const share = computeSessionMetrics(data, { dropOffs: { minFallShare: 0.2 } }).dropOffs;
    expect(share.map((d) => d.bucket)).toEqual([2, 3]);
    const one = computeSessionMetrics(data, { dropOffs: { count: 1, minFallShare: 0 } }).dropOffs;
    expect(one.map((d) => d.bucket)).toEqual([2]);
  });
});

function question(fields: Partial<SessionQuestion> & { id: number }): SessionQuestion {
  return {
    learnerId: 1,
    text: `question ${fields.id}`,
    askedAt: T0,
    status: 'open',
    answeredAt: null,
    pinnedAt: null,
    hidden: false,
    upvotes: 0,
    ...fields,
  };
}

describe('engagement', () => {
  /** Learner 1 of the audience class (6 of 10 minutes) with a handful of interactions. */
  const engagedClass = (): SessionData => ({
    ...audienceClass(),
    events: [
      event(1, 'chat', 1.2),
      event(1, 'chat', 2),
      event(1, 'question', 3),
      ...Array.from({ length: 40 }, (_, i) => event(1, 'reaction', 4 + i / 100)),
      event(1, 'upvote', 5),
      event(1, 'upvote', 5.1),
      event(1, 'upvote', 5.2),
      event(1, 'poll_vote', 5.5),
      event(1, 'offer_click', 6),
      event(1, 'sticker', 6.1),
      event(1, 'chat', -1), // before the class: not scored
      event(1, 'chat', 10.5), // after it: not scored
      event(99, 'chat', 3), // not a viewer: in the timeline, not scored
    ],
  });

  it('breaks each score down into a watch part and one part per kind that add up to it', () => {
    const metrics = computeSessionMetrics(engagedClass());
    const top = metrics.engagement.viewers[0];
    if (!top) throw new Error('no viewer');
    expect(top.learnerId).toBe(1);
    expect(top.watchedMinutes).toBe(6);
    expect(top.watchPart).toBeCloseTo(0.6, 12);
    // 2 chats × 1 + 1 question × 3 + min(40, 30) reactions × 0.1 + 3 upvotes × 0.5
    // + 1 poll vote × 2 + 1 offer click × 2 = 13.5 points over 10 minutes.
    expect(top.interactions.chat).toEqual({
      count: 2,
      counted: 2,
      weight: 1,
      points: 2,
      part: 0.2,
    });
    expect(top.interactions.reaction?.count).toBe(40);
    expect(top.interactions.reaction?.counted).toBe(30);
    expect(top.interactions.reaction?.points).toBeCloseTo(3, 12);
    // Kinds the viewer never used are left out.
    expect(Object.keys(top.interactions)).toEqual([
      'chat',
      'question',
      'upvote',
      'reaction',
      'poll_vote',
      'offer_click',
    ]);
    expect(top.interactionPart).toBeCloseTo(1.35, 12);
    expect(top.otherEvents).toBe(1);
    expect(top.score).toBeCloseTo(1.95, 12);
    const parts = INTERACTION_KINDS.reduce(
      (sum, kind) => sum + (top.interactions[kind]?.part ?? 0),
      0,
    );
    expect(top.watchPart + parts).toBeCloseTo(top.score, 12);
    for (const viewer of metrics.engagement.viewers) {
      const sum = INTERACTION_KINDS.reduce(
        (s, kind) => s + (viewer.interactions[kind]?.part ?? 0),
        0,
      );
      expect(viewer.watchPart + sum).toBeCloseTo(viewer.score, 12);
    }
    // The silent viewers score their watch share: 0.3, 0.2, 0.2 (ties by learner id).
    expect(metrics.engagement.viewers.map((v) => [v.learnerId, v.score])).toEqual([
      [1, top.score],
      [2, 0.3],
      [3, 0.2],
      [4, 0.2],
    ]);
    expect(metrics.engagement.averageScore).toBeCloseTo((1.95 + 0.3 + 0.2 + 0.2) / 4, 12);
    expect(metrics.engagement.medianScore).toBeCloseTo(0.25, 12);
    expect(metrics.headline.interactions).toBe(2 + 1 + 40 + 3 + 1 + 1);
  });

  it('changes with the weights and caps exactly as the formula says', () => {
    const base = computeSessionMetrics(engagedClass()).engagement.viewers[0]?.score ?? 0;
    const chatty = computeSessionMetrics(engagedClass(), { weights: { chat: 5 } });
    // Two chats now earn 10 points instead of 2: +8 points / 10 minutes.
    expect(chatty.engagement.viewers[0]?.score).toBeCloseTo(base + 0.8, 12);
    expect(chatty.engagement.formula.terms.find((t) => t.term === 'chat')?.weight).toBe(5);
    const uncapped = computeSessionMetrics(engagedClass(), { caps: { reaction: null } });
    // All 40 reactions count: +10 × 0.1 points.
    expect(uncapped.engagement.viewers[0]?.score).toBeCloseTo(base + 0.1, 12);
    const watchOnly = computeSessionMetrics(engagedClass(), {
      weights: Object.fromEntries(INTERACTION_KINDS.map((kind) => [kind, 0])),
    });
    expect(watchOnly.engagement.viewers.map((v) => v.score)).toEqual([0.6, 0.3, 0.2, 0.2]);
  });

  it('describes the formula as data', () => {
    const formula = describeEngagementFormula();
    expect(formula.name).toBe('engagement');
    expect(formula.denominator).toBe('session_minutes');
    expect(formula.terms[0]).toEqual({ term: 'watched_minutes', weight: 1, cap: null });
    expect(formula.terms.slice(1).map((t) => [t.term, t.weight])).toEqual(
      INTERACTION_KINDS.map((kind) => [kind, DEFAULT_ENGAGEMENT_WEIGHTS[kind]]),
    );
    expect(formula.terms.find((t) => t.term === 'reaction')?.cap).toBe(30);
    expect(formula.text).toBe(
      'score = (watched_minutes + 1 × chat + 3 × question + 0.5 × upvote + 0.1 × min(reaction, 30) + 2 × poll_vote + 1 × hand_raise + 1 × check_in + 2 × offer_click) / session_minutes',
    );
    expect(describeEngagementFormula({ question: 4 }, { chat: 10 }).text).toContain(
      '1 × min(chat, 10) + 4 × question',
    );
  });

  it('counts every in-class event once in the per-minute timeline', () => {
    const { timeline } = computeSessionMetrics({
      ...engagedClass(),
      events: [...engagedClass().events, event(null, 'system', 9), event(2, 'chat', 10)],
    });
    expect(timeline.kinds).toEqual([...INTERACTION_KINDS, 'sticker', 'system']);
    expect(timeline.beforeClass).toBe(1);
    expect(timeline.afterClass).toBe(1);
    expect(timeline.fromNonViewers).toBe(1);
    // 48 scored + 1 sticker by learner 1, learner 99's chat, the system event, and a chat at the
    // very last instant (in the last bucket).
    expect(timeline.inClass).toBe(52);
    expect(timeline.total.reduce((a, b) => a + b, 0)).toBe(52);
    expect(timeline.series.chat).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
    expect(timeline.series.reaction?.[4]).toBe(40);
    expect(timeline.series.upvote).toEqual([0, 0, 0, 0, 0, 3, 0, 0, 0, 0]);
    expect(timeline.series.system?.[9]).toBe(1);
  });
});

describe('polls and quizzes', () => {
  const run = (fields: Partial<SessionPollRun> & { id: number }): SessionPollRun => ({
    pollId: fields.id * 10,
    kind: 'quiz',
    question: `run ${fields.id}`,
    options: ['A', 'B', 'C', 'D'],
    multiple: false,
    correct: [1],
    openedAt: at(3),
    closedAt: at(4),
    revealedAt: at(4.2),
    votes: [],
    ...fields,
  });
  const vote = (learnerId: number, choices: number[], minute = 3.5) => ({
    learnerId,
    choices,
    at: at(minute),
  });

  it('counts eligible viewers, voters, participation, options and quiz scores', () => {
    const data: SessionData = {
      ...audienceClass(),
      attendance: [...audienceClass().attendance, present(5, 3.2, 3.4)],
      pollRuns: [
        // Open [3, 4): learners 1, 2 and 5 are present; 4 votes without being present (a vote
        // proves presence): eligible 4, voters 3.
        run({ id: 1, votes: [vote(1, [1], 3.25), vote(2, [2], 3.75), vote(4, [1], 3.5)] }),
        // Multiple choice, key {0, 2}: exact 1; one of two 0.5; one right one wrong 0;
        // two right one wrong 0.5; an index that is no option is ignored (0).
        run({
          id: 2,
          multiple: true,
          correct: [0, 2],
          openedAt: at(1),
          closedAt: null,
          votes: [vote(1, [2, 0]), vote(2, [0]), vote(3, [0, 1]), vote(4, [0, 2, 3]), vote(5, [7])],
        }),
        run({
          id: 3,
          kind: 'poll',
          correct: null,
          options: ['yes', 'no'],
          openedAt: at(0.5),
          votes: [vote(1, [0]), vote(3, [0]), vote(2, [1])],
        }),
      ],
    };
    const { polls, quizScores, headline } = computeSessionMetrics(data);
    expect(polls.map((p) => p.runId)).toEqual([3, 2, 1]);
    const [poll, multi, quiz] = polls;
    if (!poll || !multi || !quiz) throw new Error('missing runs');

    expect(quiz).toMatchObject({ eligible: 4, voters: 3, participation: 0.75, ignoredChoices: 0 });
    expect(quiz.medianResponseMs).toBe(0.5 * MIN);
    expect(quiz.options.map((o) => [o.votes, o.correct])).toEqual([
      [0, false],
      [2, true],
      [1, false],
      [0, false],
    ]);
    expect(quiz.options[1]?.share).toBeCloseTo(2 / 3, 12);
    expect(quiz.quiz).toEqual({
      correctOptions: [1],
      correctVoters: 2,
      correctShare: 2 / 3,
      averageScore: 2 / 3,
      answers: [
        { learnerId: 1, correct: true, score: 1 },
        { learnerId: 2, correct: false, score: 0 },
        { learnerId: 4, correct: true, score: 1 },
      ],
    });

    // Never closed: open until the end of the class, so learner 4 (from minute 8) is eligible.
    expect(multi.closedAt).toBe(at(10));
    expect(multi).toMatchObject({ eligible: 5, voters: 5, participation: 1, ignoredChoices: 1 });
    expect(multi.quiz?.answers).toEqual([
      { learnerId: 1, correct: true, score: 1 },
      { learnerId: 2, correct: false, score: 0.5 },
      { learnerId: 3, correct: false, score: 0 },
      { learnerId: 4, correct: false, score: 0.5 },
      { learnerId: 5, correct: false, score: 0 },
    ]);
    expect(multi.options.map((o) => o.votes)).toEqual([4, 1, 2, 1]);

    expect(poll.quiz).toBeNull();
    expect(poll.options).toEqual([
      { index: 0, text: 'yes', votes: 2, share: 2 / 3, correct: null },
      { index: 1, text: 'no', votes: 1, share: 1 / 3, correct: null },
    ]);

    expect(quizScores).toEqual([
      { learnerId: 1, answered: 2, correct: 2, score: 2 },
      { learnerId: 4, answered: 2, correct: 1, score: 1.5 },
      { learnerId: 2, answered: 2, correct: 0, score: 0.5 },
      { learnerId: 3, answered: 1, correct: 0, score: 0 },
      { learnerId: 5, answered: 1, correct: 0, score: 0 },
    ]);
    // Right answers over quiz answers: (2 + 1) / (3 + 5).
    expect(headline.quizCorrectShare).toBe(3 / 8);
  });
});

describe('questions', () => {
  it('counts statuses, the median time to answer, the top upvoted and what is left open', () => {
    const { questions } = computeSessionMetrics(
      session(30, {
        questions: [
          question({ id: 1, askedAt: at(1), status: 'answered', answeredAt: at(3), upvotes: 4 }),
          question({ id: 2, askedAt: at(2), status: 'answered', answeredAt: at(3), upvotes: 9 }),
          question({
            id: 3,
            askedAt: at(2),
            status: 'answered',
            answeredAt: at(8),
            pinnedAt: at(7),
          }),
          question({ id: 4, askedAt: at(4), status: 'open', upvotes: 4 }),
          question({ id: 5, askedAt: at(3), status: 'open', upvotes: 4 }),
          question({ id: 6, askedAt: at(5), status: 'dismissed', hidden: true, upvotes: 20 }),
          question({ id: 7, askedAt: at(6), status: 'open' }),
        ],
      }),
    );
    expect(questions).toMatchObject({
      asked: 7,
      answered: 3,
      dismissed: 1,
      open: 3,
      pinned: 1,
      hidden: 1,
      answeredShare: 3 / 7,
      // Answer times 2, 1 and 6 minutes.
      medianTimeToAnswerMs: 2 * MIN,
    });
    // The hidden question (20 votes) is never listed; ties go to the question asked first.
    expect(questions.topUpvoted.map((q) => q.id)).toEqual([2, 1, 5, 4]);
    expect(questions.unanswered.map((q) => q.id)).toEqual([5, 4, 7]);
  });
});

describe('offer funnel and attribution', () => {
  const offer = (
    id: number,
    courseId: number,
    pushedMinute: number,
    learners: number[],
  ): SessionOffer => ({
    id,
    courseId,
    title: `offer ${id}`,
    priceMinor: 15_900,
    currency: 'CNY',
    pushedAt: at(pushedMinute),
    endsAt: null,
    withdrawnAt: null,
    impressions: learners.map((learnerId) => ({ learnerId, at: at(pushedMinute) })),
    clicks: [],
  });
  const order = (
    id: number,
    learnerId: number | null,
    orderedAt: number,
    courseIds: number[],
    offerId: number | null = null,
    currency = 'CNY',
  ): SessionOrder => ({
    id,
    learnerId,
    orderedAt,
    offerId,
    courseIds,
    netMinor: currency === 'CNY' ? 15_900 : 2_500,
    currency,
  });

  /** An hour; six viewers throughout; offers A (course 7), B (course 8), C (course 7 again). */
  const funnelClass = (orders: SessionOrder[]): SessionData =>
    session(60, {
      attendance: [1, 2, 3, 4, 5, 6].map((id) => present(id, 0, 60)),
      offers: [
        offer(11, 7, 10, [1, 2, 3, 4]),
        {
          ...offer(12, 8, 20, [1]),
          clicks: [1, 1].map((learnerId, i) => ({ learnerId, at: at(21 + i) })),
        },
        offer(13, 7, 30, [1, 2]),
      ],
      orders,
    });

  const attribution = (orders: SessionOrder[]) =>
    Object.fromEntries(
      computeSessionMetrics(funnelClass(orders)).offers.offers.map((o) => [
        o.offerId,
        [o.orders, o.directOrders, o.matchedOrders],
      ]),
    );

  it('does not count an order placed before the impression', () => {
    expect(attribution([order(1, 3, at(5), [7])])).toEqual({
      11: [0, 0, 0],
      12: [0, 0, 0],
      13: [0, 0, 0],
    });
  });

  it('counts an order inside the window, not one at or after its end', () => {
    const windowEnd = at(10) + 7 * DAY;
    expect(attribution([order(1, 3, windowEnd, [7]), order(2, 4, windowEnd - 1, [7])])).toEqual({
      11: [1, 0, 1],
      12: [0, 0, 0],
      13: [0, 0, 0],
    });
    // A longer window takes the first one in too.
    const longer = computeSessionMetrics(funnelClass([order(1, 3, windowEnd, [7])]), {
      attributionWindowDays: 8,
    });
    expect(longer.offers.offers[0]?.orders).toBe(1);
    expect(longer.offers.attributionWindowDays).toBe(8);
  });

  it('attributes an order once, to the latest qualifying impression', () => {
    // Learner 1 saw A at 10 and C at 30, both selling course 7: C takes it, A does not.
    expect(attribution([order(1, 1, at(40), [7])])).toEqual({
      11: [0, 0, 0],
      12: [0, 0, 0],
      13: [1, 0, 1],
    });
    // Learner 1's latest impression is C, but for course 8 only B qualifies.
    expect(attribution([order(1, 1, at(40), [8])])).toEqual({
      11: [0, 0, 0],
      12: [1, 0, 1],
      13: [0, 0, 0],
    });
  });

  it('lets the order’s offer id win, here or in another class', () => {
    expect(
      attribution([
        order(1, 2, at(45), [7], 11), // latest impression C, but it came through A's link
        order(2, 1, at(45), [7], 999), // another class's offer: not counted here at all
        order(3, 5, at(50), [8], 12), // never shown B, used its link: still B's
        order(4, null, at(50), [7], 11), // not linked to a learner yet: an order, not a buyer
      ]),
    ).toEqual({ 11: [2, 2, 0], 12: [1, 1, 0], 13: [0, 0, 0] });
  });

  it('adds up the funnel by offer and in total, revenue per currency', () => {
    const { offers } = computeSessionMetrics(
      funnelClass([
        order(1, 1, at(40), [7]),
        order(2, 2, at(45), [7], 11),
        order(3, 4, at(10) + DAY, [7]),
        order(4, null, at(50), [7], 11),
        order(5, 3, at(50), [7], 11, 'USD'),
        order(6, 5, at(50), [8], 12),
        order(7, 1, at(50), [8]),
        order(8, 6, at(50), [9]),
      ]),
    );
    const [a, b, c] = offers.offers;
    expect(a).toMatchObject({
      offerId: 11,
      audience: 6,
      reached: 4,
      clicks: 0,
      clickers: 0,
      orders: 4,
      directOrders: 3,
      matchedOrders: 1,
      buyers: 3,
      revenue: [
        { currency: 'CNY', minor: 3 * 15_900 },
        { currency: 'USD', minor: 2_500 },
      ],
      clickRate: 0,
      conversionRate: 3 / 4,
    });
    expect(b).toMatchObject({
      offerId: 12,
      reached: 1,
      clicks: 2,
      clickers: 1,
      orders: 2,
      buyers: 2,
      clickRate: 1,
      // Learner 5 bought through B's link without being shown it: a buyer, not a conversion.
      conversionRate: 1,
    });
    expect(c).toMatchObject({ offerId: 13, reached: 2, orders: 1, buyers: 1, conversionRate: 0.5 });
    expect(offers.total).toEqual({
      audience: 6,
      reached: 4,
      clicks: 2,
      clickers: 1,
      orders: 7,
      directOrders: 4,
      matchedOrders: 3,
      buyers: 5,
      revenue: [
        { currency: 'CNY', minor: 6 * 15_900 },
        { currency: 'USD', minor: 2_500 },
      ],
      clickRate: 1 / 4,
      conversionRate: 4 / 4,
    });
    // The class's course (7), bought by its viewers from its start to 7 days after its end.
    expect(offers.courseBuyers).toEqual({
      buyers: 4,
      orders: 4,
      revenue: [
        { currency: 'CNY', minor: 3 * 15_900 },
        { currency: 'USD', minor: 2_500 },
      ],
    });
  });

  it('says which viewers had bought before and which bought through the class', () => {
    // Viewers 1–6 (offers A/C sell course 7, the class's course; B sells course 8).
    // - 1: earlier buyer; matched to C by course 7 → repeat buyer.
    // - 2: earlier buyer; bought course 9, sold by no offer, outside the class's course → not now.
    // - 3: never bought; came through A's link → new buyer.
    // - 4: never bought; bought course 7 six days after the class, never matched to an offer
    //   by course (impression window is from minute 10) — it is still the class's course → new.
    // - 5: never bought; bought course 7 eight days after (past the window) → not now.
    // - 6: earlier buyer, bought nothing now.
    // - 7: an earlier buyer who did not attend, and buyer 8 came through A's link without
    //   attending: neither is an attendee.
    const data: SessionData = {
      ...funnelClass([
        order(1, 1, at(40), [7]),
        order(2, 2, at(45), [9]),
        order(3, 3, at(50), [7], 11),
        order(4, 4, at(60) + 6 * DAY, [7]),
        order(5, 5, at(60) + 8 * DAY, [7]),
        order(6, 8, at(50), [7], 11),
      ]),
      priorBuyers: [1, 2, 6, 7],
    };
    const { purchases, headline } = computeSessionMetrics(data);
    expect(purchases).toEqual({
      attendees: 6,
      boughtBefore: 3,
      boughtNow: 3,
      repeatBuyers: 1,
      newBuyers: 2,
      repurchaseRate: 1 / 3,
      firstPurchaseRate: 2 / 3,
      boughtBeforeIds: [1, 2, 6],
      boughtNowIds: [1, 3, 4],
    });
    expect(headline.repurchaseRate).toBe(1 / 3);

    // Without a purchase history, only "bought now" is known.
    const unknown = computeSessionMetrics({ ...data, priorBuyers: undefined });
    expect(unknown.purchases).toMatchObject({
      boughtBefore: null,
      boughtNow: 3,
      repeatBuyers: null,
      newBuyers: null,
      repurchaseRate: null,
      firstPurchaseRate: null,
    });
    // Nobody had bought before: no repurchase rate, and every buyer is new.
    expect(computeSessionMetrics({ ...data, priorBuyers: [] }).purchases).toMatchObject({
      boughtBefore: 0,
      repeatBuyers: 0,
      newBuyers: 3,
      repurchaseRate: null,
      firstPurchaseRate: 3 / 6,
    });
    expectError(
      () => computeSessionMetrics({ ...data, priorBuyers: [1, 0] }),
      RangeError,
      'data.priorBuyers[1] must be a whole number, 1 or more (got 0)',
    );
  });

  it('counts an offer’s audience while it was live', () => {
    const data = funnelClass([]);
    const withdrawn: SessionData = {
      ...data,
      attendance: [present(1, 0, 12), present(2, 12, 60), present(3, 25, 60)],
      offers: [{ ...offer(11, 7, 10, [1]), withdrawnAt: at(20) }],
    };
    // Learners 1 and 2 were there between 10 and 20; learner 3 came after it was withdrawn.
    expect(computeSessionMetrics(withdrawn).offers.offers[0]).toMatchObject({
      audience: 2,
      reached: 1,
    });
  });
});

describe('comparison with earlier classes', () => {
  const headline = (fields: Partial<SessionHeadline> & { sessionId: number }): SessionHeadline => ({
    startedAt: T0,
    durationMs: 60 * MIN,
    uniqueViewers: 100,
    peakConcurrency: 80,
    averageConcurrency: 60,
    averageWatchMs: 40 * MIN,
    medianWatchMs: 45 * MIN,
    averageWatchShare: 0.66,
    interactions: 1000,
    interactionsPerViewer: 10,
    averageEngagement: 1,
    questions: 20,
    answeredShare: 0.5,
    medianTimeToAnswerMs: 5 * MIN,
    pollParticipation: 0.6,
    quizCorrectShare: 0.5,
    offerReached: 80,
    offerClickRate: 0.1,
    offerBuyers: 5,
    offerConversionRate: 0.06,
    attributedOrders: 5,
    revenue: [],
    repurchaseRate: 0.25,
    ...fields,
  });

  it('gives changes from the previous class and the earlier mean, and the rank', () => {
    const current = headline({
      sessionId: 4,
      startedAt: at(3 * 7 * 24 * 60),
      uniqueViewers: 150,
      medianTimeToAnswerMs: 2 * MIN,
      quizCorrectShare: null,
      revenue: [{ currency: 'CNY', minor: 50_000 }],
    });
    const earlier = [
      headline({ sessionId: 1, startedAt: at(0), uniqueViewers: 200 }),
      headline({
        sessionId: 3,
        startedAt: at(2 * 7 * 24 * 60),
        uniqueViewers: 100,
        medianTimeToAnswerMs: 1 * MIN,
        revenue: [{ currency: 'CNY', minor: 40_000 }],
      }),
      headline({ sessionId: 2, startedAt: at(7 * 24 * 60), uniqueViewers: 90 }),
    ];
    const comparison = compareWithEarlier(current, earlier);
    expect(comparison.earlierClasses).toBe(3);
    expect(comparison.previousSessionId).toBe(3);
    const metric = (name: string) => comparison.metrics.find((m) => m.metric === name);
    expect(metric('uniqueViewers')).toEqual({
      metric: 'uniqueViewers',
      better: 'higher',
      value: 150,
      previous: 100,
      changeFromPrevious: 50,
      earlierMean: 130,
      changeFromMean: 20,
      relativeChangeFromMean: 20 / 130,
      rank: 2,
      rankedAmong: 4,
    });
    // Lower is better: 2 minutes beats 5, 5 but not 1.
    expect(metric('medianTimeToAnswerMs')).toMatchObject({ rank: 2, rankedAmong: 4 });
    expect(metric('quizCorrectShare')).toMatchObject({ value: null, rank: null, rankedAmong: 3 });
    // Equal values share a rank.
    expect(metric('peakConcurrency')).toMatchObject({ rank: 1, changeFromMean: 0 });
    expect(metric('revenue.CNY')).toMatchObject({
      value: 50_000,
      previous: 40_000,
      earlierMean: 40_000 / 3,
      rank: 1,
    });
  });

  it('works with no earlier classes', () => {
    const comparison = compareWithEarlier(headline({ sessionId: 1 }), []);
    expect(comparison.previousSessionId).toBeNull();
    expect(comparison.metrics[0]).toMatchObject({
      value: 100,
      previous: null,
      earlierMean: null,
      rank: 1,
      rankedAmong: 1,
    });
  });
});

describe('bad input', () => {
  const loosely =
    (...args: unknown[]) =>
    () =>
      (computeSessionMetrics as (...a: unknown[]) => unknown)(...args);

  it('names the first bad field of the data', () => {
    expectError(
      loosely(null),
      TypeError,
      'data must be an object with session, attendance, events, questions, pollRuns, offers and orders (got null)',
    );
    expectError(
      loosely({ ...session(10), session: { id: 1, startedAt: T0, endedAt: T0, courseId: null } }),
      RangeError,
      `data.session.endedAt (${T0}) must be after data.session.startedAt (${T0})`,
    );
    expectError(
      loosely({ ...session(10), events: 'none' }),
      TypeError,
      'data.events must be an array (got "none")',
    );
    expectError(
      loosely(session(10, { attendance: [present(1, 5, 4)] })),
      RangeError,
      `data.attendance[0].leftAt (${at(4)}) must not be before its joinedAt (${at(5)})`,
    );
    expectError(
      loosely(session(10, { attendance: [{ ...present(1, 5, null), lastSeenAt: at(4) }] })),
      RangeError,
      `data.attendance[0].lastSeenAt (${at(4)}) must not be before its joinedAt (${at(5)})`,
    );
    expectError(
      loosely(session(10, { events: [event(1, 'chat', 1), { ...event(1, 'chat', 1), at: 1.5 }] })),
      RangeError,
      'data.events[1].at must be a whole number of epoch ms (got 1.5)',
    );
    expectError(
      loosely(session(10, { events: [event(1, '', 1)] })),
      TypeError,
      'data.events[0].kind must be a non-empty string (got "")',
    );
    expectError(
      loosely(session(10, { events: [event(0, 'chat', 1)] })),
      RangeError,
      'data.events[0].learnerId must be a whole number, 1 or more (got 0)',
    );
    expectError(
      loosely({ ...session(10), questions: [{ ...question({ id: 1 }), status: 'closed' }] }),
      RangeError,
      'data.questions[0].status must be one of open, answered, dismissed (got "closed")',
    );
    const quiz: SessionPollRun = {
      id: 1,
      pollId: 1,
      kind: 'quiz',
      question: 'q',
      options: ['a', 'b'],
      multiple: false,
      correct: [2],
      openedAt: at(1),
      closedAt: at(2),
      revealedAt: null,
      votes: [],
    };
    expectError(
      loosely(session(10, { pollRuns: [quiz] })),
      RangeError,
      'data.pollRuns[0].correct[0] must be the index of one of the 2 options (got 2)',
    );
    expectError(
      loosely(
        session(10, {
          pollRuns: [{ ...quiz, correct: [1], votes: [{ learnerId: 1, choices: [-1], at: 1 }] }],
        }),
      ),
      RangeError,
      'data.pollRuns[0].votes[0].choices[0] must be a whole number, 0 or more (got -1)',
    );
    expectError(
      loosely(
        session(10, {
          orders: [
            {
              id: 1,
              learnerId: 1,
              orderedAt: at(1),
              offerId: null,
              courseIds: [7],
              netMinor: 100,
              currency: 'cny',
            },
          ],
        }),
      ),
      RangeError,
      'data.orders[0].currency must be a 3-letter ISO 4217 code in capitals (got "cny")',
    );
  });

  it('names a bad option', () => {
    const data = session(10);
    expectError(
      loosely(data, { bucketMs: 10 }),
      RangeError,
      'options.bucketMs must be a whole number from 1000 to 3600000 (got 10)',
    );
    expectError(
      loosely(data, { attributionWindowDays: 0 }),
      RangeError,
      'options.attributionWindowDays must be a number of days above 0 and at most 365 (got 0)',
    );
    expectError(
      loosely(data, { weights: { likes: 1 } }),
      RangeError,
      'options.weights.likes is not an interaction kind (expected one of chat, question, upvote, reaction, poll_vote, hand_raise, check_in, offer_click)',
    );
    expectError(
      loosely(data, { weights: { chat: -1 } }),
      RangeError,
      'options.weights.chat must be a finite number, 0 or more (got -1)',
    );
    expectError(
      loosely(data, { caps: { reaction: 2.5 } }),
      RangeError,
      'options.caps.reaction must be a whole number, 0 or more, or null for no cap (got 2.5)',
    );
    expectError(
      loosely(data, { dropOffs: { minFallShare: 2 } }),
      RangeError,
      'options.dropOffs.minFallShare must be a number from 0 to 1 (got 2)',
    );
    expectError(
      loosely(
        { ...data, session: { ...data.session, endedAt: T0 + 2 * DAY } },
        { bucketMs: 1_000 },
      ),
      RangeError,
      'the class is too long for options.bucketMs: 172800 buckets of 1000 ms (at most 100000); use longer buckets',
    );
  });

  it('refuses an "earlier" class that is not earlier', () => {
    const current = computeSessionMetrics(session(10)).headline;
    expectError(
      () => compareWithEarlier(current, [{ ...current, sessionId: 2, startedAt: T0 + 1 }]),
      RangeError,
      `earlier[0] (session 2) must have started before session 1 (${T0 + 1} ≥ ${T0})`,
    );
    expectError(
      () => compareWithEarlier(current, [{ ...current, startedAt: T0 - 1 }]),
      RangeError,
      'earlier[0] is the class being compared (session 1)',
    );
  });
});
