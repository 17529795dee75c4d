/**
 * Runs inside the viewer page (bundled by bench/latency.ts): reads the burned-in clock from every
 * frame the stage video presents and says how long ago it was drawn in the studio.
 */
import { readTimecode, timecodeAge, timecodeBandHeight } from '../../src/renderer/common/timecode';

export async function sampleDelays(
  durationMs: number,
): Promise<{ delayMs: number; bufferedAheadMs: number }[]> {
  const video = document.querySelector<HTMLVideoElement>('[data-testid="stage-video"]');
  if (!video) throw new Error('no stage video');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas');
  const samples: { delayMs: number; bufferedAheadMs: number }[] = [];
  let unreadable = 0;
  await new Promise<void>((resolve) => {
    const started = performance.now();
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
      const width = video.videoWidth;
      const band = timecodeBandHeight(width);
      canvas.width = width;
      canvas.height = band;
      ctx.drawImage(video, 0, 0);
      const stamp = readTimecode(ctx.getImageData(0, 0, width, band).data, width, band);
      // When the frame is (expected to be) on screen, as wall-clock time.
      const shownAt = Date.now() + (meta.expectedDisplayTime - performance.now());
      if (stamp === null) unreadable += 1;
      else {
        const ranges = video.buffered;
        const end = ranges.length > 0 ? ranges.end(ranges.length - 1) : meta.mediaTime;
        samples.push({
          delayMs: timecodeAge(stamp, shownAt),
          // How far the newest media is ahead of this frame: the player's share of the delay.
          bufferedAheadMs: Math.round((end - meta.mediaTime) * 1_000),
        });
      }
      if (performance.now() - started < durationMs) video.requestVideoFrameCallback(onFrame);
      else resolve();
    };
    video.requestVideoFrameCallback(onFrame);
  });
  if (samples.length === 0) throw new Error(`no readable clock in ${String(unreadable)} frames`);
  return samples;
}
