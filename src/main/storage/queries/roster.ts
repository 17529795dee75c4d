import type { Db } from '../connection';
import type { ImportProblem } from '../../../shared/contract/import-problems';
import { displayNameFor } from '../../../shared/model/identity';
import { recordClaim } from './identity-claims';
import { stmt } from './live/statements';

/** One row of a roster file as read (imports/roster.ts), with its physical line. */
export interface RosterRow {
  line: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  platformId: string | null;
  consentFollowUp: boolean | null;
  consentLinkPurchases: boolean | null;
  problems: string[];
  /** The same problems as codes, said in the studio's language. */
  reasons: ImportProblem[];
}

// Writing a roster row (imports/roster.ts): merge it with the learner who holds one of its
// normalised identities, or create a learner. Nothing is overwritten; see roster-api.ts.

export type RosterOutcome = 'created' | 'merged' | 'unchanged' | 'conflicted';
type IdentityField = 'email' | 'phone' | 'platformId';
type ConsentField = 'consentFollowUp' | 'consentLinkPurchases';

export interface RosterRowConflict {
  learnerId: number;
  displayName: string;
  field: IdentityField | ConsentField;
  problem: 'held-by-other' | 'different-value' | 'consent-declined';
  other: { learnerId: number; displayName: string } | null;
}

interface Identity {
  field: IdentityField;
  kind: 'email' | 'phone' | 'platform';
  platform: string;
  value: string;
}

const CONSENT_COLUMN: Readonly<Record<ConsentField, string>> = {
  consentFollowUp: 'consent_follow_up',
  consentLinkPurchases: 'consent_link_purchases',
};

function holder(db: Db, id: Identity): number | undefined {
  return (
    stmt(
      db,
      'SELECT learner_id FROM learner_identities WHERE kind = ? AND platform = ? AND value = ?',
    ).get(id.kind, id.platform, id.value) as { learner_id: number } | undefined
  )?.learner_id;
}

function hasKind(db: Db, learnerId: number, id: Identity): boolean {
  return (
    stmt(
      db,
      'SELECT 1 FROM learner_identities WHERE learner_id = ? AND kind = ? AND platform = ? LIMIT 1',
    ).get(learnerId, id.kind, id.platform) !== undefined
  );
}

function addIdentity(db: Db, learnerId: number, id: Identity, now: number): void {
  stmt(
    db,
    `INSERT INTO learner_identities (learner_id, kind, platform, value, created_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(learnerId, id.kind, id.platform, id.value, now);
}

function nameOf(db: Db, learnerId: number): string {
  return (
    stmt(db, 'SELECT display_name FROM learners WHERE id = ?').get(learnerId) as {
      display_name: string;
    }
  ).display_name;
}

function identitiesOf(row: RosterRow, platform: string | null): Identity[] {
  const out: Identity[] = [];
  if (row.email !== null)
    out.push({ field: 'email', kind: 'email', platform: '', value: row.email });
  if (row.phone !== null)
    out.push({ field: 'phone', kind: 'phone', platform: '', value: row.phone });
  if (row.platformId !== null && platform !== null) {
    out.push({ field: 'platformId', kind: 'platform', platform, value: row.platformId });
  }
  return out;
}

/**
 * One roster row, in the caller's transaction. The learner is the holder of the row's email,
 * else phone, else platform id; with none held, a new learner with all of them and the file's
 * consent. For a learner found:
 * - an identity another learner holds is not moved: a conflict (and, for email and phone, a claim
 *   by the learner, so that Library → Learners lists it to be merged or rejected);
 * - an identity nobody holds is added, unless the learner already has one of that kind (another
 *   email, phone, or id on that platform): a conflict, the learner's is kept;
 * - consent the file withdraws is withdrawn; consent the file gives is applied if the learner
 *   never answered in the studio (consent_updated_at NULL), else a conflict;
 * - the name is never changed.
 */
export function mergeRosterRow(
  db: Db,
  row: RosterRow,
  args: { platform: string | null; source: string; now: number },
): { outcome: RosterOutcome; learnerId: number; conflicts: RosterRowConflict[] } {
  const identities = identitiesOf(row, args.platform);
  const held = identities.map((id) => ({ id, holder: holder(db, id) }));
  const target = held.find((h) => h.holder !== undefined)?.holder;
  if (target === undefined) {
    const given = row.consentFollowUp !== null || row.consentLinkPurchases !== null;
    const learnerId = Number(
      stmt(
        db,
        `INSERT INTO learners (display_name, created_at, consent_link_purchases, consent_follow_up,
           consent_updated_at) VALUES (?, ?, ?, ?, ?)`,
      ).run(
        displayNameFor(
          { name: row.name, email: row.email, phone: row.phone, platformId: row.platformId },
          args.source,
        ),
        args.now,
        row.consentLinkPurchases === true ? 1 : 0,
        row.consentFollowUp === true ? 1 : 0,
        given ? args.now : null,
      ).lastInsertRowid,
    );
    for (const id of identities) addIdentity(db, learnerId, id, args.now);
    return { outcome: 'created', learnerId, conflicts: [] };
  }
  const displayName = nameOf(db, target);
  const conflicts: RosterRowConflict[] = [];
  let changed = false;
  for (const { id, holder: h } of held) {
    if (h === target) continue;
    if (h !== undefined) {
      conflicts.push({
        learnerId: target,
        displayName,
        field: id.field,
        problem: 'held-by-other',
        other: { learnerId: h, displayName: nameOf(db, h) },
      });
      if (id.kind !== 'platform') {
        const claim = recordClaim(db, {
          learnerId: target,
          kind: id.kind,
          value: id.value,
          sessionId: null,
          now: args.now,
        });
        if (claim !== null && claim.claimed_at === args.now) changed = true;
      }
    } else if (hasKind(db, target, id)) {
      conflicts.push({
        learnerId: target,
        displayName,
        field: id.field,
        problem: 'different-value',
        other: null,
      });
    } else {
      addIdentity(db, target, id, args.now);
      changed = true;
    }
  }
  const consent = stmt(
    db,
    `SELECT consent_follow_up, consent_link_purchases, consent_updated_at FROM learners
     WHERE id = ?`,
  ).get(target) as {
    consent_follow_up: number;
    consent_link_purchases: number;
    consent_updated_at: number | null;
  };
  for (const field of ['consentFollowUp', 'consentLinkPurchases'] as const) {
    const wanted = row[field];
    const column = CONSENT_COLUMN[field];
    const current =
      field === 'consentFollowUp' ? consent.consent_follow_up : consent.consent_link_purchases;
    if (wanted === null || (wanted ? 1 : 0) === current) continue;
    if (wanted && consent.consent_updated_at !== null) {
      conflicts.push({
        learnerId: target,
        displayName,
        field,
        problem: 'consent-declined',
        other: null,
      });
      continue;
    }
    stmt(db, `UPDATE learners SET ${column} = ?, consent_updated_at = ? WHERE id = ?`).run(
      wanted ? 1 : 0,
      args.now,
      target,
    );
    changed = true;
  }
  return {
    outcome: conflicts.length > 0 ? 'conflicted' : changed ? 'merged' : 'unchanged',
    learnerId: target,
    conflicts,
  };
}
