import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportRun } from '../../../../shared/contract/analytics-api';
import { downloadText } from '../../../common/download';
import { formatDateTime, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { issueText } from './issue-text';
import { issuesCsv, issuesFileName } from './import-csv';
import { ImportWizard } from './ImportWizard';
import { UnmatchedOrders } from './UnmatchedOrders';
import './imports.css';

const RUNS_SHOWN = 50;

/** Library → Orders: import a platform's export, the imports so far (undo), orders to link. */
export function OrdersPanel({ dataKey, startImport }: { dataKey: string; startImport: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const [wizard, setWizard] = useState(startImport);
  // Kept as counts, not text: a notice follows a change of language.
  const [undone, setUndone] = useState<{ orders: number; learners: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runs = useQuery(`import-runs:${dataKey}`, () =>
    client.invoke('imports.runs', { limit: RUNS_SHOWN, offset: 0 }),
  );

  const undo = async (run: ImportRun): Promise<void> => {
    const file = run.fileName ?? String(run.id);
    if (!window.confirm(t('importWizard.confirmUndo', { file, count: run.ordersImported }))) return;
    setError(null);
    try {
      const result = await client.invoke('imports.undo', { runId: run.id });
      setUndone({ orders: result.ordersRemoved, learners: result.learnersRemoved });
      runs.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const download = async (run: ImportRun): Promise<void> => {
    const stored = await client.invoke('imports.issues', { runId: run.id });
    downloadText(
      issuesFileName(stored.fileName),
      issuesCsv(
        stored.issues,
        {
          line: t('importWizard.line'),
          kind: t('importWizard.kind'),
          order: t('importWizard.orderNumber'),
          reason: t('importWizard.reason'),
        },
        (kind) => t(`importWizard.kinds.${kind}`),
        (issue) => issueText(issue, t),
      ),
    );
  };

  const rows = runs.data?.rows ?? [];
  return (
    <div className="orders-panel" data-testid="orders-panel">
      {wizard ? (
        <ImportWizard
          onClose={() => setWizard(false)}
          onFinished={() => {
            setUndone(null);
            runs.reload();
          }}
        />
      ) : (
        <div className="orders-toolbar">
          <button
            type="button"
            className="primary"
            onClick={() => {
              setUndone(null);
              setWizard(true);
            }}
            data-testid="orders-import"
          >
            {t('importWizard.importButton')}
          </button>
        </div>
      )}
      {undone ? (
        <p className="notice" role="status" data-testid="orders-notice">
          {t('importWizard.undone', undone)}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}

      <h3>{t('importWizard.historyTitle')}</h3>
      {runs.status === 'error' ? <p className="error">{runs.message}</p> : null}
      {rows.length === 0 && runs.status === 'ready' ? (
        <p className="muted">{t('importWizard.historyNone')}</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="import-runs">
            <thead>
              <tr>
                <th scope="col">{t('importWizard.file')}</th>
                <th scope="col">{t('importWizard.startedAt')}</th>
                <th scope="col">{t('importWizard.status')}</th>
                <th scope="col" className="num">
                  {t('importWizard.imported')}
                </th>
                <th scope="col" className="num">
                  {t('importWizard.duplicates')}
                </th>
                <th scope="col" className="num">
                  {t('importWizard.badRows')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('importWizard.undo')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => {
                const undone = run.undoneAt != null;
                return (
                  <tr key={run.id} data-testid="import-run">
                    <td>{run.fileName ?? '—'}</td>
                    <td>{formatDateTime(run.startedAt, locale)}</td>
                    <td>
                      {undone
                        ? t('importWizard.statuses.undone')
                        : t(`importWizard.statuses.${run.status}`)}
                      {run.failure ? <span className="muted"> · {run.failure.message}</span> : null}
                    </td>
                    <td className="num">{formatNumber(run.ordersImported, locale)}</td>
                    <td className="num">{formatNumber(run.ordersUnchanged, locale)}</td>
                    <td className="num">{formatNumber(run.rowsRejected, locale)}</td>
                    <td className="nowrap">
                      {run.errorCount + run.warningCount > 0 ? (
                        <button type="button" onClick={() => void download(run)}>
                          {t('importWizard.badRowsCsv')}
                        </button>
                      ) : null}{' '}
                      {!undone && run.status !== 'running' && run.status !== 'failed' ? (
                        <button
                          type="button"
                          onClick={() => void undo(run)}
                          data-testid="import-undo"
                        >
                          {t('importWizard.undo')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      <UnmatchedOrders
        dataKey={`${dataKey}:${String(rows[0]?.id ?? 0)}:${String(rows[0]?.undoneAt ?? 0)}:${String(undone?.orders ?? -1)}`}
        quiet={wizard}
      />
    </div>
  );
}
