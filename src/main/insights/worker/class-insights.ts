import type { SessionCustomers } from '../../../shared/contract/analytics-api';
import type { Db } from '../../storage/connection';
import {
  classWindow,
  courseClassWindows,
  interactionsInClass,
  watchedInClass,
} from '../../storage/queries/insights';
import {
  BEHAVIOUR_LABELS,
  findInsights,
  renderInsight,
  type InsightLabels,
  type LearnerOutcomeRow,
} from '../../analytics/insights';
import type { CustomerBase } from './customer-base';
import { INSIGHT_OUTCOME_DAYS, OUTCOME_LABELS } from './customers-job';
import type { JobContext } from './job-context';

// The findings of a class's report (report.sessionCustomers, session-customers.ts): behaviours
// shown in the course's classes against what the learners bought afterwards.

const DAY_MS = 86_400_000;
const INSIGHT_MIN_SUPPORT = 20;
const INSIGHT_MAX_P = 0.05;
const INSIGHT_EVENT_KINDS = ['chat', 'question', 'poll_vote', 'reaction', 'offer_click'] as const;

/** The class the findings are about. */
export interface InsightClass {
  id: number;
  courseId: number | null;
  startedAt: number;
}

/**
 * Findings (insights.ts) about the learners who attended this course's classes up to this one
 * (or this class alone, when it has no course): behaviours shown in those classes against what
 * they bought afterwards — any course within INSIGHT_OUTCOME_DAYS of one of the classes, the
 * class's course, the next course, and buying on more than one day.
 */
export function classInsights(
  db: Db,
  base: CustomerBase,
  session: InsightClass,
  nextCourse: { courseId: number; title: string } | null,
  ctx: JobContext,
): SessionCustomers['insights'] {
  const classes =
    session.courseId === null
      ? classWindow(db, session.id, ctx.now)
      : courseClassWindows(db, session.courseId, session.startedAt, ctx.now);

  interface Seen {
    firstClassAt: number;
    starts: number[];
    bestShare: number;
    counts: Map<string, number>;
  }
  const seen = new Map<number, Seen>();
  for (const c of classes) {
    const duration = c.ended_at - c.started_at;
    for (const row of watchedInClass(db, c.id, c.started_at, c.ended_at)) {
      let s = seen.get(row.learner_id);
      if (!s) {
        s = { firstClassAt: c.started_at, starts: [], bestShare: 0, counts: new Map() };
        seen.set(row.learner_id, s);
      }
      s.starts.push(c.started_at);
      if (duration > 0) s.bestShare = Math.max(s.bestShare, row.watched_ms / duration);
    }
    ctx.checkpoint();
    for (const row of interactionsInClass(db, c.id, INSIGHT_EVENT_KINDS)) {
      const s = seen.get(row.learner_id);
      if (s) s.counts.set(row.kind, (s.counts.get(row.kind) ?? 0) + row.n);
    }
  }

  const ordersOf = new Map<number, { at: number; courseIds: readonly number[] }[]>();
  const columns = base.orderColumns;
  for (let i = 0; i < columns.length; i++) {
    const learnerId = columns.learnerIds[i] ?? 0;
    if (!seen.has(learnerId)) continue;
    const list = ordersOf.get(learnerId) ?? [];
    list.push({ at: columns.ats[i] ?? 0, courseIds: columns.courseIds[i] ?? [] });
    ordersOf.set(learnerId, list);
  }
  const window = INSIGHT_OUTCOME_DAYS * DAY_MS;
  const classCourse = session.courseId;
  const next = nextCourse && nextCourse.courseId !== classCourse ? nextCourse : null;
  const boughtAfter = (
    orders: readonly { at: number; courseIds: readonly number[] }[],
    from: number,
    course: number,
  ): boolean => orders.some((o) => o.at >= from && o.courseIds.includes(course));

  const rows: LearnerOutcomeRow[] = [...seen].map(([id, s]) => {
    const orders = ordersOf.get(id) ?? [];
    const outcomes: Record<string, boolean> = {
      boughtAfterClass: s.starts.some((start) =>
        orders.some((o) => o.at >= start && o.at < start + window),
      ),
    };
    if (classCourse !== null)
      outcomes.boughtClassCourse = boughtAfter(orders, s.firstClassAt, classCourse);
    if (next) outcomes.boughtNextCourse = boughtAfter(orders, s.firstClassAt, next.courseId);
    outcomes.repeatBuyer = (base.rfmById.get(String(id))?.x ?? 0) > 0;
    return {
      learnerId: String(id),
      behaviours: {
        askedQuestion: (s.counts.get('question') ?? 0) > 0,
        voted: (s.counts.get('poll_vote') ?? 0) > 0,
        clickedOffer: (s.counts.get('offer_click') ?? 0) > 0,
        chatted: (s.counts.get('chat') ?? 0) > 0,
        reacted: (s.counts.get('reaction') ?? 0) > 0,
        watchedHalf: s.bestShare >= 0.5,
      },
      outcomes,
    };
  });

  const courseTitle =
    classCourse === null ? null : (base.courses.get(classCourse) ?? `#${classCourse}`);
  const outcomes: InsightLabels = {
    ...OUTCOME_LABELS,
    ...(courseTitle === null
      ? {}
      : {
          boughtClassCourse: { en: `bought “${courseTitle}”`, 'zh-CN': `购买了《${courseTitle}》` },
        }),
    ...(next
      ? { boughtNextCourse: { en: `bought “${next.title}”`, 'zh-CN': `购买了《${next.title}》` } }
      : {}),
  };
  const findings = findInsights(rows, {
    minSupport: INSIGHT_MIN_SUPPORT,
    maxPValue: INSIGHT_MAX_P,
  });
  return {
    scope: classCourse === null ? 'class' : 'course',
    classes: classes.length,
    learners: rows.length,
    minSupport: INSIGHT_MIN_SUPPORT,
    maxPValue: INSIGHT_MAX_P,
    findings: findings.map((insight) => ({
      id: insight.id,
      template: insight.template,
      behaviour: insight.behaviour,
      outcome: insight.outcome,
      numbers: { ...insight.numbers },
      support: { ...insight.support },
      text: renderInsight(insight, ctx.language, { behaviours: BEHAVIOUR_LABELS, outcomes }),
    })),
  };
}
