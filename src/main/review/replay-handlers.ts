import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { StudioError } from '../../shared/contract';
import type { Clock } from '../kernel/clock';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { getRecording } from '../storage/queries/recordings';
import { getSession } from '../storage/queries/live/sessions';
import { insertSceneChange, lastScene } from '../storage/queries/scenes';
import { anonymiseChat, replayHtml, type ReplayChatLine } from './replay-html';
import { reviewTimeline } from './review-timeline';

// Scene switches from the Broadcast screen, and the offline HTML replay of a class.

export interface ReplayHandlerDeps {
  db: () => Db;
  clock: Clock;
  /** The workspace's exports folder, created. */
  exportsDir: () => string;
  stamp: (at: number) => string;
  slug: (title: string) => string;
}

const VIDEO_EXTENSIONS = new Set(['.mp4', '.webm', '.mkv', '.mov']);
const FOLDER_TRIES = 100;

async function newFolder(
  dir: string,
  base: string,
): Promise<{ folderName: string; folder: string }> {
  for (let n = 1; n <= FOLDER_TRIES; n += 1) {
    const folderName = n === 1 ? base : `${base}-${String(n)}`;
    const folder = join(dir, folderName);
    try {
      await mkdir(folder);
      return { folderName, folder };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new StudioError('CONFLICT', `too many replays named ${base} in the exports folder`);
}

export function createReplayHandlers(deps: ReplayHandlerDeps): {
  'review.recordScene': Handler<'review.recordScene'>;
  'review.exportReplay': Handler<'review.exportReplay'>;
} {
  const { db, clock } = deps;
  return {
    'review.recordScene': ({ sessionId, scene }) => {
      const session = getSession(db(), sessionId);
      if (!session) throw new StudioError('NOT_FOUND', `no class ${String(sessionId)}`);
      if (session.status !== 'live' && session.status !== 'paused') {
        throw new StudioError(
          'CONFLICT',
          `scene changes are recorded while a class is live (this class is ${session.status})`,
        );
      }
      if (lastScene(db(), sessionId) === scene) return { recorded: false };
      insertSceneChange(db(), sessionId, clock(), scene);
      return { recorded: true };
    },
    'review.exportReplay': async ({ sessionId, anonymise }) => {
      const timeline = reviewTimeline(db(), sessionId, clock());
      const cls = timeline.class;
      if (cls.parts.length === 0) throw new StudioError('NOT_FOUND', 'this class was not recorded');
      if (cls.parts.some((p) => p.status === 'recording')) {
        throw new StudioError('CONFLICT', 'the class is still being recorded');
      }
      // A new folder each time: two exports in the same second (with and without names) never
      // overwrite each other.
      const base = `replay-${String(sessionId)}-${deps.slug(cls.title)}-${deps.stamp(clock())}${anonymise ? '-anonymous' : ''}`;
      const { folderName, folder } = await newFolder(deps.exportsDir(), base);
      const parts = [];
      for (const part of cls.parts) {
        const row = getRecording(db(), part.recordingId);
        if (!row) throw new StudioError('NOT_FOUND', 'a recording part is gone');
        const ext = extname(row.path).toLowerCase();
        const file = `video-${String(part.index + 1)}${VIDEO_EXTENSIONS.has(ext) ? ext : '.mp4'}`;
        await copyFile(row.path, join(folder, file));
        parts.push({ file, offsetS: part.offsetS, durationS: part.durationS });
      }
      // Only what the class's page showed: names as shown in the class, the host's lines, text.
      const chat: ReplayChatLine[] = timeline.chat.map((line) => ({
        t: line.t,
        name: line.name,
        fromHost: line.fromHost,
        text: line.text,
      }));
      const html = replayHtml({
        title: cls.title,
        courseTitle: cls.courseTitle,
        startedAt: cls.startedAt,
        durationS: cls.durationS,
        parts,
        chapters: timeline.chapters.map((c) => ({ t: c.t, title: c.title, source: c.source })),
        chat: anonymise ? anonymiseChat(chat) : chat,
      });
      const path = join(folder, 'replay.html');
      await writeFile(path, html, 'utf8');
      return {
        folder: folderName,
        fileName: 'replay.html',
        path,
        bytes: (await stat(path)).size,
        videos: parts.map((p) => p.file),
        chatLines: chat.length,
      };
    },
  };
}
