import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReviewHandlers } from '../../src/main/review/review-handlers';
import { openDatabase } from '../../src/main/storage/connection';
import type { SessionId } from '../../src/shared/model/ids';
import { useTempDirs } from '../helpers/temp-dir';

// Scene switches: stored while the class is live (a repeat of the scene in force ignored, none
// after the class), shown on the Review timeline at their second and suggested as chapters.

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const S1 = 1 as SessionId;

describe('scene changes on the Review timeline', () => {
  it('stores the switches of a live class and places them on its timeline', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'scenes.db'));
    db.prepare(
      `INSERT INTO sessions (id, title, status, started_at, created_at) VALUES (1, 'Skies', 'live', ?, ?)`,
    ).run(T0, T0);
    let now = T0;
    const review = createReviewHandlers({
      db: () => db,
      clock: () => now,
      workspaceDir: () => dir,
      emit: () => undefined,
    });
    const ctx = { transport: 'test' } as const;
    const record = (scene: 'pip' | 'camera' | 'screen', at: number) => {
      now = T0 + at;
      return review['review.recordScene']({ sessionId: S1, scene }, ctx);
    };
    expect(await record('pip', 0)).toEqual({ recorded: true });
    expect(await record('camera', 60_000)).toEqual({ recorded: true });
    expect(await record('camera', 70_000)).toEqual({ recorded: false });
    expect(await record('screen', 125_500)).toEqual({ recorded: true });

    db.prepare(`UPDATE sessions SET status = 'ended', ended_at = ? WHERE id = 1`).run(T0 + 300_000);
    now = T0 + 400_000;
    await expect(
      Promise.resolve().then(() =>
        review['review.recordScene']({ sessionId: S1, scene: 'pip' }, ctx),
      ),
    ).rejects.toThrow(/while a class is live/);
    await expect(
      Promise.resolve().then(() =>
        review['review.recordScene']({ sessionId: 99 as SessionId, scene: 'pip' }, ctx),
      ),
    ).rejects.toThrow(/no class 99/);

    const timeline = await review['review.timeline']({ sessionId: S1 }, ctx);
    expect(timeline.markers.filter((m) => m.kind === 'scene').map((m) => [m.t, m.label])).toEqual([
      [0, 'pip'],
      [60, 'camera'],
      [125.5, 'screen'],
    ]);
    // The switches after the start are suggested chapters (the one at 0 is the start chapter).
    expect(timeline.chapters.filter((c) => c.source === 'scene')).toEqual([
      { t: 60, title: 'camera', source: 'scene' },
      { t: 125.5, title: 'screen', source: 'scene' },
    ]);
    db.close();
  });

  it('writes each replay export to a folder of its own, even within the same second', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'replay.db'));
    mkdirSync(join(dir, 'recordings'), { recursive: true });
    const video = join(dir, 'recordings', '1.mp4');
    writeFileSync(video, 'not really a video');
    db.prepare(
      `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at)
       VALUES (1, 'Skies', 'ended', ?, ?, ?)`,
    ).run(T0, T0 + 10_000, T0);
    db.prepare(
      `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes, duration_ms)
       VALUES (1, 1, ?, 'video/mp4', 'finalised', ?, ?, 18, 10000)`,
    ).run(video, T0, T0 + 10_000);
    const review = createReviewHandlers({
      db: () => db,
      clock: () => T0 + 60_000,
      workspaceDir: () => dir,
      emit: () => undefined,
    });
    const ctx = { transport: 'test' } as const;
    const exportOnce = () =>
      review['review.exportReplay']({ sessionId: S1, anonymise: false }, ctx);
    const first = await exportOnce();
    const second = await exportOnce();
    expect(second.folder).not.toBe(first.folder);
    expect(second.path).not.toBe(first.path);
    expect(readFileSync(join(first.path, '..', 'video-1.mp4'), 'utf8')).toBe('not really a video');
    db.close();
  });
});
