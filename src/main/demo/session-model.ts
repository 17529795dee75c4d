import { HOUR_MS, SECOND_MS } from './calendar';
import type { CourseSpec, PollSpec } from './catalogue';
import type { Population } from './people';
import type { Rng } from '../kernel/random';
import type { Statements } from '../storage/queries/demo-writes';
import type { Phrases } from './texts';

// The model of one past live class shared by its parts (presence, activity, offers, writing):
// the plan and outcome types, the event kinds, the behaviour constants and the event buffer.

export const EVENT_KINDS = [
  'chat',
  'reaction',
  'hand_raise',
  'check_in',
  'question',
  'upvote',
  'poll_vote',
  'offer_click',
] as const;
export const CHAT = 0;
export const REACTION = 1;
export const HAND_RAISE = 2;
export const CHECK_IN = 3;
export const QUESTION = 4;
export const UPVOTE = 5;
export const POLL_VOTE = 6;
export const OFFER_CLICK = 7;

/** Chat, reactions and raised hands per present minute of an average (engagement 1) viewer. */
export const FREE_EVENTS_PER_MINUTE = 0.22;
/** Share of free events that are chat / reactions; the rest are raised hands. */
export const CHAT_SHARE = 0.4;
export const REACTION_SHARE = 0.57;
/** Share of reactions that burst around a moment of the class (a joke, a reveal, the offer). */
export const REACTION_BURST_SHARE = 0.35;
export const REACTION_BURST_MEAN_MS = 30 * SECOND_MS;
/** The audience server keeps a dropped viewer's row open this long before closing it. */
export const PRESENCE_GRACE_MS = 30 * SECOND_MS;
export const HEARTBEAT_MS = 10 * SECOND_MS;
export const DEFAULT_VIEWERS_MIN = 60;
export const DEFAULT_VIEWERS_MAX = 250;
/** By default no class draws more than this share of the learners who exist at the time. */
export const DEFAULT_VIEWERS_POOL_SHARE = 0.7;
export const NEWCOMER_WINDOW_MS = 21 * 24 * HOUR_MS;
export const NEWCOMER_BOOST = 2.5;
export const OFFER_WINDOW_AFTER_CLASS_MS = 48 * HOUR_MS;
export const BUNDLE_WINDOW_AFTER_CLASS_MS = 24 * HOUR_MS;

export interface SessionPlan {
  id: number;
  /** Position in the year's schedule, 0-based: picks which poll and title variant to use. */
  number: number;
  courseIndex: number;
  title: string;
  createdAt: number;
  scheduledAt: number;
  startedAt: number;
  endedAt: number;
  /** Viewers wanted; null draws a realistic audience size. */
  viewers: number | null;
  /** Events wanted; null lets the behaviour model decide. */
  events: number | null;
}

export interface LiveOffer {
  id: number;
  /** Course index, or COURSES.length + product index. */
  item: number;
  priceMinor: number;
  pushedAt: number;
  endsAt: number;
}

/** What the order model needs to know about a class once it is over. */
export interface SessionOutcome {
  plan: SessionPlan;
  /** Learner index of each viewer ("slot"). */
  viewers: Int32Array;
  /** Events each viewer sent. */
  interactions: Int32Array;
  presentMs: Float64Array;
  /** Index into `offers` of the first offer the viewer clicked, or -1. */
  clickedOffer: Int8Array;
  clickedAt: Float64Array;
  offers: LiveOffer[];
}

export interface IdCounters {
  event: number;
  attendance: number;
  question: number;
  poll: number;
  run: number;
  offer: number;
  click: number;
  identity: number;
  order: number;
  line: number;
}

export interface SessionCounts {
  attendance: number;
  events: number;
  questions: number;
  pollRuns: number;
  votes: number;
  offers: number;
}

export interface SessionContext {
  rng: Rng;
  statements: Statements;
  population: Population;
  ids: IdCounters;
  counts: SessionCounts;
  /** When the learner bought the course (Infinity if never), to damp offers they do not need. */
  ownedAt: (learner: number, course: number) => number;
}

export interface Question {
  slot: number;
  at: number;
  text: string;
  status: 'open' | 'answered' | 'dismissed';
  answeredAt: number | null;
  pinnedAt: number | null;
  hidden: boolean;
  upvotes: number;
}

export interface PollRun {
  pollId: number;
  runId: number;
  kind: 'poll' | 'quiz';
  spec: PollSpec;
  openedAt: number;
  closedAt: number;
  revealedAt: number;
}

/** Columns of the session's events, grown by doubling; nothing per event but numbers. */
export function createEventBuffer(capacity: number) {
  let size = Math.max(1024, capacity);
  let at = new Float64Array(size);
  let slot = new Int32Array(size);
  let kind = new Uint8Array(size);
  let ref = new Int32Array(size);
  let aux = new Int32Array(size);
  let length = 0;
  const grow = (): void => {
    size *= 2;
    const nextAt = new Float64Array(size);
    nextAt.set(at);
    at = nextAt;
    const nextSlot = new Int32Array(size);
    nextSlot.set(slot);
    slot = nextSlot;
    const nextKind = new Uint8Array(size);
    nextKind.set(kind);
    kind = nextKind;
    const nextRef = new Int32Array(size);
    nextRef.set(ref);
    ref = nextRef;
    const nextAux = new Int32Array(size);
    nextAux.set(aux);
    aux = nextAux;
  };
  return {
    push(time: number, viewer: number, eventKind: number, reference = 0, extra = 0): void {
      if (length === size) grow();
      at[length] = time;
      slot[length] = viewer;
      kind[length] = eventKind;
      ref[length] = reference;
      aux[length] = extra;
      length++;
    },
    get length() {
      return length;
    },
    columns: () => ({ at, slot, kind, ref, aux }),
  };
}

export type EventBuffer = ReturnType<typeof createEventBuffer>;

export function phrase(rng: Rng, phrases: Phrases, chineseShare: number): string {
  return rng.pick(rng.chance(chineseShare) ? phrases.zh : phrases.en);
}

/** Where the viewers were: one to three intervals each, contiguous per viewer (by slot). */
export interface Intervals {
  /** How many intervals there are. */
  n: number;
  slot: Int32Array;
  join: Float64Array;
  /** The last heartbeat. */
  seen: Float64Array;
  /** When the server closed the connection. */
  left: Float64Array;
  /** Each viewer's first interval, and how many they have. */
  first: Int32Array;
  count: Uint8Array;
  presentMs: Float64Array;
}

/** One class while it is drawn: its plan, who came and when, and the events so far. */
export interface LiveClass {
  ctx: SessionContext;
  plan: SessionPlan;
  course: CourseSpec;
  start: number;
  end: number;
  length: number;
  /** Learner index of each viewer ("slot"). */
  viewers: Int32Array;
  engagementOf: (slot: number) => number;
  iv: Intervals;
  events: EventBuffer;
  /** Events each viewer sent. */
  interactions: Int32Array;
  emit: (at: number, slot: number, kind: number, ref?: number, aux?: number) => void;
}

/** Engagement squashed to 0..1 (0.5 for an average viewer), to scale probabilities with. */
export function keenness(live: LiveClass, slot: number): number {
  const engagement = live.engagementOf(slot);
  return engagement / (1 + engagement);
}
