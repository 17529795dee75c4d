// computeSessionMetrics: validates the input, then runs every metric module over one class.
import { meanOrNull, ratio } from './common';
import { collectMoments, countEvents, dropOffs, engagementMetrics } from './engagement';
import { attendeePurchases, offerFunnel } from './funnel';
import type { SessionData } from './input';
import type { SessionMetricsOptions } from './options';
import { pollResults, questionStats } from './polls';
import { audienceMetrics, buildPresence, makeBuckets } from './presence';
import type { SessionHeadline, SessionMetrics } from './results';
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

  let quizVoters = 0;
  let quizCorrect = 0;
  for (const run of polls) {
    if (!run.quiz) continue;
    quizVoters += run.voters;
    quizCorrect += run.quiz.correctVoters;
  }
  const participations = polls.flatMap((run) =>
    run.participation === null ? [] : [run.participation],
  );
  const headline: SessionHeadline = {
    sessionId: session.id,
    startedAt: session.startedAt,
    durationMs,
    uniqueViewers: audience.uniqueViewers,
    peakConcurrency: audience.peakConcurrency,
    averageConcurrency: audience.averageConcurrency,
    averageWatchMs: audience.averageWatchMs,
    medianWatchMs: audience.medianWatchMs,
    averageWatchShare: audience.averageWatchShare,
    interactions: counts.scoredInteractions,
    interactionsPerViewer: ratio(counts.scoredInteractions, audience.uniqueViewers),
    averageEngagement: engagement.averageScore,
    questions: questions.asked,
    answeredShare: questions.answeredShare,
    medianTimeToAnswerMs: questions.medianTimeToAnswerMs,
    pollParticipation: meanOrNull(participations),
    quizCorrectShare: ratio(quizCorrect, quizVoters),
    offerReached: offers.total.reached,
    offerClickRate: offers.total.clickRate,
    offerBuyers: offers.total.buyers,
    offerConversionRate: offers.total.conversionRate,
    attributedOrders: offers.total.orders,
    revenue: offers.total.revenue,
    repurchaseRate: purchases.repurchaseRate,
  };

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
