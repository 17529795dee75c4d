import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportExportData } from '../../shared/contract/exports-api';
import { formatDateTime } from '../common/format';
import { OfferLabView } from '../studio/screens/reports/OfferLabSection';
import { SatisfactionView } from '../studio/screens/reports/SatisfactionSection';
import { SessionReportBody } from '../studio/screens/reports/SessionReportBody';
import { formatDuration } from '../studio/screens/reports/report-format';

/** One class's report as a document: the studio's sections, read-only, definitions open. */
export function ReportDocument({ data, print }: { data: ReportExportData; print: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { report } = data;

  useEffect(() => {
    // On paper nothing can be clicked open: show every "How is this computed?".
    if (print) for (const details of document.querySelectorAll('details')) details.open = true;
  }, [print]);

  return (
    <main className="report-doc report" data-testid="report-doc">
      <header className="screen-header report-title">
        <p className="report-doc-brand">Encore Studio · {t('report.export.documentTitle')}</p>
        <h1>{report.session.title}</h1>
        <p>
          {t('report.meta', {
            course: report.session.courseTitle ?? t('report.noCourse'),
            date: formatDateTime(report.session.startedAt, locale),
            duration: formatDuration(report.session.durationMs, locale),
          })}
        </p>
        <p className="muted">
          {t('report.export.exportedAt', { date: formatDateTime(data.exportedAt, locale) })}
        </p>
      </header>
      <SessionReportBody
        report={report}
        readOnly
        customers={data.customers ?? undefined}
        pending={
          <p className="muted">
            {t('report.export.customersMissing', { message: data.customersError ?? '' })}
          </p>
        }
      />
      {data.satisfaction ? <SatisfactionView data={data.satisfaction} /> : null}
      {data.offerLab ? <OfferLabView data={data.offerLab} /> : null}
    </main>
  );
}
