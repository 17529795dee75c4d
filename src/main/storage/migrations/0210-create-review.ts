import type { Migration } from './index';

// Review (issue #12): the educator's chapters and notes on a class's recording. Both are placed by
// epoch milliseconds (`at`), not by an offset into a file, so that they stay put when a class has
// several recording parts or a part is finalised to a different length. Chapters are the list the
// educator saved (suggestions are computed, never stored); notes are free text at a moment.
export const m0210: Migration = {
  version: 210,
  name: 'create review chapters and notes',
  up: `
    CREATE TABLE review_chapters (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX review_chapters_session ON review_chapters (session_id, at);

    CREATE TABLE review_notes (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX review_notes_session ON review_notes (session_id, at);
  `,
};
