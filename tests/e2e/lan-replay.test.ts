import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, keepOnLoopback, openStudioPage } from '../helpers/e2e-studio';
import { SCREENSHOTS_DIR as SHOTS, studioApi, useChromiumStudio } from '../helpers/e2e-steps';
import { makeFragmentedMp4 } from '../helpers/media';
import { useTempDirs } from '../helpers/temp-dir';

// The LAN replay in Chromium (issue #12): the host switches a class's replay off and on again
// from Review, and the join link follows the switch. A learner opens the ended class's join link
// on a phone, the replay plays there with its chat, and the span they watched (2 s → 6 s) shows in
// their learner view in the studio. With the switch off, the same link says so. Another learner
// plays it to the end and is offered the class's satisfaction survey, answered once.

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);
const TOKEN = 'e2ereplaydevice0001';
const SURVEY_TOKEN = 'e2ereplaysurvey0002';
const WAIT_MS = 30_000;

describe('LAN replay on the join link', () => {
  const suite = useChromiumStudio(tempDir);
  const api = studioApi(suite.studio);

  beforeAll(async () => {
    await api('settings.update', { language: 'en' });
    const { db, dir } = suite.studio().workspace();
    const folder = join(dir, 'recordings', 'lan-replay');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '1.mp4'), makeFragmentedMp4({ seconds: 12, size: '320x180' }));
    const run = (sql: string, ...params: unknown[]): void => {
      db.prepare(sql).run(...params);
    };
    const session = `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at)
       VALUES (?, ?, 'ended', ?, ?, ?)`;
    run(session, 601, 'Watercolour skies', T0, T0 + 12_000, T0);
    run(session, 602, 'Closed replay', T0, T0 + 12_000, T0);
    run(
      `INSERT INTO live_settings (session_id, join_code, updated_at) VALUES (601, 'SKY601', ?)`,
      T0,
    );
    run(
      `INSERT INTO live_settings (session_id, join_code, updated_at) VALUES (602, 'OFF602', ?)`,
      T0,
    );
    run(
      `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes, duration_ms)
       VALUES (601, 601, ?, 'video/mp4;codecs=avc1,mp4a', 'finalised', ?, ?, 1000, 12000)`,
      join(folder, '1.mp4'),
      T0,
      T0 + 12_000,
    );
    // Mei joined the class live from this phone: the replay knows her by the same device token.
    run(`INSERT INTO learners (id, display_name, created_at) VALUES (601, 'Mei Lin', ?)`, T0);
    run(
      `INSERT INTO learner_identities (learner_id, kind, value, created_at) VALUES (601, 'device', ?, ?)`,
      TOKEN,
      T0,
    );
    run(
      `INSERT INTO live_viewers (session_id, learner_id, public_id, name, first_joined_at)
       VALUES (601, 601, 'pub-601', 'Mei Lin', ?)`,
      T0,
    );
    for (const [i, text] of [
      'Hello everyone',
      'Mix blue with a little grey',
      'Thanks!',
    ].entries()) {
      run(
        `INSERT INTO chat_messages (session_id, learner_id, from_host, text, at) VALUES (601, ?, ?, ?, ?)`,
        i === 1 ? null : 601,
        i === 1 ? 1 : 0,
        text,
        T0 + 1_000 + i * 3_000,
      );
    }
    // The class's satisfaction survey, opened at its end: the replay offers it at its end too.
    run(
      `INSERT INTO satisfaction_surveys (id, session_id, opened_at, closed_at) VALUES (61, 601, ?, ?)`,
      T0 + 11_000,
      T0 + 12_000,
    );
  });

  /** A phone in English (kept on loopback) that is the device `token`, on a blank page. */
  const openPhone = async (token: string) => {
    const base = `http://127.0.0.1:${String(suite.studio().audience.port)}`;
    const phone = await suite.browser().newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'en',
    });
    suite.contexts.push(phone);
    await keepOnLoopback(phone);
    await phone.addInitScript({
      content: `try { localStorage.setItem('encore.device', '${token}'); localStorage.setItem('encore.viewer.language', 'en'); } catch {}`,
    });
    const page = await phone.newPage();
    return { base, page, errors: collectErrors(page) };
  };

  it('follows the switch the host flips in Review', async () => {
    const { base, page: phone, errors } = await openPhone(TOKEN);
    const { page, errors: studioErrors } = await openStudioPage(
      suite.browser(),
      suite.host(),
      suite.contexts,
    );
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-open-601').click();
    const card = page.getByTestId('lan-replay');
    const toggle = card.getByTestId('lan-replay-switch');
    await toggle.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => toggle.isEnabled(), { timeout: WAIT_MS }).toBe(true);
    // Off by default: the join link says so.
    expect(await toggle.isChecked()).toBe(false);
    await phone.goto(`${base}/j/SKY601`);
    await expect
      .poll(() => phone.getByTestId('replay-off').textContent(), { timeout: WAIT_MS })
      .toContain('The replay of this class is not available');

    // On: the card shows the link to share, and the phone gets the player.
    await toggle.check();
    await expect
      .poll(() => card.getByTestId('lan-replay-link').textContent(), { timeout: WAIT_MS })
      .toMatch(/http:\/\/[0-9.]+:\d+\/j\/SKY601$/);
    expect(await toggle.isChecked()).toBe(true);
    await phone.goto(`${base}/j/SKY601`);
    await phone.getByTestId('replay-video').waitFor({ timeout: WAIT_MS });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SHOTS, 'lan-replay-switch-en.png') });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => card.locator('h2').textContent()).toBe('通过课堂链接提供回放');
    await card.screenshot({ path: join(SHOTS, 'lan-replay-switch-zh-CN.png') });
    await page.getByTestId('language-select').selectOption('en');

    // Off again, then on for the tests below; the stored switch is what the server reads.
    await toggle.uncheck();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await phone.goto(`${base}/j/SKY601`);
    await phone.getByTestId('replay-off').waitFor({ timeout: WAIT_MS });
    await toggle.check();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    const enabled = await api<{ enabled: boolean }>('review.lanReplay', { sessionId: 601 });
    expect(enabled.enabled).toBe(true);
    await phone.goto('about:blank');
    expect(errors).toEqual([]);
    expect(studioErrors).toEqual([]);
  }, 180_000);

  it('plays the replay on a phone and shows the watched span in the learner view', async () => {
    const { base, page, errors } = await openPhone(TOKEN);

    // Switched off: a clear message, no player.
    await page.goto(`${base}/j/OFF602`);
    await expect
      .poll(() => page.getByTestId('replay-off').textContent(), { timeout: WAIT_MS })
      .toContain('The replay of this class is not available');

    await page.goto(`${base}/j/SKY601`);
    const video = page.getByTestId('replay-video');
    await video.waitFor({ timeout: WAIT_MS });
    await page.evaluate(`(async () => {
      const v = document.querySelector('video');
      v.muted = true;
      if (v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
      v.currentTime = 2;
      await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      await v.play();
    })()`);
    await expect
      .poll(() => page.evaluate<number>('document.querySelector("video").currentTime'), {
        timeout: WAIT_MS,
      })
      .toBeGreaterThanOrEqual(6);
    await page.evaluate('document.querySelector("video").pause()');
    // The chat shows what was said up to now, the host's line among it.
    await expect.poll(() => page.getByTestId('replay-chat').textContent()).toContain('Mix blue');
    await page.screenshot({ path: join(SHOTS, 'lan-replay-phone-en.png') });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect.poll(() => page.locator('h2').first().textContent()).toBe('章节');
    await page.screenshot({ path: join(SHOTS, 'lan-replay-phone-zh-CN.png') });
    // Leaving the page sends the last report.
    await page.goto('about:blank');
    expect(errors).toEqual([]);

    const spans = (): { start_ms: number; end_ms: number }[] =>
      suite
        .studio()
        .workspace()
        .db.prepare(
          'SELECT start_ms, end_ms FROM replay_watch_spans WHERE session_id = 601 AND learner_id = 601',
        )
        .all() as { start_ms: number; end_ms: number }[];
    await expect.poll(() => spans().length, { timeout: WAIT_MS }).toBe(1);
    const [span] = spans();
    expect(span!.start_ms).toBeGreaterThanOrEqual(1_900);
    expect(span!.start_ms).toBeLessThanOrEqual(2_600);
    expect(span!.end_ms).toBeGreaterThanOrEqual(5_900);
    expect(span!.end_ms).toBeLessThanOrEqual(8_000);

    // The learner view in the studio shows that span.
    const { page: studioPage, errors: studioErrors } = await openStudioPage(
      suite.browser(),
      suite.host(),
      suite.contexts,
    );
    await studioPage.getByRole('tab', { name: /Learners/ }).click();
    await studioPage.getByRole('searchbox').fill('Mei Lin');
    await studioPage.getByTestId('open-learner-601').click();
    const part = studioPage.getByTestId('learner-replays');
    await expect
      .poll(() => part.getByTestId('learner-replay-spans').textContent(), { timeout: WAIT_MS })
      .toMatch(/^0:0[23]–0:0[5-8]$/);
    expect(await part.textContent()).toContain('Watercolour skies');
    await part.scrollIntoViewIfNeeded();
    await part.screenshot({ path: join(SHOTS, 'lan-replay-learner-en.png') });
    await studioPage.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => part.locator('h2').textContent()).toBe('观看的回放');
    await part.screenshot({ path: join(SHOTS, 'lan-replay-learner-zh-CN.png') });
    expect(studioErrors).toEqual([]);
  }, 180_000);

  it("offers the class's survey at the end of the replay and takes one answer", async () => {
    const { base, page, errors } = await openPhone(SURVEY_TOKEN);
    /** Opens the replay and plays its last two seconds to the end. */
    const playToEnd = async (): Promise<void> => {
      await page.goto(`${base}/j/SKY601`);
      await page.getByTestId('replay-video').waitFor({ timeout: WAIT_MS });
      await page.evaluate(`(async () => {
        const v = document.querySelector('video');
        v.muted = true;
        if (v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
        v.currentTime = v.duration - 2;
        await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
        await v.play();
      })()`);
    };
    await playToEnd();
    // Not before the end: the survey appears when the replay has ended.
    expect(await page.getByTestId('survey-card').count()).toBe(0);
    const survey = page.getByTestId('replay-survey');
    await survey.waitFor({ timeout: WAIT_MS });
    // What was played is reported at the end, so the studio knows this learner watched.
    const answers = (): { class_rating: number; comment: string | null; source: string }[] =>
      suite
        .studio()
        .workspace()
        .db.prepare(
          `SELECT a.class_rating, a.comment, a.source FROM satisfaction_answers a
           JOIN learner_identities i ON i.learner_id = a.learner_id
           WHERE a.survey_id = 61 AND i.value = ?`,
        )
        .all(SURVEY_TOKEN) as { class_rating: number; comment: string | null; source: string }[];
    const watched = (): number =>
      (
        suite
          .studio()
          .workspace()
          .db.prepare(
            `SELECT count(*) AS n FROM replay_watchers w
             JOIN learner_identities i ON i.learner_id = w.learner_id
             WHERE w.session_id = 601 AND i.value = ?`,
          )
          .get(SURVEY_TOKEN) as { n: number }
      ).n;
    await expect.poll(watched, { timeout: WAIT_MS }).toBe(1);
    await page.getByTestId('survey-class-4').click();
    await page.getByTestId('survey-teacher-5').click();
    await page.getByTestId('survey-content-3').click();
    await page.getByTestId('survey-recommend-9').click();
    await page.getByTestId('survey-comment').fill('Loved the sky wash');
    await survey.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lan-replay-survey-en.png') });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect.poll(() => survey.locator('.eyebrow').textContent()).toBe('这节课怎么样？');
    await page.screenshot({ path: join(SHOTS, 'lan-replay-survey-zh-CN.png') });
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByTestId('survey-submit').click();
    await expect.poll(() => survey.getAttribute('data-state')).toBe('done');
    expect(await survey.textContent()).toContain('Your answer was sent to the teacher');
    expect(answers()).toEqual([
      { class_rating: 4, comment: 'Loved the sky wash', source: 'replay' },
    ]);

    // Played to the end again: thanked, not asked again; in Chinese.
    await playToEnd();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect.poll(() => survey.getAttribute('data-state'), { timeout: WAIT_MS }).toBe('done');
    expect(await survey.textContent()).toContain('你的回答已发送给老师');
    expect(await page.getByTestId('survey-card').count()).toBe(0);
    await survey.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lan-replay-survey-done-zh-CN.png') });
    expect(answers()).toHaveLength(1);
    expect(errors).toEqual([]);
  }, 180_000);
});
