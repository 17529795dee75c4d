import type { Db } from '../../connection';
import { stmt } from './statements';

export interface QuestionRow {
  id: number;
  session_id: number;
  learner_id: number | null;
  text: string;
  asked_at: number;
  status: 'open' | 'answered' | 'dismissed';
  pinned_at: number | null;
  hidden: number;
  upvotes: number;
  public_id: string | null;
  name: string | null;
}

const QUESTION_SQL = `SELECT q.id, q.session_id, q.learner_id, q.text, q.asked_at, q.status,
    q.pinned_at, q.hidden, q.upvotes, v.public_id, coalesce(q.author_name, v.name) AS name
  FROM questions q
  LEFT JOIN live_viewers v ON v.session_id = q.session_id AND v.learner_id = q.learner_id`;

export function insertQuestion(
  db: Db,
  args: {
    sessionId: number;
    learnerId: number;
    eventId: number;
    text: string;
    at: number;
    /** The name the viewer asked under: a later rename does not rewrite who asked. */
    authorName: string;
  },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO questions (session_id, learner_id, event_id, text, asked_at, author_name)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(args.sessionId, args.learnerId, args.eventId, args.text, args.at, args.authorName)
      .lastInsertRowid,
  );
}

export function getQuestion(db: Db, questionId: number): QuestionRow | undefined {
  return stmt(db, `${QUESTION_SQL} WHERE q.id = ?`).get(questionId) as QuestionRow | undefined;
}

export function questionsOfSession(db: Db, sessionId: number): QuestionRow[] {
  return stmt(
    db,
    `${QUESTION_SQL} WHERE q.session_id = ? AND q.hidden = 0 ORDER BY q.asked_at, q.id`,
  ).all(sessionId) as QuestionRow[];
}

/** Records an upvote once per learner; returns whether it was new. */
export function addUpvote(
  db: Db,
  args: { questionId: number; learnerId: number; at: number },
): boolean {
  const inserted =
    stmt(
      db,
      `INSERT INTO question_votes (question_id, learner_id, at) VALUES (?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ).run(args.questionId, args.learnerId, args.at).changes === 1;
  if (inserted)
    stmt(db, 'UPDATE questions SET upvotes = upvotes + 1 WHERE id = ?').run(args.questionId);
  return inserted;
}

export function upvotersOf(
  db: Db,
  sessionId: number,
): { question_id: number; learner_id: number }[] {
  return stmt(
    db,
    `SELECT v.question_id, v.learner_id FROM question_votes v
     JOIN questions q ON q.id = v.question_id WHERE q.session_id = ?`,
  ).all(sessionId) as { question_id: number; learner_id: number }[];
}

export function setQuestionStatus(
  db: Db,
  args: { questionId: number; status: 'open' | 'answered' | 'dismissed'; at: number },
): void {
  stmt(
    db,
    `UPDATE questions SET status = ?, answered_at = CASE WHEN ? = 'answered' THEN ? ELSE answered_at END,
       pinned_at = CASE WHEN ? = 'dismissed' THEN NULL ELSE pinned_at END WHERE id = ?`,
  ).run(args.status, args.status, args.at, args.status, args.questionId);
}

/** At most one pinned question per session: pinning one unpins the others. */
export function setQuestionPinned(
  db: Db,
  args: { sessionId: number; questionId: number; pinned: boolean; at: number },
): number[] {
  const unpinned: number[] = [];
  if (args.pinned) {
    const others = stmt(
      db,
      'SELECT id FROM questions WHERE session_id = ? AND pinned_at IS NOT NULL AND id != ?',
    ).all(args.sessionId, args.questionId) as { id: number }[];
    for (const other of others) unpinned.push(other.id);
    stmt(db, 'UPDATE questions SET pinned_at = NULL WHERE session_id = ? AND id != ?').run(
      args.sessionId,
      args.questionId,
    );
  }
  stmt(db, 'UPDATE questions SET pinned_at = ? WHERE id = ?').run(
    args.pinned ? args.at : null,
    args.questionId,
  );
  return unpinned;
}

export function learnersWhoAsked(db: Db, sessionId: number): number[] {
  return (
    stmt(
      db,
      `SELECT DISTINCT learner_id FROM questions WHERE session_id = ? AND learner_id IS NOT NULL`,
    ).all(sessionId) as { learner_id: number }[]
  ).map((r) => r.learner_id);
}
