import type { Migration } from './index';

// Every viewer action is an event with a client-generated id, unique per session, so that a resend
// after a reconnect is recognised and never stored twice.
export const m0050: Migration = {
  version: 50,
  name: 'create interaction events and questions',
  up: `
    CREATE TABLE events (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      learner_id INTEGER REFERENCES learners (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
      at INTEGER NOT NULL,
      payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
      client_id TEXT NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
      UNIQUE (session_id, client_id)
    ) STRICT;
    CREATE INDEX events_session_at ON events (session_id, at);
    CREATE INDEX events_learner ON events (learner_id, at);

    CREATE TABLE questions (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      learner_id INTEGER REFERENCES learners (id) ON DELETE CASCADE,
      event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
      text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
      asked_at INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'dismissed')),
      answered_at INTEGER,
      pinned_at INTEGER,
      hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
      upvotes INTEGER NOT NULL DEFAULT 0 CHECK (upvotes >= 0)
    ) STRICT;
    CREATE INDEX questions_session ON questions (session_id, asked_at);

    CREATE TABLE question_votes (
      question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      PRIMARY KEY (question_id, learner_id)
    ) STRICT, WITHOUT ROWID;
  `,
};
