import type { Migration } from './index';

// The satisfaction survey at End (issue #15): a per-class switch, on by default (an educator
// expects the class's survey to reach its learners without remembering to open it), that makes
// ending the class open the survey for the viewers still there and keep it answerable for a grace
// period before the room closes.
export const m0320: Migration = {
  version: 320,
  name: 'survey at end',
  up: `
    ALTER TABLE live_settings ADD COLUMN survey_at_end INTEGER NOT NULL DEFAULT 1
      CHECK (survey_at_end IN (0, 1));
  `,
};
