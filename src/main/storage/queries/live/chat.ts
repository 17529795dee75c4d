import type { Db } from '../../connection';
import { stmt } from './statements';

export interface ChatRow {
  id: number;
  session_id: number;
  learner_id: number | null;
  from_host: number;
  text: string;
  at: number;
  hidden_at: number | null;
  deleted_at: number | null;
  /**
   * The viewer's public id in this session, and the name they wrote this message under (their
   * current name for messages stored before names were kept); null for the host.
   */
  public_id: string | null;
  name: string | null;
}

const CHAT_SQL = `SELECT m.id, m.session_id, m.learner_id, m.from_host, m.text, m.at, m.hidden_at,
    m.deleted_at, v.public_id, coalesce(m.author_name, v.name) AS name
  FROM chat_messages m
  LEFT JOIN live_viewers v ON v.session_id = m.session_id AND v.learner_id = m.learner_id`;

export function insertChatMessage(
  db: Db,
  args: {
    sessionId: number;
    eventId: number | null;
    learnerId: number | null;
    fromHost: boolean;
    text: string;
    at: number;
    /** The viewer's name as they send it (null for the host). */
    authorName: string | null;
  },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO chat_messages (session_id, event_id, learner_id, from_host, text, at, author_name)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      args.sessionId,
      args.eventId,
      args.learnerId,
      args.fromHost ? 1 : 0,
      args.text,
      args.at,
      args.authorName,
    ).lastInsertRowid,
  );
}

export function getChatMessage(db: Db, messageId: number): ChatRow | undefined {
  return stmt(db, `${CHAT_SQL} WHERE m.id = ?`).get(messageId) as ChatRow | undefined;
}

/** The newest `limit` messages, oldest first; deleted ones never, hidden ones if asked. */
export function recentChat(
  db: Db,
  args: { sessionId: number; limit: number; includeHidden: boolean },
): ChatRow[] {
  const rows = stmt(
    db,
    `${CHAT_SQL} WHERE m.session_id = ? AND m.deleted_at IS NULL
       AND (? OR m.hidden_at IS NULL) ORDER BY m.at DESC, m.id DESC LIMIT ?`,
  ).all(args.sessionId, args.includeHidden ? 1 : 0, args.limit) as ChatRow[];
  return rows.reverse();
}

export function countChatSince(db: Db, sessionId: number, since: number): number {
  return (
    stmt(db, 'SELECT count(*) AS n FROM chat_messages WHERE session_id = ? AND at >= ?').get(
      sessionId,
      since,
    ) as { n: number }
  ).n;
}

export function hideChatMessage(
  db: Db,
  args: { messageId: number; at: number; actor: string },
): number {
  return stmt(
    db,
    `UPDATE chat_messages SET hidden_at = ?, hidden_by = ? WHERE id = ? AND hidden_at IS NULL`,
  ).run(args.at, args.actor, args.messageId).changes;
}

export function deleteChatMessage(
  db: Db,
  args: { messageId: number; at: number; actor: string },
): number {
  return stmt(
    db,
    `UPDATE chat_messages SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL`,
  ).run(args.at, args.actor, args.messageId).changes;
}
