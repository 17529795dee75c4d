import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStudioPage } from '../helpers/e2e-studio';
import { SCREENSHOTS_DIR, studioApi, useChromiumStudio } from '../helpers/e2e-steps';
import { useTempDirs } from '../helpers/temp-dir';

// Replay watching in the studio's reports (issue #12): the class report's "Live and replay"
// section says what counts as live and what as replay, with its numbers and each watcher's replay
// minutes beside their live ones; the follow-up list names the learner who watched the replay past
// the offer and did not buy. Both in en and zh-CN, screenshots checked.

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);
const WAIT_MS = 45_000;

describe('replay in the reports', () => {
  const suite = useChromiumStudio(tempDir);
  const api = studioApi(suite.studio);

  it('shows live and replay apart in the class report, and the replay follow-up', async () => {
    await api('settings.update', { language: 'en' });
    const { db } = suite.studio().workspace();
    const run = (sql: string, ...params: unknown[]): void => {
      db.prepare(sql).run(...params);
    };
    run(
      `INSERT INTO courses (id, title, price_minor, currency, created_at)
       VALUES (1, 'Watercolour basics', 9900, 'USD', ?)`,
      T0,
    );
    run(
      `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at, course_id)
       VALUES (1, 'Light and shade', 'ended', ?, ?, ?, 1)`,
      T0,
      T0 + 600_000,
      T0,
    );
    run(
      `INSERT INTO offers (id, session_id, course_id, title, price_minor, currency, pushed_at)
       VALUES (1, 1, 1, 'Watercolour basics −20%', 7900, 'USD', ?)`,
      T0 + 300_000,
    );
    const names = ['Ann Lee', 'Bo Chen', 'Cy Wu'];
    for (const [i, name] of names.entries()) {
      run(
        `INSERT INTO learners (id, display_name, created_at, consent_follow_up) VALUES (?, ?, ?, 1)`,
        i + 1,
        name,
        T0,
      );
    }
    // Ann and Bo were live; Ann and Cy watched the replay, Ann past the offer (at 5:00).
    for (const [id, from, to] of [
      [1, 0, 400_000],
      [2, 0, 600_000],
    ] as const) {
      run(
        `INSERT INTO attendance (session_id, learner_id, joined_at, left_at, last_seen_at) VALUES (1, ?, ?, ?, ?)`,
        id,
        T0 + from,
        T0 + to,
        T0 + to,
      );
    }
    for (const [id, from, to] of [
      [1, 240_000, 480_000],
      [3, 0, 120_000],
    ] as const) {
      run(
        `INSERT INTO replay_watchers (session_id, learner_id, first_at, last_at, last_seq, heartbeats)
         VALUES (1, ?, ?, ?, 1, 1)`,
        id,
        T0 + 86_400_000,
        T0 + 86_400_000,
      );
      run(
        `INSERT INTO replay_watch_spans (session_id, learner_id, start_ms, end_ms) VALUES (1, ?, ?, ?)`,
        id,
        from,
        to,
      );
    }
    // The class's survey: Bo answered in the class, Cy at the end of the replay.
    run(
      `INSERT INTO satisfaction_surveys (id, session_id, opened_at, closed_at) VALUES (1, 1, ?, ?)`,
      T0 + 590_000,
      T0 + 600_000,
    );
    for (const [id, source] of [
      [2, 'live'],
      [3, 'replay'],
    ] as const) {
      run(
        `INSERT INTO satisfaction_answers (survey_id, learner_id, class_rating, teacher_rating,
           content_rating, recommend, comment, answered_at, updated_at, source)
         VALUES (1, ?, 4, 5, 4, 9, NULL, ?, ?, ?)`,
        id,
        T0 + 595_000,
        T0 + 595_000,
        source,
      );
    }

    const { page, errors } = await openStudioPage(suite.browser(), suite.host(), suite.contexts);
    await page.getByTestId('nav-reports').click();
    const followUp = page.getByTestId('follow-up');
    await expect
      .poll(() => followUp.locator('tr', { hasText: 'Ann Lee' }).textContent(), {
        timeout: WAIT_MS,
      })
      .toContain('Watched the replay of “Light and shade” past the offer of this course (at 5:00)');
    await followUp.screenshot({ path: join(SCREENSHOTS_DIR, 'follow-up-replay-en.png') });

    // The same list in Chinese (the reasons are written by the core in the studio's language).
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect
      .poll(() => api<{ language: string }>('settings.get', {}).then((v) => v.language))
      .toBe('zh-CN');
    await page.reload();
    await page.getByTestId('nav-reports').click();
    await expect
      .poll(() => followUp.locator('tr', { hasText: 'Ann Lee' }).textContent(), {
        timeout: WAIT_MS,
      })
      .toContain('看了《Light and shade》的回放，看过了这门课的优惠（5:00），但没有购买');
    await followUp.screenshot({ path: join(SCREENSHOTS_DIR, 'follow-up-replay-zh-CN.png') });

    await page.getByTestId('open-report-1').click();
    const section = page.getByTestId('report-section-replay');
    await expect
      .poll(() => section.getByTestId('replay-statement').textContent(), { timeout: WAIT_MS })
      .toBe('2 位学员看了回放，共 6 分钟；其中 1 位也上了直播。');
    await expect.poll(() => section.locator('h2').textContent()).toBe('直播与回放');
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(SCREENSHOTS_DIR, 'report-live-replay-zh-CN.png') });

    await page.getByTestId('language-select').selectOption('en');
    await expect
      .poll(() => section.getByTestId('replay-statement').textContent(), { timeout: WAIT_MS })
      .toBe(
        '2 learner(s) watched the replay for 6 minutes in all; 1 of them had also been in the class live.',
      );
    // One survey answer came after the replay (Bo's, given in the class, is not counted here).
    expect(await section.getByTestId('replay-card-survey').textContent()).toBe(
      'Survey answers after the replay1',
    );
    expect(await section.getByTestId('replay-counts').textContent()).toContain(
      'the engagement score above is live only',
    );
    const ann = section.locator('tr[data-learner="1"]');
    expect(await ann.locator('td').allTextContents()).toEqual([
      'Ann Lee',
      'yes',
      '6.7',
      expect.any(String),
      '4',
      expect.stringMatching(/^\d+ of \d+$/),
    ]);
    await section.screenshot({ path: join(SCREENSHOTS_DIR, 'report-live-replay-en.png') });
    expect(errors).toEqual([]);
  }, 240_000);
});
