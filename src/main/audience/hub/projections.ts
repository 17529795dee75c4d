import type {
  AudienceSnapshot,
  ChatMessagePublic,
  OfferPublic,
  PollRunPublic,
  QuestionPublic,
  Reaction,
  SessionPublic,
} from '../../../shared/contract/audience-protocol';
import type { ChatSettings } from '../../../shared/contract/live-api';
import type { ChatRow } from '../../storage/queries/live/chat';
import type { OfferRow } from '../../storage/queries/live/offers';
import type { LiveSessionRow } from '../../storage/queries/live/sessions';
import { HOST_NAME, countVotes, phaseOf, runState } from '../live-views';
import { HOST_VIEWER_ID, type CurrentCheckin, type CurrentRun, type QuestionState } from './state';

/** What viewers see: pure projections of the hub's rows and state (no I/O, no clock). */

export const SNAPSHOT_CHAT = 50;
export const SNAPSHOT_QUESTIONS = 100;

export function sessionPublic(session: LiveSessionRow, settings: ChatSettings): SessionPublic {
  return {
    title: session.title,
    courseTitle: session.course_title,
    phase: phaseOf(session.status),
    startedAt: session.started_at,
    chatOpen: settings.open,
    slowModeSeconds: settings.slowModeSeconds,
  };
}

export function questionPublic(state: QuestionState, learnerId: number | null): QuestionPublic {
  const { row } = state;
  return {
    id: `q${String(row.id)}`,
    viewerId: row.public_id ?? 'unknown',
    name: row.name ?? '?',
    text: row.text,
    at: row.asked_at,
    upvotes: row.upvotes,
    status: row.status,
    pinned: row.pinned_at !== null,
    upvotedByMe: learnerId !== null && state.voters.has(learnerId),
  };
}

export function runPublic(run: CurrentRun, learnerId: number): PollRunPublic {
  const state = runState(run.row);
  const shown = state === 'revealed' || (state === 'closed' && run.row.kind === 'poll');
  return {
    id: `r${String(run.row.id)}`,
    kind: run.row.kind,
    question: run.row.question,
    options: run.options,
    multiple: run.row.multiple === 1,
    state,
    counts: shown ? countVotes(run.options.length, run.votes.values()) : null,
    correct: state === 'revealed' && run.row.kind === 'quiz' ? run.correct : null,
    myChoices: run.votes.get(learnerId) ?? null,
    myScore:
      run.scores !== null ? (run.scores.get(learnerId) ?? { correct: 0, answered: 0 }) : null,
  };
}

export function offerLive(offer: OfferRow, now: number): boolean {
  return offer.withdrawn_at === null && (offer.ends_at === null || offer.ends_at > now);
}

export function offerPublic(
  offer: OfferRow & Pick<OfferPublic, 'headline' | 'reason'>,
): OfferPublic {
  const url = offer.checkout_url;
  const extra: Pick<OfferPublic, 'headline' | 'reason'> = {};
  if (offer.headline !== undefined) extra.headline = offer.headline;
  if (offer.reason !== undefined) extra.reason = offer.reason;
  return {
    ...extra,
    id: `o${String(offer.id)}`,
    title: offer.title,
    priceMinor: offer.price_minor,
    listPriceMinor:
      offer.list_price_minor !== null && offer.list_price_minor !== offer.price_minor
        ? offer.list_price_minor
        : null,
    currency: offer.currency,
    couponCode: offer.coupon_code,
    checkoutUrl: url !== null && /^https?:\/\//.test(url) && URL.canParse(url) ? url : null,
    endsAt: offer.ends_at,
    stockLeft: offer.stock,
  };
}

export function checkinPublic(
  checkin: CurrentCheckin | null,
  learnerId: number,
): AudienceSnapshot['checkin'] {
  if (!checkin) return null;
  return {
    id: `c${String(checkin.id)}`,
    closesAt: checkin.closesAt,
    done: checkin.done.has(learnerId),
  };
}

export function chatPublic(row: ChatRow): ChatMessagePublic {
  return {
    id: `m${String(row.id)}`,
    viewerId: row.from_host === 1 ? HOST_VIEWER_ID : (row.public_id ?? 'unknown'),
    name: row.from_host === 1 ? HOST_NAME : (row.name ?? '?'),
    text: row.text,
    at: row.at,
    fromHost: row.from_host === 1,
  };
}

/** Everything a viewer's `welcome` carries, from the hub's current state. */
export function snapshot(args: {
  learnerId: number;
  handRaised: boolean;
  now: number;
  chat: readonly ChatRow[];
  questions: Iterable<QuestionState>;
  run: CurrentRun | null;
  offer: (OfferRow & Pick<OfferPublic, 'headline' | 'reason'>) | null;
  checkin: CurrentCheckin | null;
  announcement: { id: number; text: string; at: number } | null;
  reactions: Record<Reaction, number>;
  viewers: number;
}): AudienceSnapshot {
  const questions = [...args.questions]
    .filter((q) => q.row.hidden === 0)
    .slice(-SNAPSHOT_QUESTIONS)
    .map((q) => questionPublic(q, args.learnerId));
  return {
    chat: args.chat.map(chatPublic),
    questions,
    poll: args.run ? runPublic(args.run, args.learnerId) : null,
    offer: args.offer && offerLive(args.offer, args.now) ? offerPublic(args.offer) : null,
    checkin: checkinPublic(args.checkin, args.learnerId),
    announcement: args.announcement
      ? { ...args.announcement, id: `a${String(args.announcement.id)}` }
      : null,
    reactions: { ...args.reactions },
    handRaised: args.handRaised,
    viewers: args.viewers,
  };
}
