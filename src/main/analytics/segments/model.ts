import { readModelHeader } from '../model-header';
import {
  checkFeatureTable,
  fitStandardiserTable,
  flattenTable,
  type FeatureTable,
} from '../feature-matrix';
import {
  checkStandardiser,
  numberOption,
  optionsObject,
  readFeatures,
  readFeatureTable,
  seedOption,
  standardise,
  wholeOption,
  type LearnerFeatureRow,
} from '../feature-table';
import { type Segment, type Segmentation, type SegmentModel, type SegmentOptions } from './types';
import { contrastTraits } from './contrast';
import { describeSegment } from './phrases';
import { bestKMeans, countDistinct, nearestCentre } from './kmeans';
import { sampleSilhouette, silhouetteSample } from './silhouette-sample';
import { assignAndCompact, heldOutSilhouette, stratifiedSamples } from './sample';

// Segmenting learners, assigning new ones to a stored model, and reading a stored model back.

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
  return segmentTable(flattenTable(names, values), o);
}

/**
 * segmentLearners over a feature table already in one row-major array (FeatureTable): what the
 * analytics worker segments a whole workspace with, without an object per learner. The same rows
 * give the same segments.
 * @throws TypeError/RangeError as segmentLearners, and for a malformed table
 */
export function segmentLearnersTable(table: FeatureTable, options?: SegmentOptions): Segmentation {
  const o = optionsObject(options);
  const { names, values } = checkFeatureTable(table);
  const rows = values.length / names.length;
  if (rows < 3) throw new RangeError(`rows must hold at least 3 learners (got ${rows})`);
  if (o.featureNames !== undefined && o.featureNames.join('\u0000') !== names.join('\u0000')) {
    throw new RangeError("options.featureNames must be the table's feature names, in order");
  }
  return segmentTable({ names, values }, o);
}

function segmentTable(table: FeatureTable, o: Partial<SegmentOptions>): Segmentation {
  const { names, values } = table;
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
  const fitSampleSize = wholeOption(
    'fitSampleSize',
    o.fitSampleSize ?? 10_000,
    10,
    Number.MAX_SAFE_INTEGER,
  );
  const threshold = numberOption('traitThreshold', o.traitThreshold ?? 0.5, 0, 100);
  const maxTraits = wholeOption('maxTraits', o.maxTraits ?? 3, 1, 10);

  const standardiser = fitStandardiserTable(names, values, null);
  const d = names.length;
  const n = values.length / d;
  // Copied value by value: Array.from over a typed array goes through its iterator, and took
  // about twice as long for the ~90,000 learners of a workspace.
  const points: number[][] = [];
  for (let i = 0; i < n; i++) {
    const z = standardise(standardiser, values.subarray(i * d, i * d + d));
    const row: number[] = [];
    for (let j = 0; j < d; j++) row.push(z[j] ?? 0);
    points.push(row);
  }
  const sampling = n > fitSampleSize ? stratifiedSamples(points, fitSampleSize, seed) : null;
  const fitPoints = sampling ? sampling.fit.map((i) => points[i] ?? []) : points;
  // k-means cannot make more groups than there are distinct points, and a silhouette needs at
  // least one learner more than groups.
  const distinct = countDistinct(fitPoints, maxK + 1);
  const largestK = Math.min(maxK, distinct, fitPoints.length - 1);
  if (largestK < minK) {
    throw new RangeError(
      `rows have ${distinct} distinct feature combinations among ${n} learners: too few for ${minK} segments`,
    );
  }

  // One sample scores every k, its distances computed once (segments/silhouette-sample.ts).
  const scoring = silhouetteSample(fitPoints, sampleSize, seed);
  let best: { k: number; score: number; labels: number[]; centres: number[][] } | undefined;
  const silhouetteByK: { k: number; silhouette: number | null }[] = [];
  for (let k = minK; k <= maxK; k++) {
    if (k > largestK) {
      silhouetteByK.push({ k, silhouette: null });
      continue;
    }
    const { labels, centres } = bestKMeans(fitPoints, k, runs, seed);
    const score = sampleSilhouette(scoring, labels);
    silhouetteByK.push({ k, silhouette: score });
    if (score !== null && (!best || score > best.score)) best = { k, score, labels, centres };
  }
  if (!best) {
    throw new RangeError(`rows could not be split into ${minK} to ${maxK} separate segments`);
  }

  // With a fitting sample, everyone is placed in the nearest of the sample's segments.
  if (sampling) best = { ...best, ...assignAndCompact(points, best.centres) };
  const fitSample = sampling && {
    size: sampling.fit.length,
    of: n,
    silhouette: best.score,
    heldOutSize: sampling.heldOut.length,
    heldOutSilhouette: heldOutSilhouette(points, sampling.heldOut, best.centres, sampleSize, seed),
  };

  // Segments largest first (ties: the order k-means found them in).
  const sizes = best.centres.map((_, c) => best.labels.filter((l) => l === c).length);
  const order = sizes.map((_, c) => c).sort((p, q) => (sizes[q] ?? 0) - (sizes[p] ?? 0) || p - q);
  const rank = new Map(order.map((c, i) => [c, i]));
  const centroidsZ = order.map((c) => best.centres[c] ?? []);
  const traitsBySegment = contrastTraits(
    names,
    points,
    best.labels,
    best.centres.length,
    threshold,
    maxTraits,
  );
  const segments: Segment[] = order.map((c, index) => {
    const centreZ = best.centres[c] ?? [];
    const traits = traitsBySegment[c] ?? [];
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
    fitSample,
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
