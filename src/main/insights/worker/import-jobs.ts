import { threadId } from 'node:worker_threads';
import { ImportError, type ImportErrorCode } from '../../imports/errors';
import { previewImport, type PreviewInput, type PreviewOutput } from '../../imports/preview';
import { readImport, type ParsedImport, type ReadImportInput } from '../../imports/read-import';
import type { JobContext } from './job-context';

// The import jobs of the worker thread: reading and checking an order file (imports.run's read
// phase) and previewing one. They run here so that a large or crafted file costs this thread's
// time and memory, never the live class's event loop. The database writes stay on the studio's
// one writable connection (analytics-handlers.ts).
//
// An ImportError is an answer, not a crash: it comes back as a value with its code, so that the
// run record and the studio's error envelope say exactly what was wrong with the file.

export type ImportJobResult<T> =
  | { ok: true; value: T; threadId: number }
  | { ok: false; error: { code: ImportErrorCode; message: string }; threadId: number };

async function settle<T>(work: () => Promise<T>): Promise<ImportJobResult<T>> {
  try {
    return { ok: true, value: await work(), threadId };
  } catch (error) {
    if (error instanceof ImportError) {
      return { ok: false, error: { code: error.code, message: error.message }, threadId };
    }
    throw error;
  }
}

/** Progress goes out as 'bytes' (when known) then 'rows' (rows read, rows in memory). */
export function importReadJob(
  args: ReadImportInput,
  ctx: JobContext,
): Promise<ImportJobResult<ParsedImport>> {
  return settle(() =>
    readImport(args, {
      onProgress: (p) => {
        if (p.bytesRead !== undefined && p.totalBytes !== undefined) {
          ctx.progress('bytes', p.bytesRead, p.totalBytes);
        }
        ctx.progress('rows', p.rowsRead, p.total ?? 0);
      },
      // A cancel makes the read stop at its next row and say so.
      cancelled: () => {
        try {
          ctx.checkpoint();
          return false;
        } catch {
          return true;
        }
      },
    }),
  );
}

export function importPreviewJob(
  args: PreviewInput,
  ctx: JobContext,
): Promise<ImportJobResult<PreviewOutput>> {
  return settle(() => previewImport(args, () => ctx.checkpoint()));
}
