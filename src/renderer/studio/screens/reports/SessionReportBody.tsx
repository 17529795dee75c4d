import type { SessionReport } from '../../../../shared/contract/analytics-api';
import { AttendanceSection } from './AttendanceSection';
import { EngagementSection } from './EngagementSection';
import { FunnelSection } from './FunnelSection';
import { HeadlineSection } from './HeadlineSection';
import { PollsSection } from './PollsSection';

/**
 * The sections of one class's report, from data alone: the studio's report screen shows them
 * live (the attribution window can be changed), an exported report (src/renderer/report) shows
 * them read-only.
 */
export function SessionReportBody({
  report,
  windowDays,
  onWindowDays,
  updating = false,
  readOnly = false,
}: {
  report: SessionReport;
  windowDays?: number;
  onWindowDays?: (days: number) => void;
  updating?: boolean;
  readOnly?: boolean;
}) {
  return (
    <div className="report-body" data-testid="report-body" data-job={report.jobId}>
      <HeadlineSection report={report} />
      <AttendanceSection report={report} />
      <EngagementSection report={report} />
      <FunnelSection
        report={report}
        windowDays={windowDays ?? report.funnel.attributionWindowDays}
        {...(readOnly || onWindowDays === undefined ? {} : { onWindowDays })}
        updating={updating}
      />
      <PollsSection report={report} />
    </div>
  );
}
