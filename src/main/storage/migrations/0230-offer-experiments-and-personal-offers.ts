import type { Migration } from './index';

// Offer experiments and personal offers (issue #15).
// - An experiment is an offer with 2–4 variants (price, coupon, wording, end time). Each viewer
//   sees one, chosen by hash(seed, learner id) mod variants (kernel/variant-split.ts), so the seed
//   stored here decides every assignment; offer_variant_exposures records which variant each
//   reached learner was shown, so clicks and orders are attributed to it even if the rule changed.
// - A personal offer ("recommended for you") shows each consenting viewer their own next course;
//   personal_offer_picks records the course (and the recommender's reason) each learner was
//   shown. A learner without a pick row saw the class's general offer (the offers row itself).
export const m0230: Migration = {
  version: 230,
  name: 'create offer experiments and personal offers',
  up: `
    CREATE TABLE offer_experiments (
      offer_id INTEGER PRIMARY KEY REFERENCES offers (id) ON DELETE CASCADE,
      seed TEXT NOT NULL CHECK (length(seed) BETWEEN 1 AND 64),
      variants INTEGER NOT NULL CHECK (variants BETWEEN 2 AND 4)
    ) STRICT;

    CREATE TABLE offer_variants (
      offer_id INTEGER NOT NULL REFERENCES offer_experiments (offer_id) ON DELETE CASCADE,
      idx INTEGER NOT NULL CHECK (idx BETWEEN 0 AND 3),
      label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
      price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
      coupon_code TEXT,
      headline TEXT CHECK (headline IS NULL OR length(headline) BETWEEN 1 AND 120),
      ends_at INTEGER,
      PRIMARY KEY (offer_id, idx)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE offer_variant_exposures (
      offer_id INTEGER NOT NULL REFERENCES offer_experiments (offer_id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      at INTEGER NOT NULL,
      PRIMARY KEY (offer_id, learner_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE personal_offers (
      offer_id INTEGER PRIMARY KEY REFERENCES offers (id) ON DELETE CASCADE
    ) STRICT;

    CREATE TABLE personal_offer_picks (
      offer_id INTEGER NOT NULL REFERENCES personal_offers (offer_id) ON DELETE CASCADE,
      learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
      course_id INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
      title TEXT NOT NULL,
      price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      checkout_url TEXT,
      reason TEXT NOT NULL,
      at INTEGER NOT NULL,
      PRIMARY KEY (offer_id, learner_id)
    ) STRICT, WITHOUT ROWID;
  `,
};
