import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../../shared/model/domain';
import type { CourseId, SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { EmptyState } from '../../components/EmptyState';
import { OpenRow } from '../../components/OpenRow';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SessionCells, SessionHeaderCells } from '../LibraryScreen';
import { CourseDashboardView } from './dashboards/CourseDashboardView';
import { CoursesPanel } from './dashboards/CoursesPanel';
import './dashboards/dashboards.css';
import { ReportTabs } from './dashboards/ReportTabs';
import { WorkspaceOverviewView } from './dashboards/WorkspaceOverviewView';
import { FollowUpPanel } from './FollowUpPanel';
import { SessionReportView } from './SessionReportView';

type View = 'classes' | 'courses' | 'workspace';
const VIEWS: readonly View[] = ['classes', 'courses', 'workspace'];

/**
 * Reports in three views: finished classes (choosing one opens its post-session report), courses
 * (choosing one opens its dashboard across classes) and the workspace overview.
 */
export function ReportsScreen({
  workspaceKey,
  sessionCount,
  initialSessionId = null,
}: {
  workspaceKey: string;
  sessionCount: number;
  /** A class that just ended: its report opens at once. */
  initialSessionId?: SessionId | null;
}) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('classes');
  const [open, setOpen] = useState<{ id: SessionId; workspaceKey: string } | null>(() =>
    initialSessionId === null ? null : { id: initialSessionId, workspaceKey },
  );
  const [course, setCourse] = useState<{ id: CourseId; workspaceKey: string } | null>(null);

  // A report belongs to the workspace it was opened in: switching workspaces shows the list.
  if (open !== null && open.workspaceKey === workspaceKey) {
    return <SessionReportView key={open.id} sessionId={open.id} onBack={() => setOpen(null)} />;
  }
  const openCourse = course !== null && course.workspaceKey === workspaceKey ? course.id : null;
  return (
    <section className="screen">
      <ScreenHeader title={t('reports.title')} subtitle={t('reports.subtitle')} />
      <ReportTabs
        idPrefix="reports"
        label={t('dash.tabs.label')}
        tabs={VIEWS.map((id) => ({ id, label: t(`dash.tabs.${id}`) }))}
        selected={view}
        onSelect={setView}
      />
      <div
        role="tabpanel"
        id={`reports-panel-${view}`}
        aria-labelledby={`reports-tab-${view}`}
        data-testid={`reports-panel-${view}`}
      >
        {view === 'classes' ? (
          sessionCount === 0 ? (
            <EmptyState>{t('reports.none')}</EmptyState>
          ) : (
            <>
              <h2>{t('reports.ended')}</h2>
              <p className="muted">{t('report.list.hint')}</p>
              <FinishedClasses
                workspaceKey={workspaceKey}
                onOpen={(id) => setOpen({ id, workspaceKey })}
              />
              <FollowUpPanel workspaceKey={workspaceKey} />
            </>
          )
        ) : null}
        {view === 'courses' ? (
          openCourse !== null ? (
            <CourseDashboardView
              key={openCourse}
              courseId={openCourse}
              workspaceKey={workspaceKey}
              onBack={() => setCourse(null)}
            />
          ) : (
            <CoursesPanel
              workspaceKey={workspaceKey}
              onOpen={(id) => setCourse({ id, workspaceKey })}
            />
          )
        ) : null}
        {view === 'workspace' ? (
          // Keyed: another workspace starts blank rather than showing the last one's numbers.
          <WorkspaceOverviewView key={workspaceKey} workspaceKey={workspaceKey} />
        ) : null}
      </div>
    </section>
  );
}

function FinishedClasses({
  workspaceKey,
  onOpen,
}: {
  workspaceKey: string;
  onOpen: (id: SessionId) => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessions = useQuery<SessionSummary[]>(`sessions:${workspaceKey}`, () =>
    client.invoke('library.sessions', {}),
  );
  if (sessions.status === 'error')
    return <p className="error">{t('app.error', { message: sessions.message })}</p>;
  const rows = (sessions.data ?? [])
    .filter((s) => s.status === 'ended' || s.status === 'interrupted')
    .sort((a, b) => (b.startedAt ?? b.scheduledAt ?? 0) - (a.startedAt ?? a.scheduledAt ?? 0));
  if (sessions.status === 'ready' && rows.length === 0)
    return <EmptyState>{t('reports.none')}</EmptyState>;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="report-sessions">
        <thead>
          <tr>
            <SessionHeaderCells />
            <th>
              <span className="visually-hidden">{t('report.list.reportLink')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((session) => (
            <OpenRow
              key={session.id}
              name={session.title}
              onOpen={() => onOpen(session.id)}
              title={t('report.list.open', { title: session.title })}
              testId={`open-report-${session.id}`}
              hint={t('report.list.reportLink')}
            >
              <SessionCells session={session} />
            </OpenRow>
          ))}
        </tbody>
      </table>
    </div>
  );
}
