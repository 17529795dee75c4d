/**
 * The area under the ROC curve of a score against yes/no labels (propensity.ts measures its
 * models with it).
 *
 * Pure: no I/O, no Node built-ins.
 */
import { describeValue } from './feature-table';

/**
 * AUC as the Mann–Whitney statistic: over every (positive, negative) pair, count 1 when the
 * positive has the higher score, ½ when the scores are equal, 0 otherwise, and divide by the
 * number of pairs. Computed from average ranks, in O(n log n).
 * @throws TypeError/RangeError for mismatched or malformed arrays, or labels of only one kind
 */
export function aucMannWhitney(scores: readonly number[], labels: readonly boolean[]): number {
  const untrustedScores: unknown = scores;
  const untrustedLabels: unknown = labels;
  if (!Array.isArray(untrustedScores)) throw new TypeError('scores must be an array of numbers');
  if (!Array.isArray(untrustedLabels)) throw new TypeError('labels must be an array of booleans');
  if (scores.length !== labels.length) {
    throw new RangeError(
      `scores and labels must have the same length (got ${scores.length} and ${labels.length})`,
    );
  }
  scores.forEach((s: unknown, i) => {
    if (typeof s !== 'number' || Number.isNaN(s)) {
      throw new RangeError(`scores[${i}] must be a number (got ${describeValue(s)})`);
    }
  });
  let positives = 0;
  labels.forEach((l: unknown, i) => {
    if (typeof l !== 'boolean') {
      throw new TypeError(`labels[${i}] must be true or false (got ${describeValue(l)})`);
    }
    if (l) positives++;
  });
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(
      `labels must include at least one true and one false (got ${positives} true, ${negatives} false)`,
    );
  }
  const order = scores.map((_, i) => i).sort((p, q) => (scores[p] ?? 0) - (scores[q] ?? 0));
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    const value = scores[order[i] ?? 0];
    while (j + 1 < order.length && scores[order[j + 1] ?? 0] === value) j++;
    // Ranks i+1 … j+1 are shared by a run of equal scores: each gets their average.
    const averageRank = (i + j + 2) / 2;
    for (let t = i; t <= j; t++) if (labels[order[t] ?? 0]) rankSum += averageRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
