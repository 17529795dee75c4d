import type { Migration } from './index';

// The end-of-class satisfaction survey: the host opens one per class (at most one open at a time);
// each viewer answers once and may change the answer until the survey closes.
export const m0220: Migration = {
  version: 220,
  name: 'create satisfaction surveys and answers',
  up: `
    CREATE TABLE satisfaction_surveys (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      opened_at INTEGER NOT NULL,
      closed_at INTEGER
    ) STRICT;
    CREATE INDEX satisfaction_surveys_session ON satisfaction_surveys (session_id, opened_at);

    CREATE TABLE satisfaction_answers (
      survey_id INTEGER NOT NULL REFERENCES satisfaction_surveys (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      class_rating INTEGER NOT NULL CHECK (class_rating BETWEEN 1 AND 5),
      teacher_rating INTEGER NOT NULL CHECK (teacher_rating BETWEEN 1 AND 5),
      content_rating INTEGER NOT NULL CHECK (content_rating BETWEEN 1 AND 5),
      recommend INTEGER NOT NULL CHECK (recommend BETWEEN 0 AND 10),
      comment TEXT CHECK (comment IS NULL OR length(comment) BETWEEN 1 AND 500),
      answered_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (survey_id, learner_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX satisfaction_answers_learner ON satisfaction_answers (learner_id);
  `,
};
