import type { Migration } from './index';

// The satisfaction survey offered at the end of a LAN replay (issue #12): its answers are stored
// with the live ones, one per learner and survey, marked with where they were given.
export const m0330: Migration = {
  version: 330,
  name: 'mark satisfaction answers given at the end of a replay',
  up: `
    ALTER TABLE satisfaction_answers
      ADD COLUMN source TEXT NOT NULL DEFAULT 'live' CHECK (source IN ('live', 'replay'));
  `,
};
