import type { Db } from '../connection';
import { stmt } from './live/statements';

// Contact details typed into the viewer page are claims (migration 0170), never identities by
// themselves: see imports/README.md "Identities" for the rules. These queries record them, list
// the ones the educator has to decide on, and carry out the decision: reject the claim, give an
// address nobody holds to its claimant, or merge the claimant into the learner who holds it.

export type ClaimKind = 'email' | 'phone';
export type ClaimStatus = 'open' | 'merged' | 'rejected';

export interface ClaimRow {
  id: number;
  learner_id: number;
  kind: ClaimKind;
  value: string;
  session_id: number | null;
  claimed_at: number;
  status: ClaimStatus;
  resolved_at: number | null;
}

/** Who holds an address or phone number as an identity (imported, or confirmed), if anyone. */
export function holderOf(db: Db, kind: ClaimKind, value: string): number | undefined {
  return (
    stmt(
      db,
      `SELECT learner_id FROM learner_identities WHERE kind = ? AND platform = '' AND value = ?`,
    ).get(kind, value) as { learner_id: number } | undefined
  )?.learner_id;
}

/**
 * Records that a viewer typed this contact detail (with consent to link purchases). Nothing
 * happens when the learner already holds it; a claim they made before keeps its first class and
 * time, and a rejected one stays rejected. Returns the claim, or null when it is already theirs.
 */
export function recordClaim(
  db: Db,
  args: {
    learnerId: number;
    kind: ClaimKind;
    value: string;
    sessionId: number | null;
    now: number;
  },
): ClaimRow | null {
  if (holderOf(db, args.kind, args.value) === args.learnerId) return null;
  stmt(
    db,
    `INSERT INTO identity_claims (learner_id, kind, value, session_id, claimed_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, kind, value) DO NOTHING`,
  ).run(args.learnerId, args.kind, args.value, args.sessionId, args.now);
  return stmt(
    db,
    'SELECT * FROM identity_claims WHERE learner_id = ? AND kind = ? AND value = ?',
  ).get(args.learnerId, args.kind, args.value) as ClaimRow;
}

export function getClaim(db: Db, claimId: number): ClaimRow | undefined {
  return stmt(db, 'SELECT * FROM identity_claims WHERE id = ?').get(claimId) as
    ClaimRow | undefined;
}

export interface ConflictRow {
  claim_id: number;
  kind: ClaimKind;
  value: string;
  claimed_at: number;
  claimant_id: number;
  claimant_name: string;
  session_id: number | null;
  session_title: string | null;
  holder_id: number | null;
  holder_name: string | null;
  held_since: number | null;
  holder_orders: number;
  rival_claims: number;
}

/**
 * Open claims that need a decision: someone else holds the value, or another learner claims it
 * too. (An open claim on a value nobody else holds or claims waits quietly: it links nothing.)
 */
const CONFLICTS = `
  WITH c AS (
    SELECT c.*, i.learner_id AS holder_id, i.created_at AS held_since,
      (SELECT count(*) FROM identity_claims o WHERE o.kind = c.kind AND o.value = c.value
         AND o.status = 'open' AND o.learner_id <> c.learner_id) AS rival_claims
    FROM identity_claims c
    LEFT JOIN learner_identities i ON i.kind = c.kind AND i.platform = '' AND i.value = c.value
    WHERE c.status = 'open' AND i.learner_id IS NOT c.learner_id
  )
  SELECT c.id AS claim_id, c.kind, c.value, c.claimed_at, c.learner_id AS claimant_id,
    cl.display_name AS claimant_name, c.session_id, s.title AS session_title,
    c.holder_id, hl.display_name AS holder_name, c.held_since,
    (SELECT count(*) FROM orders o WHERE o.learner_id = c.holder_id) AS holder_orders,
    c.rival_claims
  FROM c JOIN learners cl ON cl.id = c.learner_id
  LEFT JOIN sessions s ON s.id = c.session_id
  LEFT JOIN learners hl ON hl.id = c.holder_id
  WHERE c.holder_id IS NOT NULL OR c.rival_claims > 0`;

export function listConflicts(
  db: Db,
  args: { limit: number; offset: number },
): { total: number; rows: ConflictRow[] } {
  const total = (stmt(db, `SELECT count(*) AS n FROM (${CONFLICTS})`).get() as { n: number }).n;
  const rows = stmt(db, `${CONFLICTS} ORDER BY c.claimed_at, c.id LIMIT ? OFFSET ?`).all(
    args.limit,
    args.offset,
  ) as ConflictRow[];
  return { total, rows };
}

export function conflictById(db: Db, claimId: number): ConflictRow | undefined {
  return stmt(db, `SELECT * FROM (${CONFLICTS}) WHERE claim_id = ?`).get(claimId) as
    ConflictRow | undefined;
}

function closeClaim(db: Db, claimId: number, status: 'merged' | 'rejected', now: number): void {
  stmt(
    db,
    `UPDATE identity_claims SET status = ?, resolved_at = ? WHERE id = ? AND status = 'open'`,
  ).run(status, now, claimId);
}

/** "Not the same person": the claim is kept as rejected, so that typing it again reopens nothing. */
export function rejectClaim(db: Db, claimId: number, now: number): void {
  closeClaim(db, claimId, 'rejected', now);
}

/**
 * "It is theirs", for a value nobody holds: the claimant becomes its holder (orders imported later
 * with it link to them, and so do unlinked orders already imported with it). Other open claims on
 * it then conflict with them, and stay listed.
 */
export function grantClaim(db: Db, claim: ClaimRow, now: number): void {
  db.transaction(() => {
    if (holderOf(db, claim.kind, claim.value) !== undefined) {
      throw new Error('the value has a holder now: merge instead');
    }
    stmt(
      db,
      `INSERT INTO learner_identities (learner_id, kind, platform, value, created_at)
       VALUES (?, ?, '', ?, ?)`,
    ).run(claim.learner_id, claim.kind, claim.value, now);
    const column = claim.kind === 'email' ? 'buyer_email' : 'buyer_phone';
    stmt(db, `UPDATE orders SET learner_id = ? WHERE learner_id IS NULL AND ${column} = ?`).run(
      claim.learner_id,
      claim.value,
    );
    closeClaim(db, claim.id, 'merged', now);
  }).immediate();
}

/**
 * Moves everything of learner `from` to learner `into` and deletes `from`, in one transaction.
 * Rows that would break a uniqueness rule are folded: one vote per poll run, question, check-in and
 * offer impression (`into`'s stays; a question loses the upvote it counted twice), reactions added
 * up, one viewer row per class (`into`'s, and moderation entries that named `from`'s viewer id in
 * that class name `into`'s). Consent follows whichever of the two gave it last. Before `from` is
 * deleted, every table with a learner column is checked to hold nothing of theirs any more: a
 * table added later without a rule here makes the merge fail (and roll back) instead of losing rows
 * through the cascade.
 */
export function mergeLearnerInto(db: Db, args: { from: number; into: number }): void {
  const { from, into } = args;
  if (from === into) throw new Error('a learner cannot be merged into itself');
  const p = { from, into };
  const run = (sql: string): void => {
    stmt(db, sql).run(p);
  };
  const move = (table: string): void =>
    run(`UPDATE ${table} SET learner_id = @into WHERE learner_id = @from`);
  const fold = (table: string): void => {
    run(`UPDATE OR IGNORE ${table} SET learner_id = @into WHERE learner_id = @from`);
    run(`DELETE FROM ${table} WHERE learner_id = @from`);
  };
  db.transaction(() => {
    // Action ids are unique per viewer (migration 0160): an id both devices happened to use in one
    // class is renamed on `from`'s event, which keeps its row (chat and questions point at it).
    run(`UPDATE events SET client_id = 'merged-' || id
         WHERE learner_id = @from AND EXISTS (SELECT 1 FROM events i WHERE i.learner_id = @into
           AND i.session_id = events.session_id AND i.client_id = events.client_id)`);
    for (const table of [
      'orders',
      'bans',
      'offer_clicks',
      'mutes',
      'chat_messages',
      'questions',
      'attendance',
      'events',
      'learner_identities',
    ]) {
      move(table);
    }
    fold('offer_impressions');
    fold('poll_votes');
    fold('checkin_records');
    run(`UPDATE questions SET upvotes = max(0, upvotes - 1)
         WHERE id IN (SELECT question_id FROM question_votes WHERE learner_id = @from
           AND question_id IN (SELECT question_id FROM question_votes WHERE learner_id = @into))`);
    fold('question_votes');
    run(`UPDATE reaction_counts SET
           count = count + (SELECT f.count FROM reaction_counts f WHERE f.learner_id = @from
             AND f.session_id = reaction_counts.session_id AND f.reaction = reaction_counts.reaction),
           last_at = max(last_at, (SELECT f.last_at FROM reaction_counts f WHERE f.learner_id = @from
             AND f.session_id = reaction_counts.session_id AND f.reaction = reaction_counts.reaction))
         WHERE learner_id = @into AND EXISTS (SELECT 1 FROM reaction_counts f
           WHERE f.learner_id = @from AND f.session_id = reaction_counts.session_id
             AND f.reaction = reaction_counts.reaction)`);
    fold('reaction_counts');
    run(`UPDATE moderation_log SET target = (SELECT i.public_id FROM live_viewers i
           WHERE i.session_id = moderation_log.session_id AND i.learner_id = @into)
         WHERE action IN ('mute', 'ban') AND EXISTS (SELECT 1 FROM live_viewers f
           JOIN live_viewers i ON i.session_id = f.session_id AND i.learner_id = @into
           WHERE f.learner_id = @from AND f.session_id = moderation_log.session_id
             AND f.public_id = moderation_log.target)`);
    fold('live_viewers');
    fold('identity_claims');
    rewriteLotteryEntries(db, from, into);
    run(`UPDATE learners SET
           consent_link_purchases = (SELECT f.consent_link_purchases FROM learners f WHERE f.id = @from),
           consent_follow_up = (SELECT f.consent_follow_up FROM learners f WHERE f.id = @from),
           consent_updated_at = (SELECT f.consent_updated_at FROM learners f WHERE f.id = @from)
         WHERE id = @into AND EXISTS (SELECT 1 FROM learners f WHERE f.id = @from
           AND f.consent_updated_at IS NOT NULL
           AND (learners.consent_updated_at IS NULL OR f.consent_updated_at > learners.consent_updated_at))`);
    const left = rowsStillReferencing(db, from);
    if (left.length > 0) {
      throw new Error(`merge left rows of learner ${String(from)} in ${left.join(', ')}`);
    }
    stmt(db, 'DELETE FROM learners WHERE id = ?').run(from);
  }).immediate();
}

function rewriteLotteryEntries(db: Db, from: number, into: number): void {
  const rows = stmt(
    db,
    `SELECT DISTINCT l.id, l.candidates, l.winners FROM lotteries l, json_each(l.candidates) c
     WHERE json_extract(c.value, '$.learnerId') = ?`,
  ).all(from) as { id: number; candidates: string; winners: string }[];
  const rewrite = (json: string): string => {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return json;
    return JSON.stringify(
      list.map((entry: unknown) =>
        typeof entry === 'object' &&
        entry !== null &&
        (entry as { learnerId?: unknown }).learnerId === from
          ? { ...entry, learnerId: into }
          : entry,
      ),
    );
  };
  const update = stmt(db, 'UPDATE lotteries SET candidates = ?, winners = ? WHERE id = ?');
  for (const row of rows) update.run(rewrite(row.candidates), rewrite(row.winners), row.id);
}

/** Tables (other than learners) with a learner column that still holds rows of `learnerId`. */
function rowsStillReferencing(db: Db, learnerId: number): string[] {
  const tables = stmt(
    db,
    `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name <> 'learners' ORDER BY name`,
  ).all() as { name: string }[];
  const found: string[] = [];
  for (const { name } of tables) {
    const columns = new Set([
      ...(
        stmt(
          db,
          `SELECT "from" AS c FROM pragma_foreign_key_list(?) WHERE "table" = 'learners'`,
        ).all(name) as { c: string }[]
      ).map((r) => r.c),
      ...(
        stmt(db, `SELECT name AS c FROM pragma_table_info(?) WHERE name = 'learner_id'`).all(
          name,
        ) as { c: string }[]
      ).map((r) => r.c),
    ]);
    for (const column of columns) {
      const n = (
        db.prepare(`SELECT count(*) AS n FROM "${name}" WHERE "${column}" = ?`).get(learnerId) as {
          n: number;
        }
      ).n;
      if (n > 0) found.push(`${name}.${column}`);
    }
  }
  return found;
}

/** "Same person": the claimant is merged into the learner who holds the claimed value. */
export function mergeClaim(db: Db, claim: ClaimRow, holderId: number, now: number): void {
  db.transaction(() => {
    if (holderOf(db, claim.kind, claim.value) !== holderId) {
      throw new Error('the holder of the value changed: list the conflicts again');
    }
    closeClaim(db, claim.id, 'merged', now);
    mergeLearnerInto(db, { from: claim.learner_id, into: holderId });
  }).immediate();
}
