import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RENDERER_OUT_DIR } from '../../src/main/cli/project-paths';
import { createStudio, type Studio, type StudioConfig } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { startBrowserHost, type BrowserHost } from '../../src/main/web-host/browser-host';

/**
 * A studio served by the browser host, as `npm run serve` runs it, with its audience server on
 * loopback. Tests reach both only through 127.0.0.1.
 */
export async function startE2eStudio(
  dataDir: string,
  extra: Partial<Pick<StudioConfig, 'webrtc' | 'host' | 'desktopSources'>> = {},
): Promise<{ studio: Studio; host: BrowserHost }> {
  const studio = createStudio({
    dataDir,
    host: 'browser',
    logger: createSilentLogger(),
    audience: { host: '127.0.0.1', port: 0, rendererDir: RENDERER_OUT_DIR },
    ...extra,
  });
  const host = await startBrowserHost({ studio, rendererDir: RENDERER_OUT_DIR, port: 0 });
  return { studio, host };
}

/** Closes what startE2eStudio started: the browser host, the audience server and the studio. */
export async function closeE2eStudio(studio: Studio, host: BrowserHost): Promise<void> {
  await host.close();
  const closing = studio.audience.close();
  studio.close();
  await closing;
}

const LOOPBACK = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * Pages under test may link elsewhere (a course's checkout URL); this machine must send nothing
 * beyond loopback, so such requests are answered locally instead of leaving it.
 */
export async function keepOnLoopback(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route(
    (url) =>
      !LOOPBACK.test(url.href) && !url.href.startsWith('data:') && !url.href.startsWith('blob:'),
    async (route) => {
      blocked.push(route.request().url());
      await route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<title>checkout</title>',
      });
    },
  );
  return blocked;
}

/** Collects page errors and console errors, so a test can assert a clean run. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/**
 * Records every Content-Security-Policy violation of the context's pages (from before their
 * first script runs); read them with `cspViolations(page)`.
 */
export async function watchCspViolations(context: BrowserContext): Promise<void> {
  // A string: this runs in the page, and tests are compiled without the DOM's types.
  await context.addInitScript({
    content: `(() => {
      const seen = [];
      Object.defineProperty(window, '__cspViolations', { value: seen });
      document.addEventListener('securitypolicyviolation', (event) => {
        seen.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber);
      });
    })();`,
  });
}

export async function cspViolations(page: Page): Promise<string[]> {
  const seen: unknown = await page.evaluate('window.__cspViolations');
  return Array.isArray(seen) ? seen.map(String) : ['the CSP watcher is not installed'];
}

/**
 * The studio at desktop size in its own context, kept on loopback, in English, confirming every
 * dialog; the context is pushed to `contexts` for the caller to close.
 */
export async function openStudioPage(
  browser: Browser,
  host: BrowserHost,
  contexts: BrowserContext[],
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en',
  });
  contexts.push(context);
  await keepOnLoopback(context);
  await watchCspViolations(context);
  const page = await context.newPage();
  const errors = collectErrors(page);
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(host.url);
  await page.getByTestId('language-select').selectOption('en');
  return { page, errors };
}
