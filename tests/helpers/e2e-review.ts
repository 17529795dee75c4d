import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import {
  readTimecodeBits,
  TIMECODE_BITS,
  TIMECODE_DATA_BITS,
  timecodeCellCentre,
} from '../../src/renderer/common/timecode';
import { locate } from '../../src/renderer/studio/screens/review/review-time';
import type { RecordingPart } from '../../src/shared/contract/review-api';

// Steps of the e2e tests that record a class with the burned-in clock on and check Review
// against it: creating and taking a class live with the clock in the picture, and reading the
// clock of the frame the Review player shows after a seek.

const CLOCK_MODULUS = 2 ** TIMECODE_DATA_BITS;

/** Broadcast → a new class titled `title`, left selected (not live yet). */
export async function createBroadcastClass(page: Page, title: string): Promise<void> {
  await page.getByTestId('nav-broadcast').click();
  await page.getByTestId('broadcast-new-title').fill(title);
  await page.getByTestId('broadcast-create').click();
}

/**
 * Takes the selected class live on the camera scene with the burned-in clock drawn, and waits
 * until it is live (and recording).
 */
export async function goLiveWithClock(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId('broadcast-camera').locator('option').count())
    .toBeGreaterThan(0);
  await page.getByTestId('scene-camera').click();
  await page.getByTestId('overlay-timecode').check();
  await page.getByTestId('broadcast-go-live').click();
  await expect
    .poll(() => page.getByTestId('broadcast-state').getAttribute('data-phase'))
    .toBe('live');
}

/** The burned-in clock of the frame the review <video> shows, or null if it does not read. */
export async function frameStamp(page: Page): Promise<number | null> {
  const width = await page
    .getByTestId('review-video')
    .evaluate((v: { videoWidth: number }) => v.videoWidth);
  const cells = Array.from({ length: TIMECODE_BITS }, (_, i) => timecodeCellCentre(i, width));
  // A string: it runs in the page, and tests are compiled without the DOM's types.
  const lumas: unknown = await page.evaluate(`(() => {
    const video = document.querySelector('[data-testid="review-video"]');
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(video, 0, 0);
    return ${JSON.stringify(cells)}.map(({ x, y }) => {
      const d = ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data;
      return 0.299 * d[0] + 0.587 * d[1] + 0.114 * d[2];
    });
  })()`);
  if (!Array.isArray(lumas)) return null;
  return readTimecodeBits(lumas.map((l) => Number(l) >= 128));
}

/** How far (ms) a burned-in clock reading is from the wall-clock moment `atMs`, wrapping. */
export function stampDiffMs(stamp: number, atMs: number): number {
  return Math.abs(
    ((stamp - (atMs % CLOCK_MODULUS) + CLOCK_MODULUS * 1.5) % CLOCK_MODULUS) - CLOCK_MODULUS / 2,
  );
}

/**
 * After a seek in Review to `t` (seconds on the class's timeline, inside one of `parts`): waits
 * until the player has loaded that part and settled on the frame there, then returns the
 * position it shows and how far the clock drawn in that frame is from `atMs` (ms).
 */
export async function settledFrame(
  page: Page,
  parts: readonly RecordingPart[],
  t: number,
  atMs: number,
): Promise<{ shown: number; part: number; stampDiffMs: number }> {
  const at = locate(parts, t);
  if (!at) throw new Error('the class has no recording');
  const video = page.getByTestId('review-video');
  await expect
    .poll(async () => {
      if ((await video.getAttribute('data-part')) !== String(at.index)) return false;
      return video.evaluate(
        (v: { seeking: boolean; readyState: number; currentTime: number }, local: number) =>
          !v.seeking && v.readyState >= 2 && Math.abs(v.currentTime - local) < 0.5,
        at.local,
      );
    })
    .toBe(true);
  const shown = Number(await page.getByTestId('review-time').getAttribute('data-seconds'));
  let stamp: number | null = null;
  await expect
    .poll(async () => {
      stamp = await frameStamp(page);
      return stamp !== null;
    })
    .toBe(true);
  return { shown, part: at.index, stampDiffMs: stampDiffMs(stamp!, atMs) };
}
