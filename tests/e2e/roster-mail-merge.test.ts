import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import { digestTablesNow } from '../../src/main/storage/queries/table-digest';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import { defuseFormulas } from '../../src/renderer/common/csv';
import { MAIL_MERGE_CSV_COLUMNS } from '../../src/renderer/studio/screens/reports/mail-merge-csv';
import { call } from '../helpers/audience';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { useTempDirs } from '../helpers/temp-dir';

// Library → Learners → Import roster, and the follow-up list's mail merge, in Chromium through
// the browser host: a roster merges with an imported customer without overwriting their email,
// stores consent, lists its bad row by line, and changes nothing the second time; the mail-merge
// file holds contacts of consenting learners only, with coupon links and the edited message.

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();

async function closeStudio(studio: Studio, host: BrowserHost): Promise<void> {
  const closing = studio.audience.close();
  await host.close();
  studio.close();
  await closing;
}

describe('roster import and mail merge in Chromium', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
  });

  it('imports a roster: merged, new, a conflict not overwritten, a bad row by line; again: nothing changes', async () => {
    const dir = tempDir();
    const { studio, host } = await startE2eStudio(dir);
    try {
      await call(studio, 'settings.update', { language: 'en' });
      await call(studio, 'imports.run', {
        fileName: 'shop.csv',
        source: 'shop',
        text:
          'order_id,ordered_at,email,customer_id,name,course,amount,currency,status\r\n' +
          'S-1,2026-01-05 10:00,ann@old.example,C-1,Ann Lee,Piano basics,199.00,CNY,paid\r\n',
      });
      const file = join(dir, '学员名单.csv');
      writeFileSync(
        file,
        '姓名,邮箱,手机号,用户ID,同意回访\n' +
          'Ann Lee,ann@new.example,,C-1,是\n' +
          '王芳,wangfang@example.cn,13900139000,,是\n' +
          '\n' +
          'Bad,not-an-email,,,是\n' +
          'Bo,bo@example.com,,,否\n',
      );
      const db = studio.workspace().db;

      const { page, errors } = await openStudioPage(browser, host, contexts);
      await page.getByRole('tab', { name: /Learners/ }).click();
      await page.getByTestId('roster-open').click();
      await page.getByTestId('roster-file').setInputFiles(file);
      const preview = page.getByTestId('roster-preview');
      await expect.poll(() => preview.locator('tbody tr').count()).toBe(4);
      expect(await page.getByTestId('roster-map-platformId').inputValue()).toBe('3');
      expect(await page.getByTestId('roster-map-email').inputValue()).toBe('1');
      expect(await preview.textContent()).toContain('email "not-an-email" is not an address');
      expect(await page.getByTestId('roster-run').isDisabled()).toBe(true);
      await page.getByTestId('roster-country').fill('86');
      await page.getByTestId('roster-platform').fill('shop');
      await page.getByTestId('roster-run').click();
      const result = page.getByTestId('roster-result');
      await expect
        .poll(() => result.textContent())
        .toContain(
          '4 rows read: 2 new learners, 0 merged, 0 unchanged, 1 with conflicts, 1 bad rows.',
        );
      expect(await page.getByTestId('roster-conflicts').textContent()).toContain(
        'Line 2, Ann Lee: has another Email; theirs was kept.',
      );
      expect(await page.getByTestId('roster-bad').textContent()).toBe(
        'Line 5: email "not-an-email" is not an address',
      );
      // The learners list reloads with the new learners.
      await expect.poll(() => page.getByTestId('learners-table').textContent()).toContain('王芳');
      await page.screenshot({ path: join(SHOTS, 'roster-import-en.png'), fullPage: true });

      const people = db
        .prepare(
          `SELECT l.display_name AS name, l.consent_follow_up AS f,
             (SELECT group_concat(value, ' ') FROM learner_identities i
               WHERE i.learner_id = l.id AND i.kind IN ('email', 'phone')) AS contacts
           FROM learners l ORDER BY l.id`,
        )
        .all();
      expect(people).toEqual([
        { name: 'Ann Lee', f: 1, contacts: 'ann@old.example' },
        { name: '王芳', f: 1, contacts: 'wangfang@example.cn +8613900139000' },
        { name: 'Bo', f: 0, contacts: 'bo@example.com' },
      ]);

      // Importing the same file again changes nothing.
      const before = digestTablesNow(db);
      await page.getByTestId('roster-run').click();
      await expect
        .poll(() => result.textContent())
        .toContain(
          '4 rows read: 0 new learners, 0 merged, 2 unchanged, 1 with conflicts, 1 bad rows.',
        );
      expect(digestTablesNow(db)).toEqual(before);

      await page.getByTestId('language-select').selectOption('zh-CN');
      await expect.poll(() => result.textContent()).toContain('读取 4 行');
      // The bad row's reason follows the language too.
      expect(await page.getByTestId('roster-bad').textContent()).toBe(
        '第 5 行：邮箱“not-an-email”不是有效的地址',
      );
      await page.screenshot({ path: join(SHOTS, 'roster-import-zh-CN.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await closeStudio(studio, host);
    }
  }, 120_000);

  it('offers the roster import on an empty workspace, beside the first course and the orders', async () => {
    const dir = tempDir();
    const { studio, host } = await startE2eStudio(dir);
    try {
      await call(studio, 'settings.update', { language: 'en' });
      const file = join(dir, 'roster.csv');
      writeFileSync(file, 'name,email,consent_follow_up\nMia Chen,mia@example.com,yes\n');
      const { page } = await openStudioPage(browser, host, contexts);
      await page.getByTestId('library-import-roster').click();
      await page.getByTestId('roster-file').setInputFiles(file);
      await expect
        .poll(() => page.getByTestId('roster-preview').locator('tbody tr').count())
        .toBe(1);
      await page.getByTestId('roster-run').click();
      await expect
        .poll(() => page.getByTestId('roster-result').textContent())
        .toContain('1 rows read: 1 new learners');
      await expect
        .poll(() => page.getByTestId('learners-table').textContent())
        .toContain('Mia Chen');
    } finally {
      await closeStudio(studio, host);
    }
  }, 120_000);

  it('exports a mail merge with contacts of consenting learners only, coupon links and the edited message', async () => {
    const { studio, host } = await startE2eStudio(tempDir());
    try {
      await call(studio, 'workspace.loadDemo', {});
      await call(studio, 'settings.update', { language: 'en' });
      const db = studio.workspace().db;
      db.prepare(`UPDATE courses SET coupon_codes = '["SPRING10","LATE"]'`).run();

      const { page, errors } = await openStudioPage(browser, host, contexts);
      await page.getByTestId('nav-reports').click();
      const panel = page.getByTestId('follow-up');
      await panel.locator('tbody tr').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('follow-up-edit-message').click();
      const text = page.getByTestId('mail-merge-text');
      await expect.poll(() => text.inputValue()).toContain('{coupon}');
      await text.fill('Hi {name}, try {course}: {link} ({coupon})');
      await page.getByTestId('mail-merge-save').click();
      await page.getByText('Template saved.').waitFor();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('follow-up-mail-merge').click(),
      ]);
      expect(download.suggestedFilename()).toBe('follow-up-mail-merge.csv');
      const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
      const parsed = Papa.parse<string[]>(csv.trimEnd(), { newline: '\r\n' });
      const [header, ...rows] = parsed.data;
      expect(header).toEqual([...MAIL_MERGE_CSV_COLUMNS]);
      expect(rows.length).toBeGreaterThan(0);

      const contactOf = db.prepare(
        `SELECT l.consent_follow_up AS f,
           (SELECT value FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'email'
              AND i.platform = '' ORDER BY i.created_at, i.id LIMIT 1) AS email,
           (SELECT value FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'phone'
              AND i.platform = '' ORDER BY i.created_at, i.id LIMIT 1) AS phone,
           c.checkout_url AS url
         FROM learners l, courses c WHERE l.id = ? AND c.id = ?`,
      );
      for (const row of rows) {
        const [learnerId, name, email, phone, courseId, course, link, coupon, message] = row;
        const stored = contactOf.get(Number(learnerId), Number(courseId)) as {
          f: number;
          email: string | null;
          phone: string | null;
          url: string;
        };
        expect(stored.f).toBe(1);
        expect(email).toBe(stored.email ?? '');
        // A phone's leading + is a formula lead: the CSV writer defuses it like any other cell.
        expect(phone).toBe(defuseFormulas(stored.phone ?? ''));
        expect(email !== '' || phone !== '').toBe(true);
        expect(coupon).toBe('SPRING10');
        expect(link).toBe(`${stored.url}?coupon=SPRING10`);
        // Names and titles are formula-defused by the CSV writer; the demo's are plain text.
        expect(message).toBe(`Hi ${name ?? ''}, try ${course ?? ''}: ${link ?? ''} (SPRING10)`);
      }

      // Everyone on the list is either in the file or counted as left out, by reason.
      const all = await call(studio, 'analytics.recommendations', { limit: 1 });
      const merge = await call(studio, 'followUps.mailMerge', { language: 'en' });
      expect(merge.rows.length).toBe(rows.length);
      expect(merge.rows.length + merge.leftOut.noConsent + merge.leftOut.noContact).toBe(all.total);
      expect(merge.leftOut.noConsent).toBeGreaterThan(0);
      const summary = page.getByTestId('mail-merge-summary');
      expect(await summary.textContent()).toBe(
        `${String(rows.length)} learners in the mail-merge file (only learners who agreed to follow-ups). ` +
          `Left out: ${String(merge.leftOut.noConsent)} did not agree, ${String(merge.leftOut.noContact)} have no email or phone.`,
      );
      await panel.screenshot({ path: join(SHOTS, 'follow-up-mail-merge-en.png') });
      // The list itself still carries no contact details.
      expect(await panel.textContent()).not.toMatch(/@example|\+86\d/);

      await page.getByTestId('language-select').selectOption('zh-CN');
      await expect.poll(() => summary.textContent()).toContain('未包含');
      // The editor follows the studio's language: the zh-CN template, under its own name.
      await expect.poll(() => text.inputValue()).toContain('你好');
      expect(await page.getByTestId('mail-merge-language').inputValue()).toBe('zh-CN');
      await panel.screenshot({ path: join(SHOTS, 'follow-up-mail-merge-zh-CN.png') });
      expect(errors).toEqual([]);
    } finally {
      await closeStudio(studio, host);
    }
  }, 240_000);
});
