import { type Standardiser } from '../feature-table';

// What segmentation reads and answers (index.ts says how it works).

export interface SegmentOptions {
  /** Features to cluster on, in order (default: the features of the first row). */
  readonly featureNames?: readonly string[];
  /** Smallest and largest number of segments tried (default 2 and 6). */
  readonly minK?: number;
  readonly maxK?: number;
  /** Seed for the k-means starting points and the silhouette sample (default 1). */
  readonly seed?: number;
  /** k-means runs per k from different seeded starts; the tightest is kept (default 3). */
  readonly runs?: number;
  /**
   * The silhouette score compares every pair of learners, so above this many learners (of those
   * k-means fits on) it is computed on one seeded sample of this size, stratified as the fitting
   * sample is, that scores every k (its pairwise distances are computed once; default 2,000).
   * The held-out silhouette (fitSample) is sampled from each segment in proportion to its size.
   */
  readonly silhouetteSampleSize?: number;
  /**
   * Above this many learners, k-means (and the silhouette that picks k) runs on a seeded sample of
   * this size, stratified by how many features each learner is above average on, and everyone is
   * then placed in the nearest segment (default 10,000).
   */
  readonly fitSampleSize?: number;
  /**
   * Smallest difference from the other learners, in standard deviations, that makes a feature a
   * trait of the segment (default 0.5; the largest difference is named even below it).
   */
  readonly traitThreshold?: number;
  /** Most traits named in a description (default 3). */
  readonly maxTraits?: number;
}

/** A feature on which a segment differs from the other learners (contrast.ts). */
export interface SegmentTrait {
  readonly feature: string;
  /** Whether the segment's members are above (high) or below (low) the other learners. */
  readonly direction: 'high' | 'low';
  /**
   * The segment's mean minus the other learners' mean, in standard deviations of all learners.
   */
  readonly z: number;
}

export interface Segment {
  /** 0 for the largest segment, 1 for the next... */
  readonly index: number;
  /** Learners in the segment. */
  readonly size: number;
  /** size / all learners. */
  readonly share: number;
  /** The segment's average learner, in the features' own units. */
  readonly centroid: Readonly<Record<string, number>>;
  /** The same centre in z-scores: standard deviations from the average of all learners. */
  readonly centroidZ: Readonly<Record<string, number>>;
  /** The features on which the segment differs most from the other learners, largest first. */
  readonly traits: readonly SegmentTrait[];
  /** The traits in words, from the phrase table (never free text). */
  readonly description: string;
}

/** A fitted segmentation as stored and sent: enough to place new learners in a segment. */
export interface SegmentModel {
  readonly model: 'learner-segments';
  readonly version: 1;
  readonly standardiser: Standardiser;
  /** Segment centres in z-scores, segment 0 first. */
  readonly centroidsZ: readonly (readonly number[])[];
}

export interface Segmentation {
  readonly model: SegmentModel;
  /** The chosen number of segments. */
  readonly k: number;
  /** The mean silhouette of the best split for each k tried (null when k could not be tried). */
  readonly silhouetteByK: readonly { readonly k: number; readonly silhouette: number | null }[];
  readonly segments: readonly Segment[];
  /** Segment index of each input row, in input order. */
  readonly assignments: readonly number[];
  /**
   * null when every learner took part in the fit. Otherwise the segments were fitted on a sample
   * of `size` of the `of` learners (silhouetteByK is then the sample's), and the error of doing
   * so is stated by the mean silhouette of the fitting sample next to that of a second, disjoint
   * sample of `heldOutSize` learners placed in the fitted segments.
   */
  readonly fitSample: {
    readonly size: number;
    readonly of: number;
    readonly silhouette: number;
    readonly heldOutSize: number;
    readonly heldOutSilhouette: number | null;
  } | null;
}

export interface Phrases {
  /** A noun phrase naming the group: "frequent attendees". */
  readonly highNoun: string;
  /** A verb phrase following "who": "attend often". */
  readonly highVerb: string;
  readonly lowNoun: string;
  readonly lowVerb: string;
}
