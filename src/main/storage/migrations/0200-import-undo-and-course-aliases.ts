import type { Migration } from './index';

// The import wizard (Library → Orders → Import).
// - orders.import_run_id / learners.import_run_id: the run that created the row, so that a run
//   can be undone as a whole (`imports.undo`) removing exactly what it wrote. Rows that existed
//   before a run keep their creator; an update never changes it. NULL for rows from before 0200
//   and rows made by hand.
// - import_runs.undone_at: when the run was undone (its counts stay, for the record).
// - course_title_aliases: a product title as a platform exports it, confirmed by the educator
//   as one catalogue course (a close match in the wizard), so that a re-import links it again.
export const m0200: Migration = {
  version: 200,
  name: 'import undo and course title aliases',
  up: `
    ALTER TABLE orders ADD COLUMN import_run_id INTEGER
      REFERENCES import_runs (id) ON DELETE SET NULL;
    CREATE INDEX orders_import_run ON orders (import_run_id) WHERE import_run_id IS NOT NULL;

    ALTER TABLE learners ADD COLUMN import_run_id INTEGER
      REFERENCES import_runs (id) ON DELETE SET NULL;
    CREATE INDEX learners_import_run ON learners (import_run_id) WHERE import_run_id IS NOT NULL;

    ALTER TABLE import_runs ADD COLUMN undone_at INTEGER;

    CREATE TABLE course_title_aliases (
      -- The title folded as the importer compares titles: trimmed, lower-cased.
      title_key TEXT PRIMARY KEY CHECK (length(title_key) BETWEEN 1 AND 500),
      course_id INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX course_title_aliases_course ON course_title_aliases (course_id);
  `,
};
