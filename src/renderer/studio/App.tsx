import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/contract';
import type { Language } from '../../shared/model/domain';
import type { SessionId } from '../../shared/model/ids';
import type { ConnectionState } from '../common/ws-transport';
import type { Connection } from './api/connect';
import { StudioContext } from './api/studio-context';
import { HealthBanner } from './components/HealthBanner';
import { LANGUAGES, rememberLanguage } from './i18n';
import { LibraryScreen } from './screens/LibraryScreen';
import { LiveScreen } from './screens/live/LiveScreen';
import { BroadcastScreen } from './screens/broadcast/BroadcastScreen';
import { ReviewScreen } from './screens/review/ReviewScreen';
import { ReportsScreen } from './screens/reports/ReportsScreen';
import { WatchMomentContext, type WatchMoment } from './screens/reports/watch-moment';

type Screen = 'broadcast' | 'live' | 'reports' | 'review' | 'library';
const SCREENS: readonly { id: Screen; icon: string }[] = [
  { id: 'broadcast', icon: '●' },
  { id: 'live', icon: '☰' },
  { id: 'reports', icon: '▦' },
  { id: 'review', icon: '▶' },
  { id: 'library', icon: '▤' },
];

export function App({ connection }: { connection: Connection }) {
  const { t, i18n } = useTranslation();
  const { client } = connection;
  const [screen, setScreen] = useState<Screen>('library');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [connectionState, setConnectionState] = useState<ConnectionState>('connecting');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Changes whenever the workspace is switched or refilled, so every screen reloads its data.
  const [workspaceVersion, setWorkspaceVersion] = useState(0);
  // When a class ends, its post-session report opens by itself (n remounts the Reports screen);
  // the navigation's Reports button opens the list (sessionId null), not the last class again.
  const [reportRequest, setReportRequest] = useState<{
    sessionId: SessionId | null;
    n: number;
  } | null>(null);

  // "Watch this moment" in a report opens Review on that class at that moment (n remounts it).
  const [reviewRequest, setReviewRequest] = useState<{
    sessionId: SessionId;
    at: number;
    n: number;
  } | null>(null);
  const watchMoment = useCallback<WatchMoment>((sessionId, at) => {
    setReviewRequest((previous) => ({ sessionId, at, n: (previous?.n ?? 0) + 1 }));
    setScreen('review');
  }, []);

  const applyLanguage = useCallback(
    (language: Language) => {
      rememberLanguage(language);
      void i18n.changeLanguage(language);
    },
    [i18n],
  );

  useEffect(() => connection.onState(setConnectionState), [connection]);

  useEffect(() => {
    if (connectionState !== 'open') return;
    client.invoke('app.info', {}).then(setInfo, (e: unknown) => setError(String(e)));
    client.invoke('settings.get', {}).then(
      (s) => applyLanguage(s.language),
      () => undefined,
    );
  }, [client, connectionState, applyLanguage]);

  useEffect(() => {
    const offWorkspace = client.on('workspace.changed', (workspace) => {
      setInfo((previous) => (previous ? { ...previous, workspace } : previous));
      setWorkspaceVersion((v) => v + 1);
    });
    const offSettings = client.on('settings.changed', (settings) =>
      applyLanguage(settings.language),
    );
    const offSession = client.on('session.changed', (session) => {
      if (session.status !== 'ended') return;
      setReportRequest((previous) => ({ sessionId: session.id, n: (previous?.n ?? 0) + 1 }));
      setScreen('reports');
      client.invoke('app.info', {}).then(setInfo, () => undefined);
    });
    return () => {
      offWorkspace();
      offSettings();
      offSession();
    };
  }, [client, applyLanguage]);

  const run = async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const loadDemo = (): void => void run(() => client.invoke('workspace.loadDemo', {}));
  const openMine = (): void => void run(() => client.invoke('workspace.open', { name: 'default' }));
  const changeLanguage = (language: Language): void => {
    applyLanguage(language);
    void client.invoke('settings.update', { language }).catch((e: unknown) => setError(String(e)));
  };

  const workspace = info?.workspace;
  const workspaceKey = `${workspace?.name ?? 'none'}:${workspaceVersion}`;

  return (
    <StudioContext.Provider value={client}>
      <div className="app">
        <nav className="sidebar" aria-label={t('app.name')}>
          <div className="brand">
            <span className="logo" aria-hidden="true">
              E
            </span>
            <span>{t('app.name')}</span>
          </div>
          <ul>
            {SCREENS.map(({ id, icon }) => (
              <li key={id}>
                <button
                  type="button"
                  className={screen === id ? 'nav-item active' : 'nav-item'}
                  aria-current={screen === id ? 'page' : undefined}
                  onClick={() => {
                    if (id === 'reports') {
                      setReportRequest((previous) =>
                        previous ? { sessionId: null, n: previous.n + 1 } : previous,
                      );
                    }
                    setScreen(id);
                  }}
                  data-testid={`nav-${id}`}
                >
                  <span className="nav-icon" aria-hidden="true">
                    {icon}
                  </span>
                  {t(`nav.${id}`)}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="main">
          <header className="topbar">
            <div className="workspace">
              <span className="muted">{t('workspace.label')}</span>
              <strong data-testid="workspace-name">
                {!workspace
                  ? '…'
                  : workspace.name === 'default' || workspace.name === 'demo'
                    ? t(`workspace.${workspace.name}`)
                    : workspace.name}
              </strong>
            </div>
            <span className="spacer" />
            {workspace !== undefined && workspace.name !== 'default' ? (
              <button type="button" onClick={openMine} disabled={busy}>
                {t('workspace.backToMine')}
              </button>
            ) : null}
            <button
              type="button"
              className="primary"
              onClick={loadDemo}
              disabled={busy}
              data-testid="load-demo"
            >
              {busy ? t('workspace.loadingDemo') : t('workspace.loadDemo')}
            </button>
            <label className="language">
              <span className="muted">{t('language.label')}</span>
              <select
                value={i18n.language}
                onChange={(event) => changeLanguage(event.target.value as Language)}
                data-testid="language-select"
              >
                {LANGUAGES.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.label}
                  </option>
                ))}
              </select>
            </label>
          </header>
          {connectionState !== 'open' ? (
            <div className="banner warning" role="status">
              {connectionState === 'connecting' ? t('app.connecting') : t('app.disconnected')}
            </div>
          ) : null}
          <HealthBanner connected={connectionState === 'open'} />
          {workspace?.name === 'demo' ? (
            <div className="banner info">{t('workspace.demoBanner')}</div>
          ) : null}
          {error ? (
            <div className="banner error" role="alert">
              {t('app.error', { message: error })}
            </div>
          ) : null}
          <main className="content">
            {screen === 'library' ? (
              <LibraryScreen workspaceKey={workspaceKey} onLoadDemo={loadDemo} />
            ) : null}
            {screen === 'broadcast' ? <BroadcastScreen workspaceKey={workspaceKey} /> : null}
            {screen === 'live' ? <LiveScreen workspaceKey={workspaceKey} /> : null}
            {screen === 'reports' ? (
              <WatchMomentContext.Provider value={watchMoment}>
                <ReportsScreen
                  key={reportRequest?.n ?? 0}
                  workspaceKey={workspaceKey}
                  sessionCount={workspace?.sessions ?? 0}
                  initialSessionId={reportRequest?.sessionId ?? null}
                />
              </WatchMomentContext.Provider>
            ) : null}
            {screen === 'review' ? (
              <ReviewScreen
                key={reviewRequest?.n ?? 0}
                workspaceKey={workspaceKey}
                request={reviewRequest}
              />
            ) : null}
          </main>
        </div>
      </div>
    </StudioContext.Provider>
  );
}
