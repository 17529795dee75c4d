import type { Db } from '../connection';
import { stmt } from './live/statements';

/** A row of `recordings` (migration 0090): one file per continuous broadcast of a session. */
export interface RecordingRow {
  id: number;
  session_id: number;
  path: string;
  mime_type: string;
  status: 'recording' | 'finalised' | 'interrupted' | 'failed';
  started_at: number;
  ended_at: number | null;
  bytes: number;
  duration_ms: number | null;
  /** Which program the file holds (migration 0300): the landscape one unless asked otherwise. */
  canvas: RecordingCanvas;
}

export type RecordingCanvas = 'landscape' | 'portrait';

export function insertRecording(
  db: Db,
  args: {
    sessionId: number;
    mimeType: string;
    startedAt: number;
    pathFor: (id: number) => string;
    canvas?: RecordingCanvas;
  },
): RecordingRow {
  return db.transaction(() => {
    const id = Number(
      stmt(
        db,
        `INSERT INTO recordings (session_id, path, mime_type, status, started_at, canvas)
         VALUES (?, '', ?, 'recording', ?, ?)`,
      ).run(args.sessionId, args.mimeType, args.startedAt, args.canvas ?? 'landscape')
        .lastInsertRowid,
    );
    stmt(db, 'UPDATE recordings SET path = ? WHERE id = ?').run(args.pathFor(id), id);
    const row = getRecording(db, id);
    if (!row) throw new Error('recording row vanished');
    return row;
  })();
}

export function getRecording(db: Db, id: number): RecordingRow | undefined {
  return stmt(db, 'SELECT * FROM recordings WHERE id = ?').get(id) as RecordingRow | undefined;
}

export function recordingsOfSession(db: Db, sessionId: number): RecordingRow[] {
  return stmt(db, 'SELECT * FROM recordings WHERE session_id = ? ORDER BY started_at, id').all(
    sessionId,
  ) as RecordingRow[];
}

export function recordingsWithStatus(db: Db, status: RecordingRow['status']): RecordingRow[] {
  return stmt(db, 'SELECT * FROM recordings WHERE status = ? ORDER BY id').all(
    status,
  ) as RecordingRow[];
}

export function setRecordingBytes(db: Db, id: number, bytes: number): void {
  stmt(db, 'UPDATE recordings SET bytes = ? WHERE id = ?').run(bytes, id);
}

export function updateRecording(
  db: Db,
  id: number,
  fields: {
    status?: RecordingRow['status'];
    endedAt?: number;
    bytes?: number;
    durationMs?: number | null;
  },
): void {
  stmt(
    db,
    `UPDATE recordings SET status = coalesce(?, status), ended_at = coalesce(?, ended_at),
       bytes = coalesce(?, bytes),
       duration_ms = CASE WHEN ? THEN ? ELSE duration_ms END
     WHERE id = ?`,
  ).run(
    fields.status ?? null,
    fields.endedAt ?? null,
    fields.bytes ?? null,
    fields.durationMs !== undefined ? 1 : 0,
    fields.durationMs ?? null,
    id,
  );
}
