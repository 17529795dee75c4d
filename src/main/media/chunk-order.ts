import { StudioError } from '../../shared/contract/errors';

/**
 * The one rule for the studio's numbered chunks (`recording.append`, `canvas.append`,
 * `httpFeed.append`): numbered from 0 per stream; a repeat of the last one taken (a retry after
 * its answer was lost) is acknowledged again without being used; any other number but the next
 * is refused with CONFLICT.
 *
 * @returns true for that repeat, false for the next chunk (the caller takes it and counts on).
 */
export function isRepeatedChunk(what: string, seq: number, nextSeq: number): boolean {
  if (seq === nextSeq - 1) return true;
  if (seq !== nextSeq) {
    throw new StudioError(
      'CONFLICT',
      `${what} chunk out of order: got ${String(seq)}, expected ${String(nextSeq)}`,
    );
  }
  return false;
}
