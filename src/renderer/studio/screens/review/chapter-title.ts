import type { TFunction } from 'i18next';
import type { Chapter, SceneName } from '../../../../shared/contract/review-api';

const SCENE_LABEL: Record<
  SceneName,
  'replay.scenes.pip' | 'replay.scenes.camera' | 'replay.scenes.screen'
> = {
  pip: 'replay.scenes.pip',
  camera: 'replay.scenes.camera',
  screen: 'replay.scenes.screen',
};

/** A Broadcast scene's name in the UI's language (a name this studio does not know, as stored). */
export function sceneLabel(t: TFunction, scene: string): string {
  return Object.hasOwn(SCENE_LABEL, scene) ? t(SCENE_LABEL[scene as SceneName]) : scene;
}

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
      return t('replay.chapterScene', { scene: sceneLabel(t, chapter.title) });
    default:
      return t(`review.chapters.${chapter.source}`, { title: chapter.title });
  }
}
