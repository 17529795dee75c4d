import type { LearnerProfile } from '../../../shared/contract/analytics-api';
import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { CourseId, LearnerId, OrderId, SessionId } from '../../../shared/model/ids';
import { StudioError } from '../../../shared/contract/errors';
import { maskEmail, maskPhone } from '../../../shared/model/identity';
import type { Db } from '../../storage/connection';
import {
  learnerAttendance,
  learnerContacts,
  learnerEvents,
  learnerOrders,
  learnerQuestions,
} from '../../storage/queries/insights';
import { describeSegment } from '../../analytics/segments';
import { computeSessionMetrics } from '../../analytics/session-metrics';
import {
  recommendationsFor,
  contractReason,
  reasonText,
  rfmSegmentOf,
  segmentation,
  segmentOf,
} from './base-models';
import { customerBase, predictValue, type CustomerBase } from './customer-base';
import type { JobContext } from './job-context';
import type { WithoutJob } from './job-context';

// analytics.learner: one learner's history, scores, predictions, segment and next courses.

// ---------------------------------------------------------------------------------------------
// analytics.learner
// ---------------------------------------------------------------------------------------------

function courseRecommendations(
  base: CustomerBase,
  learnerId: number,
  ctx: JobContext,
): LearnerProfile['recommendations'] {
  const list = recommendationsFor(base, [learnerId]).get(String(learnerId));
  return (list?.recommendations ?? []).map((r) => ({
    courseId: Number(r.courseId) as CourseId,
    title: base.courses.get(Number(r.courseId)) ?? `#${r.courseId}`,
    score: r.score,
    reason: contractReason(r.reason),
    text: reasonText(base, r.reason, ctx.language),
  }));
}

/** One learner's history, scores, predictions, segment and next courses. */
export function learnerJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.learner'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<LearnerProfile> {
  const id: number = args.learnerId;
  const base = customerBase(db, file, ctx);
  const info = base.learners.get(id);
  if (!info) throw new StudioError('NOT_FOUND', `no learner with id ${id}`);
  ctx.checkpoint();

  // Attendance with this learner's engagement score in each class: the score depends on the
  // learner's own presence and events only, so the metrics are computed on their slice alone.
  const intervals = learnerAttendance(db, id);
  const events = learnerEvents(db, id);
  const sessions = new Map<number, (typeof intervals)[number][]>();
  for (const row of intervals) {
    const list = sessions.get(row.session_id) ?? [];
    list.push(row);
    sessions.set(row.session_id, list);
  }
  const attendance: LearnerProfile['attendance'] = [];
  for (const [sessionId, rows] of sessions) {
    const first = rows[0];
    if (!first) continue;
    const endedAt = first.ended_at ?? ctx.now;
    if (endedAt <= first.started_at) continue;
    const own = events.filter((e) => e.session_id === sessionId);
    const metrics = computeSessionMetrics({
      session: { id: sessionId, startedAt: first.started_at, endedAt, courseId: first.course_id },
      attendance: rows.map((r) => ({
        learnerId: id,
        joinedAt: r.joined_at,
        leftAt: r.left_at,
        lastSeenAt: r.last_seen_at,
      })),
      events: own.map((e) => ({ learnerId: id, kind: e.kind, at: e.at })),
      questions: [],
      pollRuns: [],
      offers: [],
      orders: [],
    });
    const viewer = metrics.engagement.viewers[0];
    attendance.push({
      sessionId: sessionId as SessionId,
      title: first.title,
      courseId: first.course_id as CourseId | null,
      startedAt: first.started_at,
      watchedMs: viewer?.watchedMs ?? 0,
      engagementScore: viewer?.score ?? 0,
      interactions: metrics.headline.interactions,
    });
  }
  ctx.progress('history', 1, 3);
  ctx.checkpoint();

  const questions = learnerQuestions(db, id).map((q) => ({
    id: q.id,
    sessionId: q.session_id as SessionId,
    text: q.text,
    askedAt: q.asked_at,
    status: q.status,
  }));
  const purchases = learnerOrders(db, id).map((o) => ({
    orderId: o.id as OrderId,
    source: o.source,
    orderedAt: o.ordered_at,
    status: o.status,
    currency: o.currency,
    totalMinor: o.total_minor,
    refundedMinor: o.refunded_minor,
    courses: (JSON.parse(o.courses) as { courseId: number; title: string }[]).map((c) => ({
      courseId: c.courseId as CourseId,
      title: c.title,
    })),
    items: (JSON.parse(o.items) as { title: string; courseId: number | null }[]).map((i) => ({
      title: i.title,
      courseId: i.courseId as CourseId | null,
    })),
  }));
  ctx.progress('models', 2, 3);

  const rfmRow = base.rfmById.get(String(id));
  const score = base.rfmScores.get(String(id));
  const ninety = rfmRow ? predictValue(base, rfmRow, 90) : null;
  const year = rfmRow ? predictValue(base, rfmRow, 365) : null;
  const seg = segmentation(base);
  const segmentIndex = segmentOf(base, id);
  const segment = segmentIndex === null ? undefined : seg.value?.segments[segmentIndex];
  // Masked here, in the core: the whole address never leaves it through this method.
  const contactHints = learnerContacts(db, id).map((row) => ({
    kind: row.kind,
    hint: row.kind === 'email' ? maskEmail(row.value) : maskPhone(row.value),
  }));
  ctx.checkpoint();
  const recommended = courseRecommendations(base, id, ctx);
  ctx.progress('models', 3, 3);

  return {
    learner: {
      id: id as LearnerId,
      displayName: info.displayName,
      firstSeenAt: info.createdAt,
      hasEmail: info.hasEmail,
      hasPhone: info.hasPhone,
      contactHints,
      consent: {
        followUp: info.consentFollowUp,
        linkPurchases: info.consentLinkPurchases,
        updatedAt: info.consentUpdatedAt,
      },
    },
    attendance,
    questions,
    purchases,
    rfm: rfmRow
      ? {
          x: rfmRow.x,
          tX: rfmRow.tX,
          T: rfmRow.T,
          zbar: rfmRow.zbar,
          monetaryTotalMinor: rfmRow.monetaryTotal,
          score: score
            ? {
                recency: score.recency,
                frequency: score.frequency,
                monetary: score.monetary,
                code: score.code,
              }
            : null,
          segment: rfmSegmentOf(base, id),
        }
      : null,
    prediction:
      ninety && year && base.currency
        ? {
            currency: base.currency,
            probabilityAlive: ninety.probabilityAlive,
            expectedPurchases90Days: ninety.expectedPurchases,
            value90Days: ninety.value,
            value12Months: year.value,
          }
        : null,
    segment:
      segment && seg.value
        ? {
            index: segment.index,
            of: seg.value.k,
            size: segment.size,
            share: segment.share,
            traits: segment.traits.map((t) => ({ ...t })),
            description: segment.description,
            text: describeSegment(segment.traits, ctx.language),
          }
        : null,
    recommendations: recommended,
    language: ctx.language,
  };
}
