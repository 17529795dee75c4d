import type { Db } from '../connection';
import { stmt } from './live/statements';
import type { RecordingRow } from './recordings';

// Review (issue #12): what the Review screen reads beside the session metrics — the classes with
// their recordings, the chat and questions with the names shown at the time, the check-ins,
// lotteries and announcements — and the educator's chapters and notes (migration 0210).

export interface ReviewSessionRow {
  id: number;
  title: string;
  course_title: string | null;
  status: 'scheduled' | 'live' | 'paused' | 'ended' | 'interrupted';
  started_at: number;
  ended_at: number | null;
}

/** Every class that has started, newest first. */
export function startedSessions(db: Db): ReviewSessionRow[] {
  return stmt(
    db,
    `SELECT s.id, s.title, c.title AS course_title, s.status, s.started_at, s.ended_at
       FROM sessions s LEFT JOIN courses c ON c.id = s.course_id
      WHERE s.started_at IS NOT NULL
      ORDER BY s.started_at DESC, s.id DESC`,
  ).all() as ReviewSessionRow[];
}

export function startedSession(db: Db, sessionId: number): ReviewSessionRow | undefined {
  return stmt(
    db,
    `SELECT s.id, s.title, c.title AS course_title, s.status, s.started_at, s.ended_at
       FROM sessions s LEFT JOIN courses c ON c.id = s.course_id
      WHERE s.id = ? AND s.started_at IS NOT NULL`,
  ).get(sessionId) as ReviewSessionRow | undefined;
}

/** Every recording of every session, by session then time: grouped in one pass by the caller. */
export function allRecordings(db: Db): RecordingRow[] {
  return stmt(
    db,
    'SELECT * FROM recordings ORDER BY session_id, started_at, id',
  ).all() as RecordingRow[];
}

export interface ReviewChatRow {
  id: number;
  at: number;
  from_host: number;
  name: string | null;
  text: string;
}

/** Visible chat (neither hidden nor deleted by moderation), with each viewer's name in the class. */
export function reviewChat(db: Db, sessionId: number): ReviewChatRow[] {
  return stmt(
    db,
    `SELECT m.id, m.at, m.from_host, v.name, m.text
       FROM chat_messages m
       LEFT JOIN live_viewers v ON v.session_id = m.session_id AND v.learner_id = m.learner_id
      WHERE m.session_id = ? AND m.hidden_at IS NULL AND m.deleted_at IS NULL
      ORDER BY m.at, m.id`,
  ).all(sessionId) as ReviewChatRow[];
}

/** Question ids (visible ones) with the asker's name in the class. */
export function reviewQuestionNames(
  db: Db,
  sessionId: number,
): { id: number; name: string | null }[] {
  return stmt(
    db,
    `SELECT q.id, v.name FROM questions q
       LEFT JOIN live_viewers v ON v.session_id = q.session_id AND v.learner_id = q.learner_id
      WHERE q.session_id = ? AND q.hidden = 0`,
  ).all(sessionId) as { id: number; name: string | null }[];
}

export function reviewCheckins(
  db: Db,
  sessionId: number,
): { id: number; opened_at: number; closed_at: number | null; records: number }[] {
  return stmt(
    db,
    `SELECT c.id, c.opened_at, coalesce(c.closed_at, c.closes_at) AS closed_at,
            (SELECT count(*) FROM checkin_records r WHERE r.checkin_id = c.id) AS records
       FROM checkins c WHERE c.session_id = ? ORDER BY c.opened_at, c.id`,
  ).all(sessionId) as {
    id: number;
    opened_at: number;
    closed_at: number | null;
    records: number;
  }[];
}

export function reviewLotteries(
  db: Db,
  sessionId: number,
): { id: number; title: string; drawn_at: number; winners: number; candidates: number }[] {
  return stmt(
    db,
    `SELECT id, title, drawn_at, json_array_length(winners) AS winners,
            json_array_length(candidates) AS candidates
       FROM lotteries WHERE session_id = ? ORDER BY drawn_at, id`,
  ).all(sessionId) as {
    id: number;
    title: string;
    drawn_at: number;
    winners: number;
    candidates: number;
  }[];
}

export function reviewAnnouncements(
  db: Db,
  sessionId: number,
): { id: number; at: number; text: string }[] {
  return stmt(
    db,
    'SELECT id, at, text FROM announcements WHERE session_id = ? ORDER BY at, id',
  ).all(sessionId) as { id: number; at: number; text: string }[];
}

// ---- chapters and notes -------------------------------------------------------------------------

export interface ChapterRow {
  at: number;
  title: string;
}

export function savedChapters(db: Db, sessionId: number): ChapterRow[] {
  return stmt(db, 'SELECT at, title FROM review_chapters WHERE session_id = ? ORDER BY at, id').all(
    sessionId,
  ) as ChapterRow[];
}

/** Replaces the class's chapters in one transaction. */
export function replaceChapters(
  db: Db,
  args: { sessionId: number; chapters: readonly ChapterRow[]; now: number },
): void {
  db.transaction(() => {
    stmt(db, 'DELETE FROM review_chapters WHERE session_id = ?').run(args.sessionId);
    const insert = stmt(
      db,
      'INSERT INTO review_chapters (session_id, at, title, updated_at) VALUES (?, ?, ?, ?)',
    );
    for (const chapter of args.chapters) {
      insert.run(args.sessionId, chapter.at, chapter.title, args.now);
    }
  })();
}

export interface NoteRow {
  id: number;
  at: number;
  text: string;
}

export function reviewNotes(db: Db, sessionId: number): NoteRow[] {
  return stmt(db, 'SELECT id, at, text FROM review_notes WHERE session_id = ? ORDER BY at, id').all(
    sessionId,
  ) as NoteRow[];
}

export function insertNote(
  db: Db,
  args: { sessionId: number; at: number; text: string; now: number },
): NoteRow {
  const id = Number(
    stmt(db, 'INSERT INTO review_notes (session_id, at, text, created_at) VALUES (?, ?, ?, ?)').run(
      args.sessionId,
      args.at,
      args.text,
      args.now,
    ).lastInsertRowid,
  );
  return { id, at: args.at, text: args.text };
}

export function deleteNote(db: Db, args: { sessionId: number; noteId: number }): boolean {
  return (
    stmt(db, 'DELETE FROM review_notes WHERE id = ? AND session_id = ?').run(
      args.noteId,
      args.sessionId,
    ).changes === 1
  );
}
