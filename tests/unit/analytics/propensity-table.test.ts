import { describe, expect, it } from 'vitest';
import {
  fitPropensity,
  fitPropensityTable,
  predictPropensity,
  predictPropensityTable,
  type PropensityRow,
} from '../../../src/main/analytics/propensity';
import { flattenTable } from '../../../src/main/analytics/feature-matrix';
import { readFeatureTable } from '../../../src/main/analytics/feature-table';
import { createRng } from '../../../src/main/kernel/random';
import { expectError } from './expect-error';

// The typed-table entry points the analytics worker fits a whole workspace with: the same fit,
// bit for bit, as the row-object ones (propensity.test.ts pins those).

function learners(n: number, seed: number): PropensityRow[] {
  const rng = createRng(seed, 'table-logistic');
  return Array.from({ length: n }, (_, i) => {
    const a = rng.normal(0, 1);
    const b = rng.normal(0, 1);
    const p = 1 / (1 + Math.exp(-(-0.5 + a - 0.6 * b)));
    return {
      learnerId: `l${i}`,
      // A constant feature too: its sd is 0 and its z-score 0 for everybody.
      features: { questions: a, minutes: 300 + 60 * b, constant: 3, count: i % 7 },
      bought: rng.next() < p,
    };
  });
}

function asTable(rows: readonly PropensityRow[]): {
  table: ReturnType<typeof flattenTable>;
  bought: Uint8Array;
} {
  const { names, values } = readFeatureTable(rows, 'rows', undefined);
  return {
    table: flattenTable(names, values),
    bought: Uint8Array.from(rows, (r) => (r.bought ? 1 : 0)),
  };
}

describe('fitPropensityTable', () => {
  const rows = learners(3000, 5);
  const { table, bought } = asTable(rows);

  it('gives the row-object fit exactly: model, odds ratios and every fold AUC', () => {
    const fromRows = fitPropensity(rows, { courseId: 'c', seed: 3 });
    const fromTable = fitPropensityTable(table, bought, { courseId: 'c', seed: 3 });
    expect(fromTable).toEqual(fromRows);
    expect(fromTable.crossValidation.foldAuc).toHaveLength(5);
    expect(fromTable.converged).toBe(true);
  });

  it('predicts the same probabilities as predictPropensity', () => {
    const { model } = fitPropensityTable(table, bought, { courseId: 'c' });
    const fresh = rows.slice(0, 50);
    expect(predictPropensityTable(model, asTable(fresh).table)).toEqual(
      predictPropensity(model, fresh),
    );
  });

  it('rejects a malformed table, labels of another length and other features', () => {
    const { model } = fitPropensityTable(table, bought, { courseId: 'c' });
    expectError(
      () =>
        fitPropensityTable({ names: ['a', 'b'], values: new Float64Array(3) }, bought, {
          courseId: 'c',
        }),
      RangeError,
      'table.values must hold whole rows of 2 features (got 3 values)',
    );
    expectError(
      () =>
        fitPropensityTable({ names: ['a'], values: Float64Array.of(1, Number.NaN) }, bought, {
          courseId: 'c',
        }),
      RangeError,
      'table row 1 a must be a finite number (got NaN)',
    );
    expectError(
      () => fitPropensityTable(table, bought.subarray(1), { courseId: 'c' }),
      RangeError,
      'bought must have one label per row of the table (got 2999 labels for 3000 rows)',
    );
    expectError(
      () => fitPropensityTable(table, bought, { courseId: 'c', featureNames: ['questions'] }),
      RangeError,
      "options.featureNames must be the table's feature names, in order",
    );
    expectError(
      () => predictPropensityTable(model, { names: ['questions'], values: Float64Array.of(1) }),
      RangeError,
      "the table's features must be the model's, in order",
    );
  });
});
