// Comparison of one class's headline with the course's earlier classes.
import { meanOrNull } from './common';
import type { SessionHeadline } from './results';
import { checkArray, checkId, checkObject, checkTime } from './validate';

type NumericHeadlineKey = {
  [K in keyof SessionHeadline]: SessionHeadline[K] extends number | null ? K : never;
}[keyof SessionHeadline];

/** The headline numbers compared across classes, and which way is better. */
export const COMPARED_METRICS: readonly { key: NumericHeadlineKey; better: 'higher' | 'lower' }[] =
  [
    { key: 'uniqueViewers', better: 'higher' },
    { key: 'peakConcurrency', better: 'higher' },
    { key: 'averageConcurrency', better: 'higher' },
    { key: 'averageWatchMs', better: 'higher' },
    { key: 'medianWatchMs', better: 'higher' },
    { key: 'averageWatchShare', better: 'higher' },
    { key: 'interactionsPerViewer', better: 'higher' },
    { key: 'averageEngagement', better: 'higher' },
    { key: 'questions', better: 'higher' },
    { key: 'answeredShare', better: 'higher' },
    { key: 'medianTimeToAnswerMs', better: 'lower' },
    { key: 'pollParticipation', better: 'higher' },
    { key: 'quizCorrectShare', better: 'higher' },
    { key: 'offerReached', better: 'higher' },
    { key: 'offerClickRate', better: 'higher' },
    { key: 'offerBuyers', better: 'higher' },
    { key: 'offerConversionRate', better: 'higher' },
    { key: 'attributedOrders', better: 'higher' },
    { key: 'repurchaseRate', better: 'higher' },
  ];

export interface MetricComparison {
  /** A headline key, or `revenue.<currency>` for the attributed revenue in one currency. */
  readonly metric: string;
  readonly better: 'higher' | 'lower';
  readonly value: number | null;
  /** The same metric in the most recent earlier class (null if none, or it has no value). */
  readonly previous: number | null;
  /** value − previous; null when either is null. */
  readonly changeFromPrevious: number | null;
  /** Mean over the earlier classes that have a value; null if none has. */
  readonly earlierMean: number | null;
  /** value − earlierMean; null when either is null. */
  readonly changeFromMean: number | null;
  /** (value − earlierMean) / earlierMean; null when either is null or the mean is 0. */
  readonly relativeChangeFromMean: number | null;
  /**
   * Rank of this class among itself and the earlier classes that have a value: 1 + the number of
   * those strictly better. Null when this class has no value.
   */
  readonly rank: number | null;
  /** How many classes were ranked (this one included). */
  readonly rankedAmong: number;
}

export interface HistoryComparison {
  readonly sessionId: number;
  /** How many earlier classes were compared with. */
  readonly earlierClasses: number;
  readonly previousSessionId: number | null;
  readonly metrics: readonly MetricComparison[];
}

function revenueIn(headline: SessionHeadline, currency: string): number {
  return headline.revenue.find((money) => money.currency === currency)?.minor ?? 0;
}

/**
 * Compares a class with the same course's earlier classes: for every COMPARED_METRICS entry (and
 * the attributed revenue in each currency this class took), the change from the previous class
 * and from the earlier mean, and this class's rank.
 * @throws TypeError/RangeError for a malformed list, or an "earlier" class that is not earlier
 */
export function compareWithEarlier(
  current: SessionHeadline,
  earlier: readonly SessionHeadline[],
): HistoryComparison {
  checkObject(current, 'current');
  checkId(current.sessionId, 'current.sessionId');
  const currentStart = checkTime(current.startedAt, 'current.startedAt');
  checkArray(earlier, 'earlier').forEach((item, i) => {
    const headline = checkObject(item, `earlier[${i}]`);
    const id = checkId(headline.sessionId, `earlier[${i}].sessionId`);
    const startedAt = checkTime(headline.startedAt, `earlier[${i}].startedAt`);
    if (id === current.sessionId) {
      throw new RangeError(`earlier[${i}] is the class being compared (session ${id})`);
    }
    if (startedAt >= currentStart) {
      throw new RangeError(
        `earlier[${i}] (session ${id}) must have started before session ${current.sessionId} (${startedAt} ≥ ${currentStart})`,
      );
    }
  });
  const previous = earlier.reduce<SessionHeadline | null>(
    (latest, h) =>
      latest === null ||
      h.startedAt > latest.startedAt ||
      (h.startedAt === latest.startedAt && h.sessionId > latest.sessionId)
        ? h
        : latest,
    null,
  );

  const compare = (
    metric: string,
    better: 'higher' | 'lower',
    read: (h: SessionHeadline) => number | null,
  ): MetricComparison => {
    const value = read(current);
    const past = earlier.map(read).filter((x): x is number => x !== null);
    const prev = previous === null ? null : read(previous);
    const mean = meanOrNull(past);
    const beats = (x: number, y: number): boolean => (better === 'higher' ? x > y : x < y);
    return {
      metric,
      better,
      value,
      previous: prev,
      changeFromPrevious: value === null || prev === null ? null : value - prev,
      earlierMean: mean,
      changeFromMean: value === null || mean === null ? null : value - mean,
      relativeChangeFromMean:
        value === null || mean === null || mean === 0 ? null : (value - mean) / mean,
      rank: value === null ? null : 1 + past.filter((x) => beats(x, value)).length,
      rankedAmong: past.length + (value === null ? 0 : 1),
    };
  };

  return {
    sessionId: current.sessionId,
    earlierClasses: earlier.length,
    previousSessionId: previous?.sessionId ?? null,
    metrics: [
      ...COMPARED_METRICS.map(({ key, better }) => compare(key, better, (h) => h[key])),
      ...current.revenue.map(({ currency }) =>
        compare(`revenue.${currency}`, 'higher', (h) => revenueIn(h, currency)),
      ),
    ],
  };
}
