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
    db.close();
  });
});
