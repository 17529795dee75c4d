import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../shared/contract';
import { CLIP_MAX_S, type reviewMethods } from '../../shared/contract/review-api';
import type { SessionId } from '../../shared/model/ids';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Handler } from '../kernel/router';
import { EXPORTS_DIR } from '../exports/report-export';
import { ffmpegAvailable } from '../media/recording/finalise';
import type { Db } from '../storage/connection';
import { getRecording } from '../storage/queries/recordings';
import { deleteNote, insertNote, replaceChapters } from '../storage/queries/review';
import { exportClip, prepareUpload, type UploadChapter } from './media-export';
import { createLanReplayHandlers } from './lan-replay-handlers';
import { createReplayHandlers } from './replay-handlers';
import { chaptersOf, listReviewClasses, reviewTimeline, timelineOrigin } from './review-timeline';

type ReviewMethod = keyof typeof reviewMethods;
export type ReviewHandlerMap = { [M in ReviewMethod]: Handler<M> };

export interface ReviewDeps {
  db: () => Db;
  clock: Clock;
  workspaceDir: () => string;
  emit: EventBus['emit'];
  /**
   * Where the studio page loads recordings from, put before each part's media path: '' (the
   * page's own origin: the browser host) or the desktop app's loopback base (app/studio-media-route.ts).
   */
  mediaBase?: () => string;
  /** The shareable link of a join code, for the class's replay (audience/lan.ts). */
  joinUrl?: (joinCode: string) => string | null;
}

/** A class's parts with their media URLs for the studio page (see ReviewDeps.mediaBase). */
function withMediaBase<T extends { parts: { url: string }[]; portraitParts: { url: string }[] }>(
  cls: T,
  base: string,
): T {
  if (base === '') return cls;
  const at = <P extends { url: string }>(part: P): P => ({ ...part, url: `${base}${part.url}` });
  return { ...cls, parts: cls.parts.map(at), portraitParts: cls.portraitParts.map(at) };
}

/** Seconds of the export's output for a timeline second: the gaps between parts removed. */
export function outputSeconds(
  parts: readonly { offsetS: number; durationS: number }[],
  t: number,
): number {
  let before = 0;
  for (const part of parts) {
    if (t < part.offsetS) return before;
    if (t < part.offsetS + part.durationS) return before + (t - part.offsetS);
    before += part.durationS;
  }
  return before;
}

function stamp(at: number): string {
  return new Date(at).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

function slug(title: string): string {
  return (
    title
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'class'
  );
}

/** A clip may end this much past its part's probed end (the container's rounding). */
const KEEP_TAIL_S = 0.1;

/** Suggested chapters carry their subject only; the file gets a plain English title. */
function chapterText(c: { title: string; source: string }): string {
  if (c.source === 'saved') return c.title;
  if (c.source === 'start') return 'Start';
  if (c.source === 'moment') return 'Lively questions';
  return `${c.source[0]?.toUpperCase() ?? ''}${c.source.slice(1)}: ${c.title}`;
}

export function createReviewHandlers(deps: ReviewDeps): ReviewHandlerMap {
  const { db, clock } = deps;
  const exportsDir = (): string => {
    const dir = join(deps.workspaceDir(), EXPORTS_DIR);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const needFfmpeg = async (): Promise<void> => {
    if (!(await ffmpegAvailable())) {
      throw new StudioError('UNAVAILABLE', 'exporting needs ffmpeg and ffprobe: install ffmpeg');
    }
  };
  const progress =
    (sessionId: number, kind: 'clip' | 'upload') =>
    (fraction: number): void =>
      deps.emit('review.exportProgress', {
        sessionId: sessionId as SessionId,
        kind,
        fraction: Math.min(1, Math.max(0, fraction)),
      });
  return {
    ...createReplayHandlers({ db, clock, exportsDir, stamp, slug }),
    ...createLanReplayHandlers({ db, clock, ...(deps.joinUrl ? { joinUrl: deps.joinUrl } : {}) }),
    'review.list': () => {
      const base = deps.mediaBase?.() ?? '';
      return listReviewClasses(db(), clock()).map((cls) => withMediaBase(cls, base));
    },
    'review.timeline': ({ sessionId }) => {
      const timeline = reviewTimeline(db(), sessionId, clock());
      return { ...timeline, class: withMediaBase(timeline.class, deps.mediaBase?.() ?? '') };
    },
    'review.saveChapters': ({ sessionId, chapters }) => {
      const originAt = timelineOrigin(db(), sessionId, clock());
      const times = new Set<number>();
      const rows = chapters
        .map((c) => ({ at: originAt + Math.round(c.t * 1_000), title: c.title }))
        .sort((a, b) => a.at - b.at);
      for (const row of rows) {
        if (times.has(row.at)) {
          throw new StudioError(
            'BAD_INPUT',
            `two chapters start at the same second (${String((row.at - originAt) / 1_000)} s)`,
          );
        }
        times.add(row.at);
      }
      replaceChapters(db(), { sessionId, chapters: rows, now: clock() });
      if (rows.length === 0) {
        const timeline = reviewTimeline(db(), sessionId, clock());
        return { chapters: timeline.chapters, chaptersSaved: false };
      }
      return {
        chapters: chaptersOf(db(), sessionId, (at) => (at - originAt) / 1_000),
        chaptersSaved: true,
      };
    },
    'review.addNote': ({ sessionId, t, text }) => {
      const originAt = timelineOrigin(db(), sessionId, clock());
      const row = insertNote(db(), {
        sessionId,
        at: originAt + Math.round(t * 1_000),
        text,
        now: clock(),
      });
      return { id: row.id, t: (row.at - originAt) / 1_000, text: row.text };
    },
    'review.deleteNote': ({ sessionId, noteId }) => ({
      deleted: deleteNote(db(), { sessionId, noteId }),
    }),
    'review.exportClip': async ({ sessionId, fromS, toS }) => {
      if (toS <= fromS) throw new StudioError('BAD_INPUT', 'the clip ends before it starts');
      if (toS - fromS > CLIP_MAX_S) {
        throw new StudioError('BAD_INPUT', 'a clip lasts at most 2 hours');
      }
      const timeline = reviewTimeline(db(), sessionId, clock());
      const parts = timeline.class.parts;
      if (parts.length === 0) throw new StudioError('NOT_FOUND', 'this class was not recorded');
      const part = parts.find(
        (p) => fromS >= p.offsetS && toS <= p.offsetS + p.durationS + KEEP_TAIL_S,
      );
      if (!part) {
        const spans = parts
          .map((p) => `${p.offsetS.toFixed(1)}–${(p.offsetS + p.durationS).toFixed(1)} s`)
          .join(', ');
        throw new StudioError(
          'BAD_INPUT',
          `a clip must lie within one recorded part (recorded: ${spans})`,
        );
      }
      await needFfmpeg();
      const row = getRecording(db(), part.recordingId);
      if (!row) throw new StudioError('NOT_FOUND', 'the recording is gone');
      const fileName = `clip-${String(sessionId)}-${slug(timeline.class.title)}-${String(Math.round(fromS))}s-${String(Math.round(toS))}s-${stamp(clock())}.mp4`;
      const path = join(exportsDir(), fileName);
      const localFrom = fromS - part.offsetS;
      const durationS = Math.min(toS, part.offsetS + part.durationS) - fromS;
      const result = await exportClip({
        input: row.path,
        fromS: localFrom,
        toS: localFrom + durationS,
        output: path,
        onProgress: progress(sessionId, 'clip'),
      });
      return {
        fileName,
        path,
        bytes: result.bytes,
        mimeType: 'video/mp4',
        downloadPath: `/${EXPORTS_DIR}/${encodeURIComponent(fileName)}`,
        mode: result.mode,
        durationS,
      };
    },
    'review.prepareUpload': async ({ sessionId }) => {
      const timeline = reviewTimeline(db(), sessionId, clock());
      const parts = timeline.class.parts;
      if (parts.length === 0) throw new StudioError('NOT_FOUND', 'this class was not recorded');
      await needFfmpeg();
      const inputs = parts.map((p) => {
        const row = getRecording(db(), p.recordingId);
        if (!row) throw new StudioError('NOT_FOUND', 'a recording part is gone');
        return row.path;
      });
      const totalS = parts.reduce((sum, p) => sum + p.durationS, 0);
      const starts = timeline.chapters.map((c) => ({
        startS: outputSeconds(parts, c.t),
        title: chapterText(c),
      }));
      const chapters: UploadChapter[] = starts
        .map((c, i) => ({ ...c, endS: starts[i + 1]?.startS ?? totalS }))
        .filter((c) => c.endS > c.startS);
      const fileName = `class-${String(sessionId)}-${slug(timeline.class.title)}-${stamp(clock())}.mp4`;
      const path = join(exportsDir(), fileName);
      const result = await prepareUpload({
        inputs,
        durationS: totalS,
        title: timeline.class.title,
        chapters,
        output: path,
        scratchPrefix: join(exportsDir(), `.${fileName}`),
        onProgress: progress(sessionId, 'upload'),
      });
      return {
        fileName,
        path,
        bytes: result.bytes,
        mimeType: 'video/mp4',
        downloadPath: `/${EXPORTS_DIR}/${encodeURIComponent(fileName)}`,
        mode: 'copy',
        durationS: totalS,
      };
    },
  };
}
