import type { MailMergeRow } from '../../../../shared/contract/follow-ups-api';
import type { CsvValue } from '../../../common/csv';

/**
 * The mail-merge file's columns: machine-friendly names, as a mail merge or a CRM expects. Every
 * cell goes through toCsv's formula guard (a name or a message must never run as a formula).
 */
export const MAIL_MERGE_CSV_COLUMNS = [
  'learner_id',
  'name',
  'email',
  'phone',
  'course_id',
  'course',
  'checkout_url',
  'coupon',
  'message',
] as const;

export function mailMergeCsvRow(row: MailMergeRow): CsvValue[] {
  return [
    row.learnerId,
    row.displayName,
    row.email,
    row.phone,
    row.courseId,
    row.courseTitle,
    row.checkoutUrl,
    row.coupon,
    row.message,
  ];
}
