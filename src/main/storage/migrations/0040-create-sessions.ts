import type { Migration } from './index';

export const m0040: Migration = {
  version: 40,
  name: 'create sessions and attendance',
  up: `
    CREATE TABLE sessions (
      id INTEGER PRIMARY KEY,
      course_id INTEGER REFERENCES courses (id) ON DELETE SET NULL,
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'live', 'paused', 'ended', 'interrupted')),
      scheduled_at INTEGER,
      started_at INTEGER,
      ended_at INTEGER,
      created_at INTEGER NOT NULL,
      CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at)
    ) STRICT;
    CREATE INDEX sessions_course ON sessions (course_id, started_at);
    CREATE INDEX sessions_started ON sessions (started_at);

    -- One row per continuous presence; a reconnect within the grace period extends the open row.
    CREATE TABLE attendance (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      joined_at INTEGER NOT NULL,
      left_at INTEGER,
      last_seen_at INTEGER NOT NULL,
      CHECK (left_at IS NULL OR left_at >= joined_at)
    ) STRICT;
    CREATE INDEX attendance_session ON attendance (session_id, joined_at);
    CREATE INDEX attendance_learner ON attendance (learner_id, joined_at);
  `,
};
