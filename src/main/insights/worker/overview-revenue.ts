import type { RevenueOrder } from '../../analytics/dashboards';
import type { Db } from '../../storage/connection';
import { paidOrdersByDay } from '../../storage/queries/dashboards';
import { unlinkedPaidOrdersByDay } from '../../storage/queries/paid-orders';
import type { CustomerBase } from './customer-base';

// The workspace overview's revenue input: paid orders summed per local day and currency, each
// day's sum standing for its orders at that day's local midnight (the day, hence the month, is
// what revenueByMonth reads from it).

const DAY_MS = 86_400_000;

/**
 * Paid orders up to `until` per local day and currency, and how many are linked to no learner.
 * The linked ones are summed from the customer base's order columns when the base was read up
 * to `until` too (the same orders: a GROUP BY over 500,000 orders in SQLite cost ~0.25 s), and
 * only the unlinked ones are summed in SQL; otherwise all are summed in SQL.
 */
export function revenueDays(
  db: Db,
  base: CustomerBase,
  until: number,
  utcOffsetMinutes: number,
): { orders: RevenueOrder[]; unlinked: number } {
  const shift = utcOffsetMinutes * 60_000;
  const orders: RevenueOrder[] = [];
  let unlinked = 0;
  if (base.calibrationEnd !== until) {
    for (const row of paidOrdersByDay(db, until, utcOffsetMinutes)) {
      orders.push(dayOrder(row.day, row.currency, row.net_minor, row.orders, shift));
      unlinked += row.unlinked;
    }
    return { orders, unlinked };
  }
  for (const row of unlinkedPaidOrdersByDay(db, until, utcOffsetMinutes)) {
    orders.push(dayOrder(row.day, row.currency, row.net_minor, row.orders, shift));
    unlinked += row.orders;
  }
  // Per (day, currency) of the linked orders; SQL's integer division truncates (toward zero for
  // orders before 1970), hence Math.trunc, on exact integers well inside 2^53.
  const c = base.orderColumns;
  const sums = new Map<number, { day: number; currency: number; net: number; count: number }>();
  const currencies = c.currencies.length;
  for (let i = 0; i < c.length; i++) {
    const day = Math.trunc(((c.ats[i] ?? 0) + shift) / DAY_MS);
    const currency = c.currencyIndex[i] ?? 0;
    const key = day * currencies + currency;
    const sum = sums.get(key);
    if (sum === undefined) {
      sums.set(key, { day, currency, net: c.netMinor[i] ?? 0, count: 1 });
    } else {
      sum.net += c.netMinor[i] ?? 0;
      sum.count++;
    }
  }
  for (const s of sums.values()) {
    orders.push(dayOrder(s.day, c.currencies[s.currency] ?? '', s.net, s.count, shift));
  }
  return { orders, unlinked };
}

function dayOrder(
  day: number,
  currency: string,
  netMinor: number,
  orders: number,
  shift: number,
): RevenueOrder {
  return { at: day * DAY_MS - shift, currency, netMinor, orders };
}
