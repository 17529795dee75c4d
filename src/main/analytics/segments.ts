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
 * 4. A group is described by the features on which its centre differs most from the average
 *    learner (at least half a standard deviation by default), through a fixed phrase table:
 *    "frequent attendees who ask questions and buy often".
 *
 * Pure: no I/O, no Node built-ins. The same rows, options and seed always give the same result.
 */
import { kmeans } from 'ml-kmeans';
import { readModelHeader } from './model-header';
import { createRng } from '../kernel/random';
import {
  checkStandardiser,
  fitStandardiser,
  numberOption,
  optionsObject,
  readFeatures,
  readFeatureTable,
  seedOption,
  standardise,
  wholeOption,
  type LearnerFeatureRow,
  type Standardiser,
} from './feature-table';

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
   * The silhouette score compares every pair of learners, so above this many learners it is
   * computed on a seeded sample of this size, drawn from each segment in proportion to its size
   * (default 2,000).
   */
  readonly silhouetteSampleSize?: number;
  /** Smallest |z| of a centre's feature that makes it a trait of the segment (default 0.5). */
  readonly traitThreshold?: number;
  /** Most traits named in a description (default 3). */
  readonly maxTraits?: number;
}

/** A feature on which a segment's centre stands out from the average learner. */
export interface SegmentTrait {
  readonly feature: string;
  readonly direction: 'high' | 'low';
  /** The centre's z-score on the feature: standard deviations from the average learner. */
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
  /** The features on which the centre stands out, largest |z| first. */
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
}

interface Phrases {
  /** A noun phrase naming the group: "frequent attendees". */
  readonly highNoun: string;
  /** A verb phrase following "who": "attend often". */
  readonly highVerb: string;
  readonly lowNoun: string;
  readonly lowVerb: string;
}

/**
 * The phrase table descriptions are built from. Features not listed here get a mechanical
 * phrase ("learners with high <feature>").
 */
export const SEGMENT_PHRASES: Readonly<Record<string, Phrases>> = {
  sessionsAttended: {
    highNoun: 'frequent attendees',
    highVerb: 'attend often',
    lowNoun: 'occasional attendees',
    lowVerb: 'seldom attend',
  },
  minutesWatched: {
    highNoun: 'long-stay viewers',
    highVerb: 'watch for long',
    lowNoun: 'brief viewers',
    lowVerb: 'leave early',
  },
  watchShare: {
    highNoun: 'whole-session viewers',
    highVerb: 'watch sessions to the end',
    lowNoun: 'brief viewers',
    lowVerb: 'watch little of each session',
  },
  chatMessages: {
    highNoun: 'active chatters',
    highVerb: 'chat a lot',
    lowNoun: 'quiet viewers',
    lowVerb: 'rarely chat',
  },
  questionsAsked: {
    highNoun: 'question askers',
    highVerb: 'ask questions',
    lowNoun: 'silent learners',
    lowVerb: 'rarely ask questions',
  },
  pollVotes: {
    highNoun: 'keen poll voters',
    highVerb: 'vote in polls',
    lowNoun: 'poll skippers',
    lowVerb: 'skip polls',
  },
  reactions: {
    highNoun: 'enthusiastic reactors',
    highVerb: 'react a lot',
    lowNoun: 'reserved viewers',
    lowVerb: 'rarely react',
  },
  offerClicks: {
    highNoun: 'offer clickers',
    highVerb: 'click offers',
    lowNoun: 'offer skippers',
    lowVerb: 'ignore offers',
  },
  purchases: {
    highNoun: 'frequent buyers',
    highVerb: 'buy often',
    lowNoun: 'rare buyers',
    lowVerb: 'rarely buy',
  },
  purchaseDays: {
    highNoun: 'frequent buyers',
    highVerb: 'buy often',
    lowNoun: 'rare buyers',
    lowVerb: 'rarely buy',
  },
  totalSpentMinor: {
    highNoun: 'big spenders',
    highVerb: 'spend a lot',
    lowNoun: 'light spenders',
    lowVerb: 'spend little',
  },
  daysSinceLastPurchase: {
    highNoun: 'lapsed buyers',
    highVerb: 'have not bought for a while',
    lowNoun: 'recent buyers',
    lowVerb: 'bought recently',
  },
  daysSinceLastSeen: {
    highNoun: 'drifting learners',
    highVerb: 'have not come back for a while',
    lowNoun: 'recently active learners',
    lowVerb: 'came recently',
  },
};

const TYPICAL_DESCRIPTION = 'typical learners, close to the average on every measure';

function phrasesFor(feature: string): Phrases {
  return (
    SEGMENT_PHRASES[feature] ?? {
      highNoun: `learners with high ${feature}`,
      highVerb: `have high ${feature}`,
      lowNoun: `learners with low ${feature}`,
      lowVerb: `have low ${feature}`,
    }
  );
}

/**
 * The Chinese phrase table: one descriptive phrase per feature and direction. Chinese puts every
 * trait before the noun (“常来上课、爱提问且经常购买的学员”), so no noun/verb split is needed.
 */
export const SEGMENT_PHRASES_ZH: Readonly<
  Record<string, { readonly high: string; readonly low: string }>
> = {
  sessionsAttended: { high: '常来上课', low: '很少来上课' },
  minutesWatched: { high: '观看时间长', low: '观看时间短' },
  watchShare: { high: '常把整场看完', low: '每场只看一小段' },
  chatMessages: { high: '爱在聊天区发言', low: '很少聊天' },
  questionsAsked: { high: '爱提问', low: '很少提问' },
  pollVotes: { high: '积极参与投票', low: '很少投票' },
  reactions: { high: '常发互动表情', low: '很少发互动表情' },
  offerClicks: { high: '常点击优惠', low: '很少点击优惠' },
  purchases: { high: '经常购买', low: '很少购买' },
  purchaseDays: { high: '经常购买', low: '很少购买' },
  totalSpentMinor: { high: '消费金额高', low: '消费金额低' },
  daysSinceLastPurchase: { high: '很久没有购买', low: '最近购买过' },
  daysSinceLastSeen: { high: '很久没有来', low: '最近来过' },
};

const TYPICAL_DESCRIPTION_ZH = '各项指标都接近平均水平的普通学员';

function describeSegmentZh(traits: readonly SegmentTrait[]): string {
  if (traits.length === 0) return TYPICAL_DESCRIPTION_ZH;
  const phrases = traits.map((t) => {
    const entry = SEGMENT_PHRASES_ZH[t.feature];
    if (entry) return t.direction === 'high' ? entry.high : entry.low;
    return `${t.feature}${t.direction === 'high' ? '偏高' : '偏低'}`;
  });
  const last = phrases.pop() ?? '';
  return `${phrases.length > 0 ? `${phrases.join('、')}且` : ''}${last}的学员`;
}

/**
 * A description from traits, largest first. English: the first trait's noun, then "who" and the
 * other traits' verbs joined by commas and "and". Chinese: every trait's phrase, then 的学员.
 */
export function describeSegment(
  traits: readonly SegmentTrait[],
  locale: 'en' | 'zh-CN' = 'en',
): string {
  if (locale === 'zh-CN') return describeSegmentZh(traits);
  const [first, ...rest] = traits;
  if (!first) return TYPICAL_DESCRIPTION;
  const head = phrasesFor(first.feature)[first.direction === 'high' ? 'highNoun' : 'lowNoun'];
  const verbs = rest.map(
    (t) => phrasesFor(t.feature)[t.direction === 'high' ? 'highVerb' : 'lowVerb'],
  );
  if (verbs.length === 0) return head;
  const last = verbs.pop() ?? '';
  return `${head} who ${verbs.length > 0 ? `${verbs.join(', ')} and ` : ''}${last}`;
}

function squaredDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < p.length; j++) {
    const delta = (p[j] ?? 0) - (q[j] ?? 0);
    sum += delta * delta;
  }
  return sum;
}

function nearestCentre(point: ArrayLike<number>, centres: readonly ArrayLike<number>[]): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  centres.forEach((c, i) => {
    const d = squaredDistance(point, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

/** Best of `runs` seeded k-means runs by total squared distance to the centres. */
function bestKMeans(
  points: number[][],
  k: number,
  runs: number,
  seed: number,
): { labels: number[]; centres: number[][] } {
  const rng = createRng(seed, `kmeans-${k}`);
  let best: { labels: number[]; centres: number[][]; inertia: number } | undefined;
  for (let run = 0; run < runs; run++) {
    const result = kmeans(points, k, {
      seed: Math.floor(rng.next() * 2_147_483_647),
      initialization: 'kmeans++',
      maxIterations: 300,
    });
    // Labels from the final centres (ml-kmeans reports those of the last step's input centres).
    const labels = points.map((p) => nearestCentre(p, result.centroids));
    let inertia = 0;
    points.forEach((p, i) => {
      inertia += squaredDistance(p, result.centroids[labels[i] ?? 0] ?? []);
    });
    if (!best || inertia < best.inertia) best = { labels, centres: result.centroids, inertia };
  }
  if (!best) throw new RangeError('options.runs must be a whole number from 1 to 100 (got 0)');
  // Drop centres that ended up with no member, renumbering the others.
  const sizes = new Array<number>(k).fill(0);
  for (const label of best.labels) sizes[label] = (sizes[label] ?? 0) + 1;
  const renumber = sizes.map((s, i) => (s > 0 ? i : -1)).filter((i) => i >= 0);
  const newIndex = new Map(renumber.map((old, i) => [old, i]));
  return {
    labels: best.labels.map((l) => newIndex.get(l) ?? 0),
    centres: renumber.map((old) => best.centres[old] ?? []),
  };
}

/**
 * Silhouette value of each point: s = (b − a) / max(a, b), where a is the point's mean distance
 * to the other members of its own segment and b its mean distance to the members of the nearest
 * other segment; 0 for the only member of a segment. Labels must be 0..G−1.
 *
 * Written here rather than taken from simple-statistics (whose `silhouette` gives the same
 * values, see segments.test.ts): that one builds an n × n array of arrays and took about 0.5 s
 * per 2,000-point sample on our 2-core machine, several seconds per segmentation; this one sums
 * distances per segment in one pass over the pairs.
 */
export function silhouetteValues(
  points: readonly (readonly number[])[],
  labels: readonly number[],
): number[] {
  const n = points.length;
  let groups = 0;
  for (const l of labels) groups = Math.max(groups, l + 1);
  const d = points[0]?.length ?? 0;
  const flat = new Float64Array(n * d);
  points.forEach((p, i) => flat.set(p, i * d));
  // sums[i * groups + g]: total distance from point i to the members of segment g.
  const sums = new Float64Array(n * groups);
  const sizes = new Float64Array(groups);
  for (const l of labels) sizes[l] = (sizes[l] ?? 0) + 1;
  for (let i = 0; i < n; i++) {
    const li = labels[i] ?? 0;
    for (let j = i + 1; j < n; j++) {
      let squared = 0;
      for (let c = 0; c < d; c++) {
        const delta = (flat[i * d + c] ?? 0) - (flat[j * d + c] ?? 0);
        squared += delta * delta;
      }
      const distance = Math.sqrt(squared);
      const lj = labels[j] ?? 0;
      sums[i * groups + lj] = (sums[i * groups + lj] ?? 0) + distance;
      sums[j * groups + li] = (sums[j * groups + li] ?? 0) + distance;
    }
  }
  return labels.map((l, i) => {
    const own = sizes[l] ?? 0;
    if (own <= 1) return 0;
    const a = (sums[i * groups + l] ?? 0) / (own - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let g = 0; g < groups; g++) {
      const size = sizes[g] ?? 0;
      if (g !== l && size > 0) b = Math.min(b, (sums[i * groups + g] ?? 0) / size);
    }
    const top = Math.max(a, b);
    return top > 0 ? (b - a) / top : 0;
  });
}

/**
 * Mean silhouette, on a seeded sample stratified by segment when there are more points than
 * `sampleSize`. null when fewer than two segments are present.
 */
function meanSilhouette(
  points: readonly number[][],
  labels: readonly number[],
  sampleSize: number,
  seed: number,
  k: number,
): number | null {
  let chosen: number[];
  if (points.length <= sampleSize) {
    chosen = points.map((_, i) => i);
  } else {
    const rng = createRng(seed, `silhouette-${k}`);
    const groups = new Map<number, number[]>();
    labels.forEach((l, i) => {
      const g = groups.get(l);
      if (g) g.push(i);
      else groups.set(l, [i]);
    });
    chosen = [];
    for (const members of groups.values()) {
      const take = Math.max(1, Math.round((members.length * sampleSize) / points.length));
      // Partial Fisher–Yates: the first `take` places become a uniform sample.
      for (let i = 0; i < take && i < members.length; i++) {
        const j = i + Math.floor(rng.next() * (members.length - i));
        const a = members[i] ?? 0;
        members[i] = members[j] ?? 0;
        members[j] = a;
        chosen.push(members[i] ?? 0);
      }
    }
    chosen.sort((p, q) => p - q);
  }
  const present = [...new Set(chosen.map((i) => labels[i] ?? 0))].sort((p, q) => p - q);
  if (present.length < 2) return null;
  const relabel = new Map(present.map((l, i) => [l, i]));
  const values = silhouetteValues(
    chosen.map((i) => points[i] ?? []),
    chosen.map((i) => relabel.get(labels[i] ?? 0) ?? 0),
  );
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function countDistinct(points: readonly number[][], limit: number): number {
  const seen = new Set<string>();
  for (const p of points) {
    seen.add(p.join(','));
    if (seen.size >= limit) break;
  }
  return seen.size;
}

function traitsOf(
  names: readonly string[],
  centreZ: readonly number[],
  threshold: number,
  maxTraits: number,
): SegmentTrait[] {
  return names
    .map((feature, j) => ({ feature, z: centreZ[j] ?? 0, j }))
    .filter((t) => Math.abs(t.z) >= threshold)
    .sort((p, q) => Math.abs(q.z) - Math.abs(p.z) || p.j - q.j)
    .slice(0, maxTraits)
    .map(({ feature, z }) => ({ feature, direction: z > 0 ? 'high' : 'low', z }));
}

/**
 * Split learners into segments by k-means on z-scored features, choose the number of segments by
 * the silhouette score, and describe each segment (see the file comment for the method).
 *
 * @throws TypeError/RangeError for a malformed table (fewer than 3 learners, a missing or
 *   non-finite feature), bad options, or when the learners have too few distinct feature
 *   combinations to form even minK segments
 */
export function segmentLearners(
  rows: readonly LearnerFeatureRow[],
  options?: SegmentOptions,
): Segmentation {
  const o = optionsObject(options);
  const { names, values } = readFeatureTable(rows, 'rows', o.featureNames, 3);
  const minK = wholeOption('minK', o.minK ?? 2, 2, 50);
  const maxK = wholeOption('maxK', o.maxK ?? 6, 2, 50);
  if (maxK < minK) {
    throw new RangeError(`options.maxK (${maxK}) must not be smaller than options.minK (${minK})`);
  }
  const seed = seedOption(o.seed ?? 1);
  const runs = wholeOption('runs', o.runs ?? 3, 1, 100);
  const sampleSize = wholeOption(
    'silhouetteSampleSize',
    o.silhouetteSampleSize ?? 2000,
    10,
    Number.MAX_SAFE_INTEGER,
  );
  const threshold = numberOption('traitThreshold', o.traitThreshold ?? 0.5, 0, 100);
  const maxTraits = wholeOption('maxTraits', o.maxTraits ?? 3, 1, 10);

  const standardiser = fitStandardiser(names, values);
  const points = values.map((row) => Array.from(standardise(standardiser, row)));
  const n = points.length;
  // k-means cannot make more groups than there are distinct points, and a silhouette needs at
  // least one learner more than groups.
  const distinct = countDistinct(points, maxK + 1);
  const largestK = Math.min(maxK, distinct, n - 1);
  if (largestK < minK) {
    throw new RangeError(
      `rows have ${distinct} distinct feature combinations among ${n} learners: too few for ${minK} segments`,
    );
  }

  let best: { k: number; score: number; labels: number[]; centres: number[][] } | undefined;
  const silhouetteByK: { k: number; silhouette: number | null }[] = [];
  for (let k = minK; k <= maxK; k++) {
    if (k > largestK) {
      silhouetteByK.push({ k, silhouette: null });
      continue;
    }
    const { labels, centres } = bestKMeans(points, k, runs, seed);
    const score = meanSilhouette(points, labels, sampleSize, seed, k);
    silhouetteByK.push({ k, silhouette: score });
    if (score !== null && (!best || score > best.score)) best = { k, score, labels, centres };
  }
  if (!best) {
    throw new RangeError(`rows could not be split into ${minK} to ${maxK} separate segments`);
  }

  // Segments largest first (ties: the order k-means found them in).
  const sizes = best.centres.map((_, c) => best.labels.filter((l) => l === c).length);
  const order = sizes.map((_, c) => c).sort((p, q) => (sizes[q] ?? 0) - (sizes[p] ?? 0) || p - q);
  const rank = new Map(order.map((c, i) => [c, i]));
  const centroidsZ = order.map((c) => best.centres[c] ?? []);
  const segments: Segment[] = order.map((c, index) => {
    const centreZ = best.centres[c] ?? [];
    const traits = traitsOf(names, centreZ, threshold, maxTraits);
    const size = sizes[c] ?? 0;
    return {
      index,
      size,
      share: size / n,
      centroid: Object.fromEntries(
        names.map((f, j) => [
          f,
          (standardiser.means[j] ?? 0) + (centreZ[j] ?? 0) * (standardiser.sds[j] ?? 0),
        ]),
      ),
      centroidZ: Object.fromEntries(names.map((f, j) => [f, centreZ[j] ?? 0])),
      traits,
      description: describeSegment(traits),
    };
  });
  return {
    model: { model: 'learner-segments', version: 1, standardiser, centroidsZ },
    k: segments.length,
    silhouetteByK,
    segments,
    assignments: best.labels.map((l) => rank.get(l) ?? 0),
  };
}

/**
 * Place learners in the segments of a fitted model: each goes to the segment whose centre is
 * nearest to their z-scored features. Returns segment indices in input order.
 * @throws TypeError/RangeError for a bad model or a row missing one of the model's features
 */
export function assignSegments(model: SegmentModel, rows: readonly LearnerFeatureRow[]): number[] {
  const checked = parseSegmentModel(model);
  const { values } = readFeatureTable(rows, 'rows', checked.standardiser.featureNames);
  return values.map((row) =>
    nearestCentre(standardise(checked.standardiser, row), checked.centroidsZ),
  );
}

/**
 * Read a serialised segment model (the parsed JSON of a SegmentModel) back, checking every field.
 * @throws TypeError/RangeError naming the first bad field
 */
export function parseSegmentModel(value: unknown): SegmentModel {
  const record = readModelHeader(value, 'learner-segments', 1);
  if (typeof record.standardiser !== 'object' || record.standardiser === null) {
    throw new TypeError('model.standardiser must be an object with featureNames, means and sds');
  }
  const standardiser = checkStandardiser(
    record.standardiser as Record<string, unknown>,
    'model.standardiser',
  );
  const centres = record.centroidsZ;
  if (!Array.isArray(centres) || centres.length === 0) {
    throw new TypeError('model.centroidsZ must be a non-empty array of segment centres');
  }
  const d = standardiser.featureNames.length;
  const centroidsZ = centres.map((c: unknown, i) => {
    if (!Array.isArray(c) || c.length !== d) {
      throw new TypeError(`model.centroidsZ[${i}] must be an array of ${d} numbers`);
    }
    return Array.from(
      readFeatures(
        Object.fromEntries(standardiser.featureNames.map((f, j): [string, unknown] => [f, c[j]])),
        standardiser.featureNames,
        `model.centroidsZ[${i}]`,
      ),
    );
  });
  return { model: 'learner-segments', version: 1, standardiser, centroidsZ };
}
