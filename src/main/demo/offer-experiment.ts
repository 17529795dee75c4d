import { assignVariant } from '../kernel/variant-split';
import type { Rng } from '../kernel/random';
import type { ExperimentStatements } from '../storage/queries/demo-experiment-writes';
import type { IdCounters, SessionOutcome } from './live-session';

/**
 * The demo's offer experiments. Each class's first offer (the course at its open-class price) is
 * an A/B test of its wording: A keeps the plain headline, B adds a bonus workbook. Viewers are
 * split by the same rule the live hub uses (kernel/variant-split.ts, the learner id with a seed
 * stored on the offer), and each viewer who saw it gets an exposure row. B is genuinely better:
 * a viewer shown B who did not click the offer is tempted once more (a chance of its own): one of
 * their later reactions in the class becomes a click on the offer instead (same moment, so the
 * class's event counts and order are unchanged), and that click feeds the order model like any
 * other (orders.ts). So B's clicks, orders and revenue are higher in the generated data without
 * any total set by hand. Drawn from its own random stream.
 */

const EXTRA_CLICK_CHANCE = 0.2;
const VARIANTS = [
  { label: 'A · plain', headline: null },
  { label: 'B · bonus workbook', headline: 'Tonight only: the printed workbook is included' },
] as const;

/** Turns the class's first course offer into an experiment; returns the clicks B added. */
export function simulateExperiment(
  rng: Rng,
  statements: ExperimentStatements,
  ids: IdCounters,
  outcome: SessionOutcome,
  courses: number,
  events: { from: number; to: number },
): number {
  const offer = outcome.offers[0];
  if (!offer || offer.item >= courses) return 0;
  const seed = `demo-${String(outcome.plan.id)}`;
  statements.experiment.run(offer.id, seed, VARIANTS.length);
  VARIANTS.forEach((v, idx) => {
    statements.variant.run(offer.id, idx, v.label, offer.priceMinor, v.headline, offer.endsAt);
  });
  const slotOf = new Map<number, number>();
  outcome.viewers.forEach((learner, slot) => {
    if (!slotOf.has(learner + 1)) slotOf.set(learner + 1, slot);
  });
  // Each learner's reactions in the class, in time order: the moments a viewer shown B can
  // click instead (the event keeps its place, so the class's event counts and order hold).
  const reactions = new Map<number, { id: number; at: number }[]>();
  for (const r of statements.reactions.all(events.from, events.to)) {
    const list = reactions.get(r.learner_id) ?? [];
    list.push({ id: r.id, at: r.at });
    reactions.set(r.learner_id, list);
  }
  let added = 0;
  for (const { learner_id: learnerId, at } of statements.impressions.all(offer.id)) {
    const idx = assignVariant(seed, String(learnerId), VARIANTS.length);
    statements.exposure.run(offer.id, learnerId, idx, at);
    const slot = slotOf.get(learnerId);
    if (idx !== 1 || slot === undefined || (outcome.clickedOffer[slot] ?? -1) !== -1) continue;
    if (!rng.chance(EXTRA_CLICK_CHANCE)) continue;
    const moment = reactions.get(learnerId)?.find((r) => r.at >= at && r.at <= offer.endsAt);
    if (!moment) continue;
    statements.toClick.run(`{"offerId":${String(offer.id)}}`, moment.id);
    statements.click.run(++ids.click, offer.id, learnerId, moment.at);
    outcome.clickedOffer[slot] = 0;
    outcome.clickedAt[slot] = moment.at;
    added += 1;
  }
  return added;
}
