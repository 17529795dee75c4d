import type { Db } from '../connection';

/** The demo generator's offer-experiment statements (ids given explicitly, like demo-writes.ts). */
export function prepareExperimentStatements(db: Db) {
  return {
    experiment: db.prepare(
      'INSERT INTO offer_experiments (offer_id, seed, variants) VALUES (?, ?, ?)',
    ),
    variant: db.prepare(
      `INSERT INTO offer_variants (offer_id, idx, label, price_minor, coupon_code, headline, ends_at)
       VALUES (?, ?, ?, ?, NULL, ?, ?)`,
    ),
    exposure: db.prepare(
      'INSERT INTO offer_variant_exposures (offer_id, learner_id, idx, at) VALUES (?, ?, ?, ?)',
    ),
    /** Who saw the offer and when (offer_impressions, written by the class's simulation). */
    impressions: db.prepare<[number], { learner_id: number; at: number }>(
      'SELECT learner_id, at FROM offer_impressions WHERE offer_id = ? ORDER BY learner_id',
    ),
    click: db.prepare(
      'INSERT INTO offer_clicks (id, offer_id, learner_id, at) VALUES (?, ?, ?, ?)',
    ),
    /** A class's reactions (its events are ids from..to: the id range needs no index). */
    reactions: db.prepare<[number, number], { id: number; learner_id: number; at: number }>(
      `SELECT id, learner_id, at FROM events
       WHERE id BETWEEN ? AND ? AND kind = 'reaction' AND learner_id IS NOT NULL ORDER BY id`,
    ),
    /** The reaction becomes the offer's click: same id, time and client id, so order holds. */
    toClick: db.prepare(`UPDATE events SET kind = 'offer_click', payload = ? WHERE id = ?`),
  };
}
export type ExperimentStatements = ReturnType<typeof prepareExperimentStatements>;
