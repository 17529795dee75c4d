import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import { iterateLearnerInfo } from '../../src/main/storage/queries/insights';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('iterateLearnerInfo (two sequential reads, in slices)', () => {
  it('gives exactly what the EXISTS lookups per learner gave', () => {
    const db = openDatabase(join(tempDir(), 'learners.db'));
    generateDemoWorkspace(db, { seed: 17, now: NOW, learners: 200, sessions: 2, orders: 100 });
    const reference = db
      .prepare(
        `SELECT l.id, l.display_name, l.created_at, l.consent_follow_up, l.consent_link_purchases,
           l.consent_updated_at,
           EXISTS (SELECT 1 FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'email') AS has_email,
           EXISTS (SELECT 1 FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'phone') AS has_phone
         FROM learners l`,
      )
      .all() as { has_email: number; has_phone: number }[];
    const flags = new Set(reference.map((r) => `${r.has_email}${r.has_phone}`));
    expect(reference.length).toBe(200);
    expect(flags.size).toBeGreaterThan(2);
    expect([...iterateLearnerInfo(db)]).toEqual(reference);
    // Read in slices of 7 rows: the same learners.
    expect([...iterateLearnerInfo(db, 7)]).toEqual(reference);
    // Learners with ids too large for the byte table of contacts (a Map holds theirs), one
    // with both an email and a phone, one with a phone only.
    for (const [id, kinds] of [
      [5_000_000, ['email', 'phone']],
      [5_000_003, ['phone']],
    ] as const) {
      db.prepare(`INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, ?)`).run(
        id,
        `Far ${id}`,
        NOW,
      );
      for (const kind of kinds) {
        db.prepare(
          `INSERT INTO learner_identities (learner_id, kind, value, created_at) VALUES (?, ?, ?, ?)`,
        ).run(id, kind, `${kind}-${id}`, NOW);
      }
    }
    const far = db
      .prepare(
        `SELECT l.id, l.display_name, l.created_at, l.consent_follow_up, l.consent_link_purchases,
           l.consent_updated_at,
           EXISTS (SELECT 1 FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'email') AS has_email,
           EXISTS (SELECT 1 FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'phone') AS has_phone
         FROM learners l ORDER BY l.id`,
      )
      .all() as { id: number; has_email: number; has_phone: number }[];
    expect(far.slice(-2).map((r) => [r.id, r.has_email, r.has_phone])).toEqual([
      [5_000_000, 1, 1],
      [5_000_003, 0, 1],
    ]);
    expect([...iterateLearnerInfo(db)]).toEqual(far);
    expect([...iterateLearnerInfo(db, 7)]).toEqual(far);
    db.close();
  });
});
