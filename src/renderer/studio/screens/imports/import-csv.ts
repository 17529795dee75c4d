import type { ImportIssueReason } from '../../../../shared/contract/import-issue-reasons';
import { toCsv } from '../../../common/csv';

// The bad-rows download of an import run: one row per issue with its physical line in the file.
// toCsv defuses formulas (a reason quotes the file's own cells, which may start with `=`).

export interface IssueRow {
  line: number;
  kind: 'rejected' | 'warning';
  reason: string;
  reasons?: ImportIssueReason[] | undefined;
  orderId?: string | undefined;
}

export function issuesCsv(
  issues: readonly IssueRow[],
  labels: { line: string; kind: string; order: string; reason: string },
  kindLabel: (kind: IssueRow['kind']) => string,
  reasonText: (issue: IssueRow) => string = (issue) => issue.reason,
): string {
  return toCsv(
    [labels.line, labels.kind, labels.order, labels.reason],
    issues.map((issue) => [
      issue.line,
      kindLabel(issue.kind),
      issue.orderId ?? '',
      reasonText(issue),
    ]),
  );
}

/** `orders.csv` → `orders-bad-rows.csv`. */
export function issuesFileName(fileName: string | null): string {
  const base = (fileName ?? 'import').replace(/\.[^.]+$/, '');
  return `${base}-bad-rows.csv`;
}
