import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { toCsv } from '../../../common/csv';
import { downloadText } from '../../../common/download';
import { csvFileName, type CsvTable, type ReportTable } from './report-csv';

/**
 * "Download CSV" for one table of a class's report. `table` gives the rows at hand, or a function
 * that fetches every row (tables the report shows only the first rows of); the file is named after
 * the class and the table.
 */
export function DownloadCsv({
  session,
  table,
  data,
}: {
  session: { id: number; title: string; startedAt: number };
  table: ReportTable;
  data: CsvTable | (() => Promise<CsvTable>);
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { columns, rows } = typeof data === 'function' ? await data() : data;
      downloadText(csvFileName(session, table), toCsv(columns, rows));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="download-csv">
      <button
        type="button"
        className="small-button"
        onClick={() => void save()}
        disabled={busy}
        data-testid={`csv-${table}`}
        aria-label={t('report.csv.label', { table: t(`report.csv.tables.${table}`) })}
      >
        <span aria-hidden="true">⤓ </span>
        {busy ? t('report.csv.preparing') : t('report.csv.download')}
      </button>
      {error ? (
        <span className="error" role="alert">
          {t('app.error', { message: error })}
        </span>
      ) : null}
    </span>
  );
}

/** A table's heading with its download button beside it. */
export function TableHead({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="table-head">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
