import type { Migration } from './index';

// Viewer actions are de-duplicated per viewer, not per session: a client-generated action id only
// has to be unique on the device that made it, and one viewer's id must never make another
// viewer's action look like a resend (it was acknowledged as a duplicate and dropped). SQLite
// cannot drop the old UNIQUE (session_id, client_id), so the table is rebuilt with a unique index
// on (session, learner, client id); host events have no learner and count as learner 0.
//
// Chat messages and questions also keep the name their author had when they wrote them: a viewer
// who renames themselves later must not rewrite who said what in the snapshots new viewers get.
// Rows written before this step have no name of their own and show the viewer's current name.
export const m0160: Migration = {
  version: 160,
  name: 'viewer-scoped action ids; author names on chat and questions',
  rebuildsTables: true,
  up: `
    CREATE TABLE events_rebuilt (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      learner_id INTEGER REFERENCES learners (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
      at INTEGER NOT NULL,
      payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
      client_id TEXT NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64)
    ) STRICT;
    INSERT INTO events_rebuilt (id, session_id, learner_id, kind, at, payload, client_id)
      SELECT id, session_id, learner_id, kind, at, payload, client_id FROM events ORDER BY id;
    DROP TABLE events;
    ALTER TABLE events_rebuilt RENAME TO events;
    CREATE UNIQUE INDEX events_client ON events (session_id, ifnull(learner_id, 0), client_id);
    CREATE INDEX events_session_at ON events (session_id, at);
    CREATE INDEX events_learner ON events (learner_id, at);

    ALTER TABLE chat_messages ADD COLUMN author_name TEXT
      CHECK (author_name IS NULL OR length(author_name) BETWEEN 1 AND 100);
    ALTER TABLE questions ADD COLUMN author_name TEXT
      CHECK (author_name IS NULL OR length(author_name) BETWEEN 1 AND 100);
  `,
};
