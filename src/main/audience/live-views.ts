import type {
  LiveChatMessage,
  LiveCheckin,
  LiveLottery,
  LiveOffer,
  LivePollRun,
  LiveQuestion,
  LiveSession,
  LotteryEntrant,
  LotteryRule,
} from '../../shared/contract/live-api';
import type { SessionPhase } from '../../shared/contract/audience-protocol';
import type { CourseId, SessionId } from '../../shared/model/ids';
import type { SessionStatus } from '../../shared/model/domain';
import type { Db } from '../storage/connection';
import type { ChatRow } from '../storage/queries/live/chat';
import type { CheckinRow, LotteryRow } from '../storage/queries/live/engagement';
import type { OfferRow } from '../storage/queries/live/offers';
import { votesOfRun, type RunRow } from '../storage/queries/live/polls';
import type { QuestionRow } from '../storage/queries/live/questions';
import type { LiveSessionRow } from '../storage/queries/live/sessions';

// Rows → what the studio (host) sees. Viewer-facing shapes are built in the hub.

export const HOST_NAME = 'Host';

export function toLiveSession(row: LiveSessionRow): LiveSession {
  return {
    id: row.id as SessionId,
    title: row.title,
    courseId: row.course_id as CourseId | null,
    courseTitle: row.course_title,
    status: row.status as SessionStatus,
    scheduledAt: row.scheduled_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    joinCode: row.join_code,
  };
}

export function phaseOf(status: string): SessionPhase {
  if (status === 'live') return 'live';
  if (status === 'paused') return 'paused';
  if (status === 'scheduled') return 'waiting';
  return 'ended';
}

export function toLiveChat(row: ChatRow): LiveChatMessage {
  return {
    id: row.id,
    viewerId: row.public_id,
    name: row.from_host === 1 ? HOST_NAME : (row.name ?? '?'),
    text: row.text,
    at: row.at,
    fromHost: row.from_host === 1,
    hidden: row.hidden_at !== null,
  };
}

export function toLiveQuestion(row: QuestionRow): LiveQuestion {
  return {
    id: row.id,
    viewerId: row.public_id,
    name: row.name ?? '?',
    text: row.text,
    at: row.asked_at,
    upvotes: row.upvotes,
    status: row.status,
    pinned: row.pinned_at !== null,
  };
}

export function parseIndexes(json: string | null): number[] | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : null;
}

export function parseStrings(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function runState(row: RunRow): 'open' | 'closed' | 'revealed' {
  if (row.revealed_at !== null) return 'revealed';
  if (row.closed_at !== null) return 'closed';
  return 'open';
}

export function countVotes(optionCount: number, votes: Iterable<readonly number[]>): number[] {
  const counts = new Array<number>(optionCount).fill(0);
  for (const choices of votes) {
    for (const choice of choices)
      if (choice < optionCount) counts[choice] = (counts[choice] ?? 0) + 1;
  }
  return counts;
}

export function toLivePollRun(db: Db, row: RunRow): LivePollRun {
  const options = parseStrings(row.options);
  const votes = votesOfRun(db, row.id).map((v) => parseIndexes(v.choices) ?? []);
  return {
    runId: row.id,
    pollId: row.poll_id,
    kind: row.kind,
    question: row.question,
    options,
    multiple: row.multiple === 1,
    correct: parseIndexes(row.correct),
    state: runState(row),
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    revealedAt: row.revealed_at,
    counts: countVotes(options.length, votes),
    voters: votes.length,
  };
}

export function toLiveOffer(row: OfferRow): LiveOffer {
  return {
    id: row.id,
    courseId: row.course_id as CourseId | null,
    title: row.title,
    priceMinor: row.price_minor,
    currency: row.currency,
    couponCode: row.coupon_code,
    checkoutUrl: row.checkout_url,
    endsAt: row.ends_at,
    stock: row.stock,
    pushedAt: row.pushed_at,
    withdrawnAt: row.withdrawn_at,
    impressions: row.impressions,
    clicks: row.clicks,
  };
}

export function toLiveCheckin(row: CheckinRow): LiveCheckin {
  return {
    id: row.id,
    openedAt: row.opened_at,
    closesAt: row.closes_at,
    closedAt: row.closed_at,
    count: row.count,
  };
}

export function toLiveLottery(row: LotteryRow): LiveLottery {
  return {
    id: row.id,
    title: row.title,
    rule: JSON.parse(row.rule) as LotteryRule,
    seed: row.seed,
    candidates: JSON.parse(row.candidates) as LotteryEntrant[],
    winners: JSON.parse(row.winners) as LotteryEntrant[],
    drawnAt: row.drawn_at,
  };
}
