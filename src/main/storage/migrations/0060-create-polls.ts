import type { Migration } from './index';

// A poll is reusable (per course); each time it is opened in a session is a run with its own votes.
export const m0060: Migration = {
  version: 60,
  name: 'create polls, runs and votes',
  up: `
    CREATE TABLE polls (
      id INTEGER PRIMARY KEY,
      course_id INTEGER REFERENCES courses (id) ON DELETE SET NULL,
      kind TEXT NOT NULL CHECK (kind IN ('poll', 'quiz')),
      question TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
      options TEXT NOT NULL CHECK (json_valid(options) AND json_array_length(options) BETWEEN 2 AND 10),
      multiple INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1)),
      -- For quizzes: JSON array of the indexes of the correct options.
      correct TEXT CHECK (correct IS NULL OR json_valid(correct)),
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE poll_runs (
      id INTEGER PRIMARY KEY,
      poll_id INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      opened_at INTEGER NOT NULL,
      closed_at INTEGER,
      revealed_at INTEGER
    ) STRICT;
    CREATE INDEX poll_runs_session ON poll_runs (session_id, opened_at);

    CREATE TABLE poll_votes (
      run_id INTEGER NOT NULL REFERENCES poll_runs (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      choices TEXT NOT NULL CHECK (json_valid(choices)),
      at INTEGER NOT NULL,
      PRIMARY KEY (run_id, learner_id)
    ) STRICT, WITHOUT ROWID;
  `,
};
