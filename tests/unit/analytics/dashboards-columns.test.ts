import { describe, expect, it } from 'vitest';
import { buyersByMonth } from '../../../src/main/analytics/dashboards';
import { buyersByMonthColumns } from '../../../src/main/analytics/dashboards-columns';
import { createRng } from '../../../src/main/kernel/random';

// buyersByMonthColumns must give buyersByMonth's rows, purchase for purchase, on generated
// histories: in time order (its fast path) and shuffled, with purchases after the end, several a
// day and several a month, customers without purchases, and at several offsets from UTC.

const DAY_MS = 86_400_000;
const END = Date.UTC(2026, 10, 22, 4);

function generated(seed: number, customers: number, purchases: number, ordered: boolean) {
  const rng = createRng(seed, 'buyers-columns');
  const customer = new Int32Array(purchases);
  const at = new Float64Array(purchases);
  for (let i = 0; i < purchases; i++) {
    // Some customers buy often, most rarely; a few purchases fall after the end.
    customer[i] = rng.next() < 0.3 ? rng.int(0, 9) : rng.int(0, customers - 1);
    at[i] = END - rng.int(-20, 900) * DAY_MS - rng.int(0, DAY_MS - 1);
  }
  if (ordered) {
    const order = Array.from({ length: purchases }, (_, i) => i).sort(
      (p, q) => (at[p] ?? 0) - (at[q] ?? 0),
    );
    const c2 = Int32Array.from(order, (i) => customer[i] ?? 0);
    const a2 = Float64Array.from(order, (i) => at[i] ?? 0);
    return { customer: c2, at: a2 };
  }
  return { customer, at };
}

describe('buyersByMonthColumns', () => {
  for (const ordered of [true, false]) {
    for (const utcOffsetMinutes of [0, 480, -300]) {
      it(`is buyersByMonth (${ordered ? 'in time order' : 'shuffled'}, offset ${utcOffsetMinutes})`, () => {
        const customers = 400;
        const { customer, at } = generated(
          utcOffsetMinutes + (ordered ? 1 : 2),
          customers,
          5_000,
          ordered,
        );
        const options = { end: END, utcOffsetMinutes };
        const expected = buyersByMonth(
          Array.from(customer, (c, i) => ({ customerId: `c${c}`, at: at[i] ?? 0 })),
          options,
        );
        expect(expected.length).toBeGreaterThan(24);
        expect(expected.some((m) => m.returningBuyers > 0)).toBe(true);
        const got = buyersByMonthColumns(
          { length: customer.length, customer, at, customers: customers + 5 },
          options,
        );
        expect(got).toEqual(expected);
      });
    }
  }

  it('gives no rows without a purchase up to the end, and refuses a bad customer number', () => {
    const at = Float64Array.of(END + DAY_MS);
    expect(
      buyersByMonthColumns(
        { length: 1, customer: Int32Array.of(0), at, customers: 1 },
        { end: END },
      ),
    ).toEqual([]);
    expect(() =>
      buyersByMonthColumns(
        { length: 1, customer: Int32Array.of(1), at, customers: 1 },
        { end: END },
      ),
    ).toThrow(/customer\[0\]/);
  });
});
