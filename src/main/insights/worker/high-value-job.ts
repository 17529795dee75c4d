import type { HighValueLearner, HighValueList } from '../../../shared/contract/high-value-api';
import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { Language } from '../../../shared/model/domain';
import type { CourseId, LearnerId } from '../../../shared/model/ids';
import {
  highValueReason,
  selectHighValueLearners,
  type ValuedLearner,
} from '../../analytics/high-value';
import type { Db } from '../../storage/connection';
import { customerBase, predictValue, type CustomerBase } from './customer-base';
import type { JobContext, WithoutJob } from './job-context';

// analytics.highValue: the learners with the highest predicted 12-month value (the customer
// base's BG/NBD and Gamma-Gamma fits, as analytics.customers predicts them) who do not yet own
// the next course of their series (analytics/high-value.ts), with the reason in words.

const YEAR_DAYS = 365;

/** A minor-unit amount as money in the reader's language ("¥1,234.50", "US$80.00"). */
export function formatMoney(
  minor: number,
  currency: string | null,
  minorPerMajor: number,
  language: Language,
): string {
  const major = minor / minorPerMajor;
  if (currency === null) return major.toFixed(2);
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(major);
  } catch {
    return `${major.toFixed(2)} ${currency}`;
  }
}

function predictedValues(base: CustomerBase): ValuedLearner[] {
  return base.rfm.flatMap((row) => {
    const year = predictValue(base, row, YEAR_DAYS);
    if (!year || !Number.isFinite(year.value)) return [];
    return [
      {
        learnerId: row.customerId,
        value12Months: year.value,
        expectedPurchases: year.expectedPurchases,
      },
    ];
  });
}

export function highValueJob(
  db: Db,
  file: string,
  args: Omit<MethodArgs<'analytics.highValue'>, 'jobId'>,
  ctx: JobContext,
): WithoutJob<HighValueList> {
  const base = customerBase(db, file, ctx);
  ctx.checkpoint();
  const modelFitted = base.bgnbd !== null && base.gammaGamma !== null;
  const selection = selectHighValueLearners({
    values: modelFitted ? predictedValues(base) : [],
    purchases: base.coursePurchases,
    catalogue: base.catalogue,
    limit: args.limit,
  });
  const titleOf = (id: string): string => base.courses.get(Number(id)) ?? `#${id}`;
  const rows = selection.rows.map((row): HighValueLearner => {
    const id = Number(row.learnerId);
    const learner = base.learners.get(id);
    const value = Math.max(0, Math.round(row.value12Months));
    return {
      learnerId: id as LearnerId,
      displayName: learner?.displayName ?? `#${row.learnerId}`,
      value12Months: value,
      expectedPurchases12Months: Math.max(0, row.expectedPurchases),
      series: row.series,
      ownedCourseId: Number(row.ownedCourseId) as CourseId,
      ownedCourseTitle: titleOf(row.ownedCourseId),
      nextCourseId: Number(row.nextCourseId) as CourseId,
      nextCourseTitle: titleOf(row.nextCourseId),
      reason: highValueReason(row, ctx.language, {
        value: formatMoney(value, base.currency, base.minorPerMajor, ctx.language),
        ownedTitle: titleOf(row.ownedCourseId),
        nextTitle: titleOf(row.nextCourseId),
      }),
      consentFollowUp: learner?.consentFollowUp ?? false,
      hasEmail: learner?.hasEmail ?? false,
      hasPhone: learner?.hasPhone ?? false,
    };
  });
  return {
    computedAt: base.calibrationEnd,
    currency: base.currency,
    modelFitted,
    total: selection.total,
    rows,
  };
}
