import type { Migration } from './index';

// The customer base's cache fingerprint (queries/insights.ts) reads, of the orders, their count,
// newest import time and refunded sum. One aggregate over every order row took ~60–100 ms on the
// benchmark workspace; with these two indexes the newest import time is one step down
// orders_imported_at, the count a scan of that small index, and the refunded sum a scan of just
// the refunded orders.
export const m0370: Migration = {
  version: 370,
  name: 'index orders by import time and the refunded ones for the data fingerprint',
  up: `
    CREATE INDEX orders_imported_at ON orders (imported_at);
    CREATE INDEX orders_refunded ON orders (refunded_minor) WHERE refunded_minor > 0;
  `,
};
