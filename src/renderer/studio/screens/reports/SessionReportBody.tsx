import type { ReactNode } from 'react';
import type {
  AttendeeValue,
  FollowUp,
  SessionCustomers,
  SessionReport,
} from '../../../../shared/contract/analytics-api';
import { AttendanceSection } from './AttendanceSection';
import { EngagementSection } from './EngagementSection';
import { FunnelSection } from './FunnelSection';
import { HeadlineSection } from './HeadlineSection';
import { InsightsSection } from './InsightsSection';
import { PollsSection } from './PollsSection';
import { ReplaySection } from './ReplaySection';
import { RepurchaseSection } from './RepurchaseSection';
import { SatisfactionSection } from './SatisfactionSection';
import { SegmentsSection } from './SegmentsSection';

/**
 * The sections of one class's report, from data alone: the studio's report screen shows them
 * live (the attribution window can be changed, the customer sections arrive after the rest), an
 * exported report (src/renderer/report) shows them read-only with everything already there.
 */
export function SessionReportBody({
  report,
  windowDays,
  onWindowDays,
  updating = false,
  readOnly = false,
  customers,
  customersStatus = 'ready',
  pending,
  loadAttendees,
  loadFollowUps,
}: {
  report: SessionReport;
  windowDays?: number;
  onWindowDays?: (days: number) => void;
  updating?: boolean;
  readOnly?: boolean;
  /** The customer sections' data (report.sessionCustomers); absent while it is computed. */
  customers: SessionCustomers | undefined;
  customersStatus?: 'loading' | 'ready' | 'error' | 'cancelled';
  /** What the customer sections show while their data is computed. */
  pending?: ReactNode;
  loadAttendees?: () => Promise<AttendeeValue[]>;
  loadFollowUps?: () => Promise<FollowUp[]>;
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
      {readOnly ? null : <SatisfactionSection sessionId={report.session.id} />}
      {readOnly ? null : <ReplaySection report={report} />}
      <div
        className="report-customers"
        data-testid="report-customers"
        data-status={customersStatus}
        data-job-ready={customers !== undefined && customersStatus === 'ready'}
      >
        {customers !== undefined && customersStatus !== 'ready' ? pending : null}
        <RepurchaseSection
          report={report}
          customers={customers}
          pending={pending}
          {...(loadAttendees ? { loadAttendees } : {})}
        />
        <SegmentsSection
          report={report}
          customers={customers}
          pending={pending}
          {...(loadFollowUps ? { loadFollowUps } : {})}
        />
        <InsightsSection report={report} customers={customers} pending={pending} />
      </div>
    </div>
  );
}
