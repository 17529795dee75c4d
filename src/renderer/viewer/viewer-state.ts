import type {
  AudienceErrorCode,
  AudienceSnapshot,
  ChatMessagePublic,
  QuestionPublic,
  Reaction,
  SessionPublic,
  SingleServerFrame,
} from '../../shared/contract/audience-protocol';

/** Chat lines kept on a phone; older ones scroll away. */
export const CHAT_KEEP = 200;

export interface Notice {
  id: number;
  kind: 'error';
  code?: AudienceErrorCode;
  text: string;
  retryAfterMs?: number | null;
}

export interface ViewerState {
  viewerId: string | null;
  session: SessionPublic | null;
  snapshot: AudienceSnapshot | null;
  /** The class is offered over WebRTC (the video stage tries it before the HTTP stream). */
  webrtc: boolean;
  goodbye: Extract<SingleServerFrame, { type: 'goodbye' }>['reason'] | null;
  /** When a planned class's room opens (goodbye `not-open`), by the studio's clock. */
  opensAt: number | null;
  lottery: {
    id: string;
    title: string;
    winners: { viewerId: string; name: string }[];
    youWon: boolean;
  } | null;
  notices: Notice[];
}

export const initialViewerState: ViewerState = {
  viewerId: null,
  session: null,
  snapshot: null,
  webrtc: false,
  goodbye: null,
  opensAt: null,
  lottery: null,
  notices: [],
};

let noticeId = 0;

function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  if (index === -1) return [...list, item];
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

function withSnapshot(
  state: ViewerState,
  update: (s: AudienceSnapshot) => AudienceSnapshot,
): ViewerState {
  return state.snapshot ? { ...state, snapshot: update(state.snapshot) } : state;
}

export type ViewerAction =
  { type: 'frame'; frame: SingleServerFrame } | { type: 'dismissNotice'; id: number };

/** Folds server frames into what the page shows. Pure, so it is tested without a browser. */
export function viewerReducer(state: ViewerState, action: ViewerAction): ViewerState {
  if (action.type === 'dismissNotice') {
    return { ...state, notices: state.notices.filter((n) => n.id !== action.id) };
  }
  const frame = action.frame;
  switch (frame.type) {
    case 'welcome':
      return {
        ...state,
        viewerId: frame.viewerId,
        session: frame.session,
        snapshot: frame.state,
        webrtc: frame.webrtc ?? false,
        goodbye: null,
        opensAt: null,
      };
    case 'session':
      return { ...state, session: frame.session };
    case 'chat':
      return withSnapshot(state, (s) => ({
        ...s,
        chat: upsert<ChatMessagePublic>(s.chat, frame.message).slice(-CHAT_KEEP),
      }));
    case 'chatRemoved':
      return withSnapshot(state, (s) => ({
        ...s,
        chat: s.chat.filter((m) => m.id !== frame.messageId),
      }));
    case 'question':
      return withSnapshot(state, (s) => ({
        ...s,
        questions: upsert<QuestionPublic>(s.questions, frame.question),
      }));
    case 'poll':
      return withSnapshot(state, (s) => ({ ...s, poll: frame.run }));
    case 'reactions':
      return withSnapshot(state, (s) => ({ ...s, reactions: frame.totals }));
    case 'offer':
      return withSnapshot(state, (s) => ({ ...s, offer: frame.offer }));
    case 'survey':
      return withSnapshot(state, (s) => ({ ...s, survey: frame.survey }));
    case 'leaderboard':
      return withSnapshot(state, (s) => ({ ...s, leaderboard: frame.board }));
    case 'myPoints':
      return withSnapshot(state, (s) => ({ ...s, myPoints: frame.mine }));
    case 'checkin':
      return withSnapshot(state, (s) => ({ ...s, checkin: frame.checkin }));
    case 'announcement':
      return withSnapshot(state, (s) => ({ ...s, announcement: frame.announcement }));
    case 'viewers':
      return withSnapshot(state, (s) => ({ ...s, viewers: frame.count }));
    case 'lottery':
      // The lottery card says whether this viewer won; no separate notice.
      return { ...state, lottery: frame.draw };
    case 'error':
      return {
        ...state,
        notices: [
          ...state.notices.slice(-2),
          {
            id: ++noticeId,
            kind: 'error',
            code: frame.code,
            text: frame.message,
            retryAfterMs: frame.retryAfterMs,
          },
        ],
      };
    case 'goodbye':
      return { ...state, goodbye: frame.reason, opensAt: frame.opensAt ?? null };
    case 'ack':
    case 'pong':
      return state;
    // WebRTC signalling belongs to the video stage's player, not to the page's state.
    case 'rtc.caps':
    case 'rtc.transport':
    case 'rtc.consumers':
    case 'rtc.ok':
    case 'rtc.state':
    case 'rtc.closed':
      return state;
  }
}

/** Questions as a viewer sees them: pinned first, then most upvoted, then newest. */
export function sortQuestions(questions: readonly QuestionPublic[]): QuestionPublic[] {
  return questions
    .filter((q) => q.status !== 'dismissed')
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.upvotes - a.upvotes || b.at - a.at);
}

export function totalReactions(reactions: Record<Reaction, number>): number {
  return Object.values(reactions).reduce((sum, n) => sum + n, 0);
}
