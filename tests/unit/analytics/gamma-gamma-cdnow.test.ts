import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, fitBgNbd } from '../../../src/main/analytics/bgnbd';
import {
  conditionalExpectedAverageSpend,
  customerValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  parseGammaGammaModel,
  type GammaGammaParams,
} from '../../../src/main/analytics/gamma-gamma';
import { loadPublishedSummaryNumbers } from './cdnow-fixture';

const customers = loadPublishedSummaryNumbers();
// Customers with x = 0 are passed too: the fit skips them.
const fit = fitGammaGamma(customers);
const fitted = fit.model.params;

/** Fader, Hardie & Lee (2005), "RFM and CLV", Journal of Marketing Research 42(4). */
const PUBLISHED: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('fitGammaGamma on the 946 CDNOW repeat customers', () => {
  it('recovers the published parameters p = 6.25, q = 3.74, gamma = 15.44', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(946);
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fitted[key] - PUBLISHED[key]), key).toBeLessThan(0.01);
    }
    expect(fit.model).toMatchObject({ model: 'gamma-gamma', version: 1 });
  });

  it('is the maximum: better than the published rounding and than perturbations', () => {
    const best = gammaGammaLogLikelihood(fitted, customers);
    expect(best).toBeCloseTo(fit.logLikelihood, 6);
    expect(best).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(PUBLISHED, customers));
    for (const key of ['p', 'q', 'gamma'] as const) {
      for (const factor of [0.98, 1.02]) {
        const perturbed = { ...fitted, [key]: fitted[key] * factor };
        expect(gammaGammaLogLikelihood(perturbed, customers), `${key} × ${factor}`).toBeLessThan(
          best,
        );
      }
    }
  });

  it("matches Hardie's Gamma-Gamma spreadsheet for the expected spend of the first 10 customers", () => {
    // Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", accompanying
    // spreadsheet (as checked by lifetimes' tests); x = 0 rows show the base's mean spend.
    const published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    customers.slice(0, 10).forEach((c, i) => {
      const spend = conditionalExpectedAverageSpend(fitted, c.x, c.zbar);
      expect(Math.abs(spend - published[i]!), `customer ${c.id}`).toBeLessThan(0.01);
    });
  });

  it('serialises as { model, version, params } and reads back', () => {
    const json = JSON.stringify(fit.model);
    expect(parseGammaGammaModel(JSON.parse(json))).toEqual(fit.model);
  });
});

describe('customerValue on CDNOW', () => {
  const bgnbd = fitBgNbd(customers).model;
  const gammaGamma = fit.model;
  const first = customers[0]!; // x = 2, t_x = 30.43, T = 38.86, zbar = 22.35

  it('is expected purchases × expected spend, without discounting by default', () => {
    for (const horizonDays of [90, 365]) {
      const v = customerValue({ bgnbd, gammaGamma, horizonDays, customer: first });
      const purchases = conditionalExpectedPurchases(
        bgnbd.params,
        horizonDays / 7,
        first.x,
        first.tX,
        first.T,
      );
      const spend = conditionalExpectedAverageSpend(gammaGamma.params, first.x, first.zbar);
      expect(v.expectedPurchases).toBe(purchases);
      expect(v.expectedAverageSpend).toBe(spend);
      expect(v.value).toBeCloseTo(purchases * spend, 10);
      expect(v.probabilityAlive).toBeGreaterThan(0);
      expect(v.probabilityAlive).toBeLessThanOrEqual(1);
    }
  });

  it('grows with the horizon and shrinks with a discount rate', () => {
    const at = (horizonDays: number, monthlyDiscountRate = 0): number =>
      customerValue({ bgnbd, gammaGamma, horizonDays, customer: first, monthlyDiscountRate }).value;
    expect(at(0)).toBe(0);
    expect(at(365)).toBeGreaterThan(at(90));
    expect(at(365, 0.01)).toBeLessThan(at(365));
    expect(at(365, 0.01)).toBeGreaterThan(at(365) / 1.01 ** (365 / 30));
  });

  it('discounts month by month: one 30-day month is worth 1/(1+d) of its face value', () => {
    const undiscounted = customerValue({ bgnbd, gammaGamma, horizonDays: 30, customer: first });
    const discounted = customerValue({
      bgnbd,
      gammaGamma,
      horizonDays: 30,
      customer: first,
      monthlyDiscountRate: 0.05,
    });
    expect(discounted.value).toBeCloseTo(undiscounted.value / 1.05, 12);
  });

  it('values the whole base over 90 days and 12 months without a non-finite number', () => {
    let total90 = 0;
    let total365 = 0;
    for (const customer of customers) {
      total90 += customerValue({ bgnbd, gammaGamma, horizonDays: 90, customer }).value;
      total365 += customerValue({ bgnbd, gammaGamma, horizonDays: 365, customer }).value;
    }
    expect(Number.isFinite(total90)).toBe(true);
    expect(total365).toBeGreaterThan(total90);
  });
});
