import { describe, expect, it } from 'vitest';
import { purchaseColumns, transactionColumns } from '../../../src/main/analytics/purchase-columns';
import { cohortMatrix, type Purchase } from '../../../src/main/analytics/repurchase';
import {
  summariseRfm,
  summariseRfmColumns,
  type RfmSummaryRow,
} from '../../../src/main/analytics/rfm';
import {
  assertTransactions,
  MS_PER_DAY,
  purchaseDaysByCustomer,
  utcDay,
  type Transaction,
} from '../../../src/main/analytics/transactions';
import { createRng } from '../../../src/main/kernel/random';

// summariseRfm and cohortMatrix run over typed-array columns (purchase-columns.ts). These tests
// hold them to straightforward implementations over per-customer lists on random logs.

const END = Date.UTC(2026, 5, 30, 12);

/** A random log: numeric and other ids, unsorted, same-day repeats, purchases after the end. */
function randomLog(seed: number, size: number): Purchase[] {
  const rng = createRng(seed, 'purchase-columns');
  const ids = Array.from({ length: Math.ceil(size / 4) }, (_, i) => {
    const kind = rng.next();
    if (kind < 0.6) return String(1 + Math.floor(rng.next() * 5_000));
    if (kind < 0.7) return `0${i}`; // not a plain number: must not meet "i"
    if (kind < 0.8) return String(i); // meets "0i" above only by spelling
    return `learner-${i}`;
  });
  return Array.from({ length: size }, () => {
    const id = ids[Math.floor(rng.next() * ids.length)] ?? '1';
    // Mostly within two years before the end; some on the same few days; a few after it.
    const day = rng.next() < 0.2 ? 3 : Math.floor(rng.next() * 730);
    const at = END - day * MS_PER_DAY + Math.floor((rng.next() - 0.05) * MS_PER_DAY);
    return {
      customerId: id,
      at,
      amountMinor: rng.next() < 0.1 ? 0 : Math.floor(rng.next() * 20_000),
      ...(rng.next() < 0.5 ? { courseId: `c${Math.floor(rng.next() * 9)}` } : {}),
    };
  });
}

/** The RFM summary as it was computed before columns: purchase days per customer. */
function referenceRfm(transactions: readonly Transaction[], end: number): RfmSummaryRow[] {
  const endDay = utcDay(end);
  const round = (n: number, d: number): number => Math.floor((2 * n * 100 + d) / (2 * d)) / 100;
  const rows: RfmSummaryRow[] = [];
  for (const [customerId, days] of purchaseDaysByCustomer(transactions)) {
    const first = days[0];
    if (!first) continue;
    const later = days.slice(1).filter((d) => d.day <= endDay);
    const last = later[later.length - 1] ?? first;
    const repeat = later.reduce((s, d) => s + d.amountMinor, 0);
    rows.push({
      customerId,
      x: later.length,
      tX: round(last.day - first.day, 7),
      T: round(endDay - first.day, 7),
      zbar: later.length === 0 ? 0 : round(repeat, later.length * 100),
      firstPurchaseAt: first.firstAt,
      lastPurchaseAt: last.lastAt,
      monetaryTotal: first.amountMinor + repeat,
    });
  }
  return rows;
}

/** Cohort cells counted with a set of (buyer, month) per cohort row. */
function referenceCohorts(purchases: readonly Purchase[], end: number): Map<string, number[]> {
  const month = (at: number): number => {
    const d = new Date(Math.floor(at / MS_PER_DAY) * MS_PER_DAY);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  };
  const inRange = purchases.filter((p) => utcDay(p.at) <= utcDay(end));
  const firstMonth = new Map<string, number>();
  for (const p of inRange) {
    firstMonth.set(p.customerId, Math.min(firstMonth.get(p.customerId) ?? Infinity, month(p.at)));
  }
  const cells = new Map<string, number[]>(); // "cohort|k" → [buyers, revenue]
  const seen = new Set<string>();
  for (const p of inRange) {
    const cohort = firstMonth.get(p.customerId) ?? 0;
    const key = `${cohort}|${month(p.at) - cohort}`;
    const cell = cells.get(key) ?? [0, 0];
    cells.set(key, cell);
    cell[1] = (cell[1] ?? 0) + p.amountMinor;
    if (!seen.has(`${key}|${p.customerId}`)) {
      seen.add(`${key}|${p.customerId}`);
      cell[0] = (cell[0] ?? 0) + 1;
    }
  }
  return cells;
}

describe('summariseRfm over columns', () => {
  it('equals the per-customer-list summary on random logs', () => {
    for (const seed of [1, 2, 3]) {
      const log = randomLog(seed, 4_000).filter((p) => p.at <= END); // no first purchase after the end
      expect(summariseRfm(log, { calibrationEnd: END })).toEqual(referenceRfm(log, END));
    }
  });

  it('keeps purchases after the calibration end out, and ids that differ only in spelling apart', () => {
    const day = 86_400_000;
    const log: Transaction[] = [
      { customerId: '7', at: END - 10 * day, amountMinor: 100 },
      { customerId: '07', at: END - 9 * day, amountMinor: 200 },
      { customerId: '7', at: END + 2 * day, amountMinor: 900 },
      { customerId: '7', at: END - 3 * day, amountMinor: 300 },
    ];
    const rows = summariseRfm(log, { calibrationEnd: END });
    expect(rows.map((r) => [r.customerId, r.x, r.monetaryTotal])).toEqual([
      ['7', 1, 400],
      ['07', 0, 200],
    ]);
    expect(rows).toEqual(referenceRfm(log, END));
  });

  it('gives the same rows from numeric columns as from the purchase list', () => {
    const log = randomLog(4, 3_000).filter((p) => /^[1-9]\d*$/.test(p.customerId) && p.at <= END);
    const columns = {
      customer: Float64Array.from(log, (p) => Number(p.customerId)),
      at: log.map((p) => p.at),
      amountMinor: Int32Array.from(log, (p) => p.amountMinor),
    };
    const options = { calibrationEnd: END, timeUnitDays: 7, minorPerMajor: 100 };
    expect(summariseRfmColumns(columns, options)).toEqual(summariseRfm(log, options));
  });

  it('reports a bad purchase exactly as assertTransactions does', () => {
    const log: unknown[] = randomLog(5, 50);
    log[17] = { customerId: 'x', at: END, amountMinor: 1.5 };
    let expected: unknown;
    try {
      assertTransactions(log);
    } catch (error) {
      expected = error;
    }
    expect(expected).toBeInstanceOf(RangeError);
    expect(() => summariseRfm(log as Transaction[], { calibrationEnd: END })).toThrow(
      (expected as Error).message,
    );
    expect(() => transactionColumns([undefined] as unknown as Transaction[])).toThrow(
      'transactions[0] must be an object (got undefined)',
    );
  });

  it('refuses columns of different lengths and bad keys, naming the row', () => {
    expect(() => purchaseColumns({ customer: [1, 2], at: [1], amountMinor: [1, 2] })).toThrow(
      /same length \(got 2, 1, 2\)/,
    );
    expect(() => purchaseColumns({ customer: [1, -2], at: [1, 2], amountMinor: [1, 2] })).toThrow(
      'columns.customer[1] must be a whole number, 0 or more (got -2)',
    );
    expect(() =>
      summariseRfmColumns(
        { customer: [1], at: [Number.NaN], amountMinor: [1] },
        { calibrationEnd: END },
      ),
    ).toThrow('columns.at[0] must be a finite number');
    expect(() =>
      summariseRfmColumns({ customer: [], at: [], amountMinor: [] }, { calibrationEnd: END }),
    ).toThrow('columns must not be empty');
  });

  it('numbers far-apart keys through a map as well as close ones through a table', () => {
    const columns = purchaseColumns({
      customer: [5e12, 3, 5e12],
      at: [1, 2, 3],
      amountMinor: [1, 1, 1],
    });
    expect(Array.from(columns.customerOf)).toEqual([0, 1, 0]);
    expect([columns.idOf(0), columns.idOf(1)]).toEqual(['5000000000000', '3']);
  });
});

describe('cohortMatrix over columns', () => {
  it('counts every (cohort, month) cell as a set of buyers per cell does', () => {
    for (const seed of [6, 7]) {
      const log = randomLog(seed, 5_000);
      const matrix = cohortMatrix(log, { end: END });
      const cells = referenceCohorts(log, END);
      let checked = 0;
      const [firstYear = 0, firstMonth = 1] = (matrix.cohorts[0]?.cohort ?? '')
        .split('-')
        .map(Number);
      const first = firstYear * 12 + firstMonth - 1;
      for (const row of matrix.cohorts) {
        const [year = 0, month = 1] = row.cohort.split('-').map(Number);
        const cohort = year * 12 + month - 1;
        row.buyers.forEach((buyers, k) => {
          if (buyers === null) return;
          const [count = 0, revenue = 0] = cells.get(`${cohort}|${k}`) ?? [];
          expect(buyers, `${row.cohort} + ${k}`).toBe(count);
          expect(row.revenueMinor[k]).toBe(revenue);
          checked += count;
        });
        expect(row.buyers.filter((b) => b !== null)).toHaveLength(matrix.months - (cohort - first));
      }
      expect(checked).toBe([...cells.values()].reduce((s, [c = 0]) => s + c, 0));
    }
  });
});
