import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportRun } from '../../../../shared/contract/analytics-api';
import { downloadText } from '../../../common/download';
import { formatDateTime, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { DataTable } from '../../components/DataTable';
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
        <DataTable
          rows={rows}
          rowKey={(run) => run.id}
          testId="import-runs"
          rowTestId={() => 'import-run'}
          columns={[
            { key: 'file', header: t('importWizard.file'), cell: (run) => run.fileName ?? '—' },
            {
              key: 'started',
              header: t('importWizard.startedAt'),
              cell: (run) => formatDateTime(run.startedAt, locale),
            },
            {
              key: 'status',
              header: t('importWizard.status'),
              cell: (run) => (
                <>
                  {run.undoneAt != null
                    ? t('importWizard.statuses.undone')
                    : t(`importWizard.statuses.${run.status}`)}
                  {run.failure ? <span className="muted"> · {run.failure.message}</span> : null}
                </>
              ),
            },
            {
              key: 'imported',
              header: t('importWizard.imported'),
              num: true,
              cell: (run) => formatNumber(run.ordersImported, locale),
            },
            {
              key: 'duplicates',
              header: t('importWizard.duplicates'),
              num: true,
              cell: (run) => formatNumber(run.ordersUnchanged, locale),
            },
            {
              key: 'bad',
              header: t('importWizard.badRows'),
              num: true,
              cell: (run) => formatNumber(run.rowsRejected, locale),
            },
            {
              key: 'actions',
              header: <span className="visually-hidden">{t('importWizard.undo')}</span>,
              cellClassName: 'nowrap',
              cell: (run) => (
                <>
                  {run.errorCount + run.warningCount > 0 ? (
                    <button type="button" onClick={() => void download(run)}>
                      {t('importWizard.badRowsCsv')}
                    </button>
                  ) : null}{' '}
                  {run.undoneAt == null && run.status !== 'running' && run.status !== 'failed' ? (
                    <button type="button" onClick={() => void undo(run)} data-testid="import-undo">
                      {t('importWizard.undo')}
                    </button>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      ) : null}

      <UnmatchedOrders
        dataKey={`${dataKey}:${String(rows[0]?.id ?? 0)}:${String(rows[0]?.undoneAt ?? 0)}:${String(undone?.orders ?? -1)}`}
        quiet={wizard}
      />
    </div>
  );
}
