import { type RecommendationReason } from './types';

// A recommendation's reason in plain words (en, zh-CN).

// ---------------------------------------------------------------------------------------------
// Reasons in words

/** Course id → title, for the reasons that name one of the learner's courses. */
export type CourseTitles = (courseId: string) => string;

/** The reason of a recommendation as a sentence, in English or Simplified Chinese. */
export function renderRecommendationReason(
  reason: RecommendationReason,
  locale: 'en' | 'zh-CN',
  titleOf: CourseTitles = (id) => `#${id}`,
): string {
  const en = locale === 'en';
  switch (reason.kind) {
    case 'boughtTogether': {
      const title = titleOf(reason.courseId);
      if (en) {
        const who =
          reason.buyers === 1
            ? 'the one learner'
            : `${reason.together} of the ${reason.buyers} learners`;
        const tail = reason.via === 'attended' ? ` (you attended its classes)` : '';
        return `Bought by ${who} who bought “${title}”${tail}`;
      }
      const tail = reason.via === 'attended' ? '（你上过它的课）' : '';
      return `购买了《${title}》的 ${reason.buyers} 位学员中有 ${reason.together} 位也买了这门课${tail}`;
    }
    case 'series': {
      const title = titleOf(reason.courseId);
      if (reason.via === 'bought') {
        return en
          ? `Next in the series “${reason.series}” you are taking, after “${title}”`
          : `你正在学习的系列“${reason.series}”中，《${title}》之后的下一门课`;
      }
      return en
        ? `Next in the series “${reason.series}” after “${title}”, whose classes you attended`
        : `系列“${reason.series}”中《${title}》之后的下一门课（你上过《${title}》的课）`;
    }
    case 'similar': {
      const title = titleOf(reason.courseId);
      const tags = reason.tags.join(en ? ', ' : '、');
      const on = tags === '' ? '' : en ? ` (${tags})` : `（${tags}）`;
      if (en) {
        const yours = reason.via === 'bought' ? 'you bought' : 'you attended classes of';
        return `On the same topic as “${title}”, which ${yours}${on}`;
      }
      const yours = reason.via === 'bought' ? '你买过的' : '你上过课的';
      return `与${yours}《${title}》主题相同${on}`;
    }
    case 'live': {
      const parts: string[] = [];
      if (en) {
        if (reason.classes > 0) {
          parts.push(
            reason.classes === 1
              ? 'attended one of its classes'
              : `attended ${reason.classes} of its classes`,
          );
        }
        if (reason.offerClicks > 0) parts.push('clicked its offer');
        if (reason.questions > 0) parts.push('asked questions in its classes');
        const said =
          parts.length > 1
            ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`
            : (parts[0] ?? '');
        return `You ${said}, and do not own it yet`;
      }
      if (reason.classes > 0) parts.push(`上过这门课的 ${reason.classes} 节课`);
      if (reason.offerClicks > 0) parts.push('点击过它的优惠');
      if (reason.questions > 0) parts.push('在它的课上提过问题');
      return `你${parts.join('，')}，但还没有购买`;
    }
    case 'neighbours':
      return en
        ? `Learners like you bought this: ${reason.neighboursWhoBought} of the ${reason.neighbours} learners most like you`
        : `与你相似的学员买了这门课：最相似的 ${reason.neighbours} 位学员中有 ${reason.neighboursWhoBought} 位购买`;
    case 'popular':
      return en
        ? `Popular: bought by ${reason.buyers} learners`
        : `热门课程：已有 ${reason.buyers} 位学员购买`;
  }
}
