import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Studio } from '../../src/main/app/create-studio';
import type { MethodOutput, StudioHealth } from '../../src/shared/contract';
import { call, callError, startStudio, useLiveCleanup } from '../helpers/audience';
import { makeFragmentedMp4, randomChunks } from '../helpers/media';
import { useTempDirs } from '../helpers/temp-dir';

// Both canvases at once (issue #16): a class may record its portrait program as a second file
// beside the landscape one, and the portrait canvas's lowered frame rate is in the studio's health.

const tempDir = useTempDirs();
const { studios } = useLiveCleanup();
const MP4 = 'video/mp4;codecs=avc1,opus';

async function liveStudio(): Promise<{ studio: Studio; sessionId: number }> {
  const studio = startStudio(tempDir());
  studios.push(studio);
  const session = await call(studio, 'session.create', { title: 'Two canvases' });
  await call(studio, 'session.start', { sessionId: session.id });
  return { studio, sessionId: session.id };
}

async function settled(
  studio: Studio,
  recordingId: number,
): Promise<MethodOutput<'recording.get'>> {
  // Bounded: ffmpeg's remux of a few seconds, on a busy machine.
  for (let i = 0; i < 1_200; i++) {
    const info = await call(studio, 'recording.get', { recordingId });
    if (!info.finalising && info.status !== 'recording') return info;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`recording ${String(recordingId)} never settled`);
}

/** Width and height of the first video stream, and whether every frame decodes. */
function probe(file: string): { width: number; height: number; decodes: boolean } {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height'].concat([
      '-of',
      'json',
      file,
    ]),
    { encoding: 'utf8', timeout: 30_000 },
  );
  const stream = (JSON.parse(out) as { streams: { width: number; height: number }[] }).streams[0];
  if (!stream) throw new Error(`no video in ${file}`);
  const errors = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { width: stream.width, height: stream.height, decodes: errors.trim() === '' };
}

describe('recording both canvases', () => {
  it('records the portrait program as a second file, beside the timeline, not on the stream', async () => {
    const { studio, sessionId } = await liveStudio();
    const landscapeSource = makeFragmentedMp4({ seconds: 2, size: '1280x720' });
    const portraitSource = makeFragmentedMp4({ seconds: 2, size: '1080x1920' });

    const landscape = await call(studio, 'recording.start', { sessionId, mimeType: MP4 });
    expect(landscape.canvas).toBe('landscape');
    const portrait = await call(studio, 'recording.start', {
      sessionId,
      mimeType: MP4,
      canvas: 'portrait',
    });
    expect(portrait.canvas).toBe('portrait');
    expect(portrait.path).toMatch(/-portrait\.mp4$/);
    // One per canvas: the portrait one did not end the landscape one.
    expect((await call(studio, 'recording.get', { recordingId: landscape.id })).status).toBe(
      'recording',
    );
    const status = await call(studio, 'broadcast.status', { sessionId });
    expect(status.recording?.id).toBe(landscape.id);

    for (const [seq, bytes] of randomChunks(landscapeSource, 60_000, 1).entries()) {
      await call(studio, 'recording.append', { recordingId: landscape.id, seq, bytes });
    }
    for (const [seq, bytes] of randomChunks(portraitSource, 60_000, 2).entries()) {
      const ack = await call(studio, 'recording.append', { recordingId: portrait.id, seq, bytes });
      expect(ack.recorded).toBe(true);
    }
    await call(studio, 'recording.stop', { recordingId: portrait.id });
    await call(studio, 'recording.stop', { recordingId: landscape.id });
    const doneLandscape = await settled(studio, landscape.id);
    const donePortrait = await settled(studio, portrait.id);
    expect(doneLandscape.status).toBe('finalised');
    expect(donePortrait.status).toBe('finalised');
    expect(probe(doneLandscape.path)).toEqual({ width: 1280, height: 720, decodes: true });
    expect(probe(donePortrait.path)).toEqual({ width: 1080, height: 1920, decodes: true });

    const listed = await call(studio, 'recording.list', { sessionId });
    expect(listed.map((r) => r.canvas)).toEqual(['landscape', 'portrait']);
    // Review: the timeline plays the landscape part; the portrait file is listed beside it.
    await call(studio, 'session.end', { sessionId });
    const [cls] = await call(studio, 'review.list', {});
    expect(cls?.parts.map((p) => p.recordingId)).toEqual([landscape.id]);
    expect(cls?.portraitParts.map((p) => p.recordingId)).toEqual([portrait.id]);
    const timeline = await call(studio, 'review.timeline', { sessionId });
    expect(timeline.class.parts.map((p) => p.recordingId)).toEqual([landscape.id]);
  }, 120_000);

  it('keeps a class without the switch on one landscape file, as before', async () => {
    const { studio, sessionId } = await liveStudio();
    const recording = await call(studio, 'recording.start', { sessionId, mimeType: MP4 });
    expect(recording.path).toMatch(new RegExp(`${String(recording.id)}\\.mp4$`));
    expect(await call(studio, 'recording.list', { sessionId })).toHaveLength(1);
  });

  it('says on every screen while the portrait frame rate is lowered, and clears on recovery', async () => {
    const { studio } = await liveStudio();
    const events: StudioHealth[] = [];
    studio.events.subscribe((event, payload) => {
      if (event === 'studio.healthChanged') events.push(payload as StudioHealth);
    });
    expect(await call(studio, 'studio.health', {})).toEqual({ storage: null });

    expect(await call(studio, 'canvas.load', { canvas: 'portrait', fps: 24, fullFps: 30 })).toEqual(
      { lowered: true },
    );
    const lowered = await call(studio, 'studio.health', {});
    expect(lowered.canvas).toMatchObject({ canvas: 'portrait', fps: 24, fullFps: 30 });
    await call(studio, 'canvas.load', { canvas: 'portrait', fps: 15, fullFps: 30 });
    const lower = await call(studio, 'studio.health', {});
    expect(lower.canvas).toMatchObject({ fps: 15, since: lowered.canvas?.since });
    // The same rate again is no news.
    await call(studio, 'canvas.load', { canvas: 'portrait', fps: 15, fullFps: 30 });
    expect(events.map((e) => e.canvas?.fps ?? null)).toEqual([24, 15]);

    await call(studio, 'canvas.load', { canvas: 'portrait', fps: 30, fullFps: 30 });
    expect(await call(studio, 'studio.health', {})).toEqual({ storage: null });
    expect(events.at(-1)).toEqual({ storage: null });

    // A canvas that stops is no longer lowered either.
    await call(studio, 'canvas.load', { canvas: 'portrait', fps: 10, fullFps: 30 });
    await call(studio, 'canvas.stop', { canvas: 'portrait' });
    expect(await call(studio, 'studio.health', {})).toEqual({ storage: null });
    expect(
      await callError(studio, 'canvas.load', { canvas: 'portrait', fps: 40, fullFps: 30 }),
    ).toBe('BAD_INPUT');
  });
});
