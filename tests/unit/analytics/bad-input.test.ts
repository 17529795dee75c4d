import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  parseBgNbdModel,
  probabilityAlive,
} from '../../../src/main/analytics/bgnbd';
import {
  conditionalExpectedAverageSpend,
  customerValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaModel,
  parseGammaGammaModel,
} from '../../../src/main/analytics/gamma-gamma';
import { bgNbdModel } from '../../../src/main/analytics/bgnbd';
import { scoreRfm, summariseRfm } from '../../../src/main/analytics/rfm';
import {
  groupByCustomer,
  toPurchaseDays,
  type Transaction,
} from '../../../src/main/analytics/transactions';
import { expectError } from './expect-error';

const DAY = 86_400_000;
const JAN_1 = Date.UTC(2024, 0, 1);
const ok: Transaction[] = [
  { customerId: 'ann', at: JAN_1, amountMinor: 1000 },
  { customerId: 'ann', at: JAN_1 + 3 * DAY, amountMinor: 500 },
];
const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend = { p: 6.25, q: 3.74, gamma: 15.44 };

/** Calls a function with arguments its types forbid, as untyped callers (JSON, JS) could. */
function loosely(fn: (...args: never[]) => unknown, ...args: unknown[]): () => unknown {
  return () => (fn as (...a: unknown[]) => unknown)(...args);
}

describe('transactions', () => {
  it('rejects a non-array, bad entries, negative or fractional amounts and NaN times', () => {
    expectError(
      loosely(summariseRfm, 'nope', { calibrationEnd: JAN_1 }),
      TypeError,
      'transactions must be an array of transactions (got "nope")',
    );
    expectError(
      loosely(groupByCustomer, [null]),
      TypeError,
      'transactions[0] must be an object (got null)',
    );
    expectError(
      () => groupByCustomer([{ customerId: '', at: JAN_1, amountMinor: 1 }]),
      TypeError,
      'transactions[0].customerId must be a non-empty string (got "")',
    );
    expectError(
      () => groupByCustomer([...ok, { customerId: 'bob', at: Number.NaN, amountMinor: 1 }]),
      RangeError,
      'transactions[2].at must be a finite number of epoch ms (got NaN)',
    );
    expectError(
      loosely(groupByCustomer, [{ customerId: 'bob', at: '2024-01-01', amountMinor: 1 }]),
      TypeError,
      'transactions[0].at must be a number of epoch ms (got "2024-01-01")',
    );
    expectError(
      () => toPurchaseDays([{ customerId: 'bob', at: JAN_1, amountMinor: -5 }]),
      RangeError,
      'transactions[0].amountMinor must be a whole number of minor units, 0 or more (got -5)',
    );
    expectError(
      () => toPurchaseDays([{ customerId: 'bob', at: JAN_1, amountMinor: 9.99 }]),
      RangeError,
      'transactions[0].amountMinor must be a whole number of minor units, 0 or more (got 9.99)',
    );
  });

  it('collapses same-day purchases into one purchase day (UTC calendar days)', () => {
    const days = toPurchaseDays([
      { customerId: 'ann', at: JAN_1 + 23 * 3_600_000, amountMinor: 300 },
      { customerId: 'ann', at: JAN_1 + 1000, amountMinor: 200 },
      { customerId: 'ann', at: JAN_1 + DAY, amountMinor: 100 },
    ]);
    expect(days).toEqual([
      {
        day: JAN_1 / DAY,
        firstAt: JAN_1 + 1000,
        lastAt: JAN_1 + 23 * 3_600_000,
        amountMinor: 500,
        count: 2,
      },
      {
        day: JAN_1 / DAY + 1,
        firstAt: JAN_1 + DAY,
        lastAt: JAN_1 + DAY,
        amountMinor: 100,
        count: 1,
      },
    ]);
    const groups = groupByCustomer([{ customerId: 'bob', at: 5, amountMinor: 1 }, ...ok]);
    expect([...groups.keys()]).toEqual(['bob', 'ann']);
  });
});

describe('summariseRfm', () => {
  it('rejects an empty list', () => {
    expectError(
      () => summariseRfm([], { calibrationEnd: JAN_1 }),
      RangeError,
      'transactions must not be empty',
    );
  });

  it('rejects a calibration end before a customer’s first purchase', () => {
    expectError(
      () =>
        summariseRfm([...ok, { customerId: 'cy', at: JAN_1 + 40 * DAY, amountMinor: 1 }], {
          calibrationEnd: JAN_1 + 30 * DAY,
        }),
      RangeError,
      'options.calibrationEnd (2024-01-31) is before the first purchase of customer "cy" (2024-02-10)',
    );
  });

  it('rejects missing or bad options', () => {
    expectError(
      loosely(summariseRfm, ok),
      TypeError,
      'options must be an object with a calibrationEnd',
    );
    expectError(
      () => summariseRfm(ok, { calibrationEnd: Number.NaN }),
      RangeError,
      'options.calibrationEnd must be a finite number of epoch ms (got NaN)',
    );
    expectError(
      () => summariseRfm(ok, { calibrationEnd: JAN_1, timeUnitDays: 1.5 }),
      RangeError,
      'options.timeUnitDays must be a whole number 1 or more (got 1.5)',
    );
    expectError(
      () => summariseRfm(ok, { calibrationEnd: JAN_1, decimals: 11 }),
      RangeError,
      'options.decimals must be a whole number from 0 to 10 (got 11)',
    );
  });

  it('counts the calibration end day in full and ignores later purchases', () => {
    const [row] = summariseRfm(
      [...ok, { customerId: 'ann', at: JAN_1 + 10 * DAY, amountMinor: 700 }],
      { calibrationEnd: JAN_1 + 3 * DAY, timeUnitDays: 1 },
    );
    expect(row).toEqual({
      customerId: 'ann',
      x: 1,
      tX: 3,
      T: 3,
      zbar: 5,
      firstPurchaseAt: JAN_1,
      lastPurchaseAt: JAN_1 + 3 * DAY,
      monetaryTotal: 1500,
    });
  });

  it('rounds half up in exact arithmetic for other currencies and decimals', () => {
    // ¥ has no minor unit; 3 repeat days of 1, 1 and 2 yen: mean 1.333… → 1.3 at 1 decimal.
    const yen: Transaction[] = [0, 1, 2, 3].map((d, i) => ({
      customerId: 'kei',
      at: JAN_1 + d * DAY,
      amountMinor: [5, 1, 1, 2][i]!,
    }));
    const [row] = summariseRfm(yen, {
      calibrationEnd: JAN_1 + 3 * DAY,
      minorPerMajor: 1,
      decimals: 1,
    });
    expect(row?.zbar).toBe(1.3);
    // 3 days / 7 = 0.428571… → 0.4 at one decimal.
    expect(row?.tX).toBe(0.4);
  });

  it('stays exact beyond 2^53 in the intermediate products (10 decimals)', () => {
    // 3 repeat days adding up to $20,000.00: 2,000,000 / 300 = 6,666.666666666666…
    const big: Transaction[] = [0, 1, 2, 3].map((d, i) => ({
      customerId: 'big',
      at: JAN_1 + d * DAY,
      amountMinor: [100, 700_000, 600_000, 700_000][i]!,
    }));
    const [row] = summariseRfm(big, { calibrationEnd: JAN_1 + 3 * DAY, decimals: 10 });
    expect(row?.zbar).toBe(6666.6666666667);
    expect(row?.T).toBe(0.4285714286);
  });
});

describe('scoreRfm', () => {
  it('scores an empty list as empty and rejects bad bins', () => {
    expect(scoreRfm([])).toEqual([]);
    expectError(
      () => scoreRfm([], { bins: 10 }),
      RangeError,
      'options.bins must be a whole number from 2 to 9 (got 10)',
    );
    expectError(loosely(scoreRfm, null), TypeError, 'rows must be an array of RFM summary rows');
  });
});

describe('BG/NBD', () => {
  it('rejects empty, malformed or repeat-free customer lists', () => {
    expectError(() => fitBgNbd([]), RangeError, 'customers must not be empty');
    expectError(
      () => fitBgNbd([{ x: 0, tX: 0, T: 10 }]),
      RangeError,
      'customers must include at least one repeat purchase (x > 0): with none, the model cannot tell drop-out from slow buying',
    );
    expectError(
      () => fitBgNbd([{ x: 1.5, tX: 1, T: 2 }]),
      RangeError,
      'customers[0].x must be a whole number of repeat purchases, 0 or more (got 1.5)',
    );
    expectError(
      () => bgNbdLogLikelihood(params, [{ x: 2, tX: 5, T: 3 }]),
      RangeError,
      'customers[0].T must be a finite number no smaller than tX (got T=3, tX=5)',
    );
    expectError(
      () => fitBgNbd([{ x: 0, tX: 2, T: 3 }]),
      RangeError,
      'customers[0].tX must be 0 when x is 0 (got 2)',
    );
    expectError(
      () => fitBgNbd([{ x: 1, tX: Number.NaN, T: 3 }]),
      RangeError,
      'customers[0].tX must be a finite number, 0 or more (got NaN)',
    );
  });

  it('rejects bad parameters, times and histories in predictions', () => {
    expectError(
      () => expectedPurchases({ ...params, r: -1 }, 1),
      RangeError,
      'params.r must be a positive finite number (got -1)',
    );
    expectError(
      () => expectedPurchases(params, -1),
      RangeError,
      't must be a finite number of time units, 0 or more (got -1)',
    );
    expectError(
      () => conditionalExpectedPurchases(params, 1, -1, 0, 1),
      RangeError,
      'x must be a whole number of repeat purchases, 0 or more (got -1)',
    );
    expectError(
      () => probabilityAlive(params, 1, 2, 1),
      RangeError,
      'T must be a finite number no smaller than tX (got T=1, tX=2)',
    );
    expectError(
      () => fitBgNbd([{ x: 1, tX: 1, T: 2 }], { timeUnitDays: 0 }),
      RangeError,
      'options.timeUnitDays must be a whole number of days, 1 or more (got 0)',
    );
  });

  it('reads back only well-formed models', () => {
    expectError(
      () => parseBgNbdModel({ model: 'pareto-nbd', version: 1 }),
      RangeError,
      'model.model must be "bgnbd" (got "pareto-nbd")',
    );
    expectError(
      () => parseBgNbdModel({ model: 'bgnbd', version: 2 }),
      RangeError,
      'model.version must be 1 (got 2)',
    );
    expectError(
      () => parseBgNbdModel({ ...bgNbdModel(params), params: { ...params, b: 0 } }),
      RangeError,
      'model.params.b must be a positive finite number (got 0)',
    );
  });
});

describe('Gamma-Gamma', () => {
  it('rejects empty lists, lists without paid repeat customers, and negative spend', () => {
    expectError(() => fitGammaGamma([]), RangeError, 'customers must not be empty');
    expectError(
      () => fitGammaGamma([{ x: 0, zbar: 0 }]),
      RangeError,
      'customers must include at least one repeat customer (x > 0)',
    );
    expectError(
      () => fitGammaGamma([{ x: 2, zbar: 0 }]),
      RangeError,
      'customers must include at least one repeat customer (x > 0) who paid for a repeat purchase (all 1 have zbar = 0)',
    );
    expectError(
      () => fitGammaGamma([{ x: 2, zbar: -3 }]),
      RangeError,
      'customers[0].zbar must be a finite amount, 0 or more (got -3)',
    );
  });

  it('names customers by id, not by their index in the list', () => {
    expectError(
      () =>
        fitGammaGamma([
          { customerId: '1', x: 1, zbar: 10 },
          { customerId: '10243', x: 2, zbar: -3 },
        ]),
      RangeError,
      'customer "10243": zbar must be a finite amount, 0 or more (got -3)',
    );
    expect(() =>
      fitBgNbd([
        { customerId: '1', x: 1, tX: 2, T: 5 },
        { customerId: 'c-77', x: 1, tX: 9, T: 5 },
      ]),
    ).toThrow(/^customer "c-77": T must be/);
  });

  it('leaves customers with only free repeat purchases out of the spend fit and counts them', () => {
    const paid = [
      { customerId: 'a', x: 1, zbar: 10 },
      { customerId: 'b', x: 3, zbar: 25 },
      { customerId: 'c', x: 2, zbar: 14 },
      { customerId: 'd', x: 0, zbar: 0 },
    ];
    const free = { customerId: '10243', x: 1, zbar: 0 };
    const without = fitGammaGamma(paid);
    const withFree = fitGammaGamma([...paid, free]);
    expect(withFree.leftOut).toBe(1);
    expect(without.leftOut).toBe(0);
    expect(withFree.customers).toBe(3);
    expect(withFree.model.params).toEqual(without.model.params);
    expect(gammaGammaLogLikelihood(without.model.params, [...paid, free])).toBe(
      gammaGammaLogLikelihood(without.model.params, paid),
    );
  });

  it('needs q > 1 for an expected spend', () => {
    expectError(
      () => conditionalExpectedAverageSpend({ ...spend, q: 0.9 }, 1, 10),
      RangeError,
      'params.q must be above 1 for the expected spend to be finite (got 0.9)',
    );
  });

  it('checks customerValue inputs', () => {
    const base = {
      bgnbd: bgNbdModel(params),
      gammaGamma: gammaGammaModel(spend),
      customer: { x: 1, tX: 1, T: 2, zbar: 10 },
    };
    expectError(
      () => customerValue({ ...base, horizonDays: Number.NaN }),
      RangeError,
      'horizonDays must be a finite number of days, 0 or more (got NaN)',
    );
    expectError(
      () => customerValue({ ...base, horizonDays: 90, monthlyDiscountRate: -0.1 }),
      RangeError,
      'monthlyDiscountRate must be a finite rate, 0 or more (got -0.1)',
    );
    expectError(
      () => parseGammaGammaModel({ model: 'gamma-gamma', version: 1, params: { p: 1, q: 2 } }),
      RangeError,
      'model.params.gamma must be a positive finite number (got undefined)',
    );
  });
});
