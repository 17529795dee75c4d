/**
 * Runs inside the viewer page (bundled by bench/latency.ts): reads the burned-in clock from every
 * frame the stage video presents and says how long ago it was drawn in the studio.
 */
import type { ProbeSample } from './sample';
import { readTimecode, timecodeAge, timecodeBandHeight } from '../../src/renderer/common/timecode';

export async function sampleDelays(durationMs: number): Promise<ProbeSample[]> {
  const video = document.querySelector<HTMLVideoElement>('[data-testid="stage-video"]');
  if (!video) throw new Error('no stage video');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas');
  const samples: ProbeSample[] = [];
  let unreadable = 0;
  let lastEnd = -1;
  let waits = 0;
  const onWaiting = (): void => {
    waits += 1;
  };
  video.addEventListener('waiting', onWaiting);
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
        const delayMs = timecodeAge(stamp, shownAt);
        const mediaOffsetMs = shownAt - delayMs - meta.mediaTime * 1_000;
        const grew = lastEnd >= 0 && end > lastEnd;
        lastEnd = end;
        samples.push({
          delayMs,
          // How far the newest media is ahead of this frame: the player's share of the delay.
          bufferedAheadMs: Math.round((end - meta.mediaTime) * 1_000),
          mediaOffsetMs: Math.round(mediaOffsetMs),
          rate: video.playbackRate,
          appendAgeMs: grew ? Math.round(Date.now() - (mediaOffsetMs + end * 1_000)) : null,
          shownAtMs: Math.round(shownAt),
          mediaTimeMs: Math.round(meta.mediaTime * 1_000),
          waits,
          muted: video.muted,
        });
      }
      if (performance.now() - started < durationMs) video.requestVideoFrameCallback(onFrame);
      else resolve();
    };
    video.requestVideoFrameCallback(onFrame);
  });
  video.removeEventListener('waiting', onWaiting);
  if (samples.length === 0) throw new Error(`no readable clock in ${String(unreadable)} frames`);
  return samples;
}
