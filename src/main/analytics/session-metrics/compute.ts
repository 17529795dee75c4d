// computeSessionMetrics: validates the input, then runs every metric module over one class.
import { collectMoments, countEvents, dropOffs, engagementMetrics } from './engagement';
import { attendeePurchases, offerFunnel } from './funnel';
import type { SessionData } from './input';
import type { SessionMetricsOptions } from './options';
import { pollResults, questionStats } from './polls';
import { audienceMetrics, buildPresence, makeBuckets } from './presence';
import { headlineOf } from './headline';
import type { SessionMetrics } from './results';
import { assertSessionData, resolveOptions } from './validate';

/**
 * Computes every metric of one class (see each field's definition). Validates `data` and
 * `options` first and throws a TypeError or RangeError naming the first bad field.
 */
export function computeSessionMetrics(
  data: SessionData,
  options: SessionMetricsOptions = {},
): SessionMetrics {
  assertSessionData(data);
  const resolved = resolveOptions(options);
  const { session } = data;
  const durationMs = session.endedAt - session.startedAt;
  const b = makeBuckets(session.startedAt, session.endedAt, resolved.bucketMs);
  const presence = buildPresence(data.attendance, session.startedAt, session.endedAt);
  const audience = audienceMetrics(presence, b);
  const counts = countEvents(data.events, presence, b);
  const engagement = engagementMetrics(presence, counts, durationMs, resolved);
  const moments = collectMoments(data);
  const drops = dropOffs(audience, counts.timeline, moments, data.questions, b, resolved);
  const { polls, quizScores } = pollResults(data, presence);
  const questions = questionStats(data.questions, resolved.topQuestions);
  const { funnel: offers, buyers: classBuyers } = offerFunnel(data, presence, resolved);
  const purchases = attendeePurchases(data, presence, classBuyers);

  const headline = headlineOf({
    session,
    audience,
    scoredInteractions: counts.scored,
    engagement,
    questions,
    polls,
    offers,
    purchases,
  });

  return {
    sessionId: session.id,
    courseId: session.courseId,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    durationMs,
    bucketMs: resolved.bucketMs,
    audience,
    dropOffs: drops,
    engagement,
    timeline: counts.timeline,
    polls,
    quizScores,
    questions,
    offers,
    purchases,
    headline,
  };
}
