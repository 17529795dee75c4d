// computeSessionPurchases: the part of computeSessionMetrics a class's customer sections need.
import { attendeePurchases, offerFunnel } from './funnel';
import type { SessionData } from './input';
import type { SessionMetricsOptions } from './options';
import { buildPresence } from './presence';
import type { AttendeePurchases } from './results';
import { assertSessionData, resolveOptions } from './validate';

export interface SessionPurchases {
  readonly sessionId: number;
  readonly courseId: number | null;
  readonly startedAt: number;
  /** The class's viewers' learner ids, ascending (SessionMetrics.engagement.viewers' ids). */
  readonly viewers: readonly number[];
  /** As SessionMetrics.purchases. */
  readonly purchases: AttendeePurchases;
  /** As SessionMetrics.offers.attributionWindowDays. */
  readonly attributionWindowDays: number;
}

/**
 * The class's viewers and who bought before and through it, exactly as computeSessionMetrics
 * finds them, without the audience curve, engagement scores, drop-offs, polls and questions that
 * the customer sections (report.sessionCustomers) do not show. Validates `data` and `options` as
 * computeSessionMetrics does.
 */
export function computeSessionPurchases(
  data: SessionData,
  options: SessionMetricsOptions = {},
): SessionPurchases {
  assertSessionData(data);
  const resolved = resolveOptions(options);
  const { session } = data;
  const presence = buildPresence(data.attendance, session.startedAt, session.endedAt);
  const { funnel, buyers } = offerFunnel(data, presence, resolved);
  return {
    sessionId: session.id,
    courseId: session.courseId,
    startedAt: session.startedAt,
    viewers: [...presence.learnerIds],
    purchases: attendeePurchases(data, presence, buyers),
    attributionWindowDays: funnel.attributionWindowDays,
  };
}
