import type { Db } from '../../connection';
import { normaliseEmail, normalisePhone } from '../../../../shared/model/identity';
import { recordClaim } from '../identity-claims';
import { stmt } from './statements';

// Identity, presence and moderation of viewers. A device token is a `learner_identities` row of
// kind 'device'; email and phone typed by a viewer (only with their consent) are claims
// (identity_claims), never identities, and never leave the studio.

export function learnerByDevice(db: Db, deviceToken: string): number | undefined {
  const row = stmt(
    db,
    `SELECT learner_id FROM learner_identities WHERE kind = 'device' AND platform = '' AND value = ?`,
  ).get(deviceToken) as { learner_id: number } | undefined;
  return row?.learner_id;
}

export function createLearner(db: Db, args: { name: string; now: number }): number {
  return Number(
    stmt(db, 'INSERT INTO learners (display_name, created_at) VALUES (?, ?)').run(
      args.name,
      args.now,
    ).lastInsertRowid,
  );
}

/** Adds a device identity unless it is already known. */
export function addIdentity(
  db: Db,
  args: { learnerId: number; kind: 'device'; value: string; now: number },
): void {
  stmt(
    db,
    `INSERT INTO learner_identities (learner_id, kind, platform, value, created_at)
     VALUES (?, ?, '', ?, ?) ON CONFLICT (kind, platform, value) DO NOTHING`,
  ).run(args.learnerId, args.kind, args.value, args.now);
}

/**
 * What a viewer typed into the join form, as claims (storage/queries/identity-claims.ts),
 * normalised like imported identities so that the same address is recognised.
 */
export function recordContactClaims(
  db: Db,
  args: { learnerId: number; sessionId: number; now: number },
  contact: { email?: string | undefined; phone?: string | undefined },
): void {
  const email = contact.email === undefined ? null : normaliseEmail(contact.email);
  if (email) recordClaim(db, { ...args, kind: 'email', value: email });
  const phone = contact.phone === undefined ? null : normalisePhone(contact.phone);
  if (phone) recordClaim(db, { ...args, kind: 'phone', value: phone });
}

export function updateConsent(
  db: Db,
  args: { learnerId: number; linkPurchases: boolean; followUp: boolean; now: number },
): void {
  stmt(
    db,
    `UPDATE learners SET consent_link_purchases = ?, consent_follow_up = ?, consent_updated_at = ?
     WHERE id = ?`,
  ).run(args.linkPurchases ? 1 : 0, args.followUp ? 1 : 0, args.now, args.learnerId);
}

export interface ViewerRow {
  id: number;
  session_id: number;
  learner_id: number;
  public_id: string;
  name: string;
  first_joined_at: number;
}

export function viewerOf(db: Db, sessionId: number, learnerId: number): ViewerRow | undefined {
  return stmt(db, 'SELECT * FROM live_viewers WHERE session_id = ? AND learner_id = ?').get(
    sessionId,
    learnerId,
  ) as ViewerRow | undefined;
}

export function viewerByPublicId(
  db: Db,
  sessionId: number,
  publicId: string,
): ViewerRow | undefined {
  return stmt(db, 'SELECT * FROM live_viewers WHERE session_id = ? AND public_id = ?').get(
    sessionId,
    publicId,
  ) as ViewerRow | undefined;
}

export function insertViewer(
  db: Db,
  args: { sessionId: number; learnerId: number; publicId: string; name: string; now: number },
): void {
  stmt(
    db,
    `INSERT INTO live_viewers (session_id, learner_id, public_id, name, first_joined_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(args.sessionId, args.learnerId, args.publicId, args.name, args.now);
}

export function renameViewer(db: Db, viewerId: number, name: string): void {
  stmt(db, 'UPDATE live_viewers SET name = ? WHERE id = ?').run(name, viewerId);
}

export function viewersOfSession(db: Db, sessionId: number): ViewerRow[] {
  return stmt(db, 'SELECT * FROM live_viewers WHERE session_id = ? ORDER BY id').all(
    sessionId,
  ) as ViewerRow[];
}

// ---- attendance -----------------------------------------------------------------------------

export interface OpenAttendanceRow {
  id: number;
  learner_id: number;
  joined_at: number;
  last_seen_at: number;
}

export function openAttendance(
  db: Db,
  args: { sessionId: number; learnerId: number; at: number },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO attendance (session_id, learner_id, joined_at, last_seen_at) VALUES (?, ?, ?, ?)`,
    ).run(args.sessionId, args.learnerId, args.at, args.at).lastInsertRowid,
  );
}

export function latestOpenAttendance(
  db: Db,
  sessionId: number,
  learnerId: number,
): OpenAttendanceRow | undefined {
  return stmt(
    db,
    `SELECT id, learner_id, joined_at, last_seen_at FROM attendance
     WHERE session_id = ? AND learner_id = ? AND left_at IS NULL ORDER BY joined_at DESC LIMIT 1`,
  ).get(sessionId, learnerId) as OpenAttendanceRow | undefined;
}

export function openAttendanceOfSession(db: Db, sessionId: number): OpenAttendanceRow[] {
  return stmt(
    db,
    `SELECT id, learner_id, joined_at, last_seen_at FROM attendance
     WHERE session_id = ? AND left_at IS NULL`,
  ).all(sessionId) as OpenAttendanceRow[];
}

export function touchAttendance(db: Db, attendanceId: number, at: number): void {
  stmt(db, 'UPDATE attendance SET last_seen_at = max(last_seen_at, ?) WHERE id = ?').run(
    at,
    attendanceId,
  );
}

/**
 * Many intervals' `last_seen_at` in one transaction (id → seen at): one commit for a whole class's
 * heartbeats rather than one each.
 */
export function touchAttendances(db: Db, seen: ReadonlyMap<number, number>): void {
  const touch = stmt(db, 'UPDATE attendance SET last_seen_at = max(last_seen_at, ?) WHERE id = ?');
  db.transaction(() => {
    for (const [attendanceId, at] of seen) touch.run(at, attendanceId);
  })();
}

/** Closes an interval at `at` (never before it began); last_seen_at follows. */
export function closeAttendance(db: Db, attendanceId: number, at: number): void {
  stmt(
    db,
    `UPDATE attendance SET left_at = max(joined_at, ?), last_seen_at = max(joined_at, last_seen_at, ?)
     WHERE id = ? AND left_at IS NULL`,
  ).run(at, at, attendanceId);
}

/** Closes intervals nobody can continue any more at the moment they were last seen. */
export function closeStaleAttendance(db: Db, sessionId: number, seenBefore: number): number {
  return stmt(
    db,
    `UPDATE attendance SET left_at = last_seen_at
     WHERE session_id = ? AND left_at IS NULL AND last_seen_at < ?`,
  ).run(sessionId, seenBefore).changes;
}

/** Watched milliseconds per learner; open intervals count up to `now`. */
export function watchedMs(db: Db, sessionId: number, now: number): Map<number, number> {
  const rows = stmt(
    db,
    `SELECT learner_id, sum(coalesce(left_at, max(last_seen_at, ?)) - joined_at) AS ms
     FROM attendance WHERE session_id = ? GROUP BY learner_id`,
  ).all(now, sessionId) as { learner_id: number; ms: number }[];
  return new Map(rows.map((r) => [r.learner_id, Math.max(0, r.ms)]));
}

// ---- bans and mutes -------------------------------------------------------------------------

export interface BanRow {
  id: number;
  session_id: number | null;
  device_token: string;
  learner_id: number | null;
  reason: string | null;
  at: number;
  actor: string;
  lifted_at: number | null;
}

export function activeBan(db: Db, deviceToken: string, sessionId: number): BanRow | undefined {
  return stmt(
    db,
    `SELECT * FROM bans WHERE device_token = ? AND lifted_at IS NULL
       AND (session_id IS NULL OR session_id = ?) LIMIT 1`,
  ).get(deviceToken, sessionId) as BanRow | undefined;
}

export function insertBan(
  db: Db,
  args: {
    sessionId: number | null;
    deviceToken: string;
    learnerId: number;
    reason: string | null;
    at: number;
    actor: string;
  },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO bans (session_id, device_token, learner_id, reason, at, actor)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(args.sessionId, args.deviceToken, args.learnerId, args.reason, args.at, args.actor)
      .lastInsertRowid,
  );
}

export function getBan(db: Db, banId: number): BanRow | undefined {
  return stmt(db, 'SELECT * FROM bans WHERE id = ?').get(banId) as BanRow | undefined;
}

export function liftBan(db: Db, args: { banId: number; at: number; actor: string }): number {
  return stmt(
    db,
    'UPDATE bans SET lifted_at = ?, lifted_by = ? WHERE id = ? AND lifted_at IS NULL',
  ).run(args.at, args.actor, args.banId).changes;
}

/** Bans that apply to a session (its own and the global ones), not lifted. */
export function bansForSession(db: Db, sessionId: number): BanRow[] {
  return stmt(
    db,
    `SELECT * FROM bans WHERE lifted_at IS NULL AND (session_id IS NULL OR session_id = ?)
     ORDER BY at`,
  ).all(sessionId) as BanRow[];
}

/** Device tokens of a learner (to ban every device they joined this session with). */
export function devicesOfLearner(db: Db, learnerId: number): string[] {
  return (
    stmt(
      db,
      `SELECT value FROM learner_identities WHERE learner_id = ? AND kind = 'device' ORDER BY id`,
    ).all(learnerId) as { value: string }[]
  ).map((r) => r.value);
}

export function insertMute(
  db: Db,
  args: { sessionId: number; learnerId: number; until: number; at: number; actor: string },
): void {
  stmt(
    db,
    'INSERT INTO mutes (session_id, learner_id, until, at, actor) VALUES (?, ?, ?, ?, ?)',
  ).run(args.sessionId, args.learnerId, args.until, args.at, args.actor);
}

/** Every viewer muted right now in a session, with the end of their longest mute. */
export function activeMutes(db: Db, sessionId: number, now: number): Map<number, number> {
  const rows = stmt(
    db,
    `SELECT learner_id, max(until) AS until FROM mutes
     WHERE session_id = ? AND until > ? GROUP BY learner_id`,
  ).all(sessionId, now) as { learner_id: number; until: number }[];
  return new Map(rows.map((r) => [r.learner_id, r.until]));
}

export function mutedUntil(
  db: Db,
  sessionId: number,
  learnerId: number,
  now: number,
): number | null {
  const row = stmt(
    db,
    `SELECT max(until) AS until FROM mutes WHERE session_id = ? AND learner_id = ? AND until > ?`,
  ).get(sessionId, learnerId, now) as { until: number | null };
  return row.until;
}

export function logModeration(
  db: Db,
  args: {
    sessionId: number | null;
    action: string;
    target: string | null;
    actor: string;
    at: number;
    detail?: unknown;
  },
): void {
  stmt(
    db,
    `INSERT INTO moderation_log (session_id, action, target, actor, at, detail)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    args.sessionId,
    args.action,
    args.target,
    args.actor,
    args.at,
    JSON.stringify(args.detail ?? {}),
  );
}

export interface AttendanceRow {
  id: number;
  joined_at: number;
  left_at: number | null;
  last_seen_at: number;
}

export function latestAttendance(
  db: Db,
  sessionId: number,
  learnerId: number,
): AttendanceRow | undefined {
  return stmt(
    db,
    `SELECT id, joined_at, left_at, last_seen_at FROM attendance
     WHERE session_id = ? AND learner_id = ? ORDER BY joined_at DESC, id DESC LIMIT 1`,
  ).get(sessionId, learnerId) as AttendanceRow | undefined;
}

/** A reconnect within the grace period continues the interval it left. */
export function reopenAttendance(db: Db, attendanceId: number, at: number): void {
  stmt(
    db,
    'UPDATE attendance SET left_at = NULL, last_seen_at = max(last_seen_at, ?) WHERE id = ?',
  ).run(at, attendanceId);
}
