import type { Migration } from './index';

// A class planned ahead of time (issue #11, "Classes ahead of time"). The start stays in
// sessions.scheduled_at; this row adds what a plan needs beyond it: its planned length, how many
// minutes before the start the warm-up chat opens, the calendar SEQUENCE (raised on every
// reschedule so that calendars replace the old event) and when it was cancelled. A cancelled
// class keeps its session row (status 'scheduled', never started) so that its calendar file can
// still say CANCELLED; sessions has no such status and rebuilding it is not worth the risk.
// Sessions created without a plan (session.create) have no row here and open as before.
export const m0190: Migration = {
  version: 190,
  name: 'create class schedules',
  up: `
    CREATE TABLE class_schedules (
      session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
      planned_minutes INTEGER NOT NULL CHECK (planned_minutes BETWEEN 5 AND 720),
      warmup_minutes INTEGER NOT NULL CHECK (warmup_minutes BETWEEN 0 AND 120),
      sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
      cancelled_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};
