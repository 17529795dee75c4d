// The engagement formula in words and symbols, as the report shows it.
import { INTERACTION_KINDS } from './input';
import type { EngagementCaps, EngagementWeights } from './options';
import type { EngagementFormula, FormulaTerm } from './results';
import { resolveOptions } from './validate';

/**
 * The engagement score of a viewer, as data:
 *
 *   score = (watched minutes + Σ over kinds of weight(kind) × min(count(kind), cap(kind)))
 *           / class minutes
 *
 * where watched minutes is the viewer's watch time (presence clipped to the class) and count(kind)
 * their in-class events of that kind. A viewer who watched the whole class and did nothing scores
 * 1; one who watched half of it scores 0.5 plus whatever their interactions earned, so a score
 * above 1 means "more engaged than a silent full-time viewer". With the default weights a question
 * is worth three watched minutes, a chat message one, a reaction a tenth (the first 30 only).
 */
export function describeEngagementFormula(
  weights: Partial<EngagementWeights> = {},
  caps: Partial<EngagementCaps> = {},
): EngagementFormula {
  const resolved = resolveOptions({ weights, caps });
  const terms: FormulaTerm[] = [
    { term: 'watched_minutes', weight: 1, cap: null },
    ...INTERACTION_KINDS.map((kind) => ({
      term: kind,
      weight: resolved.weights[kind],
      cap: resolved.caps[kind],
    })),
  ];
  const parts = terms
    .slice(1)
    .map((t) => `${t.weight} × ${t.cap === null ? t.term : `min(${t.term}, ${t.cap})`}`);
  return {
    name: 'engagement',
    version: 1,
    terms,
    denominator: 'session_minutes',
    text: `score = (watched_minutes + ${parts.join(' + ')}) / session_minutes`,
  };
}
