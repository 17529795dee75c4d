import { describe, expect, it } from 'vitest';
import {
  aucMannWhitney,
  fitPropensity,
  parsePropensityModel,
  predictPropensity,
  type PropensityRow,
} from '../../../src/main/analytics/propensity';
import { createRng } from '../../../src/main/kernel/random';
import { expectError } from './expect-error';

/**
 * Learners whose log-odds of buying are −1 + 1.2·z(questions) − 0.8·z(minutes), with a third
 * feature that plays no part. Minutes are on a different scale (sd 60) to show that odds ratios
 * are per standard deviation.
 */
function logisticLearners(n: number, seed: number): PropensityRow[] {
  const rng = createRng(seed, 'logistic');
  return Array.from({ length: n }, (_, i) => {
    const a = rng.normal(0, 1);
    const b = rng.normal(0, 1);
    const noise = rng.normal(0, 1);
    const p = 1 / (1 + Math.exp(-(-1 + 1.2 * a - 0.8 * b)));
    return {
      learnerId: `l${i}`,
      features: { questions: a, minutes: 300 + 60 * b, noise },
      bought: rng.next() < p,
    };
  });
}

describe('aucMannWhitney', () => {
  it('counts pairs by hand, ties as one half', () => {
    // Buyers score 0.4 and 0.8; non-buyers 0.1, 0.35 and 0.4.
    // 0.4 beats 0.1 and 0.35 and ties 0.4 (2.5); 0.8 beats all three (3): 5.5 of 6 pairs.
    expect(aucMannWhitney([0.1, 0.4, 0.35, 0.8, 0.4], [false, true, false, true, false])).toBe(
      5.5 / 6,
    );
    // All equal: every pair is a tie.
    expect(aucMannWhitney([1, 1, 1], [true, false, false])).toBe(0.5);
    // Perfectly wrong.
    expect(aucMannWhitney([3, 2, 1], [false, false, true])).toBe(0);
  });

  it('rejects mismatched or one-sided input with exact messages', () => {
    expectError(
      () => aucMannWhitney([1, 2], [true]),
      RangeError,
      'scores and labels must have the same length (got 2 and 1)',
    );
    expectError(
      () => aucMannWhitney([1, 2], [true, true]),
      RangeError,
      'labels must include at least one true and one false (got 2 true, 0 false)',
    );
    expectError(
      () => aucMannWhitney([1, Number.NaN], [true, false]),
      RangeError,
      'scores[1] must be a number (got NaN)',
    );
  });
});

describe('fitPropensity', () => {
  const rows = logisticLearners(6000, 21);
  const fit = fitPropensity(rows, { courseId: 'follow-up', seed: 4 });

  it('recovers the signs and approximate odds ratios per standard deviation', () => {
    const byName = new Map(fit.oddsRatios.map((r) => [r.feature, r]));
    expect(fit.oddsRatios.map((r) => r.feature)).toEqual(['questions', 'minutes', 'noise']);
    expect(byName.get('questions')!.oddsRatioPerSd).toBeGreaterThan(Math.exp(1.2) * 0.85);
    expect(byName.get('questions')!.oddsRatioPerSd).toBeLessThan(Math.exp(1.2) * 1.15);
    expect(byName.get('minutes')!.oddsRatioPerSd).toBeGreaterThan(Math.exp(-0.8) * 0.85);
    expect(byName.get('minutes')!.oddsRatioPerSd).toBeLessThan(Math.exp(-0.8) * 1.15);
    expect(byName.get('minutes')!.sd).toBeGreaterThan(55);
    expect(Math.abs(Math.log(byName.get('noise')!.oddsRatioPerSd))).toBeLessThan(0.1);
    expect(fit.model.intercept).toBeGreaterThan(-1.2);
    expect(fit.model.intercept).toBeLessThan(-0.8);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(15);
  });

  it('cross-validates with stratified folds', () => {
    const cv = fit.crossValidation;
    expect(cv.folds).toBe(5);
    expect(cv.foldAuc).toHaveLength(5);
    // The true model's AUC on such data is about 0.8.
    expect(cv.meanAuc).toBeGreaterThan(0.75);
    expect(cv.meanAuc).toBeLessThan(0.86);
    expect(Math.abs(cv.pooledAuc - cv.meanAuc)).toBeLessThan(0.02);
    expect(fitPropensity(rows, { courseId: 'follow-up', seed: 4 })).toEqual(fit);
  });

  it('scores a perfectly separable set at AUC 1 (L2 keeps the coefficients finite)', () => {
    const rng = createRng(2, 'separable');
    const separable = Array.from({ length: 200 }, (_, i) => {
      const x = rng.normal(0, 1);
      return { learnerId: `s${i}`, features: { x, y: rng.normal(0, 1) }, bought: x > 0 };
    });
    const f = fitPropensity(separable, { courseId: 'c' });
    expect(f.crossValidation.foldAuc).toEqual([1, 1, 1, 1, 1]);
    expect(f.crossValidation.meanAuc).toBe(1);
    // Pooled, scores of five slightly different fold models meet: near 1, not exactly 1.
    expect(f.crossValidation.pooledAuc).toBeGreaterThan(0.99);
    expect(Number.isFinite(f.model.coefficients[0])).toBe(true);
    expect(f.converged).toBe(true);
  });

  it('scores random labels near AUC 0.5', () => {
    const rng = createRng(3, 'random-labels');
    const noise = Array.from({ length: 3000 }, (_, i) => ({
      learnerId: `r${i}`,
      features: { a: rng.normal(0, 1), b: rng.normal(0, 1), c: rng.next() },
      bought: rng.next() < 0.3,
    }));
    const f = fitPropensity(noise, { courseId: 'c', seed: 8 });
    expect(Math.abs(f.crossValidation.meanAuc - 0.5)).toBeLessThan(0.04);
    expect(Math.abs(f.crossValidation.pooledAuc - 0.5)).toBeLessThan(0.04);
  });

  it('predicts probabilities for new rows, also from a serialised model', () => {
    const model = parsePropensityModel(JSON.parse(JSON.stringify(fit.model)));
    const fresh = [
      { learnerId: 'keen', features: { questions: 2, minutes: 240, noise: 0 } },
      { learnerId: 'average', features: { questions: 0, minutes: 300, noise: 0 } },
      { learnerId: 'quiet', features: { questions: -2, minutes: 360, noise: 0 } },
    ];
    const [keen, average, quiet] = predictPropensity(model, fresh);
    expect(keen).toBeGreaterThan(0.8);
    expect(average).toBeGreaterThan(0.2);
    expect(average).toBeLessThan(0.35);
    expect(quiet).toBeLessThan(0.03);
    expect(predictPropensity(fit.model, fresh)).toEqual([keen, average, quiet]);
  });

  it('gives a constant feature odds ratio 1', () => {
    const withConstant = rows.slice(0, 500).map((r) => ({
      ...r,
      features: { ...r.features, constant: 7 },
    }));
    const f = fitPropensity(withConstant, { courseId: 'c' });
    const constant = f.oddsRatios.find((r) => r.feature === 'constant')!;
    expect(constant).toEqual({
      feature: 'constant',
      coefficientPerSd: 0,
      oddsRatioPerSd: 1,
      sd: 0,
    });
  });
});

describe('propensity bad input', () => {
  const rows = logisticLearners(40, 1);
  const loosely =
    (fn: (...args: never[]) => unknown, ...args: unknown[]) =>
    (): unknown =>
      (fn as (...a: unknown[]) => unknown)(...args);

  it('rejects bad rows and options with exact messages', () => {
    expectError(
      loosely(fitPropensity, rows),
      TypeError,
      'options must be an object with a courseId',
    );
    expectError(
      () => fitPropensity(rows, { courseId: '' }),
      TypeError,
      'options.courseId must be a non-empty string (got "")',
    );
    expectError(
      loosely(
        fitPropensity,
        [...rows, { learnerId: 'x', features: rows[0]!.features, bought: 1 }],
        {
          courseId: 'c',
        },
      ),
      TypeError,
      'rows[40].bought must be true or false (got 1)',
    );
    expectError(
      () => fitPropensity(rows, { courseId: 'c', folds: 1 }),
      RangeError,
      'options.folds must be a whole number from 2 to 20 (got 1)',
    );
    expectError(
      () => fitPropensity(rows, { courseId: 'c', l2: -1 }),
      RangeError,
      'options.l2 must be a number from 0 to 1000000 (got -1)',
    );
    const fewBuyers = rows.map((r, i) => ({ ...r, bought: i < 3 }));
    expectError(
      () => fitPropensity(fewBuyers, { courseId: 'c' }),
      RangeError,
      'rows must include at least 5 buyers and 5 non-buyers for 5-fold cross-validation (got 3 buyers and 37 non-buyers)',
    );
    expectError(() => fitPropensity([], { courseId: 'c' }), RangeError, 'rows must not be empty');
  });

  it('rejects a bad model and rows missing a feature with exact messages', () => {
    const { model } = fitPropensity(rows, { courseId: 'c' });
    expectError(
      () => parsePropensityModel({ ...model, version: 2 }),
      RangeError,
      'model.version must be 1 (got 2)',
    );
    expectError(
      () => parsePropensityModel({ ...model, coefficients: [1] }),
      TypeError,
      'model.coefficients must be an array of 3 numbers, one per feature',
    );
    expectError(
      () => predictPropensity(model, [{ learnerId: 'n', features: { questions: 1, minutes: 2 } }]),
      RangeError,
      'rows[0].features.noise must be a finite number (got undefined)',
    );
  });
});
