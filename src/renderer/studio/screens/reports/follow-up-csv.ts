import type { FollowUp } from '../../../../shared/contract/analytics-api';
import type { CsvValue } from '../../../common/csv';

/** Stable, machine-friendly column names: the file feeds mail merges and CRMs, not people. */
export const FOLLOW_UP_CSV_COLUMNS = [
  'learner_id',
  'learner',
  'rfm_segment',
  'course_id',
  'course',
  'score',
  'why',
  'agreed_to_follow_up',
  'has_email',
  'has_phone',
] as const;

export function followUpCsvRow(row: FollowUp): CsvValue[] {
  return [
    row.learnerId,
    row.displayName,
    row.rfmSegment ?? '',
    row.courseId,
    row.courseTitle,
    row.score.toFixed(3),
    row.text,
    row.consentFollowUp ? 'yes' : 'no',
    row.contact?.hasEmail ? 'yes' : 'no',
    row.contact?.hasPhone ? 'yes' : 'no',
  ];
}
