// No zod here: the page checks the server's frames by hand (frame-guards.ts), so that a phone
// does not download the schema library (tests/unit/viewer/viewer-imports.test.ts).
import { StrictMode, useState, type SubmitEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { initViewerI18n, initialViewerLanguage, useTranslation } from './i18n';
import { ViewerApp, joinCodeFromPath } from './ViewerApp';
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

const root = document.getElementById('root');
if (root) {
  void initViewerI18n(initialViewerLanguage()).then(() => {
    const code = joinCodeFromPath(location.pathname);
    createRoot(root).render(
      <StrictMode>{code ? <ViewerApp code={code} /> : <CodeEntry />}</StrictMode>,
    );
  });
}
