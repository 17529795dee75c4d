import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime } from '../../../common/format';
import { SECTION_IDS } from './ReportSection';
import { SessionReportBody } from './SessionReportBody';
import { ExportMenu } from './ExportMenu';
import { formatDuration } from './report-format';
import { useSessionReport, type ReportProgress } from './use-session-report';
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
  const report = useSessionReport(sessionId, windowDays);
  const data = report.data;

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
          />
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
}: {
  status: 'loading' | 'ready' | 'error' | 'cancelled';
  hasData: boolean;
  progress: ReportProgress | null;
  message: string | null;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (status === 'ready') return null;
  if (status === 'loading') {
    const phase = progress ? t(`report.phases.${progress.phase}`, progress.phase) : null;
    return (
      <div className="report-progress" role="status" data-testid="report-progress">
        <span>{hasData ? t('report.updating') : t('report.computing')}</span>
        <progress
          max={progress && progress.total > 0 ? progress.total : undefined}
          value={progress && progress.total > 0 ? progress.done : undefined}
          aria-label={t('report.computing')}
        />
        {progress && phase ? (
          <span className="muted">
            {t('report.progress', { phase, done: progress.done, total: progress.total })}
          </span>
        ) : null}
        <button type="button" onClick={onCancel}>
          {t('report.cancel')}
        </button>
      </div>
    );
  }
  return (
    <div className="report-progress error" role="alert" data-testid="report-error">
      <span>
        {status === 'cancelled' ? t('report.cancelled') : t('report.failed', { message })}
      </span>
      <button type="button" onClick={onRetry}>
        {t('report.retry')}
      </button>
    </div>
  );
}
