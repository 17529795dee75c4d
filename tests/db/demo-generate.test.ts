import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  generateDemoWorkspace,
  type DemoOptions,
  type DemoSummary,
} from '../../src/main/demo/generate-demo';
import { createRng } from '../../src/main/kernel/random';
import { openDatabase, type Db } from '../../src/main/storage/connection';

import { storedClassPoints } from '../../src/main/audience/hub/features/points';

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0);
const YEAR_MS = 365 * 24 * 60 * 60 * 1_000;
const BEHAVIOUR_SEEDS = [1, 2, 3] as const;
const GENERATION_TIMEOUT_MS = 120_000;

let dir = '';
const made: Db[] = [];

function generate(name: string, options: DemoOptions): { db: Db; summary: DemoSummary } {
  const db = openDatabase(join(dir, `${name}.db`));
  made.push(db);
  return { db, summary: generateDemoWorkspace(db, options) };
}

const count = (db: Db, sql: string, ...params: unknown[]): number =>
  (db.prepare(sql).get(...params) as { n: number }).n;

/** sha256 of every row of every table, in primary-key order. */
function tableHashes(db: Db): Record<string, string> {
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all() as { name: string }[];
  const hashes: Record<string, string> = {};
  for (const { name } of tables) {
    const columns = (db.pragma(`table_info(${name})`) as { name: string }[]).map((c) => c.name);
    const hash = createHash('sha256');
    const rows = db.prepare(`SELECT * FROM ${name} ORDER BY ${columns.join(', ')}`).raw();
    for (const row of rows.iterate()) hash.update(JSON.stringify(row)).update('\n');
    hashes[name] = hash.digest('hex');
  }
  return hashes;
}

/** The invariants every generated workspace keeps, whatever its size. */
function expectConsistent(db: Db): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);

  // Attendance: inside the class, in order, and never two overlapping rows for one viewer.
  // (`+x.session_id` keeps SQLite on the learner index: the session index would scan a whole
  // class per row, which takes seconds at 2,000 viewers.)
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM attendance a JOIN sessions s ON s.id = a.session_id
       WHERE a.joined_at < s.started_at OR a.left_at IS NULL OR a.left_at > s.ended_at
          OR a.left_at < a.joined_at OR a.last_seen_at < a.joined_at OR a.last_seen_at > a.left_at`,
    ),
  ).toBe(0);
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM attendance a JOIN attendance b
         ON +b.session_id = a.session_id AND b.learner_id = a.learner_id AND b.id <> a.id
       WHERE b.joined_at <= a.left_at AND b.left_at >= a.joined_at`,
    ),
  ).toBe(0);

  // Every event happens while its learner is present.
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM events e
       WHERE e.learner_id IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM attendance a WHERE +a.session_id = e.session_id
           AND a.learner_id = e.learner_id AND e.at BETWEEN a.joined_at AND a.left_at)`,
    ),
  ).toBe(0);
  // Client ids are time-ordered: within a class, id order, time order and client-id order agree.
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM (
         SELECT at, client_id, lag(at) OVER w AS prev_at, lag(client_id) OVER w AS prev_id
         FROM events WINDOW w AS (PARTITION BY session_id ORDER BY id))
       WHERE at < prev_at OR client_id <= prev_id`,
    ),
  ).toBe(0);

  // Q&A: every question has its event, upvote counts are the votes, every vote has its event.
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM questions q LEFT JOIN events e ON e.id = q.event_id
       WHERE e.id IS NULL OR e.kind <> 'question' OR e.learner_id <> q.learner_id
          OR e.at <> q.asked_at OR json_extract(e.payload, '$.text') <> q.text`,
    ),
  ).toBe(0);
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM questions q
       WHERE q.upvotes <> (SELECT count(*) FROM question_votes v WHERE v.question_id = q.id)`,
    ),
  ).toBe(0);
  expect(count(db, `SELECT count(*) AS n FROM events WHERE kind = 'upvote'`)).toBe(
    count(db, 'SELECT count(*) AS n FROM question_votes'),
  );
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM question_votes v JOIN questions q ON q.id = v.question_id
       WHERE v.learner_id = q.learner_id OR v.at <= q.asked_at OR NOT EXISTS (
         SELECT 1 FROM events e WHERE e.session_id = q.session_id AND e.kind = 'upvote'
           AND e.learner_id = v.learner_id AND e.at = v.at
           AND json_extract(e.payload, '$.questionId') = q.id)`,
    ),
  ).toBe(0);

  // Polls: one vote per learner per run, while the run is open, each with its event.
  expect(count(db, `SELECT count(*) AS n FROM events WHERE kind = 'poll_vote'`)).toBe(
    count(db, 'SELECT count(*) AS n FROM poll_votes'),
  );
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM poll_votes v JOIN poll_runs r ON r.id = v.run_id
       WHERE v.at < r.opened_at OR v.at > r.closed_at OR NOT EXISTS (
         SELECT 1 FROM events e WHERE e.session_id = r.session_id AND e.kind = 'poll_vote'
           AND e.learner_id = v.learner_id AND e.at = v.at
           AND json_extract(e.payload, '$.runId') = r.id
           AND json_extract(e.payload, '$.choices') = v.choices)`,
    ),
  ).toBe(0);

  // Offers: clicks have their events and come after the learner saw the offer.
  expect(count(db, `SELECT count(*) AS n FROM events WHERE kind = 'offer_click'`)).toBe(
    count(db, 'SELECT count(*) AS n FROM offer_clicks'),
  );
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM offer_clicks c JOIN offers o ON o.id = c.offer_id
       LEFT JOIN offer_impressions i ON i.offer_id = c.offer_id AND i.learner_id = c.learner_id
       WHERE i.at IS NULL OR c.at < i.at OR c.at < o.pushed_at`,
    ),
  ).toBe(0);

  // Orders: lines add up, refunds match the status, attribution follows a click.
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM orders o
       WHERE o.total_minor <> (SELECT sum(amount_minor) FROM order_lines l WHERE l.order_id = o.id)
          OR o.refunded_minor <> (SELECT sum(refunded_minor) FROM order_lines l WHERE l.order_id = o.id)
          OR o.refunded_minor > o.total_minor
          OR (o.status IN ('paid', 'cancelled') AND o.refunded_minor <> 0)
          OR (o.status = 'refunded' AND o.refunded_minor <> o.total_minor)
          OR (o.status = 'partially_refunded'
              AND NOT (o.refunded_minor > 0 AND o.refunded_minor < o.total_minor))`,
    ),
  ).toBe(0);
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM orders o JOIN learners l ON l.id = o.learner_id
       WHERE o.ordered_at < l.created_at OR o.imported_at < o.ordered_at`,
    ),
  ).toBe(0);
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM orders o JOIN offers f ON f.id = o.offer_id
       WHERE o.ordered_at < f.pushed_at OR o.ordered_at > f.ends_at
          OR NOT EXISTS (SELECT 1 FROM offer_clicks c WHERE c.offer_id = f.id
                           AND c.learner_id = o.learner_id AND c.at <= o.ordered_at)`,
    ),
  ).toBe(0);
  expect(
    count(
      db,
      `SELECT count(*) AS n FROM orders o
       WHERE o.buyer_email IS NOT (SELECT value FROM learner_identities i
                                   WHERE i.learner_id = o.learner_id AND i.kind = 'email')`,
    ),
  ).toBe(0);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encore-demo-'));
}, GENERATION_TIMEOUT_MS);

afterAll(() => {
  for (const db of made) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seeded random numbers', () => {
  it('are bit-stable: these values are part of every demo workspace', () => {
    const rng = createRng(1);
    const values = Array.from({ length: 4 }, () => Math.floor(rng.next() * 2 ** 32));
    expect(values).toMatchInlineSnapshot(`
      [
        3773806752,
        188501479,
        1512380885,
        3184877352,
      ]
    `);
    expect(createRng(1, 'a').next()).not.toBe(createRng(1, 'b').next());
    expect(createRng(2 ** 40).next()).not.toBe(createRng(0).next());
  });

  it('have the right means', () => {
    const rng = createRng(7);
    const n = 20_000;
    let uniform = 0;
    let exponential = 0;
    let poisson = 0;
    let normal = 0;
    for (let i = 0; i < n; i++) {
      uniform += rng.next();
      exponential += rng.exponential(3);
      poisson += rng.poisson(4);
      normal += rng.normal(10, 2);
    }
    expect(uniform / n).toBeCloseTo(0.5, 1);
    expect(exponential / n).toBeCloseTo(3, 0);
    expect(poisson / n).toBeCloseTo(4, 0);
    expect(normal / n).toBeCloseTo(10, 0);
  });
});

describe('generateDemoWorkspace', () => {
  const workspaces = new Map<number, { db: Db; summary: DemoSummary }>();

  beforeAll(() => {
    for (const seed of BEHAVIOUR_SEEDS)
      workspaces.set(seed, generate(`seed-${seed}`, { seed, now: NOW }));
  }, GENERATION_TIMEOUT_MS);

  const workspace = (seed: number): { db: Db; summary: DemoSummary } => {
    const found = workspaces.get(seed);
    if (!found) throw new Error(`no workspace for seed ${seed}`);
    return found;
  };

  it(
    'is deterministic: the same seed and now give identical tables, another seed does not',
    () => {
      const again = generate('seed-1-again', { seed: 1, now: NOW });
      const first = tableHashes(workspace(1).db);
      expect(tableHashes(again.db)).toEqual(first);
      expect(again.summary).toEqual(workspace(1).summary);
      const other = tableHashes(workspace(2).db);
      for (const table of ['learners', 'attendance', 'events', 'orders', 'order_lines']) {
        expect(other[table], table).not.toBe(first[table]);
      }
    },
    GENERATION_TIMEOUT_MS,
  );

  it('switches class points on for every third class, whose boards have points', () => {
    const { db } = workspace(1);
    const on = db.prepare('SELECT session_id FROM class_points WHERE enabled = 1').all() as {
      session_id: number;
    }[];
    const sessions = count(db, 'SELECT count(*) AS n FROM sessions');
    expect(on.length).toBe(Math.floor(sessions / 3));
    const boards = on.map(({ session_id }) => storedClassPoints(db, session_id));
    expect(boards.filter((b) => b.enabled && b.top.length > 0).length).toBeGreaterThan(0);
  });

  it('has a year of realistic volumes, and the summary tells the truth', () => {
    const { db, summary } = workspace(1);
    const rows = countRows(db);
    expect(summary).toEqual({
      courses: rows.courses,
      learners: rows.learners,
      sessions: rows.sessions,
      attendance: rows.attendance,
      events: rows.events,
      questions: rows.questions,
      pollRuns: rows.poll_runs,
      votes: rows.poll_votes,
      offers: rows.offers,
      orders: rows.orders,
    });
    expect(summary.courses).toBeGreaterThanOrEqual(10);
    expect(summary.courses).toBeLessThanOrEqual(14);
    expect(summary.learners).toBe(500);
    expect(summary.sessions).toBe(12);
    expect(summary.attendance).toBeGreaterThan(800);
    expect(summary.attendance).toBeLessThan(4_000);
    expect(summary.events).toBeGreaterThan(10_000);
    expect(summary.events).toBeLessThan(100_000);
    expect(summary.questions).toBeGreaterThan(30);
    expect(summary.pollRuns).toBe(24);
    expect(summary.offers).toBeGreaterThanOrEqual(12);
    expect(summary.offers).toBeLessThanOrEqual(24);
    expect(summary.orders).toBeGreaterThan(700);
    expect(summary.orders).toBeLessThan(2_500);

    const perSession = db
      .prepare(
        `SELECT s.status, s.ended_at - s.started_at AS length, s.started_at,
           (SELECT count(DISTINCT learner_id) FROM attendance a WHERE a.session_id = s.id) AS viewers
         FROM sessions s`,
      )
      .all() as { status: string; length: number; started_at: number; viewers: number }[];
    for (const session of perSession) {
      expect(session.status).toBe('ended');
      expect(session.length).toBeGreaterThanOrEqual(60 * 60_000);
      expect(session.length).toBeLessThanOrEqual(120 * 60_000);
      expect(session.started_at).toBeGreaterThan(NOW - YEAR_MS);
      expect(session.started_at).toBeLessThan(NOW);
      expect(session.viewers).toBeGreaterThanOrEqual(30);
      expect(session.viewers).toBeLessThanOrEqual(250);
    }
    // A loyal core comes to many classes, and many come once.
    const attended = db
      .prepare(
        `SELECT count(DISTINCT session_id) AS n FROM attendance GROUP BY learner_id ORDER BY n`,
      )
      .pluck()
      .all() as number[];
    expect(attended.filter((n) => n === 1).length).toBeGreaterThan(attended.length / 10);
    expect(attended.filter((n) => n >= 6).length).toBeGreaterThan(attended.length / 10);
    // Some reconnect.
    expect(
      count(
        db,
        `SELECT count(*) AS n FROM (SELECT 1 FROM attendance GROUP BY session_id, learner_id
         HAVING count(*) > 1)`,
      ),
    ).toBeGreaterThan(10);
  });

  it('has a sensible catalogue, learners and identities', () => {
    const { db } = workspace(1);
    const courses = db.prepare('SELECT * FROM courses ORDER BY id').all() as {
      series: string | null;
      series_position: number | null;
      price_minor: number;
      currency: string;
      tags: string;
      checkout_url: string;
    }[];
    expect(new Set(courses.map((c) => c.series).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
    for (const course of courses) {
      expect(course.currency).toBe('CNY');
      expect(Number.isInteger(course.price_minor) && course.price_minor > 0).toBe(true);
      expect(course.checkout_url).toMatch(/^https:\/\/shop\.example\.com\/c\/[a-z0-9-]+$/);
      expect(Array.isArray(JSON.parse(course.tags))).toBe(true);
      expect(course.series === null).toBe(course.series_position === null);
    }

    const learners = count(db, 'SELECT count(*) AS n FROM learners');
    const withDevice = count(
      db,
      `SELECT count(DISTINCT learner_id) AS n FROM learner_identities WHERE kind = 'device'`,
    );
    expect(withDevice / learners).toBeGreaterThan(0.8);
    expect(withDevice).toBeLessThan(learners);
    const emails = db
      .prepare(`SELECT value FROM learner_identities WHERE kind = 'email'`)
      .pluck()
      .all() as string[];
    const phones = db
      .prepare(`SELECT value FROM learner_identities WHERE kind = 'phone'`)
      .pluck()
      .all() as string[];
    expect(emails.length).toBeGreaterThan(learners / 4);
    expect(phones.length).toBeGreaterThan(learners / 5);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9._]+@[a-z.]+$/);
    for (const phone of phones) expect(phone).toMatch(/^\+861[3-9]\d{9}$/);
    const names = db.prepare('SELECT display_name FROM learners').pluck().all() as string[];
    expect(names.some((name) => /^[\u4e00-\u9fff]{2,4}$/.test(name))).toBe(true);
    expect(names.some((name) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(name))).toBe(true);

    // Consent is only ever given together with contact details, and not by everyone.
    const withoutContact = `NOT EXISTS (SELECT 1 FROM learner_identities i
      WHERE i.learner_id = l.id AND i.kind IN ('email', 'phone'))`;
    expect(
      count(
        db,
        `SELECT count(*) AS n FROM learners l WHERE ${withoutContact}
         AND (consent_follow_up = 1 OR consent_link_purchases = 1 OR consent_updated_at IS NOT NULL)`,
      ),
    ).toBe(0);
    const consenting = count(db, 'SELECT count(*) AS n FROM learners WHERE consent_follow_up = 1');
    expect(consenting).toBeGreaterThan(0);
    expect(consenting).toBeLessThan(emails.length + phones.length);
    expect(
      count(
        db,
        'SELECT count(*) AS n FROM learners WHERE created_at < ? OR created_at >= ?',
        NOW - YEAR_MS,
        NOW,
      ),
    ).toBe(0);
  });

  it('has orders over the year: mostly paid, some refunds, some attributed to offers', () => {
    const { db } = workspace(1);
    const statuses = Object.fromEntries(
      (
        db.prepare('SELECT status, count(*) AS n FROM orders GROUP BY status').all() as {
          status: string;
          n: number;
        }[]
      ).map((row) => [row.status, row.n]),
    );
    const total = Object.values(statuses).reduce((sum, n) => sum + n, 0);
    expect((statuses.paid ?? 0) / total).toBeGreaterThan(0.85);
    expect(statuses.refunded ?? 0).toBeGreaterThan(0);
    expect(statuses.cancelled ?? 0).toBeGreaterThan(0);
    expect(
      count(db, 'SELECT count(*) AS n FROM orders WHERE offer_id IS NOT NULL'),
    ).toBeGreaterThan(20);
    expect(
      count(
        db,
        'SELECT count(*) AS n FROM orders WHERE ordered_at < ? OR ordered_at >= ?',
        NOW - YEAR_MS,
        NOW,
      ),
    ).toBe(0);
    // Orders from people who never came to a class exist too.
    expect(
      count(
        db,
        `SELECT count(*) AS n FROM orders o
         WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a.learner_id = o.learner_id)`,
      ),
    ).toBeGreaterThan(20);
  });

  it.each(BEHAVIOUR_SEEDS)('keeps every consistency invariant (seed %i)', (seed) => {
    expectConsistent(workspace(seed).db);
  });

  it.each(BEHAVIOUR_SEEDS)('makes engagement raise buying and buying again (seed %i)', (seed) => {
    const rows = workspace(seed)
      .db.prepare(
        `SELECT a.learner_id AS id,
             (SELECT count(*) FROM events e WHERE e.learner_id = a.learner_id) AS interactions,
             (SELECT count(*) FROM orders o WHERE o.learner_id = a.learner_id
                AND o.status IN ('paid', 'partially_refunded')) AS paid
           FROM (SELECT DISTINCT learner_id FROM attendance) a
           ORDER BY interactions, id`,
      )
      .all() as { id: number; interactions: number; paid: number }[];
    const median = rows[Math.floor(rows.length / 2)]?.interactions ?? 0;
    const engaged = rows.filter((row) => row.interactions > median);
    const others = rows.filter((row) => row.interactions <= median);
    const rate = (group: typeof rows, atLeast: number): number =>
      group.filter((row) => row.paid >= atLeast).length / group.length;
    expect(engaged.length).toBeGreaterThan(100);
    expect(rate(engaged, 1) / rate(others, 1)).toBeGreaterThan(1.5);
    expect(rate(engaged, 2) / rate(others, 2)).toBeGreaterThan(1.5);

    // The offer works: clickers buy the class's offer far more often than those who saw it.
    const db = workspace(seed).db;
    const clickers = count(
      db,
      "SELECT count(DISTINCT offer_id || '/' || learner_id) AS n FROM offer_clicks",
    );
    const attributed = count(db, 'SELECT count(*) AS n FROM orders WHERE offer_id IS NOT NULL');
    expect(attributed / clickers).toBeGreaterThan(0.2);
  });

  it('refuses a database that already holds data, and bad options', () => {
    const { db } = workspace(1);
    expect(() => generateDemoWorkspace(db, { seed: 1, now: NOW })).toThrow(/empty database/);
    const empty = openDatabase(join(dir, 'empty.db'));
    made.push(empty);
    expect(() => generateDemoWorkspace(empty, { seed: 1.5, now: NOW })).toThrow(
      'demo option "seed" must be an integer (got 1.5)',
    );
    expect(() => generateDemoWorkspace(empty, { seed: 1, now: NOW, learners: 0 })).toThrow(
      'demo option "learners" must be an integer from 1 to 2000000 (got 0)',
    );
    expect(() => generateDemoWorkspace(empty, { seed: 1, now: NOW, orders: -5 })).toThrow(
      RangeError,
    );
    expect(count(empty, 'SELECT count(*) AS n FROM learners')).toBe(0);
  });

  it('leaves the schema exactly as the migrations made it', () => {
    const fresh = openDatabase(join(dir, 'fresh.db'));
    made.push(fresh);
    const schema = (db: Db): unknown[] =>
      db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name`).all();
    expect(schema(workspace(1).db)).toEqual(schema(fresh));
  });
});

describe('generateDemoWorkspace at a larger scale', () => {
  it(
    'honours the size options and keeps the invariants',
    () => {
      const { db, summary } = generate('scaled', {
        seed: 5,
        now: NOW,
        learners: 12_000,
        sessions: 2,
        viewersPerSession: 2_000,
        eventsPerSession: 25_000,
        orders: 5_000,
      });
      expect(summary.learners).toBe(12_000);
      expect(summary.sessions).toBe(2);
      expect(summary.events).toBe(50_000);
      expect(summary.orders).toBe(5_000);
      const viewers = db
        .prepare(
          'SELECT count(DISTINCT learner_id) FROM attendance GROUP BY session_id ORDER BY session_id',
        )
        .pluck()
        .all();
      expect(viewers).toEqual([2_000, 2_000]);
      expectConsistent(db);
    },
    GENERATION_TIMEOUT_MS,
  );
});
