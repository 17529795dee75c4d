import type { Migration } from './index';

// A record that a learner's data was deleted on request (storage/learner-data.ts): when, and how
// many rows of each table went or were scrubbed — never who. It lets an educator show that a
// request was carried out, and it changes the analytics worker's fingerprint of the customer base
// (worker/customer-base.ts) even when a deletion leaves every count it reads as it was.
// Numbered 0150, not 0140: another change in flight takes 0140.
export const m0150: Migration = {
  version: 150,
  name: 'create learner erasures',
  up: `
    CREATE TABLE learner_erasures (
      id INTEGER PRIMARY KEY,
      erased_at INTEGER NOT NULL,
      -- JSON object: table name -> rows deleted; and table name -> rows scrubbed of a mention.
      deleted TEXT NOT NULL CHECK (json_valid(deleted)),
      scrubbed TEXT NOT NULL CHECK (json_valid(scrubbed))
    ) STRICT;
  `,
};
