// Before anything that builds a zod schema (see zod-jitless.ts).
import '../common/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { REPORT_DATA_ELEMENT_ID, ReportExportData } from '../../shared/contract/exports-api';
import { initI18n } from '../studio/i18n';
import { ReportDocument } from './ReportDocument';
import '../studio/styles.css';
import './report.css';

// The exported report (src/main/core/report-export.ts): the report's data sits in the file next
// to this script; nothing is fetched. `?print=1` lays it out for paper (the PDF export).

const root = document.getElementById('root');
const block = document.getElementById(REPORT_DATA_ELEMENT_ID);
const print = new URLSearchParams(location.search).has('print');

function fail(message: string): void {
  if (root) root.textContent = message;
}

if (print) {
  // Charts animate unless motion is reduced; a printout must show them finished.
  const matchMedia = window.matchMedia.bind(window);
  window.matchMedia = (query: string) => {
    const list = matchMedia(query);
    if (query.includes('prefers-reduced-motion: reduce'))
      Object.defineProperty(list, 'matches', { value: true });
    return list;
  };
  document.documentElement.classList.add('print');
}

let data: ReportExportData | null = null;
try {
  data = ReportExportData.parse(JSON.parse(block?.textContent ?? ''));
} catch (error) {
  fail(`This report file is damaged: ${error instanceof Error ? error.message : String(error)}`);
}

if (root && data) {
  const report = data;
  void initI18n(report.language).then(() => {
    createRoot(root).render(
      <StrictMode>
        <ReportDocument data={report} print={print} />
      </StrictMode>,
    );
  });
}
