import type { Migration } from './index';

// Class points (issue #15 §4): the educator's per-class switch. The points themselves are never
// stored: they are computed from the class's interaction events (the engagement formula's weights
// and caps), so a restart, a replay of the events or a report always agrees with the live board.
export const m0310: Migration = {
  version: 310,
  name: 'create class points',
  up: `
    CREATE TABLE class_points (
      session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
      enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};
