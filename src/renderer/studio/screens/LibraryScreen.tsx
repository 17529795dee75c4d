import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnerSummary, SessionSummary } from '../../../shared/model/domain';
import type { LearnerId } from '../../../shared/model/ids';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../common/format';
import { useEventVersion } from '../api/use-event-version';
import { useStudio } from '../api/studio-context';
import { useQuery } from '../api/use-query';
import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';
import { BackupsPanel } from './BackupsPanel';
import { CoursesPanel } from './courses/CoursesPanel';
import { OrdersPanel } from './imports/OrdersPanel';
import { ContactConflicts } from './learner/ContactConflicts';
import { LearnerView } from './learner/LearnerView';
import { RosterImport } from './learner/RosterImport';
import { UpcomingClasses } from './schedule/UpcomingClasses';

type Tab = 'courses' | 'learners' | 'sessions' | 'orders' | 'backups';
const TABS: readonly Tab[] = ['courses', 'learners', 'sessions', 'orders', 'backups'];
const LEARNER_PAGE_SIZE = 50;

export function LibraryScreen({
  workspaceKey,
  onLoadDemo,
}: {
  workspaceKey: string;
  onLoadDemo: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<Tab>('courses');
  // The learners list's search and page live here, so that closing a learner's view returns to
  // the list exactly as it was.
  const [learnerList, setLearnerList] = useState<LearnerListState>({ search: '', offset: 0 });
  const [open, setOpen] = useState<{ id: LearnerId; name: string; workspaceKey: string } | null>(
    null,
  );
  const [returnFocusTo, setReturnFocusTo] = useState<LearnerId | null>(null);
  const [deletedName, setDeletedName] = useState<string | null>(null);
  const client = useStudio();
  // A learner deleted or merged, or orders imported, anywhere: counts and lists reload.
  const dataVersion = useEventVersion([
    'learner.deleted',
    'learner.conflictResolved',
    'order.imported',
    'catalogue.changed',
    'roster.imported',
  ]);
  const dataKey = `${workspaceKey}:${String(dataVersion)}`;
  const info = useQuery(`info:${dataKey}`, () => client.invoke('app.info', {}));
  const workspace = info.data?.workspace;
  // A new user's first step is a course: the empty state offers it beside the demo.
  const [addingFirst, setAddingFirst] = useState(false);
  const [rosterFirst, setRosterFirst] = useState(false);
  const isEmpty =
    !addingFirst &&
    workspace !== undefined &&
    workspace.courses + workspace.learners + workspace.sessions === 0;

  // A learner's view belongs to the workspace it was opened in.
  if (open !== null && open.workspaceKey === workspaceKey) {
    return (
      <LearnerView
        key={open.id}
        learnerId={open.id}
        name={open.name}
        onBack={() => {
          setReturnFocusTo(open.id);
          setOpen(null);
        }}
        onDeleted={(name) => {
          setDeletedName(name);
          setReturnFocusTo(null);
          setOpen(null);
        }}
      />
    );
  }

  return (
    <section className="screen">
      <ScreenHeader title={t('library.title')} subtitle={t('library.subtitle')} />
      {isEmpty ? (
        <EmptyState title={t('library.empty.title')}>
          <p>{t('library.empty.body')}</p>
          <div className="empty-actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                setTab('courses');
                setAddingFirst(true);
              }}
              data-testid="library-add-first-course"
            >
              {t('library.courses.addFirst')}
            </button>
            <button
              type="button"
              onClick={() => {
                setTab('orders');
                setAddingFirst(true);
              }}
              data-testid="library-import-orders"
            >
              {t('importWizard.emptyImport')}
            </button>
            <button
              type="button"
              onClick={() => {
                setTab('learners');
                setRosterFirst(true);
                setAddingFirst(true);
              }}
              data-testid="library-import-roster"
            >
              {t('roster.open')}
            </button>
            <button type="button" onClick={onLoadDemo}>
              {t('workspace.loadDemo')}
            </button>
          </div>
        </EmptyState>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label={t('library.title')}>
            {TABS.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`library-tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`library-panel-${name}`}
                className={tab === name ? 'tab active' : 'tab'}
                onClick={() => setTab(name)}
              >
                {t(`library.tabs.${name}`)}
                {workspace && name !== 'backups' && name !== 'orders' ? (
                  <span className="count">{formatNumber(workspace[name], i18n.language)}</span>
                ) : null}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`library-panel-${tab}`} aria-labelledby={`library-tab-${tab}`}>
            {tab === 'courses' ? (
              <CoursesPanel dataKey={dataKey} startCreating={addingFirst} />
            ) : null}
            {tab === 'learners' ? (
              <LearnersTable
                dataKey={dataKey}
                startImporting={rosterFirst}
                list={learnerList}
                onList={setLearnerList}
                deletedName={deletedName}
                returnFocusTo={returnFocusTo}
                onFocusReturned={() => setReturnFocusTo(null)}
                onOpen={(learner) => {
                  setDeletedName(null);
                  setOpen({ id: learner.id, name: learner.displayName, workspaceKey });
                }}
              />
            ) : null}
            {tab === 'sessions' ? (
              <>
                <UpcomingClasses workspaceKey={dataKey} />
                <SessionsTable workspaceKey={dataKey} />
              </>
            ) : null}
            {tab === 'orders' ? <OrdersPanel dataKey={dataKey} startImport={addingFirst} /> : null}
            {tab === 'backups' ? <BackupsPanel workspaceKey={dataKey} /> : null}
          </div>
        </>
      )}
    </section>
  );
}

function useLocale(): string {
  const { i18n } = useTranslation();
  return i18n.language;
}

interface LearnerListState {
  search: string;
  offset: number;
}

function LearnersTable({
  dataKey,
  startImporting,
  list,
  onList,
  deletedName,
  returnFocusTo,
  onFocusReturned,
  onOpen,
}: {
  dataKey: string;
  /** Open the roster import at once (the empty workspace's "Import roster"). */
  startImporting: boolean;
  list: LearnerListState;
  onList: (list: LearnerListState) => void;
  deletedName: string | null;
  /** The learner whose view just closed: their name gets the focus back once the list shows. */
  returnFocusTo: LearnerId | null;
  onFocusReturned: () => void;
  onOpen: (learner: LearnerSummary) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const client = useStudio();
  const { search, offset } = list;
  const setSearch = (value: string): void => onList({ search: value, offset: 0 });
  const setOffset = (value: number): void => onList({ search, offset: value });
  const trimmed = search.trim();
  const [importingRoster, setImportingRoster] = useState(startImporting);
  const learners = useQuery<{ total: number; rows: LearnerSummary[] }>(
    `learners:${dataKey}:${trimmed}:${offset}`,
    () =>
      client.invoke('library.learners', {
        ...(trimmed ? { search: trimmed } : {}),
        limit: LEARNER_PAGE_SIZE,
        offset,
      }),
  );
  const total = learners.data?.total ?? 0;
  const rows = learners.data?.rows ?? [];
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (returnFocusTo === null || !hasRows) return;
    document
      .querySelector<HTMLButtonElement>(`[data-testid="open-learner-${String(returnFocusTo)}"]`)
      ?.focus();
    onFocusReturned();
  }, [returnFocusTo, hasRows, onFocusReturned]);
  return (
    <>
      {deletedName ? <DeletedNotice name={deletedName} /> : null}
      <ContactConflicts dataKey={dataKey} />
      {importingRoster ? <RosterImport onClose={() => setImportingRoster(false)} /> : null}
      <div className="toolbar">
        <input
          type="search"
          value={search}
          placeholder={t('library.learners.search')}
          aria-label={t('library.learners.search')}
          onChange={(event) => setSearch(event.target.value)}
        />
        <span className="muted">
          {t('library.learners.count', {
            shown: formatNumber(rows.length, locale),
            total: formatNumber(total, locale),
          })}
        </span>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => setImportingRoster(true)}
          disabled={importingRoster}
          data-testid="roster-open"
        >
          {t('roster.open')}
        </button>
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - LEARNER_PAGE_SIZE))}
        >
          {t('library.learners.previous')}
        </button>
        <button
          type="button"
          disabled={offset + LEARNER_PAGE_SIZE >= total}
          onClick={() => setOffset(offset + LEARNER_PAGE_SIZE)}
        >
          {t('library.learners.next')}
        </button>
      </div>
      {learners.status === 'error' ? (
        <p className="error">{t('app.error', { message: learners.message })}</p>
      ) : null}
      {learners.status === 'ready' && total === 0 && trimmed ? (
        <EmptyState>{t('library.learners.noMatch', { search: trimmed })}</EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="learners-table">
            <thead>
              <tr>
                <th>{t('library.learners.name')}</th>
                <th>{t('library.learners.firstSeen')}</th>
                <th className="num">{t('library.learners.attended')}</th>
                <th className="num">{t('library.learners.orders')}</th>
                <th className="num">{t('library.learners.spent')}</th>
                <th>{t('library.learners.lastOrder')}</th>
                <th>{t('library.learners.contact')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((learner) => (
                <tr key={learner.id}>
                  <td className="strong">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onOpen(learner)}
                      title={t('library.learners.open', { name: learner.displayName })}
                      data-testid={`open-learner-${learner.id}`}
                    >
                      {learner.displayName}
                    </button>
                  </td>
                  <td className="nowrap">{formatDate(learner.firstSeenAt, locale)}</td>
                  <td className="num">{formatNumber(learner.sessionsAttended, locale)}</td>
                  <td className="num">{formatNumber(learner.orderCount, locale)}</td>
                  <td className="num">
                    {learner.spent.length > 0
                      ? learner.spent
                          .map((s) => formatMoney(s.minor, s.currency, locale))
                          .join(' + ')
                      : t('library.learners.none')}
                  </td>
                  <td className="nowrap">
                    {learner.lastOrderAt === null
                      ? t('library.learners.none')
                      : formatDate(learner.lastOrderAt, locale)}
                  </td>
                  <td className="badges">
                    {learner.hasEmail ? (
                      <span className="badge" title={t('library.learners.email')}>
                        ✉
                      </span>
                    ) : null}
                    {learner.hasPhone ? (
                      <span className="badge" title={t('library.learners.phone')}>
                        ☎
                      </span>
                    ) : null}
                    {learner.consentFollowUp ? (
                      <span className="badge ok" title={t('library.learners.consent')}>
                        ✓
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Says who was deleted, and takes the focus: the view the keyboard was in has closed. */
function DeletedNotice({ name }: { name: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p ref={ref} className="notice" role="status" tabIndex={-1} data-testid="learner-deleted">
      {t('library.learners.deleted', { name })}
    </p>
  );
}

function SessionsTable({ workspaceKey }: { workspaceKey: string }) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessions = useQuery<SessionSummary[]>(`sessions:${workspaceKey}`, () =>
    client.invoke('library.sessions', {}),
  );
  if (sessions.status === 'error')
    return <p className="error">{t('app.error', { message: sessions.message })}</p>;
  const rows = sessions.data ?? [];
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="sessions-table">
        <thead>
          <tr>
            <SessionHeaderCells />
          </tr>
        </thead>
        <tbody>
          {rows.map((session) => (
            <tr key={session.id}>
              <td className="strong">{session.title}</td>
              <SessionCells session={session} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Headers of the columns every list of classes shares (the title, then SessionCells'). */
export function SessionHeaderCells() {
  const { t } = useTranslation();
  return (
    <>
      <th>{t('library.sessions.title')}</th>
      <th>{t('library.sessions.course')}</th>
      <th>{t('library.sessions.date')}</th>
      <th className="num">{t('library.sessions.duration')}</th>
      <th>{t('library.sessions.status')}</th>
      <th className="num">{t('library.sessions.viewers')}</th>
      <th className="num">{t('library.sessions.events')}</th>
    </>
  );
}

/** The columns every list of classes shares: course, date, duration, status, viewers, events. */
export function SessionCells({ session }: { session: SessionSummary }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      <td>{session.courseTitle ?? ''}</td>
      <td className="nowrap">{formatDateTime(session.startedAt ?? session.scheduledAt, locale)}</td>
      <td className="num">
        {session.startedAt !== null && session.endedAt !== null
          ? t('library.sessions.minutes', {
              count: Math.round((session.endedAt - session.startedAt) / 60_000),
            })
          : ''}
      </td>
      <td>
        <span className={`status status-${session.status}`}>{t(`status.${session.status}`)}</span>
      </td>
      <td className="num">{formatNumber(session.viewerCount, locale)}</td>
      <td className="num">{formatNumber(session.eventCount, locale)}</td>
    </>
  );
}
