import { MINUTE_MS, SECOND_MS } from './calendar';
import { POLLS, QUIZZES, type PollSpec } from './catalogue';
import { cumulative, pickCumulative } from '../kernel/random';
import {
  CHAT,
  CHAT_SHARE,
  CHECK_IN,
  FREE_EVENTS_PER_MINUTE,
  HAND_RAISE,
  POLL_VOTE,
  QUESTION,
  REACTION,
  REACTION_BURST_MEAN_MS,
  REACTION_BURST_SHARE,
  REACTION_SHARE,
  UPVOTE,
  keenness,
  phrase,
  type LiveClass,
  type PollRun,
  type Question,
} from './session-model';
import { QUESTIONS } from './texts';

// What the audience does during a class: check-ins, a poll and a quiz, questions and their
// upvotes, and free interaction (chat, reactions, raised hands).

/** Check-in: the "I'm here" button, pressed soon after arriving by the keener half. */
export function drawCheckIns(live: LiveClass): void {
  const { ctx, iv } = live;
  for (let slot = 0; slot < live.viewers.length; slot++) {
    const keen = keenness(live, slot);
    if (!ctx.rng.chance(0.3 + 0.45 * keen)) continue;
    const j = iv.first[slot] ?? 0;
    const at = (iv.join[j] ?? 0) + 3 * SECOND_MS + ctx.rng.exponential(40 * SECOND_MS);
    if (at <= (iv.seen[j] ?? 0)) live.emit(at, slot, CHECK_IN);
  }
}

/** A poll about a third of the way in, a quiz past the middle; written with their votes' runs. */
export function drawPolls(live: LiveClass): { runs: PollRun[]; votes: number } {
  const { ctx, plan, iv, start, length } = live;
  const { rng, ids, statements: st } = ctx;
  const topic = live.course.topic;
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
  let votes = 0;
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
    const voted = new Uint8Array(live.viewers.length);
    for (let j = 0; j < iv.n; j++) {
      const slot = iv.slot[j] ?? 0;
      if (voted[slot] === 1) continue;
      const from = Math.max(run.openedAt, iv.join[j] ?? 0);
      const until = Math.min(run.closedAt, iv.seen[j] ?? 0);
      if (from >= until) continue;
      const keen = keenness(live, slot);
      if (!rng.chance(0.4 + 0.5 * keen)) continue;
      const at = from + SECOND_MS + rng.exponential(15 * SECOND_MS);
      if (at >= until) continue;
      let choice: number;
      if (run.kind === 'poll') choice = rng.weightedIndex(popularity);
      else if (rng.chance(0.4 + 0.4 * keen)) choice = correct;
      else choice = (correct + rng.int(1, run.spec.options.length - 1)) % run.spec.options.length;
      live.emit(at, slot, POLL_VOTE, runIndex, choice);
      voted[slot] = 1;
      votes++;
    }
  });
  return { runs, votes };
}

/** Weight of each interval for "who does something at a random moment": time there × engagement. */
export function intervalWeights(live: LiveClass): Float64Array {
  const { iv } = live;
  const weight = new Float64Array(iv.n);
  for (let j = 0; j < iv.n; j++) {
    weight[j] = ((iv.seen[j] ?? 0) - (iv.join[j] ?? 0)) * live.engagementOf(iv.slot[j] ?? 0);
  }
  return cumulative(weight);
}

/** Questions, and upvotes from whoever is there to see them. */
export function drawQuestions(live: LiveClass, ivCumulative: Float64Array): Question[] {
  const { ctx, iv, end, viewers } = live;
  const { rng, population } = ctx;
  const viewerCount = viewers.length;
  const questions: Question[] = [];
  for (let slot = 0; slot < viewerCount; slot++) {
    const learner = viewers[slot] ?? 0;
    let asks = rng.chance(Math.min(0.5, 0.035 * live.engagementOf(slot) ** 1.3)) ? 1 : 0;
    if (asks > 0 && rng.chance(0.25)) asks++;
    for (; asks > 0; asks--) {
      const first = iv.first[slot] ?? 0;
      let j = first;
      if ((iv.count[slot] ?? 1) > 1) {
        const durations: number[] = [];
        for (let k = first; k < first + (iv.count[slot] ?? 1); k++)
          durations.push((iv.seen[k] ?? 0) - (iv.join[k] ?? 0));
        j = first + rng.weightedIndex(durations);
      }
      const join = iv.join[j] ?? 0;
      const seen = iv.seen[j] ?? 0;
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
      const text = phrase(
        rng,
        QUESTIONS[live.course.topic],
        population.chineseShare[learner] ?? 0.5,
      );
      questions.push({ slot, at, text, status, answeredAt, pinnedAt, hidden, upvotes: 0 });
      live.emit(at, slot, QUESTION, questions.length - 1);
    }
  }
  questions.forEach((question, index) => {
    if (question.hidden || iv.n === 0) return;
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
      const slot = iv.slot[j] ?? 0;
      if (slot === question.slot || voters.has(slot)) continue;
      if (at < (iv.join[j] ?? 0) || at > (iv.seen[j] ?? 0) || at > end) continue;
      voters.add(slot);
      live.emit(at, slot, UPVOTE, index);
    }
    question.upvotes = voters.size;
  });
  return questions;
}

/**
 * Free interaction: chat, reactions, raised hands, in proportion to time × engagement; reactions
 * partly in bursts around the class's moments.
 */
export function drawFreeInteraction(
  live: LiveClass,
  ivCumulative: Float64Array,
  moments: readonly number[],
): void {
  const { ctx, iv, plan } = live;
  const { rng } = ctx;
  const perInterval = new Int32Array(iv.n);
  if (plan.events === null) {
    for (let j = 0; j < iv.n; j++) {
      const minutes = ((iv.seen[j] ?? 0) - (iv.join[j] ?? 0)) / MINUTE_MS;
      perInterval[j] = rng.poisson(
        FREE_EVENTS_PER_MINUTE * minutes * live.engagementOf(iv.slot[j] ?? 0),
      );
    }
  } else if (iv.n > 0) {
    // A target (benchmarks): spread exactly what is left over the same weights.
    for (let left = plan.events - live.events.length; left > 0; left--) {
      const j = pickCumulative(ivCumulative, rng);
      perInterval[j] = (perInterval[j] ?? 0) + 1;
    }
  }
  for (let j = 0; j < iv.n; j++) {
    const slot = iv.slot[j] ?? 0;
    const join = iv.join[j] ?? 0;
    const seen = iv.seen[j] ?? 0;
    for (let n = perInterval[j] ?? 0; n > 0; n--) {
      const roll = rng.next();
      const kind =
        roll < CHAT_SHARE ? CHAT : roll < CHAT_SHARE + REACTION_SHARE ? REACTION : HAND_RAISE;
      let at = join + rng.next() * (seen - join);
      if (kind === REACTION && rng.chance(REACTION_BURST_SHARE)) {
        const burst = rng.pick(moments) + rng.exponential(REACTION_BURST_MEAN_MS);
        if (burst >= join && burst <= seen) at = burst;
      }
      live.emit(at, slot, kind);
    }
  }
}
