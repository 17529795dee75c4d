/**
 * Learner segments: groups of learners who behave alike, found by k-means clustering (ml-kmeans)
 * on standardised features, with the number of groups chosen by the silhouette score and each
 * group described in plain words from its centre.
 *
 * How it works, in words an educator can check:
 * 1. Every feature (sessions attended, questions asked, money spent...) is put on one scale: its
 *    z-score, the number of standard deviations above (+) or below (−) the average learner. So a
 *    feature measured in minutes does not outweigh one counted in single questions.
 * 2. For each number of groups k in the range (2 to 6 by default), k-means splits the learners
 *    into k groups whose members are as close as possible to their group's average (its centre).
 *    It is run several times from seeded starting points, and the tightest split is kept.
 * 3. The silhouette score says how well separated a split is: for each learner, how much closer
 *    they are to their own group than to the nearest other group, from −1 (misplaced) through 0
 *    (on a border) to 1 (clearly placed); the score is the average over learners. The k with the
 *    highest score wins (the smaller k on a tie).
 * 4. A group is described by the features on which its members differ most from the OTHER
 *    learners (mean of the group minus mean of everyone else, in standard deviations; at least
 *    half a standard deviation by default, and always the largest one), through a fixed phrase
 *    table: "frequent attendees who ask questions and buy often". The size of each group goes
 *    with it. Comparing with the rest, not with the overall average, keeps a large group from
 *    reading as "typical learners": 89% of a workspace is near the average by construction.
 *
 * Pure: no I/O, no Node built-ins. The same rows, options and seed always give the same result.
 */

export {
  type SegmentOptions,
  type SegmentTrait,
  type Segment,
  type SegmentModel,
  type Segmentation,
} from './types';
export { SEGMENT_PHRASES, SEGMENT_PHRASES_ZH, describeSegment } from './phrases';
export { silhouetteValues } from './kmeans';
export { contrastTraits } from './contrast';
export { segmentLearners, segmentLearnersTable, assignSegments, parseSegmentModel } from './model';
