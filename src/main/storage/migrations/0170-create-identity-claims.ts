import type { Migration } from './index';

// Contact details typed into the viewer page are CLAIMS, not identities: nothing proves that the
// person at that device owns the address (the studio works offline and sends no code to check it).
// An identity (learner_identities) links orders; a claim never does by itself. A claim is 'open'
// until the educator decides: 'merged' (same person: the claimant was merged into the learner who
// holds the address, or given the address when nobody held it) or 'rejected' (not the same
// person; the same device typing it again does not reopen it). Whom a claim conflicts with is not
// stored: it is read from learner_identities and the other open claims when the list is shown,
// so it is never stale. See imports/README.md "Identities".
export const m0170: Migration = {
  version: 170,
  name: 'create identity claims',
  up: `
    CREATE TABLE identity_claims (
      id INTEGER PRIMARY KEY,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
      value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 320),
      -- The class whose viewer page it was typed into (the first time).
      session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
      claimed_at INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'rejected')),
      resolved_at INTEGER,
      UNIQUE (learner_id, kind, value)
    ) STRICT;
    CREATE INDEX identity_claims_value ON identity_claims (kind, value, status);
  `,
};
