import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { appendEvent } from '../../src/main/storage/queries/events';
import {
  INTERACTION_EVENTS_SQL,
  iterateInteractionCounts,
} from '../../src/main/storage/queries/insights';
import { createRng } from '../../src/main/kernel/random';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** Two classes, 30 learners and 1,200 seeded events of counted and uncounted kinds. */
function seed(db: Db): void {
  const now = 1_700_000_000_000;
  const sessions = [1, 2].map((s) =>
    Number(
      db.prepare(`INSERT INTO sessions (title, created_at) VALUES (?, ?)`).run(`c${s}`, now)
        .lastInsertRowid,
    ),
  );
  const learners = Array.from({ length: 30 }, (_, i) =>
    Number(
      db.prepare(`INSERT INTO learners (display_name, created_at) VALUES (?, ?)`).run(`L${i}`, now)
        .lastInsertRowid,
    ),
  );
  const kinds = ['chat', 'question', 'poll_vote', 'reaction', 'offer_click', 'join', 'leave'];
  const rng = createRng(4, 'interaction-counts');
  for (let i = 0; i < 1200; i++) {
    const anonymous = rng.next() < 0.1;
    appendEvent(db, {
      sessionId: sessions[i % 2] ?? 0,
      learnerId: anonymous ? null : (learners[Math.floor(rng.next() * learners.length)] ?? null),
      kind: kinds[Math.floor(rng.next() * kinds.length)] ?? 'chat',
      at: now + i * 1000,
      payload: {},
      clientId: `c${i}`,
    });
  }
  db.exec('ANALYZE');
}

describe('interactions per learner and kind', () => {
  it('are counted from one sequential read of events, the same as grouping in SQL', () => {
    const db = openDatabase(join(tempDir(), 'counts.db'));
    seed(db);
    const detail = (
      db.prepare(`EXPLAIN QUERY PLAN ${INTERACTION_EVENTS_SQL}`).all() as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(detail).toMatch(/SCAN events/);
    expect(detail).not.toMatch(/INDEX|TEMP B-TREE/);

    const key = (r: { learner_id: number; kind: string; n: number }): string =>
      `${r.learner_id}:${r.kind}:${r.n}`;
    const expected = (
      db
        .prepare(
          `SELECT learner_id, kind, count(*) AS n FROM events
           WHERE learner_id IS NOT NULL AND kind IN ('chat', 'question', 'poll_vote', 'reaction', 'offer_click')
           GROUP BY learner_id, kind`,
        )
        .all() as { learner_id: number; kind: string; n: number }[]
    )
      .map(key)
      .sort();
    expect(expected.length).toBeGreaterThan(100);
    expect([...iterateInteractionCounts(db)].map(key).sort()).toEqual(expected);
    db.close();
  });
});
