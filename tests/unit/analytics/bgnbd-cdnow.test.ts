import { describe, expect, it } from 'vitest';
import {
  bgNbdCustomerLogLikelihood,
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  parseBgNbdModel,
  probabilityAlive,
  type BgNbdParams,
} from '../../../src/main/analytics/bgnbd';
import { summariseRfm } from '../../../src/main/analytics/rfm';
import { purchaseDaysByCustomer, utcDay } from '../../../src/main/analytics/transactions';
import {
  CDNOW_CALIBRATION_END,
  loadCdnowTransactions,
  loadPublishedSummaryNumbers,
} from './cdnow-fixture';

// The published 39-week calibration summary of the 2,357 CDNOW customers (weeks).
const customers = loadPublishedSummaryNumbers();
const fit = fitBgNbd(customers);
const fitted = fit.model.params;

/** Fader, Hardie & Lee (2005), Marketing Science 24(2), section 7. */
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('fitBgNbd on CDNOW', () => {
  it('recovers the published parameters r = 0.243, alpha = 4.414, a = 0.793, b = 2.426', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fitted[key] - PUBLISHED[key]), key).toBeLessThan(0.001);
    }
    expect(fit.model).toMatchObject({ model: 'bgnbd', version: 1, timeUnitDays: 7 });
  });

  it('reaches the published maximum log-likelihood, -9582.4', () => {
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(bgNbdLogLikelihood(fitted, customers)).toBeCloseTo(fit.logLikelihood, 6);
    // The optimum is at least as good as the published (rounded) parameters.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(PUBLISHED, customers));
  });

  it('finds the published parameters better than any nearby perturbation of them', () => {
    const atPublished = bgNbdLogLikelihood(PUBLISHED, customers);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const factor of [0.95, 0.99, 1.01, 1.05]) {
        const perturbed = { ...PUBLISHED, [key]: PUBLISHED[key] * factor };
        expect(bgNbdLogLikelihood(perturbed, customers), `${key} × ${factor}`).toBeLessThan(
          atPublished,
        );
      }
    }
  });

  it('sums the per-customer log-likelihoods', () => {
    const sum = customers.reduce(
      (acc, c) => acc + bgNbdCustomerLogLikelihood(PUBLISHED, c.x, c.tX, c.T),
      0,
    );
    expect(sum).toBeCloseTo(bgNbdLogLikelihood(PUBLISHED, customers), 8);
  });

  it('serialises as { model, version, timeUnitDays, params } and reads back', () => {
    const json = JSON.stringify(fit.model);
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      'model',
      'version',
      'timeUnitDays',
      'params',
    ]);
    expect(parseBgNbdModel(JSON.parse(json))).toEqual(fit.model);
  });
});

describe('BG/NBD predictions on CDNOW', () => {
  it('P(alive) is 1 for customers with no repeat purchase and in (0, 1] for the others', () => {
    for (const c of customers) {
      const p = probabilityAlive(fitted, c.x, c.tX, c.T);
      if (c.x === 0) expect(p).toBe(1);
      else {
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
      }
    }
  });

  it('P(alive) falls with a longer silence and rises with a more recent purchase', () => {
    expect(probabilityAlive(fitted, 2, 30.43, 38.86)).toBeGreaterThan(
      probabilityAlive(fitted, 2, 10, 38.86),
    );
    expect(probabilityAlive(fitted, 7, 29.43, 38.86)).toBeLessThan(
      probabilityAlive(fitted, 2, 29.43, 38.86),
    );
  });

  it("matches Hardie's BG/NBD spreadsheet: E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226", () => {
    // Value from Hardie's Excel implementation of the BG/NBD (as checked by lifetimes' tests).
    expect(
      Math.abs(conditionalExpectedPurchases(fitted, 39, 2, 30.43, 38.86) - 1.226),
    ).toBeLessThan(0.001);
  });

  it("matches Hardie's spreadsheet for E[X(t)], the expected repeat purchases of a new customer", () => {
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const published = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => {
      expect(Math.abs(expectedPurchases(fitted, t) - published[i]!), `t = ${t}`).toBeLessThan(
        0.0005,
      );
    });
    expect(expectedPurchases(fitted, 0)).toBe(0);
  });

  it('forecasts the holdout purchases of the 1,411 one-time buyers as the paper does (0.23 each)', () => {
    // Data side (FHL 2005, section 7): the 1,411 customers with x = 0 made 334 repeat
    // purchases (purchase days) in the 39-week holdout, weeks 40-78 — 0.24 each.
    const transactions = loadCdnowTransactions();
    const summary = summariseRfm(transactions, { calibrationEnd: CDNOW_CALIBRATION_END });
    const zeroClass = new Set(summary.filter((row) => row.x === 0).map((row) => row.customerId));
    expect(zeroClass.size).toBe(1411);
    const calibrationEndDay = utcDay(CDNOW_CALIBRATION_END);
    const holdoutEndDay = calibrationEndDay + 39 * 7;
    let holdoutPurchaseDays = 0;
    for (const [customerId, days] of purchaseDaysByCustomer(transactions)) {
      if (!zeroClass.has(customerId)) continue;
      holdoutPurchaseDays += days.filter(
        (d) => d.day > calibrationEndDay && d.day <= holdoutEndDay,
      ).length;
    }
    expect(holdoutPurchaseDays).toBe(334);

    // Model side: the mean conditional expectation over the same customers, reported as 0.23
    // (ours is 0.2251, on the published summary whose t_x and T are rounded to 2 decimals).
    const zero = customers.filter((c) => c.x === 0);
    const mean =
      zero.reduce((acc, c) => acc + conditionalExpectedPurchases(fitted, 39, 0, 0, c.T), 0) /
      zero.length;
    expect(mean.toFixed(2)).toBe('0.23');
  });

  it('stays finite and sensible for very frequent buyers and very long horizons', () => {
    // Reference values computed with mpmath (40 digits) from equation 10 of the paper.
    expect(conditionalExpectedPurchases(PUBLISHED, 39, 500, 38, 39)).toBeCloseTo(
      1.867805200747883,
      10,
    );
    expect(conditionalExpectedPurchases(PUBLISHED, 1e6, 3, 10, 39)).toBeCloseTo(
      21.04440527432162,
      8,
    );
    expect(conditionalExpectedPurchases(PUBLISHED, 39, 0, 0, 38.86)).toBeCloseTo(
      0.195098052011254,
      12,
    );
  });

  it('is continuous through a = 1, where the closed form is 0/0', () => {
    const at = (a: number): number =>
      conditionalExpectedPurchases({ ...fitted, a }, 39, 2, 30.43, 38.86);
    const exact = at(1);
    expect(Number.isFinite(exact)).toBe(true);
    expect(Math.abs(at(1 - 1e-3) - exact)).toBeLessThan(1e-3);
    expect(Math.abs(at(1 + 1e-3) - exact)).toBeLessThan(1e-3);
    // The values either side of the interpolation window line up with it.
    const slope = (at(1 + 2e-4) - at(1 - 2e-4)) / 4e-4;
    expect(at(1 + 5e-5)).toBeCloseTo(exact + slope * 5e-5, 7);
  });
});
