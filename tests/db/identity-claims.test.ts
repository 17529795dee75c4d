import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  getClaim,
  grantClaim,
  listConflicts,
  mergeClaim,
  recordClaim,
  rejectClaim,
} from '../../src/main/storage/queries/identity-claims';
import { useTempDirs } from '../helpers/temp-dir';

// Claims (contact details typed into the viewer page) and their resolution, on real SQLite files:
// a claim never becomes an identity by itself, a second claimant makes a conflict, and a merge
// moves everything of the claimant to the holder while folding what two rows of one person would
// break (one vote per poll/question/check-in/offer, reactions added up, one viewer per class).

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 2, 1, 9);
const PAGE = { limit: 100, offset: 0 };

function run(db: Db, sql: string, ...params: unknown[]): number {
  return Number(db.prepare(sql).run(...params).lastInsertRowid);
}

function setup(): { db: Db; session: number; learner: (name: string) => number } {
  const db = openDatabase(join(tempDir(), 'claims.db'));
  const session = run(
    db,
    `INSERT INTO sessions (title, status, started_at, ended_at, created_at)
     VALUES ('Intro', 'ended', ?, ?, ?)`,
    T0,
    T0 + 3_600_000,
    T0,
  );
  const learner = (name: string): number =>
    run(db, 'INSERT INTO learners (display_name, created_at) VALUES (?, ?)', name, T0);
  return { db, session, learner };
}

const identity = (db: Db, learnerId: number, kind: string, value: string): void => {
  run(
    db,
    `INSERT INTO learner_identities (learner_id, kind, platform, value, created_at)
     VALUES (?, ?, '', ?, ?)`,
    learnerId,
    kind,
    value,
    T0,
  );
};

const count = (db: Db, sql: string, ...params: unknown[]): number =>
  (db.prepare(sql).get(...params) as { n: number }).n;

describe('identity claims', () => {
  it('a claim is not an identity; a value someone holds or someone else claims is a conflict', () => {
    const { db, session, learner } = setup();
    const holder = learner('Vera Victim');
    identity(db, holder, 'email', 'vera@example.com');
    const mallory = learner('Mallory');
    const vera = learner('Vera');
    const solo = learner('Solo');

    // Already theirs: nothing to claim.
    expect(
      recordClaim(db, {
        learnerId: holder,
        kind: 'email',
        value: 'vera@example.com',
        sessionId: session,
        now: T0,
      }),
    ).toBeNull();
    const claim = (learnerId: number, value: string, kind: 'email' | 'phone' = 'email') =>
      recordClaim(db, { learnerId, kind, value, sessionId: session, now: T0 + learnerId })!;
    const m = claim(mallory, 'vera@example.com');
    expect(m.status).toBe('open');
    // Claiming again keeps the first claim.
    expect(claim(mallory, 'vera@example.com').claimed_at).toBe(m.claimed_at);
    // Uncontested and held by nobody: it waits, listed nowhere, linking nothing.
    claim(solo, '+15550001111', 'phone');
    expect(
      count(db, `SELECT count(*) AS n FROM learner_identities WHERE learner_id = ?`, solo),
    ).toBe(0);
    let page = listConflicts(db, PAGE);
    expect(page.rows.map((r) => [r.claimant_id, r.holder_id])).toEqual([[mallory, holder]]);

    // Two devices claiming one value nobody holds: both listed, neither wins.
    claim(vera, 'new@example.com');
    claim(mallory, 'new@example.com');
    page = listConflicts(db, PAGE);
    expect(page.total).toBe(3);
    const rivals = page.rows.filter((r) => r.value === 'new@example.com');
    expect(rivals.map((r) => [r.claimant_id, r.holder_id, r.rival_claims])).toEqual([
      [mallory, null, 1],
      [vera, null, 1],
    ]);

    // "It is hers" for a value nobody holds: she becomes its holder, unlinked orders with it link
    // to her, and the rival claim now conflicts with her.
    run(
      db,
      `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor,
         refunded_minor, status, buyer_email, imported_at)
       VALUES ('shop', 'N-1', NULL, ?, 'CNY', 100, 0, 'paid', 'new@example.com', ?)`,
      T0,
      T0,
    );
    grantClaim(db, getClaim(db, rivals[1]!.claim_id)!, T0 + 50);
    expect(count(db, `SELECT count(*) AS n FROM orders WHERE learner_id = ?`, vera)).toBe(1);
    page = listConflicts(db, PAGE);
    expect(page.rows.map((r) => [r.claimant_id, r.value, r.holder_id, r.rival_claims])).toEqual([
      [mallory, 'vera@example.com', holder, 0],
      [mallory, 'new@example.com', vera, 0],
    ]);

    // Rejected: gone from the list, and typing it again reopens nothing.
    rejectClaim(db, m.id, T0 + 60);
    expect(claim(mallory, 'vera@example.com').status).toBe('rejected');
    expect(listConflicts(db, PAGE).total).toBe(1);
    db.close();
  });

  it('a merge moves everything of the claimant to the holder and folds duplicates', () => {
    const { db, session, learner } = setup();
    const holder = learner('Vera Victim');
    identity(db, holder, 'email', 'vera@example.com');
    const viewer = learner('Vera');
    identity(db, viewer, 'device', 'dev-vera');
    db.prepare(
      `UPDATE learners SET consent_link_purchases = 1, consent_follow_up = 1, consent_updated_at = ?
       WHERE id = ?`,
    ).run(T0 + 5, viewer);
    run(
      db,
      `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor,
         refunded_minor, status, buyer_email, imported_at)
       VALUES ('shop', 'V-1', ?, ?, 'CNY', 100, 0, 'paid', 'vera@example.com', ?)`,
      holder,
      T0,
      T0,
    );
    // Both were in the class (two devices), both voted, reacted, checked in, saw the offer.
    for (const [id, publicId] of [
      [holder, 'vHold'],
      [viewer, 'vView'],
    ] as const) {
      run(
        db,
        `INSERT INTO live_viewers (session_id, learner_id, public_id, name, first_joined_at)
         VALUES (?, ?, ?, 'Vera', ?)`,
        session,
        id,
        publicId,
        T0,
      );
      run(
        db,
        `INSERT INTO attendance (session_id, learner_id, joined_at, last_seen_at) VALUES (?, ?, ?, ?)`,
        session,
        id,
        T0,
        T0 + 60_000,
      );
      run(
        db,
        `INSERT INTO reaction_counts (session_id, learner_id, reaction, count, last_at)
         VALUES (?, ?, 'heart', 3, ?)`,
        session,
        id,
        T0 + id,
      );
    }
    const poll = run(
      db,
      `INSERT INTO polls (kind, question, options, created_at) VALUES ('poll', 'Q?', '["a","b"]', ?)`,
      T0,
    );
    const pollRun = run(
      db,
      'INSERT INTO poll_runs (poll_id, session_id, opened_at) VALUES (?, ?, ?)',
      poll,
      session,
      T0,
    );
    const checkin = run(
      db,
      'INSERT INTO checkins (session_id, opened_at) VALUES (?, ?)',
      session,
      T0,
    );
    const question = run(
      db,
      `INSERT INTO questions (session_id, learner_id, text, asked_at, upvotes) VALUES (?, NULL, 'Slides?', ?, 2)`,
      session,
      T0,
    );
    for (const id of [holder, viewer]) {
      run(
        db,
        `INSERT INTO poll_votes (run_id, learner_id, choices, at) VALUES (?, ?, '[0]', ?)`,
        pollRun,
        id,
        T0,
      );
      run(
        db,
        'INSERT INTO question_votes (question_id, learner_id, at) VALUES (?, ?, ?)',
        question,
        id,
        T0,
      );
      run(
        db,
        'INSERT INTO checkin_records (checkin_id, learner_id, at) VALUES (?, ?, ?)',
        checkin,
        id,
        T0,
      );
    }
    run(
      db,
      `INSERT INTO chat_messages (session_id, learner_id, text, at) VALUES (?, ?, 'hi', ?)`,
      session,
      viewer,
      T0,
    );
    run(
      db,
      `INSERT INTO moderation_log (session_id, action, target, actor, at) VALUES (?, 'mute', 'vView', 'host', ?)`,
      session,
      T0,
    );
    const entrants = JSON.stringify([
      { learnerId: viewer, viewerId: 'vView', name: 'Vera' },
      { learnerId: 99, viewerId: 'vOther', name: 'Other' },
    ]);
    run(
      db,
      `INSERT INTO lotteries (session_id, title, rule, seed, candidates, winners, drawn_at)
       VALUES (?, 'Book', '{"kind":"attended"}', 1, ?, ?, ?)`,
      session,
      entrants,
      entrants,
      T0,
    );
    const claim = recordClaim(db, {
      learnerId: viewer,
      kind: 'email',
      value: 'vera@example.com',
      sessionId: session,
      now: T0 + 10,
    })!;

    mergeClaim(db, claim, holder, T0 + 100);

    expect(count(db, 'SELECT count(*) AS n FROM learners WHERE id = ?', viewer)).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const of = (table: string): number =>
      count(db, `SELECT count(*) AS n FROM ${table} WHERE learner_id = ?`, holder);
    expect({
      attendance: of('attendance'),
      live_viewers: of('live_viewers'),
      poll_votes: of('poll_votes'),
      question_votes: of('question_votes'),
      checkin_records: of('checkin_records'),
      chat_messages: of('chat_messages'),
      orders: of('orders'),
    }).toEqual({
      attendance: 2,
      live_viewers: 1,
      poll_votes: 1,
      question_votes: 1,
      checkin_records: 1,
      chat_messages: 1,
      orders: 1,
    });
    // One person's two upvotes count once; reactions add up.
    expect(count(db, 'SELECT upvotes AS n FROM questions WHERE id = ?', question)).toBe(1);
    expect(count(db, 'SELECT count AS n FROM reaction_counts WHERE learner_id = ?', holder)).toBe(
      6,
    );
    // The moderation trail names the viewer that stays; the draw names the learner that stays.
    expect(db.prepare('SELECT target FROM moderation_log').get()).toEqual({ target: 'vHold' });
    const draw = db.prepare('SELECT candidates FROM lotteries').get() as { candidates: string };
    expect(
      (JSON.parse(draw.candidates) as { learnerId: number }[]).map((e) => e.learnerId),
    ).toEqual([holder, 99]);
    // Her device now lands on the holder; her later consent is kept; the claim is closed.
    expect(
      db.prepare(`SELECT learner_id FROM learner_identities WHERE value = 'dev-vera'`).get(),
    ).toEqual({ learner_id: holder });
    expect(
      db
        .prepare('SELECT consent_link_purchases, consent_follow_up FROM learners WHERE id = ?')
        .get(holder),
    ).toEqual({ consent_link_purchases: 1, consent_follow_up: 1 });
    expect(getClaim(db, claim.id)).toMatchObject({ status: 'merged', learner_id: holder });
    expect(listConflicts(db, PAGE).total).toBe(0);
    db.close();
  });

  it('a merge whose holder changed meanwhile is refused and changes nothing', () => {
    const { db, session, learner } = setup();
    const holder = learner('Vera Victim');
    const other = learner('Someone');
    identity(db, other, 'email', 'vera@example.com');
    const viewer = learner('Vera');
    const claim = recordClaim(db, {
      learnerId: viewer,
      kind: 'email',
      value: 'vera@example.com',
      sessionId: session,
      now: T0,
    })!;
    expect(() => mergeClaim(db, claim, holder, T0 + 1)).toThrow(/holder of the value changed/);
    expect(getClaim(db, claim.id)?.status).toBe('open');
    expect(count(db, 'SELECT count(*) AS n FROM learners WHERE id = ?', viewer)).toBe(1);
    db.close();
  });

  it('a merge keeps both events when the two devices used the same action id in one class', () => {
    const { db, session, learner } = setup();
    const holder = learner('Vera Victim');
    identity(db, holder, 'email', 'vera@example.com');
    const viewer = learner('Vera');
    const event = (learnerId: number, text: string): number => {
      const id = run(
        db,
        `INSERT INTO events (session_id, learner_id, kind, at, payload, client_id)
         VALUES (?, ?, 'chat', ?, '{}', 'same-id')`,
        session,
        learnerId,
        T0,
      );
      run(
        db,
        `INSERT INTO chat_messages (session_id, event_id, learner_id, text, at) VALUES (?, ?, ?, ?, ?)`,
        session,
        id,
        learnerId,
        text,
        T0,
      );
      return id;
    };
    event(holder, 'from the laptop');
    event(viewer, 'from the phone');
    const claim = recordClaim(db, {
      learnerId: viewer,
      kind: 'email',
      value: 'vera@example.com',
      sessionId: session,
      now: T0,
    })!;
    mergeClaim(db, claim, holder, T0 + 1);
    expect(count(db, 'SELECT count(*) AS n FROM events WHERE learner_id = ?', holder)).toBe(2);
    expect(count(db, 'SELECT count(*) AS n FROM chat_messages WHERE learner_id = ?', holder)).toBe(
      2,
    );
    db.close();
  });
});
