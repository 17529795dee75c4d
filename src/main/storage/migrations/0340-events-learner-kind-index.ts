import type { Migration } from './index';

// The customer base counts each learner's interactions per kind over the whole workspace. Read
// from the table that is one row per event (1,000,000 in the benchmark workspace) grouped in
// JavaScript or in a sort; this index covers the query in (learner, kind) order, so SQLite counts
// while walking it and hands over one row per learner and kind. Creating it fills it from the
// events already there (the backfill of existing workspaces); SQLite keeps it in step with every
// later insert, merge (learner_id moved) and erasure, so no counter can drift from the events.
export const m0340: Migration = {
  version: 340,
  name: 'index events by learner and kind for the customer base',
  up: `
    CREATE INDEX events_learner_kind ON events (learner_id, kind);
  `,
};
