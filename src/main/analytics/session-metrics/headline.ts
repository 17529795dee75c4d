// computeSessionHeadline: a class's headline numbers without its events, from each viewer's count
// of events per kind; and headlineOf, the one definition both it and computeSessionMetrics use.
import { KIND_COUNT, KNOWN_KIND_INDEX, meanOrNull, ratio } from './common';
import { engagementMetrics, type ViewerCounts } from './engagement';
import { attendeePurchases, offerFunnel } from './funnel';
import type { SessionData } from './input';
import type { SessionMetricsOptions } from './options';
import { pollResults, questionStats } from './polls';
import { audienceMetrics, buildPresence, makeBuckets, type Presence } from './presence';
import type {
  AttendeePurchases,
  AudienceMetrics,
  EngagementMetrics,
  OfferFunnel,
  PollRunResult,
  QuestionStats,
  SessionHeadline,
} from './results';
import { assertSessionData, checkId, checkObject, resolveOptions } from './validate';

/** How many events of one kind one learner sent during the class (startedAt ≤ at ≤ endedAt). */
export interface LearnerKindCount {
  readonly learnerId: number;
  readonly kind: string;
  readonly count: number;
}

/**
 * The same counts as columns (index i of each is one count): no object per (learner, kind), 52,000
 * on the benchmark class, as the storage reads them.
 */
export interface LearnerKindCountColumns {
  readonly learnerIds: readonly number[];
  readonly kinds: readonly string[];
  readonly counts: readonly number[];
}

function asColumns(
  counts: readonly LearnerKindCount[] | LearnerKindCountColumns,
): LearnerKindCountColumns {
  if (!Array.isArray(counts)) {
    const columns = checkObject(counts, 'counts') as unknown as LearnerKindCountColumns;
    const { learnerIds, kinds, counts: numbers } = columns;
    if (
      !Array.isArray(learnerIds) ||
      !Array.isArray(kinds) ||
      !Array.isArray(numbers) ||
      kinds.length !== learnerIds.length ||
      numbers.length !== learnerIds.length
    ) {
      throw new TypeError(
        'counts must be a list, or columns learnerIds, kinds, counts of one length',
      );
    }
    return columns;
  }
  const list = counts as readonly LearnerKindCount[];
  // Each value is checked where it is counted (viewerCounts), as for columns.
  const learnerIds: unknown[] = [];
  const kinds: unknown[] = [];
  const numbers: unknown[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = checkObject(list[i], `counts[${i}]`);
    learnerIds.push(entry.learnerId);
    kinds.push(entry.kind);
    numbers.push(entry.count);
  }
  return { learnerIds, kinds, counts: numbers } as unknown as LearnerKindCountColumns;
}

/** The parts of a class's metrics its headline is made of. */
export interface HeadlineParts {
  readonly session: SessionData['session'];
  readonly audience: AudienceMetrics;
  readonly scoredInteractions: number;
  readonly engagement: EngagementMetrics;
  readonly questions: QuestionStats;
  readonly polls: readonly PollRunResult[];
  readonly offers: OfferFunnel;
  readonly purchases: AttendeePurchases;
}

/** The numbers a class is compared on (SessionMetrics.headline), from its metrics' parts. */
export function headlineOf(parts: HeadlineParts): SessionHeadline {
  const { session, audience, engagement, questions, polls, offers, purchases } = parts;
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
  return {
    sessionId: session.id,
    startedAt: session.startedAt,
    durationMs: session.endedAt - session.startedAt,
    uniqueViewers: audience.uniqueViewers,
    peakConcurrency: audience.peakConcurrency,
    averageConcurrency: audience.averageConcurrency,
    averageWatchMs: audience.averageWatchMs,
    medianWatchMs: audience.medianWatchMs,
    averageWatchShare: audience.averageWatchShare,
    interactions: parts.scoredInteractions,
    interactionsPerViewer: ratio(parts.scoredInteractions, audience.uniqueViewers),
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
}

/**
 * countEvents' per-viewer counts of the scored kinds from grouped counts: counts of learners who
 * are not viewers, and of kinds that are not scored, are left out as countEvents leaves them out.
 */
function viewerCounts(counts: LearnerKindCountColumns, presence: Presence): ViewerCounts {
  const perViewer = new Int32Array(presence.learnerIds.length * KIND_COUNT);
  let scored = 0;
  const { learnerIds, kinds, counts: numbers } = counts;
  for (let i = 0; i < learnerIds.length; i++) {
    const learnerId = checkId(learnerIds[i], `counts[${i}].learnerId`);
    const kind = kinds[i];
    if (typeof kind !== 'string' || kind === '') {
      throw new TypeError(`counts[${i}].kind must be a non-empty string`);
    }
    const count = numbers[i];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
      throw new RangeError(`counts[${i}].count must be a whole number, 1 or more`);
    }
    const k = KNOWN_KIND_INDEX.get(kind);
    const v = presence.viewerOf(learnerId);
    if (k === undefined || v < 0) continue;
    perViewer[v * KIND_COUNT + k] = (perViewer[v * KIND_COUNT + k] ?? 0) + count;
    scored += count;
  }
  return { perViewer, otherPerViewer: new Int32Array(presence.learnerIds.length), scored };
}

/**
 * The class's headline exactly as computeSessionMetrics(data with its events).headline, where
 * `data.events` is left out (empty) and `counts` holds each learner's in-class events per kind
 * instead (a list, or columns): the course dashboard shows headlines only, and a class of
 * 1,000,000 events is then read as tens of thousands of counts. Validates `data`, `counts` and `options`.
 */
export function computeSessionHeadline(
  data: SessionData,
  counts: readonly LearnerKindCount[] | LearnerKindCountColumns,
  options: SessionMetricsOptions = {},
): SessionHeadline {
  assertSessionData(data);
  if (data.events.length > 0) {
    throw new TypeError('data.events must be empty: the headline reads the events from counts');
  }
  const resolved = resolveOptions(options);
  const { session } = data;
  const b = makeBuckets(session.startedAt, session.endedAt, resolved.bucketMs);
  const presence = buildPresence(data.attendance, session.startedAt, session.endedAt);
  const audience = audienceMetrics(presence, b);
  const perViewer = viewerCounts(asColumns(counts), presence);
  const engagement = engagementMetrics(
    presence,
    perViewer,
    session.endedAt - session.startedAt,
    resolved,
  );
  const { polls } = pollResults(data, presence);
  const questions = questionStats(data.questions, resolved.topQuestions);
  const { funnel: offers, buyers } = offerFunnel(data, presence, resolved);
  const purchases = attendeePurchases(data, presence, buyers);
  return headlineOf({
    session,
    audience,
    scoredInteractions: perViewer.scored,
    engagement,
    questions,
    polls,
    offers,
    purchases,
  });
}
