import { MINUTE_MS, SECOND_MS } from './calendar';
import { COURSES } from './catalogue';
import { cumulative, orderByTime, pickCumulative } from '../kernel/random';
import {
  drawCheckIns,
  drawFreeInteraction,
  drawPolls,
  drawQuestions,
  intervalWeights,
} from './session-activity';
import {
  CHAT,
  EVENT_KINDS,
  HAND_RAISE,
  OFFER_CLICK,
  POLL_VOTE,
  QUESTION,
  REACTION,
  UPVOTE,
  createEventBuffer,
  phrase,
  type LiveClass,
  type PollRun,
  type Question,
  type SessionContext,
  type SessionOutcome,
  type SessionPlan,
} from './session-model';
import { drawOffers, type OfferDraw } from './session-offers';
import { drawPresence, selectViewers } from './session-presence';
import {
  FAREWELLS,
  GENERAL_CHAT,
  GREETINGS,
  REACTIONS,
  REACTION_WEIGHTS,
  TOPIC_CHAT,
} from './texts';

// One past live class: who came and when, what they did, what was offered. Everything is drawn
// into typed arrays first (so that events can be written in time order, as a live session writes
// them), then inserted in one pass with the prepared statements. The parts are drawn in a fixed
// order from one random stream: the same seed gives the same workspace.

export {
  EVENT_KINDS,
  type IdCounters,
  type LiveOffer,
  type SessionContext,
  type SessionCounts,
  type SessionOutcome,
  type SessionPlan,
} from './session-model';

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

/** Simulates one class and writes it: session, attendance, events, Q&A, polls, offers. */
export function simulateSession(ctx: SessionContext, plan: SessionPlan): SessionOutcome {
  const { rng, statements: st, population, counts } = ctx;
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
  const engagementOf = (slot: number): number => population.engagement[viewers[slot] ?? 0] ?? 1;
  const iv = drawPresence(ctx, plan, viewers.length, engagementOf);
  const events = createEventBuffer(plan.events ?? viewers.length * 30);
  const interactions = new Int32Array(viewers.length);
  const emit: LiveClass['emit'] = (at, slot, kind, ref = 0, aux = 0) => {
    events.push(Math.floor(at), slot, kind, ref, aux);
    interactions[slot] = (interactions[slot] ?? 0) + 1;
  };
  const live: LiveClass = {
    ctx,
    plan,
    course,
    start,
    end,
    length,
    viewers,
    engagementOf,
    iv,
    events,
    interactions,
    emit,
  };

  drawCheckIns(live);
  const { runs, votes } = drawPolls(live);
  const ivCumulative = intervalWeights(live);
  const questions = drawQuestions(live, ivCumulative);
  const offered = drawOffers(live);
  const moments = [
    start + 90 * SECOND_MS,
    ...runs.map((run) => run.revealedAt),
    offered.pushedFirst,
    end - 150 * SECOND_MS,
    start + rng.next() * length,
    start + rng.next() * length,
    start + rng.next() * length,
  ];
  drawFreeInteraction(live, ivCumulative, moments);

  writeAttendance(live);
  writeEvents(live, questions, runs, offered);

  counts.attendance += iv.n;
  counts.events += events.length;
  counts.questions += questions.length;
  counts.pollRuns += runs.length;
  counts.votes += votes;
  counts.offers += offered.offers.length;

  const { offers, clickedOffer, clickedAt } = offered;
  return { plan, viewers, interactions, presentMs: iv.presentMs, clickedOffer, clickedAt, offers };
}

/** Attendance in arrival order. */
function writeAttendance(live: LiveClass): void {
  const { ctx, plan, iv, viewers } = live;
  const arrivals = orderByTime(iv.join, iv.n, live.start);
  for (let k = 0; k < iv.n; k++) {
    const j = arrivals[k] ?? 0;
    ctx.statements.attendance.run(
      ++ctx.ids.attendance,
      plan.id,
      (viewers[iv.slot[j] ?? 0] ?? 0) + 1,
      iv.join[j],
      iv.left[j],
      iv.seen[j],
    );
  }
}

/** Every event in time order, with the rows it makes (questions, votes, clicks), then impressions. */
function writeEvents(
  live: LiveClass,
  questions: readonly Question[],
  runs: readonly PollRun[],
  offered: OfferDraw,
): void {
  const { ctx, plan, start, end, viewers } = live;
  const { rng, statements: st, population, ids } = ctx;
  const { offers } = offered;
  const total = live.events.length;
  const { at: eventAt, slot: eventSlot, kind: eventKind, ref, aux } = live.events.columns();
  const sequence = orderByTime(eventAt, total, start);
  const questionIds = new Int32Array(questions.length);
  const reactionSums = cumulative(REACTION_WEIGHTS);
  const courseChat = TOPIC_CHAT[live.course.topic];
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
    const slots = offered.impressionSlots[index] ?? [];
    const ats = offered.impressionAts[index] ?? [];
    slots.forEach((slot, k) => {
      st.offerImpression.run(offer.id, (viewers[slot] ?? 0) + 1, ats[k]);
    });
  });
}
