import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import type { Studio } from '../../src/main/app/create-studio';
import type { BrowserHost } from '../../src/main/web-host/browser-host';
import type { MethodOutput } from '../../src/shared/contract';
import { joinViewer, type TestViewer } from '../helpers/audience';
import { ffprobe } from '../helpers/media';
import { launchChromium } from '../helpers/chromium';
import { openStudioPage, startE2eStudio } from '../helpers/e2e-studio';
import { createBroadcastClass, goLiveWithClock, settledFrame } from '../helpers/e2e-review';
import { useTempDirs } from '../helpers/temp-dir';

// Review end to end: a short class recorded with the fake camera and the burned-in clock, chat
// sent by a viewer at known moments; in Review, clicking a chat line shows the frame drawn when
// that line was sent (the clock in the picture says so, within a second).

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const tempDir = useTempDirs();
/** Chat lines are sent this many ms after the recording starts. */
const CHAT_AFTER_MS = [2_500, 5_000, 7_500];
const LIVE_MS = 10_000;

describe('review: a recorded class played back with its timeline', () => {
  let browser: Browser;
  let studio: Studio;
  let host: BrowserHost;
  const contexts: BrowserContext[] = [];
  const viewers: TestViewer[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    const dir = tempDir();
    ({ studio, host } = await startE2eStudio(dir, {
      webrtc: { workerBin: join(dir, 'no-mediasoup-worker') },
    }));
  });

  afterAll(async () => {
    for (const viewer of viewers) await viewer.close();
    for (const context of contexts) await context.close();
    await browser.close();
    await host.close();
    studio.close();
  });

  const api = async <T>(method: string, input: unknown): Promise<T> => {
    const envelope = await studio.router.handle(method, input, { transport: 'test' });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };

  it('records a class with scripted chat, then seeks to each chat line in Review', async () => {
    const { page, errors } = await openStudioPage(browser, host, contexts);
    await createBroadcastClass(page, 'Review: watercolour skies');
    const sessions = await api<MethodOutput<'library.sessions'>>('library.sessions', {});
    const sessionId = sessions.find((s) => s.title === 'Review: watercolour skies')!.id;

    await goLiveWithClock(page);
    const recording = (
      await api<MethodOutput<'broadcast.status'>>('broadcast.status', { sessionId })
    ).recording!;
    const info = await api<MethodOutput<'audience.info'>>('audience.info', { sessionId });
    const viewer = await joinViewer(`ws://127.0.0.1:${String(info.port)}/ws/${info.joinCode}`, {
      name: 'Mei',
    });
    viewers.push(viewer);
    for (const [index, after] of CHAT_AFTER_MS.entries()) {
      const wait = recording.startedAt + after - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      expect((await viewer.act({ type: 'chat', text: `line ${String(index + 1)}` })).type).toBe(
        'ack',
      );
    }
    // A scene switch mid-class (the class went live on the camera scene).
    await page.getByTestId('scene-pip').click();
    const poll = await api<MethodOutput<'poll.create'>>('poll.create', {
      kind: 'poll',
      question: 'Dawn or dusk?',
      options: ['Dawn', 'Dusk'],
    });
    await api('poll.open', { sessionId, pollId: poll.id });
    const remaining = recording.startedAt + LIVE_MS - Date.now();
    if (remaining > 0) await page.waitForTimeout(remaining);
    await page.getByTestId('broadcast-end').click();
    await expect
      .poll(
        async () =>
          (await api<MethodOutput<'recording.get'>>('recording.get', { recordingId: recording.id }))
            .status,
        { timeout: 30_000 },
      )
      .toBe('finalised');

    const timeline = await api<MethodOutput<'review.timeline'>>('review.timeline', { sessionId });
    expect(timeline.originAt).toBe(recording.startedAt);
    expect(timeline.chat.map((line) => line.text)).toEqual(['line 1', 'line 2', 'line 3']);
    // The scene it went live with and the switch, stored and on the timeline in order.
    const scenes = timeline.markers.filter((m) => m.kind === 'scene');
    expect(scenes.map((m) => m.label)).toEqual(['camera', 'pip']);
    expect(scenes[1]!.t).toBeGreaterThan(timeline.chat[2]!.t);

    await page.getByTestId('nav-review').click();
    const row = page.getByTestId(`review-row-${String(sessionId)}`);
    await expect.poll(() => row.textContent()).toContain('1 part');
    await page.screenshot({ path: join(SHOTS, 'review-list-en.png') });
    await page.getByTestId(`review-open-${String(sessionId)}`).click();
    const video = page.getByTestId('review-video');
    await expect
      .poll(() => video.evaluate((v: { readyState: number }) => v.readyState))
      .toBeGreaterThanOrEqual(1);

    for (const line of timeline.chat) {
      await page.getByTestId(`review-chat-${String(line.id)}`).click();
      // The frame now shown was drawn within a second of the moment the line was sent.
      const sentAt = timeline.originAt + line.t * 1_000;
      const { shown, stampDiffMs } = await settledFrame(page, timeline.class.parts, line.t, sentAt);
      console.log(JSON.stringify({ line: line.text, t: line.t, shown, stampDiffMs }));
      expect(Math.abs(shown - line.t)).toBeLessThan(1);
      expect(stampDiffMs).toBeLessThan(1_000);
    }

    // Keyboard: ArrowLeft goes back 10 s (to the start here), Space plays.
    await page.getByTestId('review-timeline').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => Number(await page.getByTestId('review-time').getAttribute('data-seconds')))
      .toBeGreaterThan(9);
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(async () => Number(await page.getByTestId('review-time').getAttribute('data-seconds')))
      .toBeLessThan(1);
    expect(await page.getByTestId('review-marker-poll').count()).toBe(1);
    expect(await page.getByTestId('review-marker-scene').count()).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'review-player-en.png') });

    // Chapters: the suggestions, renamed and saved.
    expect(await page.getByTestId('review-chapters-state').textContent()).toContain('Suggested');
    await page.getByTestId('chapter-title-0').fill('Welcome and materials');
    await page.getByTestId('chapters-save').click();
    await expect
      .poll(() => page.getByTestId('review-chapters-state').textContent())
      .toBe('Saved chapters.');
    const saved = await api<MethodOutput<'review.timeline'>>('review.timeline', { sessionId });
    expect(saved.chapters[0]).toMatchObject({ t: 0, title: 'Welcome and materials' });
    await page.getByTestId('note-text').fill('Slow down on the wash');
    await page.getByTestId('note-add').click();
    await expect.poll(() => page.getByTestId('review-notes').textContent()).toContain('wash');
    // A clip of 1–4 s and the upload file, from the screen.
    await page.getByTestId('clip-from').fill('0:01');
    await page.getByTestId('clip-to').fill('0:04');
    await page.getByTestId('clip-export').click();
    await expect
      .poll(() => page.getByTestId('export-done').textContent(), { timeout: 30_000 })
      .toContain('clip-');
    const exportsDir = join(studio.workspace().dir, 'exports');
    const clip = readdirSync(exportsDir).find((name) => name.startsWith('clip-'))!;
    expect(Math.abs(ffprobe(join(exportsDir, clip)).durationS - 3)).toBeLessThanOrEqual(0.5);
    await page.getByTestId('upload-export').click();
    await expect
      .poll(() => page.getByTestId('export-done').textContent(), { timeout: 30_000 })
      .toContain('class-');
    const upload = readdirSync(exportsDir).find((name) => name.startsWith('class-'))!;
    const chapters = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_chapters', '-of', 'json', join(exportsDir, upload)],
      { encoding: 'utf8' },
    );
    expect(chapters).toContain('Welcome and materials');
    expect(
      ffprobe(join(exportsDir, upload))
        .streams.filter((st) => st.codec_type === 'audio')
        .map((st) => st.codec_name),
    ).toEqual(['aac']);
    await page
      .getByTestId('review-export')
      .screenshot({ path: join(SHOTS, 'review-export-en.png') });
    await page.getByTestId('review-chapters').scrollIntoViewIfNeeded();
    await page
      .getByTestId('review-chapters')
      .screenshot({ path: join(SHOTS, 'review-chapters-en.png') });

    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect
      .poll(() => page.getByTestId('review-chapters-state').textContent())
      .toBe('已保存的章节。');
    await page.getByTestId('review-chapters').screenshot({
      path: join(SHOTS, 'review-chapters-zh-CN.png'),
    });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SHOTS, 'review-player-zh-CN.png') });
    await page.getByTestId('review-back').click();
    await expect.poll(() => row.textContent()).toContain('1 段');
    await page.screenshot({ path: join(SHOTS, 'review-list-zh-CN.png') });
    expect(errors).toEqual([]);
    // Recording, remuxing and two ffmpeg exports: minutes on a busy 2-core machine (a guard
    // against a hang, not a figure).
  }, 300_000);
});
