import type { Migration } from './index';

export const m0070: Migration = {
  version: 70,
  name: 'create offers, impressions and clicks',
  up: `
    CREATE TABLE offers (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      course_id INTEGER REFERENCES courses (id) ON DELETE SET NULL,
      title TEXT NOT NULL,
      price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      coupon_code TEXT,
      checkout_url TEXT,
      stock INTEGER CHECK (stock IS NULL OR stock >= 0),
      pushed_at INTEGER NOT NULL,
      ends_at INTEGER,
      withdrawn_at INTEGER
    ) STRICT;
    CREATE INDEX offers_session ON offers (session_id, pushed_at);

    CREATE TABLE offer_impressions (
      offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      PRIMARY KEY (offer_id, learner_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE offer_clicks (
      id INTEGER PRIMARY KEY,
      offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX offer_clicks_offer ON offer_clicks (offer_id, at);
    CREATE INDEX offer_clicks_learner ON offer_clicks (learner_id, at);
  `,
};
