import { SatisfactionWeights } from '../../shared/contract/satisfaction-api';
import { DEFAULT_SATISFACTION_WEIGHTS, normaliseWeights } from '../analytics/satisfaction';
import type { Db } from '../storage/connection';
import { getSetting } from '../storage/queries/settings';

export const WEIGHTS_SETTING = 'satisfaction.weights';

/**
 * The workspace's weights, normalised to sum 1; the articles' defaults when none are stored or
 * the stored value is unreadable (a hand-edited database).
 */
export function readSatisfactionWeights(db: Db): SatisfactionWeights {
  const parsed = SatisfactionWeights.safeParse(getSetting(db, WEIGHTS_SETTING));
  return normaliseWeights(parsed.success ? parsed.data : DEFAULT_SATISFACTION_WEIGHTS);
}
