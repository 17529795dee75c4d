import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ANALYTICS_PAGE_MAX, type FollowUp } from '../../../../shared/contract/analytics-api';
import type { SessionId } from '../../../../shared/model/ids';
import { FOLLOW_UP_CSV_COLUMNS, followUpCsvRow } from './follow-up-csv';
import { MAIL_MERGE_CSV_COLUMNS, mailMergeCsvRow } from './mail-merge-csv';
import { MailMergeTemplate } from './MailMergeTemplate';
import { RfmSegmentBadge } from './RfmSegments';
import type { Language } from '../../../../shared/model/domain';
import { toCsv } from '../../../common/csv';
import { useEventVersion } from '../../api/use-event-version';
import { downloadText } from '../../../common/download';
import type { StudioClient } from '../../../../shared/contract';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';

const SHOWN = 15;

/**
 * Every row of a follow-up list, page by page: the workspace's, or one class's attendees'.
 */
export async function loadAllFollowUps(
  client: StudioClient,
  sessionId?: SessionId,
): Promise<FollowUp[]> {
  const rows: FollowUp[] = [];
  for (let offset = 0; ; offset += ANALYTICS_PAGE_MAX) {
    const page = await client.invoke('analytics.recommendations', {
      limit: ANALYTICS_PAGE_MAX,
      offset,
      ...(sessionId === undefined ? {} : { sessionId }),
    });
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) break;
  }
  return rows;
}

/** Who to contact with which course and why, one row per learner. */
export function FollowUpTable({ rows, testId }: { rows: readonly FollowUp[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('report.followUp.learner')}</th>
            <th>{t('rfmSegment.segment')}</th>
            <th>{t('report.followUp.course')}</th>
            <th>{t('report.followUp.why')}</th>
            <th>{t('report.followUp.contact')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${String(row.learnerId)}:${String(row.courseId)}`}>
              <td className="strong">{row.displayName}</td>
              <td className="nowrap">
                <RfmSegmentBadge segment={row.rfmSegment} />
              </td>
              <td>{row.courseTitle}</td>
              <td>{row.text}</td>
              <td className="nowrap">
                {row.consentFollowUp
                  ? [row.contact?.hasEmail ? '✉' : '', row.contact?.hasPhone ? '☎' : '']
                      .join(' ')
                      .trim() || t('report.followUp.agreed')
                  : t('report.followUp.noConsent')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Who to contact with which course and why, across the workspace; exportable as CSV. */
export function FollowUpPanel({ workspaceKey }: { workspaceKey: string }) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [merged, setMerged] = useState<{
    rows: number;
    noConsent: number;
    noContact: number;
  } | null>(null);
  const language: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
  // A deleted learner leaves the list; imported orders change who is recommended what.
  const dataVersion = useEventVersion(['learner.deleted', 'order.imported']);
  const list = useQuery(`follow-up:${workspaceKey}:${String(dataVersion)}`, () =>
    client.invoke('analytics.recommendations', { limit: SHOWN }),
  );

  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    setError(null);
    try {
      const rows = await loadAllFollowUps(client);
      downloadText('follow-up-list.csv', toCsv(FOLLOW_UP_CSV_COLUMNS, rows.map(followUpCsvRow)));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  // The one way contacts leave the studio: only learners who agreed to follow-ups, with a contact.
  const exportMailMerge = async (): Promise<void> => {
    setExporting(true);
    setError(null);
    try {
      const merge = await client.invoke('followUps.mailMerge', { language });
      downloadText(
        'follow-up-mail-merge.csv',
        toCsv(MAIL_MERGE_CSV_COLUMNS, merge.rows.map(mailMergeCsvRow)),
      );
      setMerged({ rows: merge.rows.length, ...merge.leftOut });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  if (list.status === 'error')
    return <p className="error">{t('app.error', { message: list.message })}</p>;
  const data = list.data;
  if (!data || data.total === 0) return null;
  return (
    <section className="card follow-up" aria-labelledby="follow-up-title" data-testid="follow-up">
      <div className="column-head">
        <h2 id="follow-up-title">{t('report.followUp.title')}</h2>
        <span className="muted">{t('report.followUp.count', { count: data.total })}</span>
        <button
          type="button"
          onClick={() => void exportCsv()}
          disabled={exporting}
          data-testid="follow-up-export"
        >
          {exporting ? t('report.followUp.exporting') : t('report.followUp.export')}
        </button>
        <button
          type="button"
          onClick={() => void exportMailMerge()}
          disabled={exporting}
          data-testid="follow-up-mail-merge"
        >
          {t('mailMerge.export')}
        </button>
        <button
          type="button"
          onClick={() => setEditing((v) => !v)}
          aria-expanded={editing}
          data-testid="follow-up-edit-message"
        >
          {t('mailMerge.edit')}
        </button>
      </div>
      {merged ? (
        <p className="notice" role="status" data-testid="mail-merge-summary">
          {t('mailMerge.summary', { count: merged.rows })}{' '}
          {t('mailMerge.leftOut', { noConsent: merged.noConsent, noContact: merged.noContact })}
        </p>
      ) : null}
      {editing ? <MailMergeTemplate initial={language} /> : null}
      <p className="muted">{t('report.followUp.explain')}</p>
      {error ? <p className="error">{t('app.error', { message: error })}</p> : null}
      <FollowUpTable rows={data.rows} />
    </section>
  );
}
