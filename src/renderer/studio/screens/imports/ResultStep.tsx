import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../../../../shared/contract/analytics-api';
import { formatNumber } from '../../../common/format';
import type { IssueRow } from './import-csv';
import { issueText } from './issue-text';

// The wizard's result step: the counts of the run and its bad rows.

const COUNT_LABEL = {
  imported: 'importWizard.imported',
  updated: 'importWizard.updated',
  duplicates: 'importWizard.duplicates',
  refunds: 'importWizard.refunds',
  unmatched: 'importWizard.unmatched',
  learnersCreated: 'importWizard.learnersCreated',
  badRows: 'importWizard.badRows',
} as const;

export function ResultStep({
  summary,
  stored,
  onDownload,
}: {
  summary: ImportSummary;
  /** The same issues as stored, with their reasons as codes (null until they arrive). */
  stored: IssueRow[] | null;
  onDownload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const counts: [keyof typeof COUNT_LABEL, number][] = [
    ['imported', summary.ordersImported],
    ['updated', summary.ordersUpdated],
    ['duplicates', summary.ordersUnchanged],
    ['refunds', (summary.ordersRefunded ?? 0) + summary.refundsMatched + summary.refundsUnmatched],
    ['unmatched', summary.ordersUnmatched],
    ['learnersCreated', summary.learnersCreated],
    ['badRows', summary.rowsRejected],
  ];
  const total = summary.errorCount + summary.warningCount;
  const shown: IssueRow[] =
    stored && stored.length >= summary.issues.length
      ? stored.slice(0, summary.issues.length)
      : summary.issues;
  return (
    <div data-testid="import-result">
      {summary.status === 'cancelled' ? (
        <p className="notice">{t('importWizard.cancelled')}</p>
      ) : null}
      <ul className="wizard-counts">
        {counts.map(([key, value]) => (
          <li key={key} data-testid={`import-count-${key}`}>
            <strong>{formatNumber(value, locale)}</strong>
            <span className="muted">{t(COUNT_LABEL[key])}</span>
          </li>
        ))}
      </ul>
      <div className="orders-toolbar">
        <h4>{t('importWizard.badRowsTitle')}</h4>
        {total > 0 ? (
          <button type="button" onClick={onDownload} data-testid="import-download-issues">
            {t('importWizard.badRowsCsv')}
          </button>
        ) : null}
      </div>
      {total === 0 ? (
        <p className="muted">{t('importWizard.noBadRows')}</p>
      ) : (
        <>
          {summary.issues.length < total ? (
            <p className="muted">
              {t('importWizard.moreIssues', { shown: summary.issues.length, total })}
            </p>
          ) : null}
          <div className="table-scroll">
            <table className="data-table" data-testid="import-issues">
              <thead>
                <tr>
                  <th scope="col">{t('importWizard.line')}</th>
                  <th scope="col">{t('importWizard.kind')}</th>
                  <th scope="col">{t('importWizard.orderNumber')}</th>
                  <th scope="col">{t('importWizard.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((issue, index) => (
                  <tr key={`${String(issue.line)}-${String(index)}`}>
                    <td className="num">{issue.line}</td>
                    <td className="nowrap">{t(`importWizard.kinds.${issue.kind}`)}</td>
                    <td>{issue.orderId ?? ''}</td>
                    <td>{issueText(issue, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
