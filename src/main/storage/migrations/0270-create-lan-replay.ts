import type { Migration } from './index';

// Replays for learners on the LAN (issue #12): the educator's per-class switch that lets the
// join link serve the class's replay once it has ended, and what each learner watched of it,
// kept as merged spans of the class's timeline (milliseconds from the class's start, so a
// replay of a class in two parts counts on the same timeline as Review shows).
export const m0270: Migration = {
  version: 270,
  name: 'create lan replay',
  up: `
    CREATE TABLE lan_replays (
      session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
      enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE replay_watchers (
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      first_at INTEGER NOT NULL,
      last_at INTEGER NOT NULL,
      last_seq INTEGER NOT NULL,
      heartbeats INTEGER NOT NULL,
      PRIMARY KEY (session_id, learner_id)
    ) STRICT;
    CREATE INDEX replay_watchers_learner ON replay_watchers (learner_id);
    CREATE TABLE replay_watch_spans (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL,
      learner_id INTEGER NOT NULL,
      start_ms INTEGER NOT NULL CHECK (start_ms >= 0),
      end_ms INTEGER NOT NULL CHECK (end_ms > start_ms),
      FOREIGN KEY (session_id, learner_id)
        REFERENCES replay_watchers (session_id, learner_id) ON DELETE CASCADE
    ) STRICT;
    CREATE INDEX replay_watch_spans_watcher ON replay_watch_spans (session_id, learner_id, start_ms);
  `,
};
