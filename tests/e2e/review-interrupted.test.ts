import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../src/shared/contract';
import { joinViewer, type TestViewer } from '../helpers/audience';
import { openStudioPage } from '../helpers/e2e-studio';
import { SCREENSHOTS_DIR as SHOTS, studioApi, useChromiumStudio } from '../helpers/e2e-steps';
import { createBroadcastClass, goLiveWithClock, settledFrame } from '../helpers/e2e-review';
import { useTempDirs } from '../helpers/temp-dir';

// The interrupted class: recorded with the burned-in clock on and events at known moments, the
// studio page closed mid-broadcast and opened again (the class goes on in a second recording
// part). In Review each event's marker sits within a second of when the event happened — the
// clock drawn in the frame shown after clicking the marker says so — in both parts, and clicking
// a chat line seeks to the frame drawn when it was sent.

const tempDir = useTempDirs();
const TITLE = 'Review: the class that was interrupted';

/** An event of the script: what it is and when it happened (wall clock, ms). */
interface Happened {
  kind: string;
  label: string;
  at: number;
}

describe('review: an interrupted class in two recording parts', () => {
  const suite = useChromiumStudio(tempDir, (dir) => ({
    webrtc: { workerBin: join(dir, 'no-mediasoup-worker') },
  }));
  const api = studioApi(suite.studio);
  const viewers: TestViewer[] = [];

  afterAll(async () => {
    for (const viewer of viewers.splice(0)) await viewer.close();
  });

  /** Waits until `ms` after `from` (wall clock); nothing when that is already past. */
  const until = async (page: Page, from: number, ms: number): Promise<void> => {
    const wait = from + ms - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
  };
  /** Runs `step` and notes when it happened (the middle of the call). */
  const noted = async (
    happened: Happened[],
    kind: string,
    label: string,
    step: () => Promise<unknown>,
  ): Promise<void> => {
    const before = Date.now();
    await step();
    happened.push({ kind, label, at: Math.round((before + Date.now()) / 2) });
  };

  it('puts every marker and chat line of both parts within a second of when it happened', async () => {
    const happened: Happened[] = [];
    const first = await openStudioPage(suite.browser(), suite.host(), suite.contexts);
    await createBroadcastClass(first.page, TITLE);
    const sessions = await api<MethodOutput<'library.sessions'>>('library.sessions', {});
    const sessionId = sessions.find((s) => s.title === TITLE)!.id;
    await goLiveWithClock(first.page);
    const status = async (): Promise<MethodOutput<'broadcast.status'>> =>
      api<MethodOutput<'broadcast.status'>>('broadcast.status', { sessionId });
    const part1 = (await status()).recording!;
    happened.push({ kind: 'scene', label: 'camera', at: part1.startedAt });
    const info = await api<MethodOutput<'audience.info'>>('audience.info', { sessionId });
    const viewer = await joinViewer(`ws://127.0.0.1:${String(info.port)}/ws/${info.joinCode}`, {
      name: 'Mei',
    });
    viewers.push(viewer);
    const chat = (text: string) => async (): Promise<void> => {
      expect((await viewer.act({ type: 'chat', text })).type).toBe('ack');
    };

    // Part one: a chat line, a poll, an announcement; then the studio page is closed.
    await until(first.page, part1.startedAt, 2_000);
    await noted(happened, 'chat', 'before the break', chat('before the break'));
    await until(first.page, part1.startedAt, 3_500);
    const poll = await api<MethodOutput<'poll.create'>>('poll.create', {
      kind: 'poll',
      question: 'Dawn or dusk?',
      options: ['Dawn', 'Dusk'],
    });
    await noted(happened, 'poll', 'Dawn or dusk?', () =>
      api('poll.open', { sessionId, pollId: poll.id }),
    );
    await until(first.page, part1.startedAt, 5_000);
    await noted(happened, 'announcement', 'Brushes ready', () =>
      api('announcement.post', { sessionId, text: 'Brushes ready' }),
    );
    await until(first.page, part1.startedAt, 7_500);
    expect(first.errors).toEqual([]);
    await first.page.close();

    // The studio opened again: the class is still live and goes on in a second recording.
    const second = await openStudioPage(suite.browser(), suite.host(), suite.contexts);
    const { page } = second;
    await page.getByTestId('nav-broadcast').click();
    await expect
      .poll(() => page.getByTestId('broadcast-session').inputValue())
      .toBe(String(sessionId));
    await goLiveWithClock(page);
    const part2 = (await status()).recording!;
    expect(part2.id).not.toBe(part1.id);
    await until(page, part2.startedAt, 2_000);
    await noted(happened, 'chat', 'after the break', chat('after the break'));
    await until(page, part2.startedAt, 3_500);
    await noted(happened, 'scene', 'pip', () => page.getByTestId('scene-pip').click());
    await until(page, part2.startedAt, 5_000);
    await noted(happened, 'announcement', 'Last wash', () =>
      api('announcement.post', { sessionId, text: 'Last wash' }),
    );
    await until(page, part2.startedAt, 7_000);
    await page.getByTestId('broadcast-end').click();
    for (const id of [part1.id, part2.id]) {
      await expect
        .poll(
          async () =>
            (await api<MethodOutput<'recording.get'>>('recording.get', { recordingId: id })).status,
          { timeout: 30_000 },
        )
        .toBe('finalised');
    }

    const timeline = await api<MethodOutput<'review.timeline'>>('review.timeline', { sessionId });
    const parts = timeline.class.parts;
    expect(parts.map((p) => p.recordingId)).toEqual([part1.id, part2.id]);
    expect(timeline.originAt).toBe(part1.startedAt);
    expect(parts[1]!.offsetS * 1_000).toBe(part2.startedAt - part1.startedAt);
    // The stored moment of each event is the moment it happened.
    const markers = timeline.markers.filter((m) =>
      ['poll', 'announcement', 'scene'].includes(m.kind),
    );
    const events = happened.filter((h) => h.kind !== 'chat');
    expect(markers.map((m) => `${m.kind}:${m.label}`)).toEqual(
      events.map((h) => `${h.kind}:${h.label}`),
    );
    markers.forEach((m, i) => {
      expect(Math.abs(timeline.originAt + m.t * 1_000 - events[i]!.at)).toBeLessThan(1_000);
    });
    expect(timeline.chat.map((line) => line.text)).toEqual(['before the break', 'after the break']);

    await page.getByTestId('nav-review').click();
    await expect
      .poll(() => page.getByTestId(`review-row-${String(sessionId)}`).textContent())
      .toContain('2 parts');
    await page.getByTestId(`review-open-${String(sessionId)}`).click();
    await expect
      .poll(() =>
        page.getByTestId('review-video').evaluate((v: { readyState: number }) => v.readyState),
      )
      .toBeGreaterThanOrEqual(1);

    // Each marker, clicked: the frame shown was drawn within a second of the event.
    const seen = new Set<number>();
    for (const [i, marker] of markers.entries()) {
      const button = page.locator(
        `[data-testid="review-marker-${marker.kind}"][data-t="${String(marker.t)}"]`,
      );
      expect(await button.count()).toBe(1);
      await button.click();
      const frame = await settledFrame(page, parts, marker.t, events[i]!.at);
      console.log(
        JSON.stringify({ marker: `${marker.kind}:${marker.label}`, t: marker.t, ...frame }),
      );
      seen.add(frame.part);
      expect(Math.abs(frame.shown - marker.t)).toBeLessThan(1);
      expect(frame.stampDiffMs).toBeLessThan(1_000);
    }
    expect([...seen].sort()).toEqual([0, 1]);

    // Each chat line, clicked (second part first, then back to the first).
    for (const line of [...timeline.chat].reverse()) {
      await page.getByTestId(`review-chat-${String(line.id)}`).click();
      const sentAt = happened.find((h) => h.kind === 'chat' && h.label === line.text)!.at;
      const frame = await settledFrame(page, parts, line.t, sentAt);
      console.log(JSON.stringify({ chat: line.text, t: line.t, ...frame }));
      expect(Math.abs(frame.shown - line.t)).toBeLessThan(1);
      expect(frame.stampDiffMs).toBeLessThan(1_000);
    }
    await page.screenshot({ path: join(SHOTS, 'review-interrupted-en.png') });
    expect(second.errors).toEqual([]);
    // Two recordings and their remuxing on a busy 2-core machine: a guard against a hang.
  }, 300_000);
});
