import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ANALYTICS_PAGE_MAX, type AttendeeValue } from '../../../../shared/contract/analytics-api';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { ExportMenu } from './ExportMenu';
import { loadAllFollowUps } from './FollowUpPanel';
import { OfferLabSection } from './OfferLabSection';
import { SECTION_IDS } from './ReportSection';
import { JobStatusBar } from './JobStatusBar';
import { SessionReportBody } from './SessionReportBody';
import { formatDuration } from './report-format';
import { useSessionCustomers, useSessionReport, type ReportProgress } from './use-session-report';
import { DEFAULT_WINDOW_DAYS } from './windows';

/** The post-session report of one class: computed in the core, shown section by section. */
export function SessionReportView({
  sessionId,
  onBack,
}: {
  sessionId: SessionId;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [windowDays, setWindowDays] = useState<number>(DEFAULT_WINDOW_DAYS);
  const client = useStudio();
  const report = useSessionReport(sessionId, windowDays);
  const customers = useSessionCustomers(sessionId, windowDays, locale);
  const data = report.data;
  // Customer data for another window or language stays on screen until the new one arrives;
  // only the sections' status line says it is being updated.
  const customerData = customers.data;
  const pending = (
    <ReportStatus
      status={customers.status}
      hasData={customerData !== undefined}
      progress={customers.progress}
      message={customers.status === 'error' ? customers.message : null}
      onCancel={customers.cancel}
      onRetry={customers.retry}
      models
    />
  );
  const loadAttendees = async (): Promise<AttendeeValue[]> => {
    const rows: AttendeeValue[] = [];
    for (let offset = 0; ; offset += ANALYTICS_PAGE_MAX) {
      const page = await client.invoke('report.sessionCustomers', {
        sessionId,
        attributionWindowDays: windowDays,
        attendeeLimit: ANALYTICS_PAGE_MAX,
        attendeeOffset: offset,
        followUpLimit: 1,
      });
      rows.push(...page.attendeeTable.rows);
      if (page.attendeeTable.rows.length === 0 || rows.length >= page.attendeeTable.total) break;
    }
    return rows;
  };

  return (
    <section className="screen report" aria-busy={report.status === 'loading'}>
      <div className="report-top">
        <button type="button" onClick={onBack} data-testid="report-back">
          ← {t('report.back')}
        </button>
        {data ? <ExportMenu sessionId={sessionId} windowDays={windowDays} /> : null}
      </div>
      {data ? (
        <header className="screen-header report-title">
          <h1 data-testid="report-title">{data.session.title}</h1>
          <p>
            {t('report.meta', {
              course: data.session.courseTitle ?? t('report.noCourse'),
              date: formatDateTime(data.session.startedAt, locale),
              duration: formatDuration(data.session.durationMs, locale),
            })}
          </p>
        </header>
      ) : null}

      <ReportStatus
        status={report.status}
        hasData={data !== undefined}
        progress={report.progress}
        message={report.status === 'error' ? report.message : null}
        onCancel={report.cancel}
        onRetry={report.retry}
      />

      {data ? (
        <>
          <nav className="report-contents" aria-label={t('report.contents')}>
            <ul>
              {SECTION_IDS.map((id) => (
                <li key={id}>
                  <a
                    href={`#report-${id}`}
                    onClick={(event) => {
                      // Move focus as well as the view, so the keyboard continues from there.
                      event.preventDefault();
                      const target = document.getElementById(`report-${id}`);
                      target?.scrollIntoView({ block: 'start' });
                      target?.focus({ preventScroll: true });
                    }}
                  >
                    {t(`report.sections.${id}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <SessionReportBody
            report={data}
            windowDays={windowDays}
            onWindowDays={setWindowDays}
            updating={report.status === 'loading'}
            customers={customerData}
            customersStatus={customers.status}
            pending={pending}
            loadAttendees={loadAttendees}
            loadFollowUps={() => loadAllFollowUps(client, sessionId)}
          />
          <OfferLabSection sessionId={sessionId} />
        </>
      ) : null}
    </section>
  );
}

function ReportStatus({
  status,
  hasData,
  progress,
  message,
  onCancel,
  onRetry,
  models = false,
}: {
  status: 'loading' | 'ready' | 'error' | 'cancelled';
  hasData: boolean;
  progress: ReportProgress | null;
  message: string | null;
  onCancel: () => void;
  onRetry: () => void;
  /** The customer sections' status (their models take longer than the class's own report). */
  models?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <JobStatusBar
      status={status}
      hasData={hasData}
      progress={progress}
      onCancel={onCancel}
      onRetry={onRetry}
      testIds={
        models
          ? { progress: 'report-customers-progress', error: 'report-customers-error' }
          : { progress: 'report-progress', error: 'report-error' }
      }
      text={{
        computing: t(models ? 'report.modelsComputing' : 'report.computing'),
        updating: t(models ? 'report.modelsUpdating' : 'report.updating'),
        busyLabel: t('report.computing'),
        cancel: t('report.cancel'),
        retry: t('report.retry'),
        cancelled: t(models ? 'report.modelsCancelled' : 'report.cancelled'),
        failed: t(models ? 'report.modelsFailed' : 'report.failed', { message }),
        progress: (p) =>
          t('report.progress', {
            phase: t(`report.phases.${p.phase}`, p.phase),
            done: p.done,
            total: p.total,
          }),
      }}
    />
  );
}
