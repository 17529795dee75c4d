import { describe, expect, it } from 'vitest';
import type {
  AudienceSnapshot,
  QuestionPublic,
  SingleServerFrame,
} from '../../src/shared/contract/audience-protocol';
import { ServerToViewerFrame, ViewerFrame } from '../../src/shared/contract/audience-protocol';
import {
  CHAT_KEEP,
  initialViewerState,
  sortQuestions,
  viewerReducer,
  type ViewerState,
} from '../../src/renderer/viewer/viewer-state';

const snapshot: AudienceSnapshot = {
  chat: [],
  questions: [],
  poll: null,
  offer: null,
  checkin: null,
  announcement: null,
  reactions: { like: 0, heart: 0, clap: 0, laugh: 0, wow: 0 },
  handRaised: false,
  viewers: 3,
};

const session = {
  title: 'Class',
  courseTitle: null,
  phase: 'live' as const,
  startedAt: 1,
  chatOpen: true,
  slowModeSeconds: 0,
};

function fold(frames: SingleServerFrame[], from: ViewerState = initialViewerState): ViewerState {
  return frames.reduce((state, frame) => viewerReducer(state, { type: 'frame', frame }), from);
}

const question = (
  id: string,
  upvotes: number,
  extra: Partial<QuestionPublic> = {},
): QuestionPublic => ({
  id,
  viewerId: 'v1',
  name: 'Ann',
  text: `q ${id}`,
  at: upvotes,
  upvotes,
  status: 'open',
  pinned: false,
  upvotedByMe: false,
  ...extra,
});

describe('viewer state', () => {
  it('starts from the welcome snapshot and applies updates', () => {
    const state = fold([
      { type: 'welcome', viewerId: 'v1', session, state: snapshot },
      {
        type: 'chat',
        message: { id: 'm1', viewerId: 'v2', name: 'Bo', text: 'hi', at: 1, fromHost: false },
      },
      {
        type: 'chat',
        message: { id: 'm2', viewerId: 'v2', name: 'Bo', text: 'again', at: 2, fromHost: false },
      },
      { type: 'chatRemoved', messageId: 'm1' },
      { type: 'viewers', count: 9 },
      { type: 'reactions', totals: { like: 5, heart: 1, clap: 0, laugh: 0, wow: 0 } },
      { type: 'session', session: { ...session, phase: 'paused' } },
    ]);
    expect(state.snapshot?.chat.map((m) => m.id)).toEqual(['m2']);
    expect(state.snapshot?.viewers).toBe(9);
    expect(state.snapshot?.reactions.like).toBe(5);
    expect(state.session?.phase).toBe('paused');
  });

  it('updates a question in place (upvotes, answered) rather than duplicating it', () => {
    const state = fold([
      { type: 'welcome', viewerId: 'v1', session, state: snapshot },
      { type: 'question', question: question('q1', 0) },
      { type: 'question', question: question('q1', 4, { status: 'answered' }) },
    ]);
    expect(state.snapshot?.questions).toHaveLength(1);
    expect(state.snapshot?.questions[0]).toMatchObject({ upvotes: 4, status: 'answered' });
  });

  it('keeps only the latest chat lines', () => {
    const frames: SingleServerFrame[] = [
      { type: 'welcome', viewerId: 'v1', session, state: snapshot },
    ];
    for (let i = 0; i < CHAT_KEEP + 20; i++) {
      frames.push({
        type: 'chat',
        message: {
          id: `m${String(i)}`,
          viewerId: 'v2',
          name: 'Bo',
          text: 't',
          at: i,
          fromHost: false,
        },
      });
    }
    const chat = fold(frames).snapshot?.chat ?? [];
    expect(chat).toHaveLength(CHAT_KEEP);
    expect(chat[0]?.id).toBe('m20');
  });

  it('ignores updates before the welcome and records errors and goodbyes', () => {
    const state = fold([
      {
        type: 'chat',
        message: { id: 'm1', viewerId: 'v2', name: 'Bo', text: 'hi', at: 1, fromHost: false },
      },
      { type: 'error', id: 'abcdefgh', code: 'SLOW_MODE', message: 'wait', retryAfterMs: 2000 },
      { type: 'goodbye', reason: 'banned' },
    ]);
    expect(state.snapshot).toBeNull();
    expect(state.notices).toMatchObject([{ kind: 'error', code: 'SLOW_MODE', retryAfterMs: 2000 }]);
    expect(state.goodbye).toBe('banned');
    const dismissed = viewerReducer(state, { type: 'dismissNotice', id: state.notices[0]!.id });
    expect(dismissed.notices).toEqual([]);
  });

  it("keeps when a planned class's room opens, and forgets it once let in", () => {
    const frame = ServerToViewerFrame.parse({
      type: 'goodbye',
      reason: 'not-open',
      opensAt: 1_800_000_000_000,
    });
    const closed = fold([frame as SingleServerFrame]);
    expect(closed).toMatchObject({ goodbye: 'not-open', opensAt: 1_800_000_000_000 });
    expect(fold([{ type: 'goodbye', reason: 'cancelled' }])).toMatchObject({
      goodbye: 'cancelled',
      opensAt: null,
    });
  });

  it('sorts questions pinned first, then by upvotes, and hides dismissed ones', () => {
    const sorted = sortQuestions([
      question('a', 1),
      question('b', 9),
      question('c', 0, { pinned: true }),
      question('d', 50, { status: 'dismissed' }),
    ]);
    expect(sorted.map((q) => q.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('audience protocol schemas', () => {
  it('strip control and bidi characters from text and reject empty or oversized text', () => {
    const parsed = ViewerFrame.parse({
      type: 'chat',
      id: 'abcdefgh1',
      text: ' hi\u0000\u202E there ',
    });
    expect(parsed).toEqual({ type: 'chat', id: 'abcdefgh1', text: 'hi there' });
    expect(ViewerFrame.safeParse({ type: 'chat', id: 'abcdefgh1', text: '\u0000' }).success).toBe(
      false,
    );
    expect(
      ViewerFrame.safeParse({ type: 'chat', id: 'abcdefgh1', text: 'x'.repeat(501) }).success,
    ).toBe(false);
  });

  it('reject unknown fields, bad ids, duplicate choices and a non-web checkout URL', () => {
    expect(
      ViewerFrame.safeParse({ type: 'chat', id: 'abcdefgh1', text: 'hi', admin: true }).success,
    ).toBe(false);
    expect(ViewerFrame.safeParse({ type: 'chat', id: 'short', text: 'hi' }).success).toBe(false);
    expect(ViewerFrame.safeParse({ type: 'chat', id: "abcdefgh'; DROP", text: 'hi' }).success).toBe(
      false,
    );
    expect(
      ViewerFrame.safeParse({ type: 'vote', id: 'abcdefgh1', runId: 'r1', choices: [1, 1] })
        .success,
    ).toBe(false);
    const offer = {
      type: 'offer',
      offer: {
        id: 'o1',
        title: 'T',
        priceMinor: 100,
        listPriceMinor: null,
        currency: 'CNY',
        couponCode: null,
        endsAt: null,
        stockLeft: null,
      },
    };
    expect(
      ServerToViewerFrame.safeParse({
        ...offer,
        offer: { ...offer.offer, checkoutUrl: 'https://shop.example.com/c/1' },
      }).success,
    ).toBe(true);
    expect(
      ServerToViewerFrame.safeParse({
        ...offer,
        offer: { ...offer.offer, checkoutUrl: 'javascript:alert(1)' },
      }).success,
    ).toBe(false);
  });

  it('normalise a join: email lower-cased, name whitespace folded', () => {
    const join = ViewerFrame.parse({
      type: 'join',
      protocol: 1,
      deviceToken: 'd'.repeat(24),
      name: '  Ann \n  Lee ',
      contact: { email: ' Ann@Example.COM ' },
      consent: { linkPurchases: true, followUp: false },
    });
    expect(join).toMatchObject({ name: 'Ann Lee', contact: { email: 'ann@example.com' } });
  });
});
