import type { Migration } from './index';

// A record that a learner's data was deleted on request (storage/learner-data.ts): when, and how
// many rows of each table went or were scrubbed — never who. It lets an educator show that a
// request was carried out, and it changes the analytics worker's fingerprint of the customer base
// (worker/customer-base.ts) even when a deletion leaves every count it reads as it was.
//
// The two indexes serve the deletion too: removing an event makes SQLite look for the questions
// and check-ins that reference it (their foreign keys cascade), and without an index on
// event_id that is a scan of both tables for every one of the learner's events. Both tables grow
// slowly (one row per question or check-in), so the index costs the live class little. (Not
// partial indexes: SQLite's foreign-key lookups do not use them.)
// Numbered 0150, not 0140: another change in flight takes 0140.
export const m0150: Migration = {
  version: 150,
  name: 'create learner erasures; index event references',
  up: `
    CREATE INDEX questions_event ON questions (event_id);
    CREATE INDEX checkin_records_event ON checkin_records (event_id);

    CREATE TABLE learner_erasures (
      id INTEGER PRIMARY KEY,
      erased_at INTEGER NOT NULL,
      -- JSON object: table name -> rows deleted; and table name -> rows scrubbed of a mention.
      deleted TEXT NOT NULL CHECK (json_valid(deleted)),
      scrubbed TEXT NOT NULL CHECK (json_valid(scrubbed))
    ) STRICT;
  `,
};
