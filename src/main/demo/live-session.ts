import { HOUR_MS, MINUTE_MS, SECOND_MS } from './calendar';
import {
  COACHING_CALL,
  COURSES,
  COUPONS,
  DEMO_CURRENCY,
  POLLS,
  PRODUCTS,
  QUIZZES,
  TOPICS,
  checkoutUrl,
  nextInSeries,
  type PollSpec,
} from './catalogue';
import type { Population } from './people';
import { cumulative, orderByTime, pickCumulative, sigmoid, type Rng } from '../kernel/random';
import type { Statements } from '../storage/queries/demo-writes';
import {
  FAREWELLS,
  GENERAL_CHAT,
  GREETINGS,
  QUESTIONS,
  REACTIONS,
  REACTION_WEIGHTS,
  TOPIC_CHAT,
  type Phrases,
} from './texts';

// One past live class: who came and when, what they did, what was offered. Everything is drawn
// into typed arrays first (so that events can be written in time order, as a live session writes
// them), then inserted in one pass with the prepared statements.

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
const CHAT = 0;
const REACTION = 1;
const HAND_RAISE = 2;
const CHECK_IN = 3;
const QUESTION = 4;
const UPVOTE = 5;
const POLL_VOTE = 6;
const OFFER_CLICK = 7;

/** Chat, reactions and raised hands per present minute of an average (engagement 1) viewer. */
const FREE_EVENTS_PER_MINUTE = 0.22;
/** Share of free events that are chat / reactions; the rest are raised hands. */
const CHAT_SHARE = 0.4;
const REACTION_SHARE = 0.57;
/** Share of reactions that burst around a moment of the class (a joke, a reveal, the offer). */
const REACTION_BURST_SHARE = 0.35;
const REACTION_BURST_MEAN_MS = 30 * SECOND_MS;
/** The audience server keeps a dropped viewer's row open this long before closing it. */
const PRESENCE_GRACE_MS = 30 * SECOND_MS;
const HEARTBEAT_MS = 10 * SECOND_MS;
const DEFAULT_VIEWERS_MIN = 60;
const DEFAULT_VIEWERS_MAX = 250;
/** By default no class draws more than this share of the learners who exist at the time. */
const DEFAULT_VIEWERS_POOL_SHARE = 0.7;
const NEWCOMER_WINDOW_MS = 21 * 24 * HOUR_MS;
const NEWCOMER_BOOST = 2.5;
const OFFER_WINDOW_AFTER_CLASS_MS = 48 * HOUR_MS;
const BUNDLE_WINDOW_AFTER_CLASS_MS = 24 * HOUR_MS;

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

interface Question {
  slot: number;
  at: number;
  text: string;
  status: 'open' | 'answered' | 'dismissed';
  answeredAt: number | null;
  pinnedAt: number | null;
  hidden: boolean;
  upvotes: number;
}

interface PollRun {
  pollId: number;
  runId: number;
  kind: 'poll' | 'quiz';
  spec: PollSpec;
  openedAt: number;
  closedAt: number;
  revealedAt: number;
}

/** Columns of the session's events, grown by doubling; nothing per event but numbers. */
function createEventBuffer(capacity: number) {
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

/** A live price the way educators set them: a round discount ending in 9, e.g. 159 or 239 yuan. */
function livePrice(listMinor: number, discount: number): number {
  return Math.max(900, Math.round((listMinor * (1 - discount)) / 1_000) * 1_000 - 100);
}

function phrase(rng: Rng, phrases: Phrases, chineseShare: number): string {
  return rng.pick(rng.chance(chineseShare) ? phrases.zh : phrases.en);
}

/** Chat payloads are drawn from small pools: serialise each text once, not once per message. */
const chatPayloads = new Map<string, string>();
function chatPayload(text: string): string {
  let payload = chatPayloads.get(text);
  if (payload === undefined) {
    payload = JSON.stringify({ text });
    chatPayloads.set(text, payload);
  }
  return payload;
}
const REACTION_PAYLOADS = REACTIONS.map((reaction) => JSON.stringify({ reaction }));

/** Picks the class's audience: engaged learners come back, newcomers try one, interests matter. */
function selectViewers(ctx: SessionContext, plan: SessionPlan): Int32Array {
  const { rng, population } = ctx;
  const course = COURSES[plan.courseIndex];
  if (!course) throw new Error(`no course ${plan.courseIndex}`);
  const topic = TOPICS.indexOf(course.topic);
  const candidates = new Int32Array(population.count);
  const keys = new Float64Array(population.count);
  let eligible = 0;
  for (let i = 0; i < population.count; i++) {
    const created = population.createdAt[i] ?? Infinity;
    if (population.hasDevice[i] !== 1 || created >= plan.startedAt - 10 * MINUTE_MS) continue;
    const interestFit =
      population.interest[i] === topic ? 1 : course.topic === 'workshop' ? 0.6 : 0.3;
    const newcomer = plan.startedAt - created < NEWCOMER_WINDOW_MS ? NEWCOMER_BOOST : 1;
    const weight = (population.engagement[i] ?? 1) ** 1.8 * interestFit * newcomer;
    // Efraimidis–Spirakis: the k largest log(u)/w are a weighted sample without replacement.
    candidates[eligible] = i;
    keys[eligible] = Math.log(1 - rng.next()) / weight;
    eligible++;
  }
  const wanted =
    plan.viewers ??
    Math.min(
      rng.int(DEFAULT_VIEWERS_MIN, DEFAULT_VIEWERS_MAX),
      Math.round(eligible * DEFAULT_VIEWERS_POOL_SHARE),
    );
  const count = Math.min(wanted, eligible);
  const order = new Uint32Array(eligible);
  for (let i = 0; i < eligible; i++) order[i] = i;
  order.sort((a, b) => (keys[b] ?? 0) - (keys[a] ?? 0) || a - b);
  const viewers = new Int32Array(count);
  for (let s = 0; s < count; s++) viewers[s] = candidates[order[s] ?? 0] ?? 0;
  return viewers;
}

/** Simulates one class and writes it: session, attendance, events, Q&A, polls, offers. */
export function simulateSession(ctx: SessionContext, plan: SessionPlan): SessionOutcome {
  const { rng, statements: st, population, ids, counts } = ctx;
  const course = COURSES[plan.courseIndex];
  if (!course) throw new Error(`no course ${plan.courseIndex}`);
  const start = plan.startedAt;
  const end = plan.endedAt;
  const length = end - start;

  st.session.run(
    plan.id,
    plan.courseIndex + 1,
    plan.title,
    plan.scheduledAt,
    start,
    end,
    plan.createdAt,
  );

  const viewers = selectViewers(ctx, plan);
  const viewerCount = viewers.length;
  const engagementOf = (slot: number): number => population.engagement[viewers[slot] ?? 0] ?? 1;

  // --- Presence: one to three intervals per viewer, contiguous per viewer. ---
  const ivCapacity = viewerCount * 3;
  const ivSlot = new Int32Array(ivCapacity);
  const ivJoin = new Float64Array(ivCapacity);
  const ivSeen = new Float64Array(ivCapacity);
  const ivLeft = new Float64Array(ivCapacity);
  const firstIv = new Int32Array(viewerCount);
  const ivCount = new Uint8Array(viewerCount);
  const presentMs = new Float64Array(viewerCount);
  let ivN = 0;
  const addInterval = (slot: number, join: number, leave: number, dropped: boolean): void => {
    // A dropped connection is closed by the server a grace period after the last heartbeat; a
    // viewer who leaves (or is still there when the class ends) is closed at once.
    const seen = dropped
      ? leave
      : Math.max(join + 20 * SECOND_MS, leave - Math.floor(rng.next() * HEARTBEAT_MS));
    ivSlot[ivN] = slot;
    ivJoin[ivN] = join;
    ivSeen[ivN] = seen;
    ivLeft[ivN] = dropped ? Math.min(end, leave + PRESENCE_GRACE_MS) : leave;
    presentMs[slot] = (presentMs[slot] ?? 0) + (seen - join);
    ivN++;
    ivCount[slot] = (ivCount[slot] ?? 0) + 1;
  };

  for (let slot = 0; slot < viewerCount; slot++) {
    // Engagement squashed to 0..1 (0.5 for an average viewer), to scale probabilities with.
    const keen = engagementOf(slot) / (1 + engagementOf(slot));
    firstIv[slot] = ivN;
    // Arrival: a crowd waiting in the lobby, most within minutes, and a long tail of latecomers.
    const arrival = rng.next();
    let join: number;
    if (arrival < 0.22) join = start + rng.uniform(0, 45 * SECOND_MS);
    else if (arrival < 0.8) join = start + rng.exponential(4 * MINUTE_MS);
    else join = start + 5 * MINUTE_MS + rng.exponential(length / 4);
    join = Math.floor(Math.min(join, end - 3 * MINUTE_MS));
    // Departure: the hazard is high in the first minutes (bouncers) and near the end (wrap-up).
    const departure = rng.next();
    const bounce = 0.16 * (1 - 0.6 * keen);
    const stay = 0.4 + 0.4 * keen;
    let leave: number;
    if (departure < bounce) leave = join + 30 * SECOND_MS + rng.exponential(4 * MINUTE_MS);
    else if (departure < bounce + stay)
      leave = rng.chance(0.5) ? end : end - rng.exponential(3 * MINUTE_MS);
    else leave = join + rng.uniform(0.15, 1) * (end - join);
    leave = Math.floor(Math.min(end, Math.max(join + 45 * SECOND_MS, leave)));

    // Reconnects: a dropped Wi-Fi, a phone switching networks.
    let segmentStart = join;
    let reconnects = rng.chance(0.07 + 0.05 * keen) ? (rng.chance(0.25) ? 2 : 1) : 0;
    while (reconnects > 0 && leave - segmentStart > 8 * MINUTE_MS) {
      const drop = Math.floor(rng.uniform(segmentStart + 2 * MINUTE_MS, leave - 4 * MINUTE_MS));
      const back = drop + PRESENCE_GRACE_MS + Math.floor(15 * SECOND_MS + rng.exponential(75_000));
      if (back >= leave - MINUTE_MS) break;
      addInterval(slot, segmentStart, drop, true);
      segmentStart = back;
      reconnects--;
    }
    addInterval(slot, segmentStart, leave, false);
  }

  const presentInterval = (slot: number, at: number): number => {
    const first = firstIv[slot] ?? 0;
    const last = first + (ivCount[slot] ?? 0);
    for (let j = first; j < last; j++) {
      if (at >= (ivJoin[j] ?? 0) && at <= (ivSeen[j] ?? 0)) return j;
    }
    return -1;
  };

  const events = createEventBuffer(plan.events ?? viewerCount * 30);
  const interactions = new Int32Array(viewerCount);
  const emit = (at: number, slot: number, kind: number, ref = 0, aux = 0): void => {
    events.push(Math.floor(at), slot, kind, ref, aux);
    interactions[slot] = (interactions[slot] ?? 0) + 1;
  };

  // --- Check-in: the "I'm here" button, pressed soon after arriving by the keener half. ---
  for (let slot = 0; slot < viewerCount; slot++) {
    const keen = engagementOf(slot) / (1 + engagementOf(slot));
    if (!rng.chance(0.3 + 0.45 * keen)) continue;
    const j = firstIv[slot] ?? 0;
    const at = (ivJoin[j] ?? 0) + 3 * SECOND_MS + rng.exponential(40 * SECOND_MS);
    if (at <= (ivSeen[j] ?? 0)) emit(at, slot, CHECK_IN);
  }

  // --- A poll about a third of the way in, a quiz past the middle. ---
  const topic = course.topic;
  const variant = (list: readonly PollSpec[]): PollSpec => {
    const spec = list[plan.number % list.length];
    if (!spec) throw new Error(`no poll for ${topic}`);
    return spec;
  };
  const runs: PollRun[] = [];
  for (const [kind, spec, from, to] of [
    ['poll', variant(POLLS[topic]), 0.2, 0.35],
    ['quiz', variant(QUIZZES[topic]), 0.5, 0.58],
  ] as const) {
    const openedAt = Math.floor(start + rng.uniform(from, to) * length);
    const closedAt = openedAt + Math.floor(rng.uniform(60, 150) * SECOND_MS);
    const revealedAt = closedAt + Math.floor(rng.uniform(3, 20) * SECOND_MS);
    runs.push({ pollId: ++ids.poll, runId: ++ids.run, kind, spec, openedAt, closedAt, revealedAt });
  }
  let pollVotes = 0;
  runs.forEach((run, runIndex) => {
    st.poll.run(
      run.pollId,
      plan.courseIndex + 1,
      run.kind,
      run.spec.question,
      JSON.stringify(run.spec.options),
      run.spec.correct ? JSON.stringify(run.spec.correct) : null,
      plan.createdAt,
    );
    st.pollRun.run(run.runId, run.pollId, plan.id, run.openedAt, run.closedAt, run.revealedAt);
    const popularity = run.spec.options.map(() => 0.3 + rng.next());
    const correct = run.spec.correct?.[0] ?? 0;
    const voted = new Uint8Array(viewerCount);
    for (let j = 0; j < ivN; j++) {
      const slot = ivSlot[j] ?? 0;
      if (voted[slot] === 1) continue;
      const from = Math.max(run.openedAt, ivJoin[j] ?? 0);
      const until = Math.min(run.closedAt, ivSeen[j] ?? 0);
      if (from >= until) continue;
      const keen = engagementOf(slot) / (1 + engagementOf(slot));
      if (!rng.chance(0.4 + 0.5 * keen)) continue;
      const at = from + SECOND_MS + rng.exponential(15 * SECOND_MS);
      if (at >= until) continue;
      let choice: number;
      if (run.kind === 'poll') choice = rng.weightedIndex(popularity);
      else if (rng.chance(0.4 + 0.4 * keen)) choice = correct;
      else choice = (correct + rng.int(1, run.spec.options.length - 1)) % run.spec.options.length;
      emit(at, slot, POLL_VOTE, runIndex, choice);
      voted[slot] = 1;
      pollVotes++;
    }
  });

  // Weight of each interval for "who does something at a random moment": time there × engagement.
  const ivWeight = new Float64Array(ivN);
  for (let j = 0; j < ivN; j++) {
    ivWeight[j] = ((ivSeen[j] ?? 0) - (ivJoin[j] ?? 0)) * engagementOf(ivSlot[j] ?? 0);
  }
  const ivCumulative = cumulative(ivWeight);

  // --- Questions, and upvotes from whoever is there to see them. ---
  const questions: Question[] = [];
  for (let slot = 0; slot < viewerCount; slot++) {
    const learner = viewers[slot] ?? 0;
    let asks = rng.chance(Math.min(0.5, 0.035 * engagementOf(slot) ** 1.3)) ? 1 : 0;
    if (asks > 0 && rng.chance(0.25)) asks++;
    for (; asks > 0; asks--) {
      const first = firstIv[slot] ?? 0;
      let j = first;
      if ((ivCount[slot] ?? 1) > 1) {
        const durations: number[] = [];
        for (let k = first; k < first + (ivCount[slot] ?? 1); k++)
          durations.push((ivSeen[k] ?? 0) - (ivJoin[k] ?? 0));
        j = first + rng.weightedIndex(durations);
      }
      const join = ivJoin[j] ?? 0;
      const seen = ivSeen[j] ?? 0;
      const at = Math.floor(rng.uniform(Math.min(join + 30 * SECOND_MS, seen), seen));
      const hidden = rng.chance(0.02);
      const roll = rng.next();
      let status: Question['status'] = 'open';
      let answeredAt: number | null = null;
      let pinnedAt: number | null = null;
      if (hidden || roll < 0.07) status = 'dismissed';
      else if (roll < 0.72) {
        const answer = Math.floor(at + 30 * SECOND_MS + rng.exponential(4 * MINUTE_MS));
        if (answer <= end) {
          status = 'answered';
          answeredAt = answer;
          if (rng.chance(0.15)) pinnedAt = Math.floor(rng.uniform(at + 5 * SECOND_MS, answer));
        }
      }
      const text = phrase(rng, QUESTIONS[topic], population.chineseShare[learner] ?? 0.5);
      questions.push({ slot, at, text, status, answeredAt, pinnedAt, hidden, upvotes: 0 });
      emit(at, slot, QUESTION, questions.length - 1);
    }
  }
  questions.forEach((question, index) => {
    if (question.hidden || ivN === 0) return;
    // Larger audiences upvote a smaller share each: the sqrt keeps big rooms plausible.
    const quality = rng.logNormal(0, 0.9);
    const wanted = Math.min(
      Math.floor(0.4 * (viewerCount - 1)),
      rng.poisson(0.7 * Math.sqrt(viewerCount) * quality),
    );
    const voters = new Set<number>();
    for (let attempt = 0; voters.size < wanted && attempt < wanted * 8; attempt++) {
      const at = question.at + 2 * SECOND_MS + rng.exponential(100 * SECOND_MS);
      const j = pickCumulative(ivCumulative, rng);
      const slot = ivSlot[j] ?? 0;
      if (slot === question.slot || voters.has(slot)) continue;
      if (at < (ivJoin[j] ?? 0) || at > (ivSeen[j] ?? 0) || at > end) continue;
      voters.add(slot);
      emit(at, slot, UPVOTE, index);
    }
    question.upvotes = voters.size;
  });

  // --- Offers: the course at its open-class price about two thirds in, sometimes a follow-up. ---
  const offers: LiveOffer[] = [];
  const offerTitles: string[] = [];
  const pushedFirst = Math.floor(start + rng.uniform(0.62, 0.72) * length);
  offers.push({
    id: ++ids.offer,
    item: plan.courseIndex,
    priceMinor: livePrice(course.priceMinor, rng.pick([0.15, 0.2, 0.25])),
    pushedAt: pushedFirst,
    endsAt: end + OFFER_WINDOW_AFTER_CLASS_MS,
  });
  offerTitles.push(`Open-class price: ${course.title}`);
  const pushedSecond = pushedFirst + Math.floor(rng.uniform(8, 15) * MINUTE_MS);
  if (length >= 75 * MINUTE_MS && pushedSecond < end - 4 * MINUTE_MS && rng.chance(0.6)) {
    const next = nextInSeries(plan.courseIndex);
    const nextCourse = COURSES[next];
    const coaching = PRODUCTS[COACHING_CALL];
    if (nextCourse) {
      offerTitles.push(`Tonight's bundle: ${nextCourse.title}`);
      offers.push({
        id: ++ids.offer,
        item: next,
        priceMinor: livePrice(nextCourse.priceMinor, 0.25),
        pushedAt: pushedSecond,
        endsAt: end + BUNDLE_WINDOW_AFTER_CLASS_MS,
      });
    } else if (coaching) {
      offerTitles.push(`Viewers only: ${coaching.title}`);
      offers.push({
        id: ++ids.offer,
        item: COURSES.length + COACHING_CALL,
        priceMinor: livePrice(coaching.priceMinor, 0.2),
        pushedAt: pushedSecond,
        endsAt: end + BUNDLE_WINDOW_AFTER_CLASS_MS,
      });
    }
  }
  offers.forEach((offer, index) => {
    const offerCourse = COURSES[offer.item];
    const coupon = rng.pick(COUPONS);
    const url = offerCourse ? `${checkoutUrl(offerCourse)}?coupon=${coupon}` : null;
    st.offer.run(
      offer.id,
      plan.id,
      offerCourse ? offer.item + 1 : null,
      offerTitles[index] ?? 'Offer',
      offer.priceMinor,
      DEMO_CURRENCY,
      coupon,
      url,
      offer.pushedAt,
      offer.endsAt,
    );
  });

  // Impressions: everyone present when the offer is pushed, and latecomers when they arrive.
  const clickedOffer = new Int8Array(viewerCount).fill(-1);
  const clickedAt = new Float64Array(viewerCount);
  const impressionSlots: number[][] = offers.map(() => []);
  const impressionAts: number[][] = offers.map(() => []);
  offers.forEach((offer, index) => {
    const slots = impressionSlots[index] ?? [];
    const ats = impressionAts[index] ?? [];
    for (let slot = 0; slot < viewerCount; slot++) {
      const first = firstIv[slot] ?? 0;
      let seenAt = -1;
      for (let j = first; j < first + (ivCount[slot] ?? 0); j++) {
        if ((ivSeen[j] ?? 0) >= offer.pushedAt) {
          seenAt = Math.max(offer.pushedAt, ivJoin[j] ?? 0);
          break;
        }
      }
      if (seenAt < 0) continue;
      slots.push(slot);
      ats.push(seenAt);
      const learner = viewers[slot] ?? 0;
      const propensity = population.propensity[learner] ?? 1;
      const owned =
        offer.item < COURSES.length && ctx.ownedAt(learner, offer.item) <= plan.startedAt;
      const logit =
        -2.6 +
        0.9 * Math.log(propensity) +
        0.3 * Math.log(1 + (interactions[slot] ?? 0)) -
        (owned ? 2 : 0) -
        (index > 0 ? 0.5 : 0);
      if (!rng.chance(sigmoid(logit))) continue;
      let at = seenAt + 3 * SECOND_MS + rng.exponential(100 * SECOND_MS);
      for (let clicks = 0; clicks < 2 && presentInterval(slot, at) >= 0; clicks++) {
        emit(at, slot, OFFER_CLICK, index);
        if (clickedOffer[slot] === -1) {
          clickedOffer[slot] = index;
          clickedAt[slot] = Math.floor(at);
        }
        // Some click again: the checkout tab was closed, or they came back to the banner.
        if (!rng.chance(0.2)) break;
        at += 10 * SECOND_MS + rng.exponential(2 * MINUTE_MS);
      }
    }
  });

  // --- Free interaction: chat, reactions, raised hands, in proportion to time × engagement. ---
  const moments = [
    start + 90 * SECOND_MS,
    ...runs.map((run) => run.revealedAt),
    pushedFirst,
    end - 150 * SECOND_MS,
    start + rng.next() * length,
    start + rng.next() * length,
    start + rng.next() * length,
  ];
  const perInterval = new Int32Array(ivN);
  if (plan.events === null) {
    for (let j = 0; j < ivN; j++) {
      const minutes = ((ivSeen[j] ?? 0) - (ivJoin[j] ?? 0)) / MINUTE_MS;
      perInterval[j] = rng.poisson(FREE_EVENTS_PER_MINUTE * minutes * engagementOf(ivSlot[j] ?? 0));
    }
  } else if (ivN > 0) {
    // A target (benchmarks): spread exactly what is left over the same weights.
    for (let left = plan.events - events.length; left > 0; left--) {
      const j = pickCumulative(ivCumulative, rng);
      perInterval[j] = (perInterval[j] ?? 0) + 1;
    }
  }
  for (let j = 0; j < ivN; j++) {
    const slot = ivSlot[j] ?? 0;
    const join = ivJoin[j] ?? 0;
    const seen = ivSeen[j] ?? 0;
    for (let n = perInterval[j] ?? 0; n > 0; n--) {
      const roll = rng.next();
      const kind =
        roll < CHAT_SHARE ? CHAT : roll < CHAT_SHARE + REACTION_SHARE ? REACTION : HAND_RAISE;
      let at = join + rng.next() * (seen - join);
      if (kind === REACTION && rng.chance(REACTION_BURST_SHARE)) {
        const burst = rng.pick(moments) + rng.exponential(REACTION_BURST_MEAN_MS);
        if (burst >= join && burst <= seen) at = burst;
      }
      emit(at, slot, kind);
    }
  }

  // --- Write attendance in arrival order, then every event in time order. ---
  const arrivals = orderByTime(ivJoin, ivN, start);
  for (let k = 0; k < ivN; k++) {
    const j = arrivals[k] ?? 0;
    st.attendance.run(
      ++ids.attendance,
      plan.id,
      (viewers[ivSlot[j] ?? 0] ?? 0) + 1,
      ivJoin[j],
      ivLeft[j],
      ivSeen[j],
    );
  }

  const total = events.length;
  const { at: eventAt, slot: eventSlot, kind: eventKind, ref, aux } = events.columns();
  const sequence = orderByTime(eventAt, total, start);
  const questionIds = new Int32Array(questions.length);
  const reactionSums = cumulative(REACTION_WEIGHTS);
  const courseChat = TOPIC_CHAT[topic];
  for (let k = 0; k < total; k++) {
    const e = sequence[k] ?? 0;
    const at = eventAt[e] ?? 0;
    const learner = viewers[eventSlot[e] ?? 0] ?? 0;
    const learnerId = learner + 1;
    const kind = eventKind[e] ?? CHAT;
    const eventId = ++ids.event;
    // Time-ordered client ids (timestamp, then a counter): random ids would dirty a different
    // index page per insert and cost ~4× the throughput (DESIGN.md §11).
    const clientId = `${at.toString(36)}-${k.toString(36).padStart(5, '0')}`;
    const reference = ref[e] ?? 0;
    let payload: string;
    switch (kind) {
      case CHAT: {
        const chinese = population.chineseShare[learner] ?? 0.5;
        const pool =
          at - start < 4 * MINUTE_MS && rng.chance(0.6)
            ? GREETINGS
            : end - at < 5 * MINUTE_MS && rng.chance(0.6)
              ? FAREWELLS
              : rng.chance(0.45)
                ? courseChat
                : GENERAL_CHAT;
        payload = chatPayload(phrase(rng, pool, chinese));
        break;
      }
      case REACTION:
        payload = REACTION_PAYLOADS[pickCumulative(reactionSums, rng)] ?? '{}';
        break;
      case HAND_RAISE:
        payload = '{"raised":true}';
        break;
      case QUESTION:
        payload = JSON.stringify({ text: questions[reference]?.text ?? '?' });
        break;
      case UPVOTE:
        payload = `{"questionId":${questionIds[reference] ?? 0}}`;
        break;
      case POLL_VOTE:
        payload = `{"runId":${runs[reference]?.runId ?? 0},"choices":[${aux[e] ?? 0}]}`;
        break;
      case OFFER_CLICK:
        payload = `{"offerId":${offers[reference]?.id ?? 0}}`;
        break;
      default:
        payload = '{}';
    }
    st.event.run(eventId, plan.id, learnerId, EVENT_KINDS[kind], at, payload, clientId);

    if (kind === QUESTION) {
      const question = questions[reference];
      if (!question) throw new Error('question event without a question');
      const questionId = ++ids.question;
      questionIds[reference] = questionId;
      st.question.run(
        questionId,
        plan.id,
        learnerId,
        eventId,
        question.text,
        question.at,
        question.status,
        question.answeredAt,
        question.pinnedAt,
        question.hidden ? 1 : 0,
        question.upvotes,
      );
    } else if (kind === UPVOTE) {
      st.questionVote.run(questionIds[reference], learnerId, at);
    } else if (kind === POLL_VOTE) {
      st.pollVote.run(runs[reference]?.runId, learnerId, `[${aux[e] ?? 0}]`, at);
    } else if (kind === OFFER_CLICK) {
      st.offerClick.run(++ids.click, offers[reference]?.id, learnerId, at);
    }
  }

  offers.forEach((offer, index) => {
    const slots = impressionSlots[index] ?? [];
    const ats = impressionAts[index] ?? [];
    slots.forEach((slot, k) => {
      st.offerImpression.run(offer.id, (viewers[slot] ?? 0) + 1, ats[k]);
    });
  });

  counts.attendance += ivN;
  counts.events += total;
  counts.questions += questions.length;
  counts.pollRuns += runs.length;
  counts.votes += pollVotes;
  counts.offers += offers.length;

  return { plan, viewers, interactions, presentMs, clickedOffer, clickedAt, offers };
}
