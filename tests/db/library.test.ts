import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  countWorkspace,
  listCourses,
  listLearners,
  listSessions,
} from '../../src/main/storage/queries/library';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 0, 10);

/** A tiny workspace whose every number is known by hand. */
function fixture(): Db {
  const db = openDatabase(join(tempDir(), 'lib.db'));
  db.exec(`
    INSERT INTO courses (id, title, series, series_position, price_minor, currency, tags, created_at)
      VALUES (1, 'Python 1', 'Python', 1, 19900, 'CNY', '["python","data"]', ${T0}),
             (2, 'Python 2', 'Python', 2, 29900, 'CNY', '[]', ${T0}),
             (3, 'Sketching', NULL, NULL, 4900, 'USD', '["art"]', ${T0});
    INSERT INTO learners (id, display_name, created_at, consent_follow_up) VALUES
      (1, '王芳', ${T0}, 1), (2, 'Ann 50%_off', ${T0}, 0), (3, 'Bo', ${T0}, 0);
    INSERT INTO learner_identities (learner_id, kind, value, created_at) VALUES
      (1, 'email', 'wf@example.com', ${T0}), (1, 'phone', '+8613800000000', ${T0}),
      (2, 'device', 'dev-2', ${T0});
    INSERT INTO sessions (id, course_id, title, status, started_at, ended_at, created_at) VALUES
      (1, 1, 'Class A', 'ended', ${T0}, ${T0 + 3_600_000}, ${T0}),
      (2, 1, 'Class B', 'ended', ${T0 + 86_400_000}, ${T0 + 90_000_000}, ${T0});
    INSERT INTO attendance (session_id, learner_id, joined_at, left_at, last_seen_at) VALUES
      (1, 1, ${T0}, ${T0 + 60_000}, ${T0 + 60_000}), (1, 1, ${T0 + 120_000}, ${T0 + 180_000}, ${T0 + 180_000}),
      (2, 1, ${T0 + 86_400_000}, NULL, ${T0 + 86_500_000}), (1, 2, ${T0}, ${T0 + 1000}, ${T0 + 1000});
    INSERT INTO events (session_id, learner_id, kind, at, client_id) VALUES
      (1, 1, 'chat', ${T0 + 1}, 'a'), (1, 2, 'chat', ${T0 + 2}, 'b'), (2, 1, 'reaction', ${T0 + 86_400_001}, 'a');
    INSERT INTO orders (id, source, external_id, learner_id, ordered_at, currency, total_minor, refunded_minor, status, imported_at) VALUES
      (1, 'shop', 'o1', 1, ${T0 + 1000}, 'CNY', 19900, 0, 'paid', ${T0}),
      (2, 'shop', 'o2', 1, ${T0 + 2000}, 'CNY', 29900, 10000, 'partially_refunded', ${T0}),
      (3, 'shop', 'o3', 1, ${T0 + 3000}, 'USD', 4900, 0, 'paid', ${T0}),
      (4, 'shop', 'o4', 2, ${T0 + 4000}, 'CNY', 19900, 19900, 'refunded', ${T0}),
      (5, 'shop', 'o5', 3, ${T0 + 5000}, 'CNY', 19900, 0, 'cancelled', ${T0});
    INSERT INTO order_lines (order_id, course_id, title, amount_minor) VALUES
      (1, 1, 'Python 1', 19900), (2, 2, 'Python 2', 29900), (3, 3, 'Sketching', 4900),
      (4, 1, 'Python 1', 19900), (5, 1, 'Python 1', 19900);
  `);
  return db;
}

describe('library queries', () => {
  it('lists courses in series order with classes and paying buyers', () => {
    const db = fixture();
    expect(
      listCourses(db).map((c) => [c.title, c.series, c.session_count, c.buyer_count, c.tags]),
    ).toEqual([
      ['Python 1', 'Python', 2, 1, '["python","data"]'],
      ['Python 2', 'Python', 0, 1, '[]'],
      ['Sketching', null, 0, 1, '["art"]'],
    ]);
    db.close();
  });

  it('lists learners by net spend, per currency, ignoring refunded and cancelled orders', () => {
    const db = fixture();
    const page = listLearners(db, { limit: 10, offset: 0 });
    expect(page.total).toBe(3);
    const [first, ...rest] = page.rows;
    expect(first).toMatchObject({
      display_name: '王芳',
      has_email: 1,
      has_phone: 1,
      consent_follow_up: 1,
      sessions_attended: 2,
      order_count: 3,
      last_order_at: T0 + 3000,
    });
    expect(JSON.parse(first!.spent)).toEqual([
      { currency: 'CNY', minor: 19900 + 29900 - 10000 },
      { currency: 'USD', minor: 4900 },
    ]);
    for (const other of rest) {
      expect(other).toMatchObject({ order_count: 0, last_order_at: null, has_email: 0 });
      expect(JSON.parse(other.spent)).toEqual([]);
    }
    expect(listLearners(db, { limit: 1, offset: 1 }).rows).toHaveLength(1);
    db.close();
  });

  it('searches names literally: % and _ are not wildcards', () => {
    const db = fixture();
    expect(
      listLearners(db, { search: '50%_', limit: 10, offset: 0 }).rows.map((r) => r.display_name),
    ).toEqual(['Ann 50%_off']);
    expect(listLearners(db, { search: '%', limit: 10, offset: 0 }).total).toBe(1);
    expect(listLearners(db, { search: '王', limit: 10, offset: 0 }).total).toBe(1);
    expect(listLearners(db, { search: 'zzz', limit: 10, offset: 0 })).toEqual({
      total: 0,
      rows: [],
    });
    db.close();
  });

  it('lists sessions newest first with distinct viewers and event counts', () => {
    const db = fixture();
    expect(
      listSessions(db).map((s) => [s.title, s.course_title, s.viewer_count, s.event_count]),
    ).toEqual([
      ['Class B', 'Python 1', 1, 1],
      ['Class A', 'Python 1', 2, 2],
    ]);
    expect(countWorkspace(db)).toEqual({ courses: 3, learners: 3, sessions: 2 });
    db.close();
  });
});
