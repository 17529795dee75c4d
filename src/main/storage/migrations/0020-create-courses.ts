import type { Migration } from './index';

export const m0020: Migration = {
  version: 20,
  name: 'create courses',
  up: `
    CREATE TABLE courses (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      series TEXT,
      series_position INTEGER,
      price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
      checkout_url TEXT,
      created_at INTEGER NOT NULL,
      archived_at INTEGER
    ) STRICT;
    CREATE INDEX courses_series ON courses (series, series_position);
  `,
};
