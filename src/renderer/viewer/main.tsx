// No zod here: the page checks the server's frames by hand (frame-guards.ts), so that a phone
// does not download the schema library (tests/unit/viewer/viewer-imports.test.ts).
import { StrictMode, Suspense, lazy, useState, type SubmitEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { initViewerI18n, initialViewerLanguage, useTranslation } from './i18n';
import { ViewerApp, joinCodeFromPath } from './ViewerApp';
import { readReplayProbe, type ReplayProbe } from './replay/replay-data';
import './viewer.css';

// The learners' page, served by the audience server at /j/<code>.

function CodeEntry() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const clean = code.trim().toUpperCase();
    if (/^[A-Z0-9]{4,12}$/.test(clean)) location.assign(`/j/${clean}`);
  };
  return (
    <div className="viewer">
      <form className="card join" onSubmit={submit}>
        <h1>{t('join.heading')}</h1>
        <label>
          {t('code')}
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoCapitalize="characters"
          />
        </label>
        <button type="submit" className="primary">
          {t('join.submit')}
        </button>
      </form>
    </div>
  );
}

// The replay of an ended class (a chunk of its own: a live visit never downloads it).
const ReplayApp = lazy(() => import('./replay/ReplayApp'));

function ReplayOff() {
  const { t } = useTranslation();
  return (
    <div className="viewer">
      <div className="banner stop" role="alert" data-testid="replay-off">
        {t('replay.off')}
      </div>
    </div>
  );
}

function Loading() {
  const { t } = useTranslation();
  return <p className="muted">{t('replay.loading')}</p>;
}

/** Whether the join link serves an ended class's replay (or refuses it); a live class: none. */
async function probeReplay(code: string): Promise<ReplayProbe> {
  try {
    const res = await fetch(`/j/${code}/replay.json`, { cache: 'no-store' });
    return readReplayProbe(await res.json());
  } catch {
    return { state: 'none' };
  }
}

function page(code: string | null, probe: ReplayProbe) {
  if (!code) return <CodeEntry />;
  if (probe.state === 'off') return <ReplayOff />;
  if (probe.state === 'replay') {
    return (
      <Suspense fallback={<Loading />}>
        <ReplayApp code={code} data={probe.data} />
      </Suspense>
    );
  }
  return <ViewerApp code={code} />;
}

const root = document.getElementById('root');
if (root) {
  const code = joinCodeFromPath(location.pathname);
  const probe: Promise<ReplayProbe> = code ? probeReplay(code) : Promise.resolve({ state: 'none' });
  void Promise.all([initViewerI18n(initialViewerLanguage()), probe]).then(([, found]) => {
    createRoot(root).render(<StrictMode>{page(code, found)}</StrictMode>);
  });
}
