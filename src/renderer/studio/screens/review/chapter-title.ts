import type { TFunction } from 'i18next';
import type { Chapter } from '../../../../shared/contract/review-api';

/** A chapter's title as shown: saved titles as written, suggestions named in the UI's language. */
export function chapterTitle(t: TFunction, chapter: Chapter): string {
  switch (chapter.source) {
    case 'saved':
      return chapter.title;
    case 'start':
      return t('review.chapters.start');
    case 'moment':
      return t('review.chapters.moment');
    case 'scene':
      return t('replay.chapterScene', { scene: t(`replay.scenes.${chapter.title}`) });
    default:
      return t(`review.chapters.${chapter.source}`, { title: chapter.title });
  }
}
