import {
  fitCourseRecommender,
  renderRecommendationReason,
  type CatalogueCourse,
  type CourseRecommender,
  type CourseSignal,
} from '../analytics/recommend';
import type { Db } from '../storage/connection';
import type { PickRow } from '../storage/queries/live/offer-variants';
import {
  consentsToLinkPurchases,
  learnerIds,
  paidCoursePurchases,
  pickCourses,
  type PickCourseRow,
} from '../storage/queries/personal-picks';
import { courseSignals, recommendCatalogue } from '../storage/queries/recommend-inputs';

/**
 * The picker of a personal offer: the course recommender (analytics/recommend) fitted once, when
 * the host pushes, on every paid purchase, the catalogue and live behaviour; each consenting
 * viewer then gets its best recommendation (never a course they own, never an archived one) with
 * its reason in words (en and zh-CN). A viewer who did not consent to link purchases, or for whom
 * nothing can be recommended, gets null: the class's general offer.
 */
export function createPersonalPicker(db: Db, now: number): (learnerId: number) => PickRow | null {
  const purchases = paidCoursePurchases(db).map((p) => ({
    customerId: String(p.learner_id),
    courseId: String(p.course_id),
    at: p.at,
    amountMinor: Math.max(0, Math.floor(p.share_minor)),
  }));
  const catalogue = recommendCatalogue(db).map((c): CatalogueCourse => ({
    courseId: String(c.id),
    series: c.series,
    seriesPosition: c.series_position,
    tags: parseTags(c.tags),
    archived: c.archived === 1,
  }));
  const signals = courseSignals(db, now).map((r): CourseSignal => ({
    learnerId: String(r.learner_id),
    courseId: String(r.course_id),
    kind: r.kind,
    at: r.at,
  }));
  const courses = new Map<string, PickCourseRow>(pickCourses(db).map((c) => [String(c.id), c]));
  const learners = learnerIds(db).map((id) => ({ learnerId: String(id), features: {} }));
  let model: CourseRecommender | null = null;
  if (learners.length > 0 && courses.size > 0) {
    model = fitCourseRecommender(learners, purchases, { catalogue, signals });
  }
  const titleOf = (id: string): string => courses.get(id)?.title ?? `#${id}`;
  return (learnerId) => {
    if (!model || !consentsToLinkPurchases(db, learnerId)) return null;
    let best;
    try {
      best = model.recommend(String(learnerId), 1)[0];
    } catch {
      // A learner who joined after the push is not in the model: the general offer.
      return null;
    }
    const course = best ? courses.get(best.courseId) : undefined;
    if (!best || !course || course.archived === 1) return null;
    return {
      course_id: course.id,
      title: course.title,
      price_minor: course.price_minor,
      currency: course.currency,
      checkout_url: course.checkout_url,
      reason: JSON.stringify({
        en: renderRecommendationReason(best.reason, 'en', titleOf),
        'zh-CN': renderRecommendationReason(best.reason, 'zh-CN', titleOf),
      }),
    };
  };
}

function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
