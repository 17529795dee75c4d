import type { Migration } from './index';

// The catalogue becomes editable (Library → Courses). A series is a named thing of its own, so
// that it can exist before its first course and be renamed in one place; `courses.series` keeps
// the series' name (every report and the recommender read it there), and renaming a series
// rewrites it in the same transaction (storage/queries/catalogue.ts), so they never disagree.
// `series_position` orders the courses of a series (the recommender's "next in the series").
// Series names are case-insensitive ("Python" and "python" are one series to a person).
// A course's cover is a file in the workspace's covers/ folder; `cover_file` is its name there.
export const m0180: Migration = {
  version: 180,
  name: 'course catalogue',
  up: `
    CREATE TABLE course_series (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
      created_at INTEGER NOT NULL
    ) STRICT;
    INSERT INTO course_series (name, created_at)
      SELECT series, min(created_at) FROM courses WHERE series IS NOT NULL GROUP BY series
      ORDER BY min(created_at), series;

    ALTER TABLE courses ADD COLUMN list_price_minor INTEGER
      CHECK (list_price_minor IS NULL OR list_price_minor >= 0);
    ALTER TABLE courses ADD COLUMN coupon_codes TEXT NOT NULL DEFAULT '[]'
      CHECK (json_valid(coupon_codes));
    ALTER TABLE courses ADD COLUMN level TEXT
      CHECK (level IS NULL OR level IN ('beginner', 'intermediate', 'advanced'));
    ALTER TABLE courses ADD COLUMN description TEXT
      CHECK (description IS NULL OR length(description) <= 500);
    ALTER TABLE courses ADD COLUMN cover_file TEXT
      CHECK (cover_file IS NULL OR length(cover_file) <= 100);
    ALTER TABLE courses ADD COLUMN updated_at INTEGER;

    -- Whoever writes a course (the demo generator, an older code path) names its series by text:
    -- the series then exists as well.
    CREATE TRIGGER courses_series_insert AFTER INSERT ON courses WHEN NEW.series IS NOT NULL
    BEGIN
      INSERT OR IGNORE INTO course_series (name, created_at) VALUES (NEW.series, NEW.created_at);
    END;
    CREATE TRIGGER courses_series_update AFTER UPDATE OF series ON courses
      WHEN NEW.series IS NOT NULL
    BEGIN
      INSERT OR IGNORE INTO course_series (name, created_at) VALUES (NEW.series, NEW.created_at);
    END;
  `,
};
