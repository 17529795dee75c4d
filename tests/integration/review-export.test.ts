import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReviewHandlers } from '../../src/main/review/review-handlers';
import { openDatabase } from '../../src/main/storage/connection';
import type { SessionId } from '../../src/shared/model/ids';
import { ffprobe } from '../helpers/media';
import { useTempDirs } from '../helpers/temp-dir';

// Clip export and "prepare for upload" with the real ffmpeg on real files shaped like the
// studio's recordings (H.264 with a keyframe every second, Opus audio in MP4), two parts with a
// gap between them.

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);

function makeRecording(file: string, seconds: number): void {
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x180:rate=30',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '30',
    '-keyint_min',
    '30',
    '-sc_threshold',
    '0',
    '-c:a',
    'libopus',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    file,
  ]);
}

function setup() {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'review.db'));
  const folder = join(dir, 'recordings', '1');
  mkdirSync(folder, { recursive: true });
  makeRecording(join(folder, '1.mp4'), 8);
  makeRecording(join(folder, '2.mp4'), 6);
  db.prepare(
    `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at)
     VALUES (1, 'Light; and = shade', 'ended', ?, ?, ?)`,
  ).run(T0, T0 + 20_000, T0);
  const insert = db.prepare(
    `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes, duration_ms)
     VALUES (?, 1, ?, 'video/mp4;codecs=avc1,opus', 'finalised', ?, ?, 1000, ?)`,
  );
  insert.run(1, join(folder, '1.mp4'), T0, T0 + 8_000, 8_000);
  insert.run(2, join(folder, '2.mp4'), T0 + 12_000, T0 + 18_000, 6_000);
  const progress: { kind: string; fraction: number }[] = [];
  const review = createReviewHandlers({
    db: () => db,
    clock: () => T0 + 3_600_000,
    workspaceDir: () => dir,
    emit: (event, payload) => {
      if (event === 'review.exportProgress') progress.push(payload as (typeof progress)[number]);
    },
  });
  return { db, review, progress };
}

const ctx = { transport: 'test' as const };
const S1 = 1 as SessionId;

describe('review exports through ffmpeg', () => {
  it('cuts a clip by stream copy on a keyframe and re-encodes off one, to the asked length', async () => {
    const { db, review, progress } = setup();
    const copy = await review['review.exportClip']({ sessionId: S1, fromS: 2, toS: 5 }, ctx);
    expect(copy.mode).toBe('copy');
    expect(Math.abs(ffprobe(copy.path).durationS - 3)).toBeLessThanOrEqual(0.5);
    expect(copy.downloadPath).toMatch(/^\/exports\/clip-1-/);
    // In the second part (timeline 12–18 s): 2.5 s into it is between keyframes.
    const encoded = await review['review.exportClip']({ sessionId: S1, fromS: 14.5, toS: 16 }, ctx);
    expect(encoded.mode).toBe('reencode');
    const probe = ffprobe(encoded.path);
    expect(Math.abs(probe.durationS - 1.5)).toBeLessThanOrEqual(0.5);
    expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(progress.filter((p) => p.kind === 'clip').at(-1)?.fraction).toBe(1);
    await expect(
      Promise.resolve().then(() =>
        review['review.exportClip']({ sessionId: S1, fromS: 6, toS: 13 }, ctx),
      ),
    ).rejects.toThrow(/within one recorded part/);
    await expect(
      Promise.resolve().then(() =>
        review['review.exportClip']({ sessionId: S1, fromS: 5, toS: 4 }, ctx),
      ),
    ).rejects.toThrow(/ends before it starts/);
    db.close();
  });

  it('prepares one MP4 of both parts with AAC audio and the chapters, gaps removed', async () => {
    const { db, review, progress } = setup();
    await review['review.saveChapters'](
      {
        sessionId: S1,
        chapters: [
          { t: 0, title: 'Welcome' },
          { t: 13, title: 'Light; and = shade' },
        ],
      },
      ctx,
    );
    const upload = await review['review.prepareUpload']({ sessionId: S1 }, ctx);
    const probe = ffprobe(upload.path);
    // MP4 chapters also travel as a chapter text track (bin_data) for QuickTime.
    expect(
      probe.streams
        .filter((s) => s.codec_type === 'video' || s.codec_type === 'audio')
        .map((s) => s.codec_name)
        .sort(),
    ).toEqual(['aac', 'h264']);
    expect(Math.abs(probe.durationS - 14)).toBeLessThanOrEqual(0.5);
    const chapters = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_chapters', '-of', 'json', upload.path], {
        encoding: 'utf8',
      }),
    ) as { chapters: { start_time: string; end_time: string; tags: { title: string } }[] };
    expect(
      chapters.chapters.map((c) => [Number(c.start_time), Number(c.end_time), c.tags.title]),
    ).toEqual([
      [0, 9, 'Welcome'],
      // 13 s on the timeline is 1 s into the second part, after the 8 s of the first.
      [9, 14, 'Light; and = shade'],
    ]);
    expect(progress.filter((p) => p.kind === 'upload').at(-1)?.fraction).toBe(1);
    db.close();
  });
});
