import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { launchChromium } from '../helpers/chromium';
import {
  closeE2eStudio,
  cspViolations,
  openStudioPage,
  startE2eStudio,
} from '../helpers/e2e-studio';
import { fillCourse, saveCourse } from '../helpers/e2e-steps';
import { useTempDirs } from '../helpers/temp-dir';

// A new user on an empty workspace (no demo) builds a catalogue through the Library's Courses tab:
// two series, four courses (one with a cover picture), an edit, a reorder and an archive; then
// the Live screen's pickers offer exactly the courses still in the catalogue.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();

/** A PNG drawn by the page itself (a real picture, not a file from disk). */
async function drawCover(page: Page): Promise<Buffer> {
  // A string, evaluated in the page: this file is type-checked without the DOM's types.
  const dataUrl = await page.evaluate<string>(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 200;
    const g = canvas.getContext('2d');
    const fill = g.createLinearGradient(0, 0, 320, 200);
    fill.addColorStop(0, '#2856d9');
    fill.addColorStop(1, '#d6336c');
    g.fillStyle = fill;
    g.fillRect(0, 0, 320, 200);
    g.fillStyle = '#ffffff';
    g.font = 'bold 40px sans-serif';
    g.fillText('Sketch', 90, 115);
    return canvas.toDataURL('image/png');
  })()`);
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

describe('Library → Courses in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(tempDir()));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await closeE2eStudio(studio, host);
  });

  it('builds a catalogue from nothing, and the offer picker follows it', async () => {
    const { page, errors } = await openStudioPage(browser, host, contexts);
    const rows = page.getByTestId('courses-table').locator('tbody tr');

    // An empty workspace offers a first course beside the demo.
    await page.getByTestId('library-add-first-course').click();
    const dialog = page.getByTestId('course-dialog');
    await dialog.waitFor();

    // Nothing typed, then bad values: each field says what is wrong, and nothing is sent.
    await dialog.getByTestId('course-price').fill('-3');
    await dialog.getByTestId('course-currency').fill('ZZZ');
    await dialog.getByTestId('course-checkout-url').fill('shop.example/buy');
    await page.getByTestId('course-save').click();
    await expect
      .poll(() => dialog.getByTestId('field-error').allTextContents())
      .toEqual([
        'Enter a title of 1 to 200 characters.',
        'Enter a price of 0 or more, e.g. 199 or 199.00.',
        'Enter an ISO 4217 currency code such as CNY, USD or EUR.',
        'Enter a web address that starts with http:// or https://.',
      ]);
    // The first field with a problem has the focus.
    expect(await page.evaluate<unknown>('document.activeElement?.dataset.testid')).toBe(
      'course-title',
    );
    expect(await dialog.getByTestId('course-title').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'courses-form-errors-en.png') });

    // The first course, standalone, with a cover picture.
    await fillCourse(page, {
      title: 'Sketching basics',
      price: '49',
      currency: 'usd',
      tags: 'art, drawing',
    });
    await dialog.getByTestId('course-checkout-url').fill('https://shop.example/sketch');
    await dialog.getByTestId('course-list-price').fill('79.00');
    await dialog.getByTestId('course-coupons').fill('LIVE10, VIP');
    await dialog.getByTestId('course-level').selectOption('beginner');
    await dialog.getByTestId('course-description').fill('Pencil, paper and thirty minutes a day.');
    await dialog.getByTestId('course-cover').setInputFiles({
      name: 'cover.png',
      mimeType: 'image/png',
      buffer: await drawCover(page),
    });
    await dialog.locator('.cover-preview img').waitFor();
    expect(await dialog.getByTestId('field-error').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'courses-form-en.png') });
    await saveCourse(page);
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().locator('img.cover-thumb').waitFor();
    expect(await rows.first().textContent()).toContain('$49.00');

    // Two series.
    await page.getByTestId('series-toggle').click();
    for (const name of ['Python', 'Design']) {
      await page.getByTestId('series-new-name').fill(name);
      await page.getByTestId('series-create').click();
      await page.getByTestId('series-manager').getByText(name, { exact: true }).waitFor();
    }

    // Three more courses, in the series.
    for (const course of [
      { title: 'Python 1', series: 'Python', price: '199' },
      { title: 'Python 2', series: 'Python', price: '299' },
      { title: 'Colour theory', series: 'Design', price: '99.5' },
    ]) {
      await page.getByTestId('course-add').click();
      await fillCourse(page, course);
      await saveCourse(page);
    }
    await expect.poll(() => rows.count()).toBe(4);
    const titles = () => rows.locator('td.strong').allTextContents();

    // Edit one: a new title and price; the list shows them.
    const python2 = rows.filter({ hasText: 'Python 2' });
    await python2.getByRole('button', { name: 'Edit Python 2' }).click();
    expect(await dialog.getByTestId('course-price').inputValue()).toBe('299.00');
    await dialog.getByTestId('course-title').fill('Python 2: pandas');
    await dialog.getByTestId('course-price').fill('259');
    await saveCourse(page);
    await expect.poll(titles).toContain('Python 2: pandas');
    expect(await rows.filter({ hasText: 'Python 2: pandas' }).textContent()).toContain('¥259.00');

    // Reorder the Python series with the keyboard: focus "move up" and press Enter.
    const manager = page.getByTestId('series-manager');
    await manager.getByRole('button', { name: 'Move Python 2: pandas up' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        manager.locator('li', { hasText: 'Python' }).first().locator('ol li').allTextContents(),
      )
      .toEqual([expect.stringContaining('Python 2: pandas'), expect.stringContaining('Python 1')]);

    // Rename a series: its courses follow.
    await manager.getByRole('button', { name: 'Rename the series Design' }).click();
    await manager.getByRole('textbox', { name: 'New name for Design' }).fill('Visual design');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => rows.filter({ hasText: 'Colour theory' }).textContent())
      .toContain('Visual design');

    // Archive one: it leaves the list, and comes back only with "show archived".
    await rows
      .filter({ hasText: 'Colour theory' })
      .getByRole('button', { name: 'Archive Colour theory' })
      .click();
    await page.getByTestId('course-notice').waitFor();
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByTestId('courses-show-archived').check();
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.filter({ hasText: 'Colour theory' }).textContent()).toContain('Archived');
    await page.screenshot({ path: join(SHOTS, 'courses-list-en.png'), fullPage: true });

    // Live: the class's course picker and the offer picker list the catalogue as it is now.
    await page.getByTestId('nav-live').click();
    const expected = ['Python 2: pandas', 'Python 1', 'Sketching basics'];
    const options = async (testId: string): Promise<string[]> =>
      (await page.getByTestId(testId).locator('option').allTextContents()).slice(1);
    await expect.poll(() => options('new-session-course')).toHaveLength(3);
    expect((await options('new-session-course')).join('|')).not.toContain('Colour theory');
    await page.getByTestId('new-session-title').fill('Open day');
    await page.getByTestId('new-session-course').selectOption({ label: 'Sketching basics' });
    await page.getByTestId('new-session-create').click();
    await page.getByTestId('join-code').waitFor();
    await page
      .locator('details', { has: page.locator('summary', { hasText: 'Push an offer' }) })
      .evaluate((element: { open: boolean }) => {
        element.open = true;
      });
    await expect.poll(() => options('offer-course')).toHaveLength(3);
    const offered = await options('offer-course');
    for (const title of expected) expect(offered.join('|')).toContain(title);
    expect(offered.join('|')).not.toContain('Colour theory');
    // The course's first default coupon goes with its offer.
    await page.getByTestId('offer-push').click();
    await expect
      .poll(() => page.getByTestId('live-offer').first().textContent())
      .toContain('LIVE10');

    // The same screens in Chinese.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByTestId('nav-library').click();
    await page.getByTestId('courses-show-archived').check();
    await expect.poll(() => rows.count()).toBe(4);
    await page.getByTestId('series-toggle').click();
    await page.getByTestId('series-manager').getByText('系列', { exact: true }).waitFor();
    await rows.filter({ hasText: 'Sketching basics' }).locator('img.cover-thumb').waitFor();
    await page.screenshot({ path: join(SHOTS, 'courses-list-zh-CN.png'), fullPage: true });
    await rows
      .filter({ hasText: 'Sketching basics' })
      .getByRole('button', { name: '编辑 Sketching basics' })
      .click();
    await dialog.locator('.cover-preview img').waitFor();
    await dialog.getByTestId('course-price').fill('abc');
    await page.getByTestId('course-save').click();
    await dialog.getByText('请输入不小于 0 的价格，例如 199 或 199.00。').waitFor();
    await page.screenshot({ path: join(SHOTS, 'courses-form-zh-CN.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    expect(errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});
