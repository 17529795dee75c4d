import { StudioError } from '../../shared/contract';
import type { reviewMethods } from '../../shared/contract/review-api';
import type { Clock } from '../core/clock';
import type { Handler } from '../core/router';
import type { Db } from '../storage/connection';
import { deleteNote, insertNote, replaceChapters } from '../storage/queries/review';
import { chaptersOf, listReviewClasses, reviewTimeline, timelineOrigin } from './review-timeline';

type ReviewMethod = keyof typeof reviewMethods;
export type ReviewHandlerMap = { [M in ReviewMethod]: Handler<M> };

export interface ReviewDeps {
  db: () => Db;
  clock: Clock;
}

export function createReviewHandlers(deps: ReviewDeps): ReviewHandlerMap {
  const { db, clock } = deps;
  return {
    'review.list': () => listReviewClasses(db(), clock()),
    'review.timeline': ({ sessionId }) => reviewTimeline(db(), sessionId, clock()),
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
  };
}
