import { type Transaction } from '../transactions';

// What the recommender reads and answers, and its tuning (see index.ts for how it works).

/** A purchase of a course; `customerId` is the learner's `learnerId`. */
export interface CoursePurchase extends Transaction {
  readonly courseId: string;
}

/** A course as the catalogue describes it (the courses table). */
export interface CatalogueCourse {
  readonly courseId: string;
  readonly series: string | null;
  readonly seriesPosition: number | null;
  /** Topic and level tags, e.g. ["python", "data", "beginner"]. */
  readonly tags: readonly string[];
  /** Archived courses are never recommended (default false). */
  readonly archived?: boolean;
}

/** One live action of a learner around a course. */
export interface CourseSignal {
  readonly learnerId: string;
  readonly courseId: string;
  /** Attended one of its classes, clicked its offer, asked a question in one of its classes. */
  readonly kind: 'class' | 'offerClick' | 'question';
  readonly at: number;
}

export interface RecommendOptions {
  /** The old distance recommender's engagement features (ignored by recommendCourses). */
  readonly featureNames?: readonly string[];
  /**
   * Similar courses kept per course (default 50). The old distance recommender: nearest
   * learners consulted (default 20).
   */
  readonly neighbours?: number;
  /** Recommendations per learner (default 5). */
  readonly count?: number;
  /** Top up a short list with popular courses (default true). */
  readonly fillWithPopular?: boolean;
}

export interface RecommendCoursesOptions extends RecommendOptions {
  /** Recommend for these learners only, in this order (default: every learner). */
  readonly only?: readonly string[];
  /**
   * Told how many learners are done, every 256 learners and at the end; a long run can report
   * progress, and stop by throwing from it (a cancelled job).
   */
  readonly onProgress?: (done: number, total: number) => void;
  /** The catalogue: series, tags and levels of the courses (default: none). */
  readonly catalogue?: readonly CatalogueCourse[];
  /** Live behaviour: classes attended, offer clicks, questions (default: none). */
  readonly signals?: readonly CourseSignal[];
  /** Overrides of the tuning constants below (for experiments and tests; default: none). */
  readonly tuning?: Partial<Tuning>;
}

export const PROGRESS_EVERY = 256;

/** How the learner relates to the course a reason names. */
export type Via = 'bought' | 'attended';

export type RecommendationReason =
  /** `together` of the `buyers` learners who bought `courseId` (one of the learner's) bought it. */
  | {
      readonly kind: 'boughtTogether';
      readonly courseId: string;
      readonly together: number;
      readonly buyers: number;
      readonly via: Via;
    }
  /** It comes after `courseId` (one of the learner's) in the series. */
  | {
      readonly kind: 'series';
      readonly courseId: string;
      readonly series: string;
      readonly via: Via;
    }
  /** It shares the topic tags `tags` with `courseId` (one of the learner's). */
  | {
      readonly kind: 'similar';
      readonly courseId: string;
      readonly tags: readonly string[];
      readonly via: Via;
    }
  /** The learner attended its classes, clicked its offer or asked questions in its classes. */
  | {
      readonly kind: 'live';
      readonly classes: number;
      readonly offerClicks: number;
      readonly questions: number;
    }
  /** The old distance recommender: `neighboursWhoBought` of the nearest learners bought it. */
  | {
      readonly kind: 'neighbours';
      readonly neighboursWhoBought: number;
      readonly neighbours: number;
    }
  /** The course was bought by `buyers` learners in all. */
  | { readonly kind: 'popular'; readonly buyers: number };

export interface Recommendation {
  readonly courseId: string;
  /** The recommender's score (popular fill-ins: the number of buyers). */
  readonly score: number;
  readonly reason: RecommendationReason;
}

export interface LearnerRecommendations {
  readonly learnerId: string;
  /** Best first; never a course the learner owns. */
  readonly recommendations: readonly Recommendation[];
}

// ---------------------------------------------------------------------------------------------
// Tuning. Chosen once by hand (not fitted per workspace); see the file comment for their meaning.

/** The catalogue's weight: CONTENT_WEIGHT × (1/2 + FEW_BUYERS / (FEW_BUYERS + buyers)). */
export const CONTENT_WEIGHT = 0.5;

export const FEW_BUYERS = 5;

export interface Tuning {
  /**
   * Added to the denominator of the bought-together cosine, together / (√(bᵢ bⱼ) + shrink), so
   * that one learner who bought two rare courses does not make them look alike.
   */
  readonly shrink: number;
  /** Weight of popularity, log(1 + buyers) / log(1 + most buyers), in every score. */
  readonly popularity: number;
  /** A course's weight halves for every `recencyHalving` purchase days since it was bought. */
  readonly recencyHalving: number;
}

export const DEFAULT_TUNING: Tuning = { shrink: 10, popularity: 1, recencyHalving: 1 };

/** Similarity of the next course in a series to the one before it, and of later ones. */
export const SERIES_NEXT = 1.5;

export const SERIES_LATER = 0.3;

/** Similarity multipliers for a course one level up, and for one a level down. */
export const LEVEL_UP = 1.25;

export const LEVEL_DOWN = 0.5;

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** Live behaviour: weight of attending (3+ classes), of an offer click, of a question. */
export const LIVE_CLASS = 0.6;

export const LIVE_CLICK = 0.3;

export const LIVE_QUESTION = 0.1;

/** How much a course the learner showed live interest in scores directly. */
export const LIVE_DIRECT = 1;
