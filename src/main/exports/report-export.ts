import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  REPORT_DATA_ELEMENT_ID,
  type ExportFormat,
  type ExportedFile,
  type ReportExportData,
} from '../../shared/contract/exports-api';
import { StudioError } from '../../shared/contract/errors';

// Report exports (exports-api.ts). The HTML file is the report app (src/renderer/report, built
// as one script and one stylesheet by vite.report.config.ts) with the report's data, all inlined:
// it opens offline, from a mail attachment or a USB stick, with nothing to fetch. The PDF is that
// same file printed, so the two never disagree.

/** Where the report app's build lives, inside out/renderer. */
export const REPORT_BUNDLE_DIR = 'report';
const BUNDLE_JS = 'report.js';
const BUNDLE_CSS = 'report.css';
export const EXPORTS_DIR = 'exports';

/** Prints an HTML file to a PDF file (headless Chromium, or Electron's printToPDF). */
export interface PdfPrinter {
  print(htmlFile: string, pdfFile: string): Promise<void>;
}

export interface ReportBundle {
  js: string;
  css: string;
}

export function readReportBundle(rendererDir: string): ReportBundle {
  const dir = join(rendererDir, REPORT_BUNDLE_DIR);
  const js = join(dir, BUNDLE_JS);
  const css = join(dir, BUNDLE_CSS);
  if (!existsSync(js) || !existsSync(css)) {
    throw new StudioError(
      'UNAVAILABLE',
      `the report app is not built (${js} is missing): run npm run build`,
    );
  }
  return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
}

/** JSON that can sit inside a <script> element: nothing in it can close the element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

/**
 * The self-contained report file. Its CSP allows exactly its own inlined script (by hash) and
 * styles, and no network at all: an exported report cannot phone home or load anything.
 */
export function renderReportHtml(data: ReportExportData, bundle: ReportBundle): string {
  // `</script` inside the bundle would end the element early; escape it the way bundlers do.
  const js = bundle.js.replace(/<\/script/gi, '<\\/script');
  const hash = createHash('sha256').update(js).digest('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
  ].join('; ');
  const title = `${data.report.session.title} · Encore Studio`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(data.language)}">`,
    '<head>',
    '<meta charset="utf-8" />',
    `<meta http-equiv="Content-Security-Policy" content="${csp}" />`,
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${bundle.css.replace(/<\/style/gi, '<\\/style')}</style>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    `<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">${scriptSafeJson(data)}</script>`,
    `<script>${js}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A file name from a title: letters and digits of any script kept, the rest one dash. */
export function exportFileName(
  kind: string,
  id: number,
  title: string,
  at: number,
  format: ExportFormat,
): string {
  const slug = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const stamp = new Date(at).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${kind}-${String(id)}${slug === '' ? '' : `-${slug}`}-${stamp}.${format}`;
}

const MIME: Record<ExportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * Writes the export into `<workspaceDir>/exports`. An existing file of the same name (the same
 * report exported twice in one minute) is replaced.
 */
export async function writeReportExport(options: {
  workspaceDir: string;
  data: ReportExportData;
  bundle: ReportBundle;
  format: ExportFormat;
  printer: PdfPrinter | null;
}): Promise<ExportedFile> {
  const { data, format } = options;
  const dir = join(options.workspaceDir, EXPORTS_DIR);
  mkdirSync(dir, { recursive: true });
  const session = data.report.session;
  const fileName = exportFileName('report', session.id, session.title, data.exportedAt, format);
  const path = join(dir, fileName);
  const html = renderReportHtml(data, options.bundle);
  if (format === 'html') {
    writeFileSync(path, html);
  } else {
    if (!options.printer) {
      throw new StudioError(
        'UNAVAILABLE',
        'PDF export needs Chromium (install it, or set CHROMIUM_PATH) or the desktop app',
      );
    }
    const scratch = mkdtempSync(join(tmpdir(), 'encore-pdf-'));
    try {
      const htmlFile = join(scratch, 'report.html');
      writeFileSync(htmlFile, html);
      await options.printer.print(htmlFile, path);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return {
    fileName,
    path,
    bytes: statSync(path).size,
    mimeType: MIME[format],
    downloadPath: `/${EXPORTS_DIR}/${encodeURIComponent(fileName)}`,
  };
}

/**
 * The export a download URL names, or null: only a plain file name that exists in the folder,
 * so no path (`..`, `/`, `\`) can reach anything else.
 */
export function resolveExport(workspaceDir: string, encodedName: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    return null;
  }
  if (name === '' || name !== basename(name) || name.startsWith('.') || /[\\/\0]/.test(name))
    return null;
  const dir = join(workspaceDir, EXPORTS_DIR);
  if (!existsSync(dir)) return null;
  return readdirSync(dir).includes(name) ? join(dir, name) : null;
}

/**
 * Removes the exported reports of these classes (file names start `report-<sessionId>-`) and
 * their offline replays (folders named `replay-<sessionId>-`, review/replay-handlers.ts): they
 * name the classes' viewers, so a learner's deletion takes them along. Returns the names removed.
 */
export function removeSessionExports(
  workspaceDir: string,
  sessionIds: readonly number[],
): string[] {
  const dir = join(workspaceDir, EXPORTS_DIR);
  if (sessionIds.length === 0 || !existsSync(dir)) return [];
  const ids = new Set(sessionIds.map(String));
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const id = /^(?:report|replay)-(\d+)-/.exec(name)?.[1];
    if (id === undefined || !ids.has(id)) continue;
    rmSync(join(dir, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed.sort();
}

// ---------------------------------------------------------------------------------------------
// PDF through headless Chromium (the browser host, the CLI, tests)
// ---------------------------------------------------------------------------------------------

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
/** Virtual time the page gets to lay out and draw its charts before printing. */
const PRINT_BUDGET_MS = 10_000;
const PRINT_TIMEOUT_MS = 90_000;

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.CHROMIUM_PATH;
  if (given !== undefined && given !== '') return existsSync(given) ? given : null;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** Headless Chromium's printer when a Chromium is installed (the default of the browser host). */
export function chromiumPdfPrinterIfInstalled(): PdfPrinter | null {
  const chromium = findChromium();
  return chromium === null ? null : chromiumPdfPrinter(chromium);
}

/** Headless Chromium's own printing (`--print-to-pdf`); no page can reach the network. */
export function chromiumPdfPrinter(executable: string): PdfPrinter {
  return {
    async print(htmlFile, pdfFile) {
      const profile = mkdtempSync(join(tmpdir(), 'encore-chromium-'));
      const url = `${pathToFileURL(htmlFile).href}?print=1`;
      const args = [
        '--headless',
        '--disable-gpu',
        // Root (CI containers) cannot use Chromium's sandbox; the page is our own file.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        '--force-prefers-reduced-motion',
        '--no-pdf-header-footer',
        `--user-data-dir=${profile}`,
        `--virtual-time-budget=${String(PRINT_BUDGET_MS)}`,
        `--print-to-pdf=${pdfFile}`,
        url,
      ];
      try {
        await new Promise<void>((resolve, reject) => {
          const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.setEncoding('utf8');
          child.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-2_000)));
          const timer = setTimeout(() => child.kill('SIGKILL'), PRINT_TIMEOUT_MS);
          child.once('error', (error) => {
            clearTimeout(timer);
            reject(new StudioError('UNAVAILABLE', `cannot start Chromium: ${error.message}`));
          });
          child.once('exit', (code, signal) => {
            clearTimeout(timer);
            if (code === 0 && existsSync(pdfFile) && statSync(pdfFile).size > 0) resolve();
            else
              reject(
                new StudioError(
                  'INTERNAL',
                  `Chromium did not print the report (${signal ?? `exit ${String(code)}`}): ${stderr.trim().split('\n').slice(-3).join(' ')}`,
                ),
              );
          });
        });
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
