// Before anything that builds a zod schema (see zod-jitless.ts).
import '../common/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './api/connect';
import { initI18n, initialLanguage } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

void initI18n(initialLanguage()).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App connection={connect()} />
    </StrictMode>,
  );
});
