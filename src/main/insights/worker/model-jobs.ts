import type { FollowUpList, PropensityReport } from '../../../shared/contract/analytics-api';
import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { CourseId, LearnerId } from '../../../shared/model/ids';
import { StudioError } from '../../../shared/contract/errors';
import type { Db } from '../../storage/connection';
import { sessionAttendees } from '../../storage/queries/insights';
import { replayOfferMisses } from '../../storage/queries/lan-replay';
import { coursePropensity, followUpRows } from './base-models';
import { customerBase } from './customer-base';
import type { JobContext } from './job-context';
import type { WithoutJob } from './job-context';

// analytics.propensity and analytics.recommendations: the fitted models on their own.

// ---------------------------------------------------------------------------------------------
// analytics.propensity
// ---------------------------------------------------------------------------------------------

/** Logistic regression of "bought this course" on engagement and the rest of the purchase history. */
export function propensityJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.propensity'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<PropensityReport> {
  const courseId: number = args.courseId;
  const base = customerBase(db, file, ctx);
  const title = base.courses.get(courseId);
  if (title === undefined) throw new StudioError('NOT_FOUND', `no course with id ${courseId}`);
  ctx.progress('fit', 0, 1);
  ctx.checkpoint();
  let propensity;
  try {
    propensity = coursePropensity(base, courseId);
  } catch (error) {
    if (error instanceof RangeError) throw new StudioError('CONFLICT', error.message);
    throw error;
  }
  ctx.progress('fit', 1, 1);
  const { fit, probabilities } = propensity;
  const top = [...probabilities]
    .map(([id, probability]) => ({ id, probability }))
    .sort((p, q) => q.probability - p.probability || p.id - q.id)
    .slice(0, args.limit)
    .map((r) => ({
      learnerId: r.id as LearnerId,
      displayName: base.learners.get(r.id)?.displayName ?? `#${r.id}`,
      probability: r.probability,
    }));
  return {
    courseId: courseId as CourseId,
    courseTitle: title,
    learners: fit.rows,
    buyers: fit.buyers,
    crossValidation: {
      folds: fit.crossValidation.folds,
      foldAuc: [...fit.crossValidation.foldAuc],
      meanAuc: fit.crossValidation.meanAuc,
      pooledAuc: fit.crossValidation.pooledAuc,
    },
    oddsRatios: fit.oddsRatios.map((o) => ({ ...o })),
    converged: fit.converged,
    top,
  };
}

// ---------------------------------------------------------------------------------------------
// analytics.recommendations
// ---------------------------------------------------------------------------------------------

/**
 * The follow-up list: each learner's best next course and why. Contact flags only for learners
 * who agreed to follow-up; never an address.
 */
export function recommendationsJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.recommendations'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<FollowUpList> {
  const attendees = args.sessionId === undefined ? undefined : sessionAttendees(db, args.sessionId);
  const base = customerBase(db, file, ctx);
  ctx.progress('recommend', 0, 1);
  ctx.checkpoint();
  const rows = followUpRows(base, attendees, ctx, replayOfferMisses(db, args.sessionId));
  ctx.progress('recommend', 1, 1);
  return {
    total: rows.length,
    offset: args.offset,
    rows: rows.slice(args.offset, args.offset + args.limit),
    language: ctx.language,
  };
}

export { sessionAttendees };
