import type { Rng } from '../kernel/random';
import type { SurveyStatements } from '../storage/queries/demo-satisfaction-writes';
import { MINUTE_MS, SECOND_MS } from './calendar';
import type { SessionOutcome } from './live-session';
import type { Population } from './people';

/**
 * The demo's end-of-class surveys. Every class opens one for its last minutes; learners who
 * stayed for most of the class answer about half the time. Each answer comes from the learner's
 * satisfaction, which the articles' chain (engagement → satisfaction → purchase) shapes: it rises
 * with how much they took part and stayed, and with their own keenness — the same latent
 * propensity that drives their later purchases in orders.ts. So satisfied learners do buy again
 * more often in the generated data, and the Findings can show it; nothing is forced per learner.
 * Drawn from a random stream of its own, so the rest of the demo is unchanged by it.
 */

const ANSWER_SHARE = 0.55;
const MIN_PRESENT_SHARE = 0.5;
const COMMENT_SHARE = 0.18;
const OPEN_BEFORE_END_MS = 4 * MINUTE_MS;

const COMMENTS_HAPPY = [
  'Clear explanations, thank you!',
  'Great pace and examples.',
  '讲得很清楚，收获很大！',
  '例子很实用，期待下一节。',
  'Loved the live Q&A.',
];
const COMMENTS_UNHAPPY = [
  'A bit too fast for me.',
  'The sound was hard to follow.',
  '节奏有点快，希望多讲例题。',
  'Would like more practice time.',
];

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(v)));
}

/** Writes one class's survey and its answers; returns how many answers were written. */
export function simulateSurvey(
  rng: Rng,
  statements: SurveyStatements,
  population: Population,
  outcome: SessionOutcome,
  surveyId: number,
): number {
  const { plan, viewers, interactions, presentMs } = outcome;
  const length = Math.max(1, plan.endedAt - plan.startedAt);
  const openedAt = plan.endedAt - OPEN_BEFORE_END_MS;
  statements.survey.run(surveyId, plan.id, openedAt, plan.endedAt);
  const answered = new Set<number>();
  let written = 0;
  for (let slot = 0; slot < viewers.length; slot++) {
    const learner = viewers[slot] ?? 0;
    const present = (presentMs[slot] ?? 0) / length;
    if (present < MIN_PRESENT_SHARE || answered.has(learner) || !rng.chance(ANSWER_SHARE)) continue;
    answered.add(learner);
    const latent =
      0.9 * Math.log(population.propensity[learner] ?? 1) +
      0.25 * Math.log(1 + (interactions[slot] ?? 0)) +
      0.8 * present +
      rng.normal(-0.6, 0.6);
    const rating = (): number => clamp(3.7 + latent + rng.normal(0, 0.5), 1, 5);
    const classRating = rating();
    const teacherRating = rating();
    const contentRating = rating();
    const recommend = clamp(7 + 2 * latent + rng.normal(0, 1), 0, 10);
    const comment = rng.chance(COMMENT_SHARE)
      ? rng.pick(latent > 0 ? COMMENTS_HAPPY : COMMENTS_UNHAPPY)
      : null;
    const at = Math.min(
      plan.endedAt - SECOND_MS,
      openedAt + 5 * SECOND_MS + Math.floor(rng.exponential(50 * SECOND_MS)),
    );
    statements.answer.run(
      surveyId,
      learner + 1,
      classRating,
      teacherRating,
      contentRating,
      recommend,
      comment,
      at,
      at,
    );
    written += 1;
  }
  return written;
}
