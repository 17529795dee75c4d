import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { useTempDirs } from '../helpers/temp-dir';

// A learner's view in Chromium through the browser host, on the demo workspace: opened from the
// Library's learner list by keyboard, it shows their attendance (with a chart) and purchases,
// contact details only masked; back returns to the list; the data export downloads as JSON equal
// to the core's; the deletion needs their name typed, then the learner is gone from the list.
// Screenshots in English and Chinese: test-results/screenshots/learner-*.png.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const PROFILE_TIMEOUT_MS = 45_000;
const tempDir = useTempDirs();

describe('learner view in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];

  async function call<M extends MethodName>(
    method: M,
    input: MethodInput<M>,
  ): Promise<MethodOutput<M>> {
    const result = await studio.router.handle(method, input, { transport: 'test' });
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as MethodOutput<M>;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ studio, host } = await startE2eStudio(tempDir()));
    await call('workspace.loadDemo', {});
    await call('settings.update', { language: 'en' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await host.close();
    studio.close();
  });

  it('opens a learner from the Library, exports their data and deletes them', async () => {
    // The biggest spender who attended classes and left an email: a full page.
    const list = await call('library.learners', { limit: 100 });
    const learner = list.rows.find(
      (l) => l.sessionsAttended > 1 && l.orderCount > 0 && l.hasEmail,
    )!;
    expect(learner).toBeDefined();
    const profile = await call('analytics.learner', { learnerId: learner.id });
    const email = (
      studio
        .workspace()
        .db.prepare(`SELECT value FROM learner_identities WHERE learner_id = ? AND kind = 'email'`)
        .get(learner.id) as { value: string }
    ).value;

    const { page, errors } = await openStudioPage(browser, host, contexts);
    await page.getByRole('tab', { name: /Learners/ }).click();
    await page.getByRole('searchbox').fill(learner.displayName);
    const open = page.getByTestId(`open-learner-${learner.id}`);
    await open.waitFor();
    // By keyboard: the name is a button in the tab order.
    await open.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('learner-body').waitFor({ timeout: PROFILE_TIMEOUT_MS });
    await expect
      .poll(() => page.getByTestId('learner-name').textContent())
      .toBe(learner.displayName);
    // The heading has the focus: the keyboard continues from the top of the view.
    await expect
      .poll(() =>
        page.evaluate<string | null>('document.activeElement?.getAttribute("data-testid") ?? null'),
      )
      .toBe('learner-name');

    // Attendance and purchases, as the core computed them; a bar per class in the chart.
    expect(await page.getByTestId('learner-attendance-table').locator('tbody tr').count()).toBe(
      profile.attendance.length,
    );
    await expect
      .poll(() => page.getByTestId('learner-chart').locator('.recharts-bar-rectangle').count())
      .toBe(profile.attendance.length);
    expect(await page.getByTestId('learner-purchases-table').locator('tbody tr').count()).toBe(
      profile.purchases.length,
    );
    const firstClass = profile.attendance.at(-1)!;
    await expect
      .poll(() => page.getByTestId('learner-attendance-table').textContent())
      .toContain(firstClass.title);
    if (profile.rfm?.score) {
      await expect
        .poll(() => page.getByTestId('learner-rfm').textContent())
        .toContain(profile.rfm.score.code);
    }
    if (profile.segment) {
      await expect
        .poll(() => page.getByTestId('learner-segment').textContent())
        .toContain(profile.segment.text);
    }
    // The RFM segment by name, with what to do about it.
    expect(profile.rfm?.segment).toBeTruthy();
    expect(
      await page
        .getByTestId('learner-rfm-segment')
        .getByTestId('rfm-segment')
        .getAttribute('data-segment'),
    ).toBe(profile.rfm?.segment);
    // Contact details: whether they exist, masked; never the address.
    const contact = (await page.getByTestId('learner-contact').textContent()) ?? '';
    expect(contact).toContain('Email on file');
    expect(contact).toContain(`${email.slice(0, 1)}•••${email.slice(email.indexOf('@'))}`);
    expect(await page.content()).not.toContain(email);
    await page.screenshot({ path: join(SHOTS, 'learner-view-en.png'), fullPage: true });

    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect
      .poll(() => page.getByTestId('learner-attendance').locator('h2').textContent())
      .toBe('上课记录');
    await expect
      .poll(() => page.getByTestId('learner-contact').textContent())
      .toContain('已留邮箱');
    await page.getByTestId('learner-body').waitFor();
    await page.screenshot({ path: join(SHOTS, 'learner-view-zh-CN.png'), fullPage: true });
    await page.getByTestId('language-select').selectOption('en');
    await expect
      .poll(() => page.getByTestId('learner-attendance').locator('h2').textContent())
      .toBe('Attendance');

    // Back: the list as it was (the search kept), the focus on the learner's name.
    await page.getByTestId('learner-back').click();
    await open.waitFor();
    expect(await page.getByRole('searchbox').inputValue()).toBe(learner.displayName);
    await expect
      .poll(() =>
        page.evaluate<string | null>('document.activeElement?.getAttribute("data-testid") ?? null'),
      )
      .toBe(`open-learner-${learner.id}`);
    await page.keyboard.press('Enter');
    await page.getByTestId('learner-body').waitFor({ timeout: PROFILE_TIMEOUT_MS });

    // Export: a JSON download, the same document the core gives (but for the moment it was made).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('learner-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^learner-${learner.id}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
    );
    const exported = JSON.parse(
      readFileSync(await download.path(), 'utf8'),
    ) as MethodOutput<'learner.export'>;
    const expected = await call('learner.export', { learnerId: learner.id });
    expect({ ...exported, exportedAt: 0 }).toEqual({ ...expected, exportedAt: 0 });
    expect(exported.tables.attendance?.length).toBeGreaterThan(0);
    expect(exported.tables.orders?.length).toBe(profile.purchases.length);
    expect(JSON.stringify(exported)).toContain(email);

    // Delete: Escape cancels; the button waits for the exact name; then the learner is gone.
    await page.getByTestId('learner-delete').click();
    const dialog = page.getByTestId('delete-learner-dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('learner-delete').click();
    await dialog.waitFor();
    const confirm = page.getByTestId('delete-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('delete-confirm-name').fill(learner.displayName.slice(0, -1));
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('delete-confirm-name').fill(learner.displayName);
    expect(await confirm.isDisabled()).toBe(false);
    await dialog.screenshot({ path: join(SHOTS, 'learner-delete-dialog-en.png') });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => confirm.textContent()).toBe('永久删除');
    await dialog.screenshot({ path: join(SHOTS, 'learner-delete-dialog-zh-CN.png') });
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => confirm.textContent()).toBe('Delete for good');
    await confirm.click();

    await page.getByTestId('learner-deleted').waitFor();
    await expect
      .poll(() => page.getByTestId('learner-deleted').textContent())
      .toContain(learner.displayName);
    await expect
      .poll(() =>
        page.evaluate<string | null>('document.activeElement?.getAttribute("data-testid") ?? null'),
      )
      .toBe('learner-deleted');
    const sameName = (await call('library.learners', { search: learner.displayName })).total;
    await page.getByText(`of ${sameName} learners`).waitFor();
    expect(await page.getByTestId(`open-learner-${learner.id}`).count()).toBe(0);
    await page.getByRole('searchbox').fill('');
    await expect
      .poll(async () =>
        (await page.locator('.tab.active .count').textContent())?.replace(/\D/g, ''),
      )
      .toBe(String(list.total - 1));
    await page.screenshot({ path: join(SHOTS, 'learner-deleted-en.png') });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('learner-deleted').textContent()).toContain('已删除');
    await page.screenshot({ path: join(SHOTS, 'learner-deleted-zh-CN.png') });
    expect((await call('library.learners', { limit: 1 })).total).toBe(list.total - 1);

    expect(errors).toEqual([]);
  });
});
