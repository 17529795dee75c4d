import type { Migration } from './index';

// The live audience's own state. Viewer actions themselves are `events` rows (one per client id);
// these tables hold what the audience server needs beyond them: the per-session public viewer id,
// chat messages with their moderation trail, bans by device token, mutes, chat settings and the
// join code, check-ins, lotteries (seed and candidate list kept so a draw can be audited),
// announcements, and reactions aggregated per viewer (one row per viewer and reaction, not one
// per tap).
export const m0120: Migration = {
  version: 120,
  name: 'create live audience tables',
  up: `
    CREATE TABLE live_settings (
      session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
      join_code TEXT NOT NULL UNIQUE CHECK (length(join_code) BETWEEN 4 AND 12),
      chat_open INTEGER NOT NULL DEFAULT 1 CHECK (chat_open IN (0, 1)),
      slow_mode_seconds INTEGER NOT NULL DEFAULT 0 CHECK (slow_mode_seconds >= 0),
      blocked_words TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(blocked_words)),
      peak_viewers INTEGER NOT NULL DEFAULT 0 CHECK (peak_viewers >= 0),
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE live_viewers (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      public_id TEXT NOT NULL CHECK (length(public_id) BETWEEN 1 AND 40),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      first_joined_at INTEGER NOT NULL,
      UNIQUE (session_id, learner_id),
      UNIQUE (session_id, public_id)
    ) STRICT;
    CREATE INDEX live_viewers_learner ON live_viewers (learner_id);

    CREATE TABLE chat_messages (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      event_id INTEGER UNIQUE REFERENCES events (id) ON DELETE CASCADE,
      learner_id INTEGER REFERENCES learners (id) ON DELETE CASCADE,
      from_host INTEGER NOT NULL DEFAULT 0 CHECK (from_host IN (0, 1)),
      text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
      at INTEGER NOT NULL,
      hidden_at INTEGER,
      hidden_by TEXT,
      deleted_at INTEGER,
      deleted_by TEXT
    ) STRICT;
    CREATE INDEX chat_messages_session ON chat_messages (session_id, at);

    -- Every moderation decision, whoever took it: the audit trail behind hidden/deleted flags,
    -- mutes, bans and settings changes.
    CREATE TABLE moderation_log (
      id INTEGER PRIMARY KEY,
      session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
      action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
      target TEXT,
      actor TEXT NOT NULL,
      at INTEGER NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
    ) STRICT;
    CREATE INDEX moderation_log_session ON moderation_log (session_id, at);

    -- session_id NULL: banned from every session of this workspace.
    CREATE TABLE bans (
      id INTEGER PRIMARY KEY,
      session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
      device_token TEXT NOT NULL CHECK (length(device_token) BETWEEN 1 AND 128),
      learner_id INTEGER REFERENCES learners (id) ON DELETE SET NULL,
      reason TEXT,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      lifted_at INTEGER,
      lifted_by TEXT
    ) STRICT;
    CREATE INDEX bans_device ON bans (device_token, lifted_at);

    CREATE TABLE mutes (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      until INTEGER NOT NULL,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL
    ) STRICT;
    CREATE INDEX mutes_session_learner ON mutes (session_id, learner_id, until);

    CREATE TABLE checkins (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      opened_at INTEGER NOT NULL,
      closes_at INTEGER,
      closed_at INTEGER
    ) STRICT;
    CREATE INDEX checkins_session ON checkins (session_id, opened_at);

    CREATE TABLE checkin_records (
      checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      PRIMARY KEY (checkin_id, learner_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lotteries (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      rule TEXT NOT NULL CHECK (json_valid(rule)),
      seed INTEGER NOT NULL CHECK (seed >= 0),
      candidates TEXT NOT NULL CHECK (json_valid(candidates)),
      winners TEXT NOT NULL CHECK (json_valid(winners)),
      drawn_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX lotteries_session ON lotteries (session_id, drawn_at);

    CREATE TABLE announcements (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX announcements_session ON announcements (session_id, at);

    CREATE TABLE reaction_counts (
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      reaction TEXT NOT NULL CHECK (length(reaction) BETWEEN 1 AND 20),
      count INTEGER NOT NULL CHECK (count >= 0),
      last_at INTEGER NOT NULL,
      PRIMARY KEY (session_id, learner_id, reaction)
    ) STRICT, WITHOUT ROWID;
  `,
};
