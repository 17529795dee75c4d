import type { Db } from '../connection';

/**
 * Every INSERT the generator makes, prepared once per run: preparing per row would cost more than
 * the insert itself at benchmark sizes. Ids are given explicitly so that rows reference each other
 * without reading anything back, and so that the same seed gives the same ids.
 */
export function prepareStatements(db: Db) {
  return {
    setting: db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)'),
    course: db.prepare(
      `INSERT INTO courses (id, title, series, series_position, price_minor, currency, tags,
         checkout_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    learner: db.prepare(
      `INSERT INTO learners (id, display_name, created_at, consent_link_purchases,
         consent_follow_up, consent_updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    identity: db.prepare(
      `INSERT INTO learner_identities (id, learner_id, kind, platform, value, created_at)
       VALUES (?, ?, ?, '', ?, ?)`,
    ),
    session: db.prepare(
      `INSERT INTO sessions (id, course_id, title, status, scheduled_at, started_at, ended_at,
         created_at) VALUES (?, ?, ?, 'ended', ?, ?, ?, ?)`,
    ),
    attendance: db.prepare(
      `INSERT INTO attendance (id, session_id, learner_id, joined_at, left_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    event: db.prepare(
      `INSERT INTO events (id, session_id, learner_id, kind, at, payload, client_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    question: db.prepare(
      `INSERT INTO questions (id, session_id, learner_id, event_id, text, asked_at, status,
         answered_at, pinned_at, hidden, upvotes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    questionVote: db.prepare(
      'INSERT INTO question_votes (question_id, learner_id, at) VALUES (?, ?, ?)',
    ),
    poll: db.prepare(
      `INSERT INTO polls (id, course_id, kind, question, options, multiple, correct, created_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
    ),
    pollRun: db.prepare(
      `INSERT INTO poll_runs (id, poll_id, session_id, opened_at, closed_at, revealed_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    pollVote: db.prepare(
      'INSERT INTO poll_votes (run_id, learner_id, choices, at) VALUES (?, ?, ?, ?)',
    ),
    offer: db.prepare(
      `INSERT INTO offers (id, session_id, course_id, title, price_minor, currency, coupon_code,
         checkout_url, stock, pushed_at, ends_at, withdrawn_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL)`,
    ),
    offerImpression: db.prepare(
      'INSERT INTO offer_impressions (offer_id, learner_id, at) VALUES (?, ?, ?)',
    ),
    offerClick: db.prepare(
      'INSERT INTO offer_clicks (id, offer_id, learner_id, at) VALUES (?, ?, ?, ?)',
    ),
    order: db.prepare(
      `INSERT INTO orders (id, source, external_id, learner_id, ordered_at, currency, total_minor,
         refunded_minor, status, buyer_email, buyer_phone, offer_id, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    orderLine: db.prepare(
      `INSERT INTO order_lines (id, order_id, course_id, title, quantity, amount_minor,
         refunded_minor) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
