import type { Migration } from './index';

// Contact details live only in learner_identities, normalised for matching (lower-case email,
// E.164-like phone), and are never part of anything sent to another learner.
export const m0030: Migration = {
  version: 30,
  name: 'create learners and identities',
  up: `
    CREATE TABLE learners (
      id INTEGER PRIMARY KEY,
      display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
      created_at INTEGER NOT NULL,
      consent_link_purchases INTEGER NOT NULL DEFAULT 0 CHECK (consent_link_purchases IN (0, 1)),
      consent_follow_up INTEGER NOT NULL DEFAULT 0 CHECK (consent_follow_up IN (0, 1)),
      consent_updated_at INTEGER
    ) STRICT;
    CREATE INDEX learners_name ON learners (display_name);

    CREATE TABLE learner_identities (
      id INTEGER PRIMARY KEY,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'platform', 'device')),
      -- For kind = 'platform', which platform the id belongs to; '' otherwise.
      platform TEXT NOT NULL DEFAULT '',
      value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 320),
      created_at INTEGER NOT NULL,
      UNIQUE (kind, platform, value)
    ) STRICT;
    CREATE INDEX learner_identities_learner ON learner_identities (learner_id);
  `,
};
