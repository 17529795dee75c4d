import type {
  ImportIssueCode,
  ImportIssueField,
  ImportIssueReason,
} from '../../../../shared/contract/import-issue-reasons';

/** The keys the reasons are said with (each code and field has its message in importIssue.*). */
export type IssueTextKey =
  | `importIssue.codes.${ImportIssueCode}`
  | `importIssue.fields.${ImportIssueField}`
  | 'importIssue.fieldSeparator'
  | 'importIssue.separator';

/** i18next's `t`, as far as the reasons need it. */
export type Translate = (key: IssueTextKey, params?: Record<string, string | number>) => string;

/**
 * An import issue's reasons in the studio's language: each code's message with its parameters,
 * the amount column it is about first. Runs stored before codes existed have only the English
 * sentence, which is shown as it is.
 */
export function issueText(
  issue: { reason: string; reasons?: readonly ImportIssueReason[] | undefined },
  t: Translate,
): string {
  if (!issue.reasons || issue.reasons.length === 0) return issue.reason;
  return issue.reasons
    .map((reason) => {
      const text = t(`importIssue.codes.${reason.code}`, reason.params);
      return reason.field
        ? `${t(`importIssue.fields.${reason.field}`)}${t('importIssue.fieldSeparator')}${text}`
        : text;
    })
    .join(t('importIssue.separator'));
}
