import type { HighValueExportRow } from '../../../../../shared/contract/high-value-api';
import type { CsvValue } from '../../../../common/csv';

/**
 * The high-value list's file: machine-friendly column names, as the follow-up files. Email and
 * phone are filled only for learners who agreed to follow-ups (the core leaves them null
 * otherwise); every cell goes through toCsv's formula guard.
 */
export const HIGH_VALUE_CSV_COLUMNS = [
  'learner_id',
  'name',
  'agreed_to_follow_up',
  'email',
  'phone',
  'value_12_months',
  'currency',
  'series',
  'owns_course',
  'next_course_id',
  'next_course',
  'why',
] as const;

export function highValueCsvRow(
  row: HighValueExportRow,
  currency: string | null,
  minorDigits: number,
): CsvValue[] {
  return [
    row.learnerId,
    row.displayName,
    row.consentFollowUp ? 'yes' : 'no',
    row.email,
    row.phone,
    (row.value12Months / 10 ** minorDigits).toFixed(minorDigits),
    currency,
    row.series,
    row.ownedCourseTitle,
    row.nextCourseId,
    row.nextCourseTitle,
    row.reason,
  ];
}
