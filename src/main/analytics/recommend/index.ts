/**
 * Next-course recommendations by what was bought together, blended with the catalogue's own
 * description of the courses and with live behaviour; the popularity, item-kNN and user-kNN
 * baselines; and an honest offline evaluation of all of them (leave the last purchase out).
 *
 * How a learner's recommendations are made, in words an educator can check:
 * 1. Courses bought together. For every pair of courses, the learners who bought both are
 *    counted; the pair's similarity is that count divided by √(buyers of one × buyers of the
 *    other) (cosine similarity of the two courses' buyer lists: 1 when exactly the same learners
 *    bought both, 0 when nobody bought both). Each course keeps its 50 most similar courses.
 * 2. The catalogue. Courses that share tags (topic: "python", "data"…) are similar by the share of
 *    tags they have in common, more so when the other course is one level up (beginner →
 *    intermediate → advanced) and less when it is a level down; the next course in a series is
 *    similar to the one before it. This counts most for courses few learners bought yet (their
 *    bought-together counts say little) and keeps a list on the learner's topic.
 * 3. The learner. Each course they bought counts with a weight: more for a course bought several
 *    times (1 + ln count) and, above all, for what they bought last (halved for every purchase day
 *    since). Courses whose classes they attended, whose offer they clicked or in whose classes
 *    they asked a question count too, more when they have bought little.
 * 4. Every course the learner does not own scores the sum over their courses of weight ×
 *    similarity; a course whose classes they attended, or whose offer they clicked, also scores
 *    directly. The highest scores are recommended; the reason is the largest single part of the
 *    score ("bought by 14 of the 40 learners who bought Python 1", "next in the series…"). When
 *    nothing scores, the list is topped up with the most popular courses.
 *
 * Cost: building the model is one pass over the purchases plus, per learner, the pairs of their
 * courses; a learner's list then costs their courses × 50. For a workspace's tens of courses a
 * class's recommendations take milliseconds (bench/recommend.ts).
 *
 * Pure: no I/O, no Node built-ins.
 */

export {
  type CoursePurchase,
  type CatalogueCourse,
  type CourseSignal,
  type RecommendOptions,
  type RecommendCoursesOptions,
  type Via,
  type RecommendationReason,
  type Recommendation,
  type LearnerRecommendations,
  type Tuning,
  DEFAULT_TUNING,
} from './types';
export {
  type CourseRecommender,
  fitCourseRecommender,
  recommendCourses,
  recommendPopular,
} from './recommender';
export {
  type RecommenderScore,
  EVALUATED_METHODS,
  type EvaluatedMethod,
  type HistoryGroup,
  type RecommendationEvaluation,
  type EvaluateOptions,
  evaluateRecommendations,
} from './evaluate';
export { type CourseTitles, renderRecommendationReason } from './reasons';
export { predictCourseBuyers, recommendCoursesByDistance, RFM_COLUMNS } from '../recommend-legacy';
