import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HIGH_VALUE_DEFAULT } from '../../../../../shared/contract/high-value-api';
import { toCsv } from '../../../../common/csv';
import { downloadText } from '../../../../common/download';
import { formatMoney, formatNumber, minorUnitDigits } from '../../../../common/format';
import { useStudio } from '../../../api/studio-context';
import { useAnalyticsJob } from '../use-analytics-job';
import { DashSection } from './DashSection';
import { HIGH_VALUE_CSV_COLUMNS, highValueCsvRow } from './high-value-csv';
import { JobStatus } from './JobStatus';

/** Rows the export writes: the whole list the core allows. */
const EXPORT_LIMIT = 500;

/**
 * The workspace overview's high-value learners: the top predicted 12-month values who do not yet
 * own the next course of their series, with the reason; exportable as CSV (contacts only of
 * learners who agreed to follow-ups).
 */
export function HighValueSection({ workspaceKey }: { workspaceKey: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  // The reasons are written in the studio's language: a new language asks again.
  const job = useAnalyticsJob(`analytics.highValue:${workspaceKey}:${locale}`, (jobId) =>
    client.invoke('analytics.highValue', { limit: HIGH_VALUE_DEFAULT, jobId }),
  );
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<{ count: number; withoutConsent: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const data = job.data;

  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    setError(null);
    try {
      const file = await client.invoke('followUps.highValueExport', { limit: EXPORT_LIMIT });
      const digits = minorUnitDigits(file.currency ?? 'CNY');
      downloadText(
        'high-value-learners.csv',
        toCsv(
          HIGH_VALUE_CSV_COLUMNS,
          file.rows.map((row) => highValueCsvRow(row, file.currency, digits)),
        ),
      );
      setExported({ count: file.rows.length, withoutConsent: file.withoutConsent });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <DashSection
      id="high-value"
      title={t('highValue.title')}
      ask={t('highValue.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('highValue.defs.value'),
        t('highValue.defs.next'),
        t('highValue.defs.export'),
      ]}
    >
      <JobStatus job={job} />
      {data && !data.modelFitted ? <p className="muted">{t('highValue.notFitted')}</p> : null}
      {data && data.modelFitted && data.total === 0 ? (
        <p className="muted">{t('highValue.none')}</p>
      ) : null}
      {data && data.total > 0 ? (
        <>
          <div className="column-head">
            <span className="muted" data-testid="high-value-count">
              {t('highValue.count', { count: data.total })}
              {data.total > data.rows.length
                ? ` · ${t('highValue.shown', {
                    shown: formatNumber(data.rows.length, locale),
                    total: formatNumber(data.total, locale),
                  })}`
                : ''}
            </span>
            <button
              type="button"
              onClick={() => void exportCsv()}
              disabled={exporting}
              data-testid="high-value-export"
            >
              {exporting ? t('highValue.exporting') : t('highValue.export')}
            </button>
          </div>
          {exported ? (
            <p className="notice" role="status" data-testid="high-value-exported">
              {t('highValue.exported', exported)}
            </p>
          ) : null}
          {error ? <p className="error">{t('app.error', { message: error })}</p> : null}
          <div className="table-scroll">
            <table className="data-table" data-testid="high-value-table">
              <thead>
                <tr>
                  <th>{t('highValue.learner')}</th>
                  <th>{t('highValue.value')}</th>
                  <th>{t('highValue.next')}</th>
                  <th>{t('highValue.why')}</th>
                  <th>{t('highValue.contact')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={row.learnerId}>
                    <td className="strong">{row.displayName}</td>
                    <td className="nowrap">
                      {data.currency === null
                        ? formatNumber(row.value12Months, locale)
                        : formatMoney(row.value12Months, data.currency, locale)}
                    </td>
                    <td>{row.nextCourseTitle}</td>
                    <td>{row.reason}</td>
                    <td className="nowrap">
                      {row.consentFollowUp
                        ? [row.hasEmail ? '✉' : '', row.hasPhone ? '☎' : ''].join(' ').trim() ||
                          t('highValue.agreed')
                        : t('highValue.noConsent')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </DashSection>
  );
}
