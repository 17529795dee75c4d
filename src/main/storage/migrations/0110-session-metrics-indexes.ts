import type { Migration } from './index';

// A class's report reads the orders that carry one of its offers' ids. Without an index that is a
// scan of every order (500,000 in the benchmark workspace); most orders carry no offer, so the
// index is partial and stays small.
export const m0110: Migration = {
  version: 110,
  name: 'index orders by offer for session reports',
  up: `
    CREATE INDEX orders_offer ON orders (offer_id) WHERE offer_id IS NOT NULL;
  `,
};
