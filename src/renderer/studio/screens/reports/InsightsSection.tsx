import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionCustomers, SessionReport } from '../../../../shared/contract/analytics-api';
import { formatNumber } from '../../../common/format';
import { DownloadCsv, TableHead } from './DownloadCsv';
import { ReportSection } from './ReportSection';
import { findingsCsv } from './report-csv';
import { formatDecimal, formatShare } from './report-format';

/** A p-value as people read it: "p = 0.014", "p < 0.001". */
function formatP(p: number, locale: string): string {
  if (p < 0.001) return `p < ${formatDecimal(0.001, locale, 3) ?? '0.001'}`;
  return `p = ${formatDecimal(p, locale, 3) ?? String(p)}`;
}

/**
 * The engine's plain-language findings about this course's learners (or this class's, when it has
 * no course), each with the numbers it rests on.
 */
export function InsightsSection({
  report,
  customers,
  pending,
}: {
  report: SessionReport;
  customers: SessionCustomers | undefined;
  pending?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const insights = customers?.insights;
  return (
    <ReportSection
      id="insights"
      definitions={[
        t('report.insights.defs.groups'),
        t('report.insights.defs.test', {
          support: formatNumber(insights?.minSupport ?? 20, locale),
          p: formatDecimal(insights?.maxPValue ?? 0.05, locale, 2),
        }),
        t('report.insights.defs.outcomes'),
        t('report.insights.defs.association'),
      ]}
    >
      {insights === undefined || customers === undefined ? (
        pending
      ) : (
        <>
          <TableHead
            title={
              insights.scope === 'course'
                ? t('report.insights.scopeCourse', {
                    count: insights.classes,
                    n: formatNumber(insights.classes, locale),
                    learners: formatNumber(insights.learners, locale),
                    course: report.session.courseTitle ?? t('report.noCourse'),
                  })
                : t('report.insights.scopeClass', {
                    learners: formatNumber(insights.learners, locale),
                  })
            }
          >
            <DownloadCsv session={report.session} table="findings" data={findingsCsv(customers)} />
          </TableHead>
          {insights.findings.length === 0 ? (
            <p className="muted" data-testid="insights-none">
              {t('report.insights.none', {
                support: formatNumber(insights.minSupport, locale),
                p: formatDecimal(insights.maxPValue, locale, 2),
              })}
            </p>
          ) : (
            <ol className="insight-list" data-testid="insights-list">
              {insights.findings.map((finding) => (
                <li key={finding.id} className={`insight ${finding.template}`}>
                  <p className="insight-text">{finding.text}</p>
                  <p className="insight-support muted">
                    {t('report.insights.support', {
                      with: formatNumber(finding.support.with, locale),
                      withOutcome: formatNumber(finding.support.withOutcome, locale),
                      rateWith: formatShare(finding.numbers.rateWith, locale, 1),
                      without: formatNumber(finding.support.without, locale),
                      withoutOutcome: formatNumber(finding.support.withoutOutcome, locale),
                      rateWithout: formatShare(finding.numbers.rateWithout, locale, 1),
                      points: `${finding.numbers.differencePoints >= 0 ? '+' : '−'}${
                        formatDecimal(Math.abs(finding.numbers.differencePoints), locale, 1) ?? ''
                      }`,
                      p: formatP(finding.numbers.pValue, locale),
                    })}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </ReportSection>
  );
}
