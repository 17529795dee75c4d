import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { appendEvent } from '../../src/main/storage/queries/events';
import { eraseLearnerData } from '../../src/main/storage/learner-data';
import { mergeLearnerInto } from '../../src/main/storage/queries/identity-claims';
import {
  INTERACTION_COUNTS_SQL,
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
  it('are counted along the covering index, the same as grouping the table in SQL', () => {
    const db = openDatabase(join(tempDir(), 'counts.db'));
    seed(db);
    const detail = (
      db.prepare(`EXPLAIN QUERY PLAN ${INTERACTION_COUNTS_SQL}`).all() as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(detail).toMatch(/COVERING INDEX events_learner_kind/);
    expect(detail).not.toMatch(/TEMP B-TREE|SCAN events/);

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

  it('stay equal to a fresh count of the table after inserts, deletions, a merge and an erasure', () => {
    const db = openDatabase(join(tempDir(), 'counts-after.db'));
    seed(db);
    const fresh = (): string[] =>
      (
        db
          .prepare(
            `SELECT learner_id, kind, count(*) AS n FROM events NOT INDEXED
             WHERE learner_id IS NOT NULL AND kind IN ('chat', 'question', 'poll_vote', 'reaction', 'offer_click')
             GROUP BY learner_id, kind`,
          )
          .all() as { learner_id: number; kind: string; n: number }[]
      )
        .map((r) => `${r.learner_id}:${r.kind}:${r.n}`)
        .sort();
    const counted = (): string[] =>
      [...iterateInteractionCounts(db)].map((r) => `${r.learner_id}:${r.kind}:${r.n}`).sort();
    const ids = (db.prepare('SELECT id FROM learners ORDER BY id').all() as { id: number }[]).map(
      (r) => r.id,
    );
    const [a = 0, b = 0, c = 0] = ids;
    const before = counted();
    for (let i = 0; i < 40; i++) {
      appendEvent(db, {
        sessionId: 1,
        learnerId: a,
        kind: i % 2 === 0 ? 'chat' : 'reaction',
        at: 1_700_000_000_000 + 5_000_000 + i,
        payload: {},
        clientId: `more${i}`,
      });
    }
    db.prepare("DELETE FROM events WHERE id % 7 = 0 AND kind = 'question'").run();
    mergeLearnerInto(db, { from: a, into: b });
    expect(eraseLearnerData(db, c, 1_700_000_100_000)).not.toBeNull();
    const after = counted();
    expect(after).not.toEqual(before);
    expect(after.some((k) => k.startsWith(`${a}:`) || k.startsWith(`${c}:`))).toBe(false);
    expect(after).toEqual(fresh());
    db.close();
  });
});
