import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { appendEvent } from '../../src/main/storage/queries/events';
import {
  INTERACTIONS_IN_CLASS_SQL,
  interactionsInClass,
} from '../../src/main/storage/queries/insights';
import { createRng } from '../../src/main/kernel/random';
import { useTempDirs } from '../helpers/temp-dir';

// interactionsInClass counts one class's events along events_session_learner_kind: the counts are
// those of the class alone, also when other classes' events lie between its own, and it neither
// sorts nor reads a table row.

const tempDir = useTempDirs();
const KINDS = ['chat', 'question', 'poll_vote', 'reaction', 'offer_click'] as const;

function workspace(): Db {
  const db = openDatabase(join(tempDir(), 'encore.db'));
  const learner = db.prepare(
    'INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, 0)',
  );
  for (let id = 1; id <= 30; id++) learner.run(id, `Learner ${id}`);
  const session = db.prepare(
    `INSERT INTO sessions (id, title, status, started_at, created_at) VALUES (?, ?, 'live', 0, 0)`,
  );
  for (const id of [1, 2, 3]) session.run(id, `Class ${id}`);
  return db;
}

/** Counts by hand: learner → kind → n, for one class and the wanted kinds. */
function expected(
  events: readonly { session: number; learner: number | null; kind: string }[],
  session: number,
): { learner_id: number; kind: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.session !== session || e.learner === null) continue;
    if (!(KINDS as readonly string[]).includes(e.kind)) continue;
    const key = `${e.learner}|${e.kind}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, n]) => {
      const [learner, kind] = key.split('|');
      return { learner_id: Number(learner), kind: kind ?? '', n };
    })
    .sort((p, q) => p.learner_id - q.learner_id || (p.kind < q.kind ? -1 : 1));
}

describe('interactionsInClass', () => {
  it('counts each learner’s interactions of each kind in one class, with classes interleaved', () => {
    const db = workspace();
    const rng = createRng(4, 'interactions');
    const kinds = [...KINDS, 'join', 'leave', 'hand_raise'];
    const events: { session: number; learner: number | null; kind: string }[] = [];
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        // Class 2 runs alongside class 1 for a while; class 3 has no events.
        const session = i < 1000 || (i >= 2000 && i % 3 !== 0) ? 1 : 2;
        const learner = rng.next() < 0.05 ? null : rng.int(1, 30);
        const kind = rng.pick(kinds);
        appendEvent(db, {
          sessionId: session,
          learnerId: learner,
          kind,
          at: i,
          payload: {},
          clientId: `c${i}`,
        });
        events.push({ session, learner, kind });
      }
    })();
    for (const session of [1, 2]) {
      const rows = interactionsInClass(db, session, KINDS);
      expect(rows).toEqual(expected(events, session));
      expect(rows.length).toBeGreaterThan(30);
    }
    expect(interactionsInClass(db, 3, KINDS)).toEqual([]);
    expect(interactionsInClass(db, 1, [])).toEqual([]);
    db.close();
  });

  it('reads a class whose events span more than one slice of ids', () => {
    const db = workspace();
    const events: { session: number; learner: number | null; kind: string }[] = [];
    const insert = db.prepare(
      `INSERT INTO events (id, session_id, learner_id, kind, at, client_id) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      // Ids far apart: the class's stretch covers several slices, most of them empty.
      for (let i = 0; i < 40; i++) {
        const session = i % 4 === 3 ? 2 : 1;
        const learner = (i % 7) + 1;
        const kind = KINDS[i % KINDS.length] ?? 'chat';
        insert.run(1 + i * 100_003, session, learner, kind, i, `c${i}`);
        events.push({ session, learner, kind });
      }
    })();
    expect(interactionsInClass(db, 1, KINDS)).toEqual(expected(events, 1));
    expect(interactionsInClass(db, 2, KINDS)).toEqual(expected(events, 2));
    db.close();
  });

  it('counts learners with very large ids too', () => {
    const db = workspace();
    const big = 9_000_000_000;
    db.prepare('INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, 0)').run(
      big,
      'B',
    );
    const events = [
      { session: 1, learner: big, kind: 'chat' },
      { session: 1, learner: big, kind: 'chat' },
      { session: 1, learner: 3, kind: 'question' },
    ];
    events.forEach((e, i) =>
      appendEvent(db, {
        sessionId: 1,
        learnerId: e.learner,
        kind: e.kind,
        at: i,
        payload: {},
        clientId: `c${i}`,
      }),
    );
    expect(interactionsInClass(db, 1, KINDS)).toEqual(expected(events, 1));
    db.close();
  });

  it('counts along events_session_learner_kind, without a sort or a row lookup', () => {
    const db = workspace();
    const rows = db
      .prepare(`EXPLAIN QUERY PLAN ${INTERACTIONS_IN_CLASS_SQL(KINDS.length)}`)
      .all(1, ...KINDS) as { detail: string }[];
    const detail = rows.map((r) => r.detail).join('\n');
    expect(detail).toMatch(/SEARCH events USING COVERING INDEX events_session_learner_kind/);
    expect(detail).not.toMatch(/TEMP B-TREE|SCAN events/);
    db.close();
  });
});
