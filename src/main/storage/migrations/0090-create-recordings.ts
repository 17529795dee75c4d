import type { Migration } from './index';

export const m0090: Migration = {
  version: 90,
  name: 'create recordings',
  up: `
    CREATE TABLE recordings (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      mime_type TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('recording', 'finalised', 'interrupted', 'failed')),
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      bytes INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
      duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0)
    ) STRICT;
    CREATE INDEX recordings_session ON recordings (session_id, started_at);
  `,
};
