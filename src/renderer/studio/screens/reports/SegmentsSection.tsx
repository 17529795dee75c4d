import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  FollowUp,
  SessionCustomers,
  SessionReport,
} from '../../../../shared/contract/analytics-api';
import { formatNumber } from '../../../common/format';
import { DownloadCsv, TableHead } from './DownloadCsv';
import { FOLLOW_UP_CSV_COLUMNS, followUpCsvRow } from './follow-up-csv';
import { FollowUpTable } from './FollowUpPanel';
import { ReportSection } from './ReportSection';
import { RfmSegmentsTable } from './RfmSegments';
import { segmentsCsv } from './report-csv';
import { formatDecimal, formatShare } from './report-format';

/** How much more (or less) common a segment is among the attendees than in the workspace. */
function lift(attendeeShare: number | null, share: number): number | null {
  return attendeeShare === null || share === 0 ? null : attendeeShare / share;
}

/**
 * The workspace's learner segments as they appear among this class's attendees, then the
 * follow-up list restricted to the attendees: who to contact with which course, and why.
 */
export function SegmentsSection({
  report,
  customers,
  pending,
  loadFollowUps,
}: {
  report: SessionReport;
  customers: SessionCustomers | undefined;
  pending?: ReactNode;
  /** Every attendee's follow-up row, for the CSV (the table shows the first ones). */
  loadFollowUps?: () => Promise<FollowUp[]>;
}) {
  const { t } = useTranslation();
  return (
    <ReportSection
      id="segments"
      definitions={[
        t('rfmSegment.def'),
        t('report.segments.defs.method'),
        t('report.segments.defs.compare'),
        t('report.segments.defs.followUp'),
        t('report.segments.defs.consent'),
      ]}
    >
      {customers === undefined ? (
        pending
      ) : (
        <SegmentsBody
          report={report}
          customers={customers}
          {...(loadFollowUps ? { loadFollowUps } : {})}
        />
      )}
    </ReportSection>
  );
}

function SegmentsBody({
  report,
  customers,
  loadFollowUps,
}: {
  report: SessionReport;
  customers: SessionCustomers;
  loadFollowUps?: () => Promise<FollowUp[]>;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('report.none');
  const { segments, followUp } = customers;
  const followUpCsv = (rows: readonly FollowUp[]) => ({
    columns: FOLLOW_UP_CSV_COLUMNS,
    rows: rows.map(followUpCsvRow),
  });

  return (
    <>
      <RfmSegmentsTable counts={customers.rfmSegments} />
      {segments === null ? (
        <p className="muted">{t('report.segments.none')}</p>
      ) : (
        <>
          <TableHead title={t('report.segments.title')}>
            <DownloadCsv session={report.session} table="segments" data={segmentsCsv(customers)} />
          </TableHead>
          <p className="figure-summary">
            {t('report.segments.summary', {
              k: formatNumber(segments.k, locale),
              learners: formatNumber(segments.learners, locale),
              attendees: formatNumber(segments.attendees, locale),
            })}
          </p>
          <ul className="segment-list" data-testid="segments-list">
            {segments.segments.map((segment) => {
              const ratio = lift(segment.attendeeShare, segment.share);
              return (
                <li key={segment.index} className="segment" data-testid="segment">
                  <div className="segment-head">
                    <span className="segment-name">
                      {t('report.segments.name', { n: segment.index + 1 })}
                    </span>
                    <span className="segment-text">{segment.text}</span>
                  </div>
                  <div className="segment-bars">
                    <span className="segment-bar-label">{t('report.segments.here')}</span>
                    <span className="option-track" aria-hidden="true">
                      <span
                        className="option-bar"
                        style={{ width: `${Math.max(0.5, (segment.attendeeShare ?? 0) * 100)}%` }}
                      />
                    </span>
                    <span className="segment-value">
                      {t('report.segments.count', {
                        n: formatNumber(segment.attendees, locale),
                        share: formatShare(segment.attendeeShare, locale) ?? none,
                      })}
                    </span>
                    <span className="segment-bar-label">{t('report.segments.workspace')}</span>
                    <span className="option-track" aria-hidden="true">
                      <span
                        className="option-bar workspace"
                        style={{ width: `${Math.max(0.5, segment.share * 100)}%` }}
                      />
                    </span>
                    <span className="segment-value">
                      {t('report.segments.count', {
                        n: formatNumber(segment.size, locale),
                        share: formatShare(segment.share, locale) ?? none,
                      })}
                    </span>
                  </div>
                  {ratio !== null && segment.attendees > 0 ? (
                    <p className="segment-lift muted">
                      {Math.abs(ratio - 1) < 0.1
                        ? t('report.segments.liftSame')
                        : ratio > 1
                          ? t('report.segments.liftMore', {
                              ratio: formatDecimal(ratio, locale, 1),
                            })
                          : t('report.segments.liftLess', {
                              ratio: formatDecimal(ratio, locale, 1),
                            })}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      )}

      <TableHead title={t('report.segments.followUpTitle')}>
        <span className="muted">
          {t('report.segments.followUpCount', {
            count: followUp.total,
            n: formatNumber(followUp.total, locale),
          })}
        </span>
        <DownloadCsv
          session={report.session}
          table="follow-up"
          data={
            loadFollowUps
              ? async () => followUpCsv(await loadFollowUps())
              : followUpCsv(followUp.rows)
          }
        />
      </TableHead>
      <p className="muted">{t('report.segments.followUpExplain')}</p>
      {followUp.total === 0 ? (
        <p className="muted">{t('report.segments.noFollowUp')}</p>
      ) : (
        <>
          <FollowUpTable rows={followUp.rows} testId="segments-follow-up" />
          {followUp.total > followUp.rows.length ? (
            <p className="muted">
              {t('report.segments.followUpMore', {
                shown: formatNumber(followUp.rows.length, locale),
                total: formatNumber(followUp.total, locale),
              })}
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
