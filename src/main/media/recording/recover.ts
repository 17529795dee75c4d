import { existsSync, rmSync, statSync } from 'node:fs';
import type { Logger } from '../../kernel/logger';
import type { Db } from '../../storage/connection';
import { getSession, setSessionStatus } from '../../storage/queries/live/sessions';
import { recordingsWithStatus, updateRecording } from '../../storage/queries/recordings';
import { remuxTempPath } from './finalise';

/**
 * Start-up repair after a crash, run before the audience server resumes live sessions.
 *
 * A recording still marked `recording` was being written when the studio died. Its file is kept
 * as it is (fragmented MP4 plays up to its last complete fragment; every acknowledged byte is in
 * it) and marked `interrupted`, ended at the file's last write.
 *
 * Its session, if it was live or paused, is marked `interrupted` too — the decision the
 * broadcast issue's acceptance asks for. The audience server resumes only sessions still live or
 * paused, so such a class does not come back as "live" with no picture; the educator goes live
 * again from Broadcast (`session.start` accepts an interrupted session) and a new recording
 * starts beside the kept one. A session that was live without a recording (audience only: chat
 * and polls with the picture elsewhere) is untouched and resumes as before.
 *
 * A recording whose end was already written (the crash hit while ffmpeg finalised it) is
 * complete: it is marked `finalised` as written and its session is left alone.
 */
export function recoverRecordings(
  db: Db,
  logger: Logger,
): { recordings: number[]; sessions: number[] } {
  const recordings: number[] = [];
  const sessions = new Set<number>();
  for (const row of recordingsWithStatus(db, 'recording')) {
    const temp = remuxTempPath(row.path);
    if (row.path !== '' && existsSync(temp)) rmSync(temp, { force: true });
    const file = row.path !== '' && existsSync(row.path) ? statSync(row.path) : null;
    const bytes = file?.size ?? 0;
    const lastWrite = file ? Math.max(row.started_at, Math.floor(file.mtimeMs)) : row.started_at;
    db.transaction(() => {
      if (row.ended_at !== null) {
        updateRecording(db, row.id, { status: 'finalised', bytes });
        return;
      }
      updateRecording(db, row.id, { status: 'interrupted', endedAt: lastWrite, bytes });
      const session = getSession(db, row.session_id);
      if (session && (session.status === 'live' || session.status === 'paused')) {
        setSessionStatus(db, row.session_id, 'interrupted');
        sessions.add(row.session_id);
      }
    })();
    recordings.push(row.id);
  }
  if (recordings.length > 0) {
    logger.warn(
      { recordings, sessions: [...sessions] },
      'recordings cut off by a crash were kept and marked interrupted',
    );
  }
  return { recordings, sessions: [...sessions] };
}
